import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

// The real Codex CLI for tests/api/codex-cli.test.ts: @openai/codex at the
// version below (a native binary inside, ~420 MB with its platform package),
// installed from the npm registry on first use into node_modules/.cache, so
// a plain `npm install` of the project does not carry it. Move the pin with
// docs/codex-backend.md ("Codex versions tested").

export const CODEX_VERSION = '0.171.0';

/** The `codex` launcher of the pinned version, installed if it is missing. */
export async function codexCli(): Promise<string> {
  const dir = path.resolve('node_modules', '.cache', 'vega', `codex-${CODEX_VERSION}`);
  const bin = path.join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'vega-codex-cli', private: true }));
  await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `@openai/codex@${CODEX_VERSION}`], {
    cwd: dir,
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(bin)) throw new Error(`npm installed @openai/codex@${CODEX_VERSION} but ${bin} is missing`);
  return bin;
}
