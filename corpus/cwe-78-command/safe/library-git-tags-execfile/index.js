'use strict';
const { execFile } = require('child_process');

/** Lists the tags of a repository that match a pattern (arguments are never parsed by a shell). */
module.exports = function listTags(repoDir, pattern = '*') {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', repoDir, 'tag', '-l', pattern], (err, stdout) => (err ? reject(err) : resolve(stdout.trim().split('\n'))));
  });
};
