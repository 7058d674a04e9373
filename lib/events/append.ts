import type { Sql } from '../db/client';

export const EVENTS_CHANNEL = 'vega_events';

export interface EventRow {
  scan_id: string;
  repository_id: string;
  attempt: number;
  kind: string;
  step_id: string | null;
  data: Record<string, unknown>;
}

/**
 * Appends events inside the caller's transaction. The per-repository advisory
 * lock is taken before ids are drawn, so ids commit in increasing order per
 * repository: a Last-Event-ID cursor never skips an event that commits late.
 */
export async function insertEvents(tx: Sql, repositoryId: string, scanId: string, rows: EventRow[]): Promise<number | null> {
  if (rows.length === 0) return null;
  await tx`select pg_advisory_xact_lock(hashtextextended(${repositoryId}, 0))`;
  const inserted = await tx<{ id: string }[]>`
    insert into scan_events ${tx(rows.map((r) => ({ ...r, data: tx.json(r.data as never) })))}
    returning id`;
  const lastEventId = Number(inserted[inserted.length - 1].id);
  // NOTIFY is only a wake-up ("repository R has events up to id N"), sent at
  // commit; the rows are the truth, so a missed notification loses nothing.
  await tx`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ r: repositoryId, s: scanId, id: lastEventId })})`;
  return lastEventId;
}

/** One event written by the server itself (a cancel, a recovery decision). */
export function appendEvent(
  tx: Sql,
  scan: { id: string; repositoryId: string; attempt: number },
  kind: string,
  data: Record<string, unknown>,
  stepId: string | null = null,
) {
  return insertEvents(tx, scan.repositoryId, scan.id, [
    { scan_id: scan.id, repository_id: scan.repositoryId, attempt: scan.attempt, kind, step_id: stepId, data: { ts: new Date().toISOString(), ...data } },
  ]);
}
