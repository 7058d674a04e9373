const { run } = require('./run');

exports.gitVersion = () => run('git --version');
exports.nodeVersion = () => process.version;
