// Compiles the CLI (and the runner it starts: `vega runner`) to JavaScript,
// so neither transpiles TypeScript when it starts. Run by `npm install`
// (prepare) and `npm run build`. Dependencies stay in node_modules; the
// project's own code is bundled, split per command so `vega scan` does not
// load the runner's code and back. dist/cli/build.json lists the sources:
// bin/vega.mjs and the local launcher fall back to the sources (tsx) when
// one of them is newer than the build.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'cli');
const started = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  // The engine analyzes each file in a worker thread: its code is an entry of its own, beside main.mjs.
  entryPoints: { main: 'cli/main.ts', 'analysis-worker': 'lib/v16/isolation/analysis-worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // TypeScript through require, not an ES import (lib/v16/isolation/typescript-require.mjs).
  alias: { typescript: './lib/v16/isolation/typescript-require.mjs' },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  outExtension: { '.js': '.mjs' },
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
await writeFile(path.join(out, 'build.json'), `${JSON.stringify({ builtAt: Date.now(), entry: 'main.mjs', inputs }, null, 2)}\n`);
console.log(`vega cli: compiled ${inputs.length} sources to dist/cli in ${Date.now() - started} ms`);
