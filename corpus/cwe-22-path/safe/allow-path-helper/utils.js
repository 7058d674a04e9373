const path = require('path');

const ROOT = path.resolve(__dirname, 'public');

exports.allowPath = (file) => {
  const resolved = path.resolve(file);
  return resolved === ROOT || resolved.startsWith(ROOT + path.sep);
};
