#!/usr/bin/env node
// `npx vega <command>`: the compiled CLI (dist/cli, made by `npm install` and
// `npm run build`), or the TypeScript sources through tsx, with a one-line
// notice, when there is no build or a source is newer than it.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function compiledEntry() {
  try {
    const build = JSON.parse(readFileSync(path.join(root, 'dist', 'cli', 'build.json'), 'utf8'));
    for (const input of build.inputs) if (statSync(path.join(root, input)).mtimeMs > build.builtAt) return null;
    return path.join(root, 'dist', 'cli', build.entry);
  } catch {
    return null;
  }
}

const entry = process.env.VEGA_CLI_FROM_SOURCE === '1' ? null : compiledEntry();
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  if (process.env.VEGA_CLI_FROM_SOURCE !== '1') process.stderr.write('vega: running from the TypeScript sources (no up-to-date build; `npm run build:cli` compiles it)\n');
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const result = spawnSync(process.execPath, [tsx, path.join(root, 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
