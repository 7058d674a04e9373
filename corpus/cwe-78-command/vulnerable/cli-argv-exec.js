#!/usr/bin/env node
// Release helper: `node release.js <branch>`, also run by CI with the pull request's branch name.
const { execSync } = require('node:child_process');

const branch = process.argv[2];
if (!branch) {
  console.error('usage: release.js <branch>');
  process.exit(1);
}
execSync('git fetch origin ' + branch + ' && git checkout ' + branch, { stdio: 'inherit' });
