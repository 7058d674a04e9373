const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, 'pages');

/** A page's HTML by its name; names that climb out of the pages folder are refused. */
exports.page = (name) => {
  const full = path.resolve(ROOT, name);
  const rel = path.relative(ROOT, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`not a page: ${name}`);
  return fs.readFileSync(full, 'utf8');
};
