import { isDatabaseUnavailable } from '../db/unavailable';
import type { StoredEvent } from './contract';
import type { EventHub, Subscriber } from './hub';
import { eventsAfter, lastEventId } from './queries';
import { STREAM_END_KINDS } from './sse-contract';
import { encodeSse } from './sse-format';

const BACKLOG_PAGE = 1000;
const encoder = new TextEncoder();
// The retry hint goes out at once (it flushes the headers); `: connected`
// only once the stream is live, so a client knows every event committed
// after it reaches it (a repository stream's "from now on" starts there).
const HELLO = encoder.encode('retry: 2000\n\n');
const LIVE = encoder.encode(': connected\n\n');
const PING = encoder.encode(': ping\n\n');

/** Where a stream's bytes go: a web ReadableStream or a node:http response. */
export interface StreamOut {
  /** false: the client is too far behind; the stream is closed. */
  write(bytes: Uint8Array): boolean;
  end(): void;
}

export interface StreamOptions {
  hub: EventHub;
  repositoryId: string;
  scanId: string | null;
  /** null: from the beginning (scan streams) or from now on (repository streams). */
  lastEventId: number | null;
  /** Scan streams end after the scan's terminal event. */
  endOnTerminal: boolean;
  /** The scan was already terminal when the request came in: end after the backlog. */
  alreadyTerminal: boolean;
}

/**
 * One live event stream, independent of the transport. Subscribes first,
 * then replays the backlog after the resume point: whatever commits in
 * between arrives while replaying, is held, and is de-duplicated by id, so
 * the client sees every event exactly once and in id order.
 * Returns `close`, to call when the client goes away.
 */
export function openEventStream(o: StreamOptions, out: StreamOut): () => void {
  let closed = false;
  let live = false;
  let last = o.lastEventId ?? 0;
  const pending: StoredEvent[] = [];

  const close = () => {
    if (closed) return;
    closed = true;
    o.hub.unsubscribe(sub);
    out.end();
  };
  const send = (bytes: Uint8Array) => {
    if (!closed && !out.write(bytes)) close();
  };
  const write = (rows: StoredEvent[]) => {
    for (const r of rows) {
      if (closed) return;
      if (r.id <= last) continue;
      send(encodeSse(r));
      last = r.id;
      if (o.endOnTerminal && STREAM_END_KINDS.includes(r.kind)) return close();
    }
  };
  const sub: Subscriber = {
    repositoryId: o.repositoryId,
    scanId: o.scanId,
    deliver: (rows) => (live ? write(rows) : pending.push(...rows)),
    ping: () => send(PING),
  };

  send(HELLO);
  let subscribed = false;
  const start = async () => {
    if (!subscribed) {
      await o.hub.subscribe(sub);
      subscribed = true;
    }
    if (closed) {
      o.hub.unsubscribe(sub); // the client left while we subscribed
      return;
    }
    if (o.lastEventId === null && !o.scanId && last === 0) last = await lastEventId(o.repositoryId);
    for (;;) {
      if (closed) return;
      const rows = await eventsAfter({ repositoryId: o.repositoryId, scanId: o.scanId, after: last, limit: BACKLOG_PAGE });
      write(rows);
      if (rows.length < BACKLOG_PAGE) break;
    }
    live = true;
    write(pending.splice(0));
    send(LIVE);
    if (o.alreadyTerminal) close();
  };
  void (async () => {
    // Through a database restart the stream stays open: the replay is retried
    // (from the last event sent) for up to a minute, with pings keeping the
    // connection alive meanwhile; anything else ends the stream.
    for (let tries = 0; ; tries++) {
      try {
        return await start();
      } catch (err) {
        if (closed || !isDatabaseUnavailable(err) || tries >= 120) return close();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return close;
}
