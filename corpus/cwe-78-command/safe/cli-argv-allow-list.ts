#!/usr/bin/env node
import { execSync } from 'node:child_process';

const TASKS = new Set(['build', 'test', 'lint']);
const task = process.argv[2];
if (!TASKS.has(task)) {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
execSync('npm run ' + task, { stdio: 'inherit' });
