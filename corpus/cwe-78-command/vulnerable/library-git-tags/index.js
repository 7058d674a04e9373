'use strict';
const { exec } = require('child_process');

/** Lists the tags of a repository that match a pattern. */
module.exports = function listTags(repoDir, pattern = '*') {
  return new Promise((resolve, reject) => {
    exec('git -C ' + repoDir + ' tag -l ' + pattern, (err, stdout) => (err ? reject(err) : resolve(stdout.trim().split('\n'))));
  });
};
