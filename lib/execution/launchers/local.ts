import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { Scan } from '../../db/schema';
import { issueScanToken } from '../../auth/scan-token';
import { outcomeOfExitCode, type Launcher, type RunHandle } from './launcher';
import { runnerCommand } from './runner-command';

interface ChildHandle extends RunHandle {
  child: ChildProcess;
}

/**
 * `VEGA_SCAN_WORKER_EXECUTION_MODE=local`: each scan runs in a child process
 * (`vega runner --scan <id>`). Its environment is an allow-list: the API's
 * address, its scan token and where snapshots and artifacts live — never
 * DATABASE_URL.
 */
export function localLauncher(o: {
  apiUrl: string;
  tokenTtlSeconds: number;
  graceMs: number;
  /** Variables passed through to the runner (data directories, log level). */
  passEnv: Record<string, string | undefined>;
  log: Logger;
}): Launcher<ChildHandle> {
  const runner = runnerCommand();
  o.log.info({ compiled: runner.compiled }, runner.compiled ? 'runners start from the compiled CLI (dist/cli)' : 'runners start from the TypeScript sources (no up-to-date dist/cli)');
  return {
    async start(scan: Scan) {
      const child = spawn(process.execPath, [...runner.args, '--scan', scan.id], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: process.env.NODE_ENV,
          ...o.passEnv,
          VEGA_SCAN_ID: scan.id,
          VEGA_API_URL: o.apiUrl,
          VEGA_SCAN_TOKEN: issueScanToken(scan.id, scan.attempt, o.tokenTtlSeconds),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const log = o.log.child({ scan_id: scan.id, attempt: scan.attempt, runner_pid: child.pid });
      for (const stream of [child.stdout, child.stderr]) {
        if (stream) createInterface({ input: stream }).on('line', (line) => log.info({ runner: line }, 'runner output'));
      }
      const done = new Promise<string>((resolve) => {
        child.on('exit', (code, signal) => resolve(signal ? `killed (${signal})` : outcomeOfExitCode(code ?? -1)));
        child.on('error', (err) => resolve(`could not start: ${err.message}`));
      });
      return { done, child };
    },
    async stop(handle, reason) {
      const { child } = handle;
      if (child.exitCode !== null || child.signalCode !== null) return;
      o.log.info({ runner_pid: child.pid, reason }, 'stopping runner');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), o.graceMs);
      await handle.done;
      clearTimeout(timer);
    },
  };
}
