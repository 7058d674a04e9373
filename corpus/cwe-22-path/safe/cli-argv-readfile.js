#!/usr/bin/env node
// wc.js <file>: the user names a file they can read anyway.
const fs = require('node:fs');

const text = fs.readFileSync(process.argv[2], 'utf8');
console.log(text.split('\n').length);
