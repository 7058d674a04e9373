import type { Sql } from '../db/client';
import type { Scan } from '../db/schema';
import type { Logger } from 'pino';
import { CANCEL_CHANNEL } from './cancel';
import { claimNextScan, renewLease } from './claim';
import { QUEUED_CHANNEL } from './create-scan';
import type { Launcher } from './launchers/launcher';
import { recoverStaleScans } from './recover';


export interface ExecutorOptions {
  sql: Sql;
  workerId: string;
  concurrency: number;
  leaseSeconds: number;
  maxAttempts: number;
  staleSeconds: number;
  launcher: Launcher;
  log: Logger;
  pollMs?: number;
}

/**
 * Claims queued scans and runs them through `launch`, up to `concurrency` at
 * once. Wakes on NOTIFY (new scan, cancel) and polls as a backstop, renews
 * each running scan's lease by heartbeat, aborts a run whose lease is lost or
 * whose cancel was requested, and sweeps scans whose runner went silent.
 */
export class ScanExecutor {
  private running = new Map<string, { scan: Scan; abort: AbortController; done: Promise<unknown> }>();

  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>)[] = [];
  private stopped = false;
  private filling = false;

  constructor(private readonly o: ExecutorOptions) {}

  async start() {
    const { sql } = this.o;
    const q = await sql.listen(QUEUED_CHANNEL, () => void this.fill());
    const c = await sql.listen(CANCEL_CHANNEL, (scanId) => this.running.get(scanId)?.abort.abort('cancel requested'));
    this.unlisten.push(q.unlisten, c.unlisten);
    this.timers.push(setInterval(() => void this.fill(), this.o.pollMs ?? 2000));
    this.timers.push(setInterval(() => void this.recover(), Math.min(15_000, (this.o.leaseSeconds * 1000) / 2)));
    await this.recover();
    void this.fill();
  }

  /**
   * Stops claiming and waits up to `drainMs` for running scans to finish.
   * Runs are not aborted (that would cancel them): one still going when the
   * process exits loses its lease and the recovery loop re-queues it.
   */
  async stop(drainMs = 30_000) {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await Promise.all(this.unlisten.map((u) => u().catch(() => {})));
    const running = [...this.running.values()].map((r) => r.done);
    await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, drainMs).unref())]);
  }

  get active() {
    return this.running.size;
  }

  private async recover() {
    try {
      const n = await recoverStaleScans(this.o.sql, { maxAttempts: this.o.maxAttempts, staleSeconds: this.o.staleSeconds });
      if (n > 0) this.o.log.warn({ recovered: n }, 'recovered scans whose runner went silent');
    } catch (err) {
      this.o.log.error({ err }, 'recovery sweep failed');
    }
  }

  private async fill() {
    if (this.filling || this.stopped) return;
    this.filling = true;
    try {
      while (!this.stopped && this.running.size < this.o.concurrency) {
        const scan = await claimNextScan(this.o.sql, this.o.workerId, this.o.leaseSeconds);
        if (!scan) break;
        this.run(scan);
      }
    } catch (err) {
      this.o.log.error({ err }, 'claiming a scan failed');
    } finally {
      this.filling = false;
    }
  }

  private run(scan: Scan) {
    const log = this.o.log.child({ scan_id: scan.id, attempt: scan.attempt });
    const abort = new AbortController();
    const heartbeat = setInterval(async () => {
      try {
        const lease = await renewLease(this.o.sql, scan.id, scan.attempt, this.o.leaseSeconds);
        if (!lease.held) abort.abort('lease lost');
        else if (lease.cancelRequested) abort.abort('cancel requested');
      } catch (err) {
        log.warn({ err }, 'heartbeat failed');
      }
    }, (this.o.leaseSeconds * 1000) / 3);
    log.info('scan claimed');
    const done = this.o.launcher
      .start(scan)
      .then((handle) => {
        const stop = () => void this.o.launcher.stop(handle, String(abort.signal.reason));
        // A cancel or lost lease may have come while the runner was starting.
        if (abort.signal.aborted) stop();
        else abort.signal.addEventListener('abort', stop, { once: true });
        return handle.done;
      })
      .then((outcome) => log.info({ outcome }, 'runner finished'))
      .catch((err) => log.error({ err }, 'runner crashed'))
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(scan.id);
        void this.fill();
      });
    this.running.set(scan.id, { scan, abort, done });
  }
}
