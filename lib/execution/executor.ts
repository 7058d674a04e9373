import type { Logger } from 'pino';
import { getDb, listen, type Db } from '../db/client';
import { CHANNELS } from '../db/channels';
import type { Scan } from '../db/schema';
import { isDatabaseUnavailable } from '../db/unavailable';
import { expireGates } from '../gates/expire';
import { claimNextScans, claimScanById } from '../scans/claim';
import type { Enqueue } from '../scans/create-scan';
import { renewLease } from '../scans/lease';
import type { Launcher } from './launchers/launcher';
import { failAttempt, recoverStaleScans, reenqueueOrphans } from './recovery';


export interface ExecutorOptions {
  /**
   * The executor's own statements: claims, leases, recovery, gate expiry, its
   * LISTENs. Default: the process's pool. What a launcher's runner writes
   * goes its own way (the in-process sink through the process's pool, a
   * runner process over HTTP).
   */
  db?: Db;
  workerId: string;
  concurrency: number;
  leaseSeconds: number;
  maxAttempts: number;
  staleSeconds: number;
  launcher: Launcher;
  /**
   * `poll`: claim the oldest queued scan (woken by NOTIFY, polling as a
   * backstop). `offer`: scans are offered one by one (queue jobs) and claimed
   * by id.
   */
  claimMode?: 'poll' | 'offer';
  /** Queue mode: send a job (re-queued scans, orphans) in the caller's transaction. */
  enqueue?: Enqueue;
  orphans?: () => Promise<string[]>;
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

  private readonly db: Db;

  constructor(private readonly o: ExecutorOptions) {
    this.db = o.db ?? getDb();
  }

  async start() {
    this.unlisten.push(await listen(CHANNELS.scansCancel, (scanId) => this.running.get(scanId)?.abort.abort('cancel requested'), undefined, this.db));
    if (this.o.claimMode !== 'offer') {
      this.unlisten.push(await listen(CHANNELS.scansQueued, () => void this.fill(), undefined, this.db));
      this.timers.push(setInterval(() => void this.fill(), this.o.pollMs ?? 2000));
    }
    this.timers.push(setInterval(() => void this.recover(), Math.min(15_000, (this.o.leaseSeconds * 1000) / 2)));
    await this.recover();
    if (this.o.claimMode !== 'offer') void this.fill();
  }

  /**
   * Offer mode: waits for a free slot, then claims this scan if it is still
   * queued. Resolves once claimed (or not claimable): the job is delivered.
   */
  async offer(scanId: string): Promise<boolean> {
    while (!this.stopped && this.running.size >= this.o.concurrency) await this.slotFreed();
    if (this.stopped) return false;
    const scan = await claimScanById({ scanId, workerId: this.o.workerId, leaseSeconds: this.o.leaseSeconds }, this.db);
    if (scan) this.run(scan);
    return scan !== null;
  }

  private waiters: (() => void)[] = [];
  private slotFreed() {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
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
    this.waiters.splice(0).forEach((w) => w());
    const running = [...this.running.values()].map((r) => r.done);
    await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, drainMs).unref())]);
  }

  get active() {
    return this.running.size;
  }

  private async recover() {
    try {
      const n = await recoverStaleScans({ maxAttempts: this.o.maxAttempts, staleSeconds: this.o.staleSeconds, enqueue: this.o.enqueue }, this.db);
      if (n > 0) this.o.log.warn({ recovered: n }, 'recovered scans whose runner went silent');
      const expired = await expireGates(undefined, this.db);
      if (expired > 0) this.o.log.warn({ expired }, 'gates left open past VEGA_GATE_TIMEOUT_SECONDS resolved to their safe default');
      if (this.o.enqueue && this.o.orphans) {
        const sent = await reenqueueOrphans(this.o.orphans, this.o.enqueue, this.db);
        if (sent > 0) this.o.log.warn({ sent }, 'queued scans without a job got a new one');
      }
    } catch (err) {
      this.o.log.error({ err }, 'recovery sweep failed');
    }
  }

  private async fill() {
    if (this.filling || this.stopped) return;
    this.filling = true;
    try {
      while (!this.stopped && this.running.size < this.o.concurrency) {
        const scans = await claimNextScans({ workerId: this.o.workerId, leaseSeconds: this.o.leaseSeconds, limit: this.o.concurrency - this.running.size }, this.db);
        if (scans.length === 0) break;
        scans.forEach((scan) => this.run(scan));
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
    // A runner that hangs while alive would keep its lease forever: an attempt
    // gets staleSeconds of work, then fails and is stopped. Time spent waiting
    // at a gate (needs_input) is a person's, not the runner's: it does not count.
    let deadlineAt = Date.now() + this.o.staleSeconds * 1000;
    let lastBeat = Date.now();
    let deadline: NodeJS.Timeout;
    let ended = false;
    const armDeadline = () => {
      clearTimeout(deadline);
      // A heartbeat still in flight when the run ends must not arm a new timer.
      if (ended) return;
      deadline = setTimeout(() => void this.expire(scan, abort, log), Math.max(0, deadlineAt - Date.now()));
    };
    armDeadline();
    const beat = async () => {
      try {
        const lease = await renewLease({ scanId: scan.id, attempt: scan.attempt, leaseSeconds: this.o.leaseSeconds }, this.db);
        const now = Date.now();
        if (lease.needsInput) {
          deadlineAt += now - lastBeat;
          armDeadline();
        }
        lastBeat = now;
        if (!lease.held) abort.abort('lease lost');
        else if (lease.cancelRequested) abort.abort('cancel requested');
      } catch (err) {
        log.warn({ err }, 'heartbeat failed');
      }
    };
    const heartbeat = setInterval(() => void beat(), (this.o.leaseSeconds * 1000) / 3);
    log.info('scan claimed');
    const done = this.startRunner(scan, abort.signal, log)
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
        ended = true;
        clearInterval(heartbeat);
        clearTimeout(deadline);
        this.running.delete(scan.id);
        this.waiters.shift()?.();
        if (this.o.claimMode !== 'offer') void this.fill();
      });
    this.running.set(scan.id, { scan, abort, done });
  }

  /**
   * Launches the runner; a database outage while launching (the in-process
   * launcher reads the snapshot and the profile) is waited out within the
   * lease, rather than costing the scan an attempt.
   */
  private async startRunner(scan: Scan, signal: AbortSignal, log: Logger) {
    const deadline = Date.now() + (this.o.leaseSeconds * 1000) / 2;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.o.launcher.start(scan);
      } catch (err) {
        const wait = Math.min(5_000, 250 * 2 ** (attempt - 1));
        if (!isDatabaseUnavailable(err) || signal.aborted || Date.now() + wait > deadline) throw err;
        log.warn({ err }, 'the database is unavailable while launching the runner; retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async expire(scan: Scan, abort: AbortController, log: Logger) {
    const reason = `attempt ${scan.attempt} ran for more than ${this.o.staleSeconds}s (VEGA_SCAN_RUNNING_STALE_SECONDS); its runner was stopped`;
    try {
      if (await failAttempt({ scanId: scan.id, attempt: scan.attempt, reason }, this.db)) log.warn({ reason }, 'scan failed: past its deadline');
    } catch (err) {
      log.error({ err }, 'could not fail a scan past its deadline; the recovery loop will');
    }
    abort.abort('deadline passed');
  }
}
