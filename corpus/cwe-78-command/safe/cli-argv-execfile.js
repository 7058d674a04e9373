#!/usr/bin/env node
const { execFileSync } = require('node:child_process');

const branch = process.argv[2];
execFileSync('git', ['fetch', 'origin', branch], { stdio: 'inherit' });
execFileSync('git', ['checkout', branch], { stdio: 'inherit' });
