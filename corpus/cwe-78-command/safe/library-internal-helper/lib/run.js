const { execSync } = require('child_process');

// Internal: called only with fixed commands by index.js.
exports.run = (command) => execSync(command, { encoding: 'utf8' }).trim();
