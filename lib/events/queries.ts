import type { Sql } from '../db/client';

export interface EventRow {
  id: number;
  scan_id: string;
  repository_id: string;
  attempt: number;
  kind: string;
  step_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = 'id::int8 as id, scan_id, repository_id, attempt, kind, step_id, data, created_at';

export async function eventsAfter(
  sql: Sql,
  filter: { repositoryId: string; scanId?: string | null; after: number; limit: number },
): Promise<EventRow[]> {
  const rows = filter.scanId
    ? await sql<EventRow[]>`
        select ${sql.unsafe(COLUMNS)} from scan_events
        where scan_id = ${filter.scanId} and repository_id = ${filter.repositoryId} and id > ${filter.after}
        order by id limit ${filter.limit}`
    : await sql<EventRow[]>`
        select ${sql.unsafe(COLUMNS)} from scan_events
        where repository_id = ${filter.repositoryId} and id > ${filter.after}
        order by id limit ${filter.limit}`;
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function lastEventId(sql: Sql, repositoryId: string): Promise<number> {
  const [row] = await sql<{ id: string | null }[]>`
    select max(id)::int8 as id from scan_events where repository_id = ${repositoryId}`;
  return Number(row?.id ?? 0);
}

export function serializeEvent(r: EventRow) {
  return {
    id: r.id,
    scan_id: r.scan_id,
    attempt: r.attempt,
    kind: r.kind,
    step_id: r.step_id,
    data: r.data,
    created_at: r.created_at.toISOString(),
  };
}
