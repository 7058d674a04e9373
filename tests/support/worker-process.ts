import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { baseUrl } from './api';

export interface WorkerProcess {
  child: ChildProcess;
  /** What it writes in `scans.claimed_by`. */
  id: string;
  output: string[];
  exited: Promise<number | null>;
}

/** A real `npm run worker` process (local launcher: each scan in its own runner process) against the suite's database and server. */
export async function startWorkerProcess(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('worker/main.ts')], {
    env: {
      ...process.env,
      VEGA_API_URL: baseUrl(),
      VEGA_SCAN_EXECUTION_MODE: 'external',
      VEGA_SCAN_WORKER_EXECUTION_MODE: 'local',
      VEGA_WORKER_CONCURRENCY: '2',
      VEGA_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const started = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.includes('"worker started"')) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`worker exited with ${code} before starting:\n${output.join('\n')}`)));
  });
  await started;
  return { child, id: `worker:${hostname()}:${child.pid}`, output, exited };
}
