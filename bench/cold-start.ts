// Cold start: `vega scan` of a one-file directory, and a runner's process
// start → its first event, beside `node -e 0`, compiled (dist/cli) and from
// the TypeScript sources, interleaved rounds, medians.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSnapshot } from '../lib/snapshots/create';
import { localSnapshotStore } from '../lib/storage';
import { fmt, percentile } from './stats';

const ROUNDS = 5;
const root = path.resolve(import.meta.dirname, '..');
const vega = path.join(root, 'bin', 'vega.mjs');

function wall(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

/** A loopback stand-in for the API: the runner's context, then the time its first event batch arrives. */
async function runnerFirstEvent(entry: string[], dataDir: string, key: string): Promise<number> {
  let started = 0;
  let first = 0;
  let resolveFirst: () => void = () => {};
  const arrived = new Promise<void>((r) => (resolveFirst = r));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.endsWith('/runner')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ attempt: 1, engine: 'builtin', source: { type: 'snapshot', key, sha256: '', commitSha: null, ref: null }, plan_review: false }));
        return;
      }
      if (req.url?.endsWith('/events') && first === 0) {
        first = performance.now();
        resolveFirst();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"cancel_requested":false}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  started = performance.now();
  const child = spawn(process.execPath, [...entry, '--scan', 'bench-cold'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VEGA_DATA_DIR: dataDir, VEGA_API_URL: api, VEGA_SCAN_TOKEN: 'bench', VEGA_LOG_LEVEL: 'warn' } as unknown as NodeJS.ProcessEnv,
    stdio: 'ignore',
  });
  await arrived;
  await new Promise((r) => child.on('exit', r));
  await new Promise<void>((r) => server.close(() => r()));
  return first - started;
}

export async function coldStartSection(out: (s?: string) => void) {
  // Measured against a build of these sources.
  if (spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'ignore' }).status !== 0) throw new Error('could not compile the CLI');
  const one = mkdtempSync(path.join(tmpdir(), 'vega-cold-'));
  writeFileSync(path.join(one, 'app.js'), "const { exec } = require('child_process');\nmodule.exports = (req) => exec('ls ' + req.query.dir);\n");
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vega-cold-data-'));
  mkdirSync(path.join(dataDir, 'work'), { recursive: true });
  const snap = await createSnapshot({ type: 'local', path: one }, { store: localSnapshotStore(path.join(dataDir, 'snapshots'), path.join(dataDir, 'scratch')), workDir: path.join(dataDir, 'work'), allowLocal: true, allowFileGit: false });
  const fromSource = { ...process.env, VEGA_CLI_FROM_SOURCE: '1' };
  const rows = { node: [] as number[], scanCompiled: [] as number[], scanSource: [] as number[], runnerCompiled: [] as number[], runnerSource: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    rows.node.push(wall(['-e', '0']));
    rows.scanCompiled.push(wall([vega, 'scan', one, '--format', 'json']));
    rows.scanSource.push(wall([vega, 'scan', one, '--format', 'json'], fromSource));
    rows.runnerCompiled.push(await runnerFirstEvent([path.join(root, 'dist', 'cli', 'main.mjs'), 'runner'], dataDir, snap.key));
    rows.runnerSource.push(await runnerFirstEvent(['--import', 'tsx', path.join(root, 'cli', 'main.ts'), 'runner'], dataDir, snap.key));
  }
  rmSync(one, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  const m = (xs: number[]) => percentile(xs, 50);
  out(`## 5. Cold start (ms, median of ${ROUNDS} interleaved rounds, wall clock)`);
  out('');
  out('| what | compiled (dist/cli) | from the TypeScript sources (tsx) | target |');
  out('|---|---|---|---|');
  out(`| \`node -e 0\` | ${fmt(m(rows.node), 0)} | | |`);
  out(`| \`vega scan\` of a one-file directory | ${fmt(m(rows.scanCompiled), 0)} | ${fmt(m(rows.scanSource), 0)} | ≤ 1000 ${m(rows.scanCompiled) <= 1000 ? '✓' : '✗'} |`);
  out(`| runner: process start → its first event at the API | ${fmt(m(rows.runnerCompiled), 0)} | ${fmt(m(rows.runnerSource), 0)} | ≤ 1000 ${m(rows.runnerCompiled) <= 1000 ? '✓' : '✗'} |`);
  out('');
  return { scan: m(rows.scanCompiled), runner: m(rows.runnerCompiled), node: m(rows.node) };
}
