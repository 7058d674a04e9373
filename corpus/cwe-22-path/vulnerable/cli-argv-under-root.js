#!/usr/bin/env node
// Invoked by the upload worker as `node publish.js <file name from the upload form>`.
const fs = require('node:fs');
const path = require('node:path');

const PUBLIC_DIR = '/srv/public';
const target = path.join(PUBLIC_DIR, process.argv[2]);
fs.writeFileSync(target, fs.readFileSync('/tmp/upload.bin'));
