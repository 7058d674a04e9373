import { sql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { CHANNELS } from '../db/channels';
import { frozen, literal } from '../db/frozen';
import { parseNewEvents, type NewEvent } from './contract';

// The one writer of scan_events. Events are appended inside the statement
// that explains them (a status change, a batch's progress), as CTEs reading a
// source CTE of scans (id, repository_id, attempt): for each source row, the
// events in order, under the repository's id lock, with one NOTIFY per scan.
//
// The per-repository advisory lock is taken before ids are drawn, so ids
// commit in increasing order per repository: a reader that has seen id N can
// never later meet a smaller id that committed late, which is what makes
// Last-Event-ID resumption exact on a repository's stream. Locks are taken in
// repository order, so a statement appending events to scans of several
// repositories cannot deadlock another one doing the same.

/** The repository's id lock (taken before event ids are drawn): one key for every writer. */
export const repositoryLock = (repositoryId: SQL) => sql`pg_advisory_xact_lock(hashtextextended(${repositoryId}::text, 0))`;

/**
 * The CTEs `ev_locked`, `ev_ins` (id, scan_id, repository_id, kind of each
 * event written) and `ev_notified` appending `events` for each row of the CTE
 * named `source`; the statement must read `ev_notified` (lastEventIdOf) or
 * Postgres skips the NOTIFY. Events are checked against the contract first.
 */
export function appendEventsCtes(source: string, events: readonly NewEvent[]): SQL {
  return appendEventsCtesOf(source, eventsParam(events));
}

/** The events of appendEventsCtes as its one parameter: checked against the contract, as JSON. */
export function eventsParam(events: readonly NewEvent[]): string {
  return JSON.stringify(parseNewEvents(events));
}

/** appendEventsCtes with its parameter given (eventsParam's value, or a placeholder for it). */
export function appendEventsCtesOf(source: string, events: unknown): SQL {
  const [head, tail] = eventCtesAround(source);
  return sql`${head}${events}${tail}`;
}

// The text of the CTEs around the events' one parameter, rendered once per source name (lib/db/frozen.ts).
const eventCtes = new Map<string, [SQL, SQL]>();
function eventCtesAround(source: string): [SQL, SQL] {
  let parts = eventCtes.get(source);
  if (parts) return parts;
  const src = sql.identifier(source);
  parts = [
    frozen(sql`ev_locked as (
      select s.id, s.repository_id, s.attempt, ${repositoryLock(sql`s.repository_id`)} as locked
      from (select id, repository_id, attempt from ${src} order by repository_id, id) s
    ), ev_ins as (
      insert into scan_events (scan_id, repository_id, attempt, kind, step_id, data)
      select l.id, l.repository_id, l.attempt, e.ev->>'kind', e.ev->>'stepId', e.ev->'data'
      from ev_locked l cross join jsonb_array_elements(`),
    frozen(sql`::jsonb) with ordinality as e(ev, ord)
      order by l.repository_id, l.id, e.ord
      returning id, scan_id, repository_id, kind
    ), ev_notified as (
      -- pg_notify is volatile, so Postgres materializes this CTE in full the first time it is read
      select pg_notify(${literal(CHANNELS.events)}, json_build_object('r', repository_id, 's', scan_id, 'id', max(id))::text), scan_id, max(id) as last_id
      from ev_ins group by repository_id, scan_id
    )`),
  ];
  eventCtes.set(source, parts);
  return parts;
}

/** The last event id written for the source row `scanIdColumn` (and the read that makes the NOTIFY happen). */
export const lastEventIdOf = (scanIdColumn: SQL) =>
  sql`(select max(n.last_id) from ev_notified n where n.scan_id = ${scanIdColumn})`;

/**
 * Appends events of a scan that do not change its status (a gate resolved
 * while no runner holds the scan, the envelope sealed), in one statement.
 * Returns the last event id, or null when the scan does not exist.
 */
export async function appendEvents(scanId: string, events: readonly NewEvent[], db: DbOrTx = getDb()): Promise<number | null> {
  if (events.length === 0) return null;
  const rows = await db.execute<{ last_id: string | null }>(sql`
    with src as (select id, repository_id, attempt from scans where id = ${scanId}),
    ${appendEventsCtes('src', events)}
    select max(last_id) as last_id from ev_notified`);
  const last = rows[0]?.last_id;
  return last == null ? null : Number(last);
}
