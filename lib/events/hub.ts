import { listen } from '../db/client';
import { CHANNELS, type EventsNotification } from '../db/channels';
import type { StoredEvent } from './contract';
import { eventsAfter, lastEventId } from './queries';

export interface Subscriber {
  repositoryId: string;
  scanId: string | null;
  deliver(rows: StoredEvent[]): void;
  ping(): void;
}

interface Channel {
  ready: Promise<void>;
  cursor: number;
  subs: Set<Subscriber>;
  fetching: boolean;
  again: boolean;
}

const PAGE = 500;

/**
 * Per-process fan-out of stored events to live SSE subscribers. A NOTIFY
 * ("repository R has events up to N") wakes one fetch per repository, shared
 * by every subscriber of that repository and its scans, however many there
 * are. The rows are the truth: a poll every few seconds catches anything a
 * lost notification (say, across a reconnect) would have missed.
 */
export class EventHub {
  private channels = new Map<string, Channel>();
  private timers: NodeJS.Timeout[] = [];
  private started: Promise<void> | null = null;

  constructor(private readonly opts = { heartbeatMs: 10_000, backstopMs: 5_000 }) {}

  start(): Promise<void> {
    this.started ??= (async () => {
      await listen(
        CHANNELS.events,
        (payload) => {
          const r = safeParse(payload);
          if (r) this.wake(r);
        },
        // (Re)connected: anything notified while the connection was down is fetched now.
        () => this.channels.forEach((_, repo) => this.wake(repo)),
      );
      this.timers.push(setInterval(() => this.channels.forEach((_, repo) => this.wake(repo)), this.opts.backstopMs));
      this.timers.push(setInterval(() => this.channels.forEach((c) => c.subs.forEach((s) => s.ping())), this.opts.heartbeatMs));
      this.timers.forEach((t) => t.unref());
    })().catch((err) => {
      // A database blip at the first stream must not poison every later one.
      this.started = null;
      throw err;
    });
    return this.started;
  }

  /** Registers a subscriber; it receives every event committed after the call resolves. */
  async subscribe(sub: Subscriber): Promise<void> {
    await this.start();
    let ch = this.channels.get(sub.repositoryId);
    if (!ch) {
      const created: Channel = { ready: Promise.resolve(), cursor: 0, subs: new Set(), fetching: false, again: false };
      created.ready = lastEventId(sub.repositoryId).then(
        (id) => {
          created.cursor = id;
        },
        (err) => {
          this.channels.delete(sub.repositoryId);
          throw err;
        },
      );
      this.channels.set(sub.repositoryId, created);
      ch = created;
    }
    ch.subs.add(sub);
    await ch.ready;
  }

  unsubscribe(sub: Subscriber) {
    const ch = this.channels.get(sub.repositoryId);
    if (!ch) return;
    ch.subs.delete(sub);
    if (ch.subs.size === 0) this.channels.delete(sub.repositoryId);
  }

  get subscriberCount() {
    let n = 0;
    this.channels.forEach((c) => (n += c.subs.size));
    return n;
  }

  private wake(repositoryId: string) {
    const ch = this.channels.get(repositoryId);
    if (!ch) return;
    if (ch.fetching) {
      ch.again = true;
      return;
    }
    ch.fetching = true;
    void this.drain(repositoryId, ch).finally(() => {
      ch.fetching = false;
    });
  }

  private async drain(repositoryId: string, ch: Channel) {
    try {
      await ch.ready;
      do {
        ch.again = false;
        const rows = await eventsAfter({ repositoryId, after: ch.cursor, limit: PAGE });
        if (rows.length === 0) continue;
        ch.cursor = rows[rows.length - 1].id;
        // Grouped once per page: with a thousand viewers of one scan, each
        // subscriber then costs a map lookup, not a pass over the rows.
        const byScan = new Map<string, StoredEvent[]>();
        for (const r of rows) {
          const list = byScan.get(r.scanId);
          if (list) list.push(r);
          else byScan.set(r.scanId, [r]);
        }
        for (const sub of ch.subs) {
          const mine = sub.scanId ? byScan.get(sub.scanId) : rows;
          if (mine) sub.deliver(mine);
        }
        if (rows.length === PAGE) ch.again = true;
      } while (ch.again);
    } catch {
      // The backstop poll retries; a failed fetch must not kill the hub.
    }
  }

  async stop() {
    this.timers.forEach(clearInterval);
    this.channels.clear();
  }
}

function safeParse(payload: string): string | null {
  try {
    const p = JSON.parse(payload) as Partial<Record<keyof EventsNotification, unknown>>;
    return typeof p.r === 'string' ? p.r : null;
  } catch {
    return null;
  }
}

// The process's hub, on globalThis: hot reload and every route bundle share
// one LISTEN connection.
const g = globalThis as unknown as { __vegaHub?: EventHub };

export function eventHub(): EventHub {
  g.__vegaHub ??= new EventHub();
  return g.__vegaHub;
}

export async function stopEventHub() {
  await g.__vegaHub?.stop();
  g.__vegaHub = undefined;
}
