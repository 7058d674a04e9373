// The analysis worker's code as one JavaScript file. The compiled CLI ships
// it (dist/cli/analysis-worker.mjs); running from the TypeScript sources
// (tests, `npm run dev`, the web server's thread mode) it is bundled here
// with esbuild, once per process, into node_modules/.cache/vega/ (where its
// packages resolve), named by its content. A worker thread then starts from
// plain JavaScript: no TypeScript loader hooks inside workers, which under
// load left workers that never started.

import { createHash } from 'node:crypto';
import path from 'node:path';

const fs = process.getBuiltinModule('node:fs') as typeof import('node:fs');

let compiled: Promise<string> | null = null;

/** The path of a JavaScript worker built from `source` (an analysis-worker.ts). */
export function compiledWorker(source: string): Promise<string> {
  compiled ??= compile(source);
  // A failed build may succeed later (a file being saved): not cached.
  compiled.catch(() => (compiled = null));
  return compiled;
}

async function compile(source: string): Promise<string> {
  const { build } = await import('esbuild');
  const root = path.resolve(path.dirname(source), '..', '..', '..');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [source],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // TypeScript through require, not an ES import (typescript-require.mjs).
    alias: { typescript: './lib/v16/isolation/typescript-require.mjs' },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const dir = path.join(root, 'node_modules', '.cache', 'vega');
  const file = path.join(dir, `analysis-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(staging, code);
    fs.renameSync(staging, file);
  }
  return file;
}
