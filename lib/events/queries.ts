import { and, asc, eq, gt, max, sql } from 'drizzle-orm';
import { getDb, type Db, type DbOrTx } from '../db/client';
import { scanEvents } from '../db/schema';
import type { StoredEvent } from './contract';

// Rows are read back as the contract's StoredEvent: every event was checked
// against the contract when it was written (appendEventsCtes).

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

// The live streams' hot path (each wake-up of each repository, every replay):
// built once per pool instead of once per query.
function prepare(db: Db) {
  const after = (scan: boolean) =>
    db
      .select()
      .from(scanEvents)
      .where(
        and(
          eq(scanEvents.repositoryId, sql.placeholder('repositoryId')),
          scan ? eq(scanEvents.scanId, sql.placeholder('scanId')) : undefined,
          gt(scanEvents.id, sql.placeholder('after')),
        ),
      )
      .orderBy(asc(scanEvents.id))
      .limit(sql.placeholder('limit'))
      .prepare(scan ? 'vega_events_after_scan' : 'vega_events_after_repository');
  return { ofRepository: after(false), ofScan: after(true) };
}

export async function eventsAfter(filter: { repositoryId: string; scanId?: string | null; after: number; limit: number }, db: Db = getDb()): Promise<StoredEvent[]> {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepare(db)));
  const rows = filter.scanId
    ? await q.ofScan.execute({ repositoryId: filter.repositoryId, scanId: filter.scanId, after: filter.after, limit: filter.limit })
    : await q.ofRepository.execute({ repositoryId: filter.repositoryId, after: filter.after, limit: filter.limit });
  return rows as StoredEvent[];
}

export async function lastEventId(repositoryId: string, db: DbOrTx = getDb()): Promise<number> {
  const [row] = await db.select({ id: max(scanEvents.id) }).from(scanEvents).where(eq(scanEvents.repositoryId, repositoryId));
  return Number(row?.id ?? 0);
}

/** Whether a scan's evidence is settled (sealed, or sealing failed): its stream has nothing more to say. */
export async function evidenceSettled(scanId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const rows = await db
    .select({ id: scanEvents.id })
    .from(scanEvents)
    .where(and(eq(scanEvents.scanId, scanId), sql`${scanEvents.kind} in ('evidence_sealed', 'evidence_failed')`))
    .limit(1);
  return rows.length > 0;
}

export function serializeEvent(r: StoredEvent) {
  return {
    id: r.id,
    scan_id: r.scanId,
    attempt: r.attempt,
    kind: r.kind,
    step_id: r.stepId,
    data: r.data,
    created_at: r.createdAt.toISOString(),
  };
}
