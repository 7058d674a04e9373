// Runs in a pull_request workflow: GITHUB_HEAD_REF is the branch name the pull request's author chose.
import { execSync } from 'node:child_process';

const ref = process.env.GITHUB_HEAD_REF ?? 'main';
const changed = execSync(`git diff --name-only origin/main...origin/${ref}`).toString();
console.log(changed);
