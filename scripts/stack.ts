// `npm run stack [-- start] [--workers N]`: the production-like set-up on one
// machine. The web process only queues (VEGA_SCAN_EXECUTION_MODE=queue unless
// set: a pg-boss job per scan), and N separate worker processes (default 2)
// claim scans and run each in its own runner process. Zero setup, like
// `npm run dev`: the workers share the web's database (embedded or
// DATABASE_URL), data directory and runner-token secret.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { waitForHttp } from './web-process';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string', default: '2' } },
});
const mode = positionals[0] === 'start' ? 'start' : 'dev';
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1 || workers > 16) {
  console.error('usage: npm run stack [-- start] [--workers N]   (N from 1 to 16)');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const env = { ...process.env, PORT: String(port), VEGA_SCAN_EXECUTION_MODE: process.env.VEGA_SCAN_EXECUTION_MODE ?? 'queue' };
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, script: string[], extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[stack] ${name} exited (${signal ?? code}); stopping the stack`);
    void stop(1);
  });
  children.push(child);
  return child;
}

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // Workers first (they drain their scans), the web (and its embedded Postgres) last.
  const [web, ...rest] = children;
  await Promise.all(rest.map((c) => exit(c)));
  if (web) await exit(web);
  process.exit(code);
}

function exit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const web = run('web', [path.resolve('scripts', 'serve.ts'), mode]);
  // The web process brings the database up (and migrates it); workers join once it answers.
  await waitForHttp(`http://localhost:${port}/v1/healthz`, 300_000, web);
  for (let i = 1; i <= workers; i++) run(`worker ${i}`, [path.resolve('worker', 'main.ts')], { VEGA_API_URL: process.env.VEGA_API_URL ?? `http://localhost:${port}` });
  console.log(`[stack] web on http://localhost:${port} (${env.VEGA_SCAN_EXECUTION_MODE} mode) and ${workers} worker${workers === 1 ? '' : 's'}`);
}

main().catch((err) => {
  console.error(`[stack] ${err instanceof Error ? err.message : String(err)}`);
  void stop(1);
});
