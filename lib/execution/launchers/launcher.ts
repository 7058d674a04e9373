import type { Scan } from '../../db/schema';

/** A started runner; `done` settles with a short outcome when it has exited. */
export interface RunHandle {
  readonly done: Promise<string>;
}

/**
 * How a worker runs a claimed scan: one method to start a runner, one to stop
 * it. One implementation per file (in-process, child process, ECS task),
 * chosen once at start.
 */
export interface Launcher<H extends RunHandle = RunHandle> {
  start(scan: Scan): Promise<H>;
  /** Asks the runner to stop (cancel requested, lease lost); forces it after a grace period. */
  stop(handle: H, reason: string): Promise<void>;
}

// `vega runner`'s exit codes (lib/runner/main.ts); 3: another attempt holds the scan.
const EXIT_OUTCOME: Record<number, string> = { 0: 'completed', 1: 'failed', 2: 'cancelled', 3: 'lost' };

/** What a runner process's (or container's) exit code means. */
export function outcomeOfExitCode(code: number): string {
  return EXIT_OUTCOME[code] ?? `exit ${code}`;
}
