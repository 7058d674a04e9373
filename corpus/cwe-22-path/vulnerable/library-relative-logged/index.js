const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, 'pages');

/** A page's HTML by its name. */
exports.page = (name) => {
  const full = path.resolve(ROOT, name);
  const rel = path.relative(ROOT, full);
  // Only noticed, never refused.
  if (rel.startsWith('..')) console.warn(`page outside the pages folder: ${name}`);
  return fs.readFileSync(full, 'utf8');
};
