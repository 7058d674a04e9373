import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * How a worker starts `vega runner`: the compiled CLI (dist/cli, made by
 * `npm install` and `npm run build`) when it is newer than every source it
 * was built from, else the sources through tsx (slower to start: every
 * runner would transpile the engine first).
 */
export function runnerCommand(root = process.cwd()): { args: string[]; compiled: boolean } {
  try {
    const build = JSON.parse(readFileSync(path.join(root, 'dist', 'cli', 'build.json'), 'utf8')) as { builtAt: number; entry: string; inputs: string[] };
    const stale = build.inputs.some((input) => statSync(path.join(root, input)).mtimeMs > build.builtAt);
    if (!stale) return { args: [path.join(root, 'dist', 'cli', build.entry), 'runner'], compiled: true };
  } catch {
    // no build, or a source gone since: the sources
  }
  return { args: ['--import', 'tsx', path.join(root, 'cli', 'main.ts'), 'runner'], compiled: false };
}
