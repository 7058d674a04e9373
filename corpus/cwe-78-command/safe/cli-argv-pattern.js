#!/usr/bin/env node
// The branch name is checked against a pattern that only admits letters, digits, _ and -.
const { execSync } = require('node:child_process');

const branch = /^[\w-]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'main';
execSync(`git checkout ${branch}`, { stdio: 'inherit' });
