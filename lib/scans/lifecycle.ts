import { is, SQL, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { CHANNELS } from '../db/channels';
import { assignments, rowsOf, type Changes } from '../db/rows';
import { scans, type Scan, type ScanStatus } from '../db/schema';
import { appendEventsCtes, lastEventIdOf } from '../events/append';
import type { EventKind, NewEvent } from '../events/contract';
import { isTerminal } from '../db/statuses';

// A scan's life (ARCHITECTURE §3), and the only writer of scans.status.
//
// queued → claimed → running → completed | failed | cancelled, with
// needs_input a pause of an active scan (a gate waits for a person), and
// queued again when an attempt is lost. Claims, cancels, recovery, ingest,
// gates and imports all move a scan through `transition`: one statement that
// compare-and-sets the status (from the states this table allows into the
// target, fenced by attempt where a runner writes), sets what the move
// implies, journals the change in the row (scans.transitions: from, to,
// attempt, by whom, when), appends the stream events that explain it, and
// NOTIFYs. Racing
// workers, cancels and sweeps therefore either win or change nothing,
// terminal states never change, and no change goes unrecorded.

export { ACTIVE, isActive, isTerminal, isUnfinished, TERMINAL, UNFINISHED, type ActiveStatus, type TerminalStatus } from '../db/statuses';

const TRANSITIONS: Record<ScanStatus, readonly ScanStatus[]> = {
  queued: ['claimed', 'cancelled', 'failed'],
  claimed: ['running', 'needs_input', 'queued', 'completed', 'failed', 'cancelled'],
  running: ['needs_input', 'queued', 'completed', 'failed', 'cancelled'],
  needs_input: ['running', 'queued', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

/**
 * The stream events that explain a move into each status: a transition into
 * it stores one of them. A claim has none: it is journaled in the row, and a
 * scan's stream begins when its engine starts (scan_started).
 */
export const EXPLAINED_BY: Record<ScanStatus, readonly EventKind[]> = {
  // a lost attempt re-queued, the log line saying why
  queued: ['scan_log'],
  claimed: [],
  // the engine started, or a person (or a timeout) resolved the gate it waited at
  running: ['scan_started', 'gate_resolved'],
  needs_input: ['needs_input'],
  completed: ['scan_completed'],
  failed: ['scan_failed'],
  cancelled: ['scan_cancelled'],
};

export const STATUSES = Object.keys(TRANSITIONS) as ScanStatus[];

export function canTransition(from: ScanStatus, to: ScanStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Which statuses may move to `to`: the `status in (…)` of its compare-and-set. */
export function fromStatesFor(to: ScanStatus): ScanStatus[] {
  return STATUSES.filter((from) => canTransition(from, to));
}

/** What a move into a status always sets, so that no caller can forget it. */
function implied(to: ScanStatus): Changes<typeof scans> {
  if (isTerminal(to)) return { finishedAt: sql`now()`, leaseExpiresAt: null };
  if (to === 'queued') return { finishedAt: null, leaseExpiresAt: null, claimedBy: null };
  if (to === 'running') return { startedAt: sql`coalesce(${scans.startedAt}, now())` };
  return {};
}

/** A scan as a write left it, with the id of the last event the write appended. */
export type Moved = Scan & { lastEventId: number | null };

/** What a write that needs no more than that returns (a batch's write): the scan's id and its last event's. */
export type Brief = { id: string; lastEventId: number | null };

/** Columns a write may set besides the status, which only `transition` sets. */
export type ScanChanges = Omit<Changes<typeof scans>, 'id' | 'status'>;


export interface TransitionInput {
  /** The scan's id, or a subquery selecting the ids of the scans to move (a claim of the oldest queued). */
  scan: string | SQL;
  /** Fencing: only this attempt may make the change (a runner's writes). */
  attempt?: number;
  /** Narrows the from-states (each must be allowed into `to`): cancelling only a queued scan. */
  from?: readonly ScanStatus[];
  to: ScanStatus;
  /** A further condition of the compare-and-set (a gate resolved: no other gate of the scan open). */
  where?: SQL;
  set?: ScanChanges;
  /** Who makes the change, as the journal keeps it: a worker's id, "runner", a person, "system". */
  by: string;
  /** Stored with the change, in order; one of them explains it (EXPLAINED_BY). */
  events?: readonly NewEvent[];
  /** Return only each moved scan's id and last event id (Brief), not the whole row. */
  brief?: boolean;
}

export class IllegalTransitionError extends Error {}

/**
 * Moves scans to `to` if they are still in a state that may move there (and,
 * with `attempt`, still held by that attempt): the moved scans, or none when
 * another writer got there first. One statement, so the change, its events
 * and the wake-ups commit together or not at all.
 */
export async function transition(input: TransitionInput & { brief: true }, db?: DbOrTx): Promise<Brief[]>;
export async function transition(input: TransitionInput & { brief?: false }, db?: DbOrTx): Promise<Moved[]>;
export async function transition(input: TransitionInput, db: DbOrTx = getDb()): Promise<Moved[] | Brief[]> {
  const allowed = fromStatesFor(input.to);
  const from = input.from ?? allowed;
  const illegal = from.filter((s) => !allowed.includes(s));
  if (from.length === 0 || illegal.length > 0) {
    throw new IllegalTransitionError(`a scan cannot move from ${(illegal.length ? illegal : from).join(', ') || 'nowhere'} to ${input.to}`);
  }
  const explains = EXPLAINED_BY[input.to];
  const events = input.events ?? [];
  if (explains.length > 0 && !events.some((e) => explains.includes(e.kind))) {
    throw new IllegalTransitionError(`a move to ${input.to} is explained by ${explains.join(' or ')}; the events were ${events.map((e) => e.kind).join(', ') || 'none'}`);
  }
  const given = Object.fromEntries(Object.entries(input.set ?? {}).filter(([, v]) => v !== undefined));
  const w = { ...input, events, from, set: { ...implied(input.to), ...given }, journal: { to: input.to, by: input.by } };
  return input.brief ? write(db, w, true) : write(db, w, false);
}

/**
 * A write to an active scan that keeps its status: a batch's progress, lease
 * and counters with its events (`status` is what the caller read under the
 * scan's row lock). Null when the attempt no longer holds the scan.
 */
export async function touch(
  input: { scan: string; attempt: number; status: ScanStatus; set: ScanChanges; events: readonly NewEvent[] },
  db: DbOrTx = getDb(),
): Promise<Brief | null> {
  const [row] = await write(db, { scan: input.scan, attempt: input.attempt, from: [input.status], set: input.set, events: input.events }, true);
  return row ?? null;
}

type Write = {
  scan: string | SQL;
  attempt?: number;
  from: readonly ScanStatus[];
  where?: SQL;
  set: ScanChanges;
  events: readonly NewEvent[];
  /** A status change: the new status and who makes it, journaled in the row. */
  journal?: { to: ScanStatus; by: string };
};

async function write(db: DbOrTx, w: Write, brief: true): Promise<Brief[]>;
async function write(db: DbOrTx, w: Write, brief: false): Promise<Moved[]>;
async function write(
  db: DbOrTx,
  w: Write,
  brief: boolean,
): Promise<Moved[] | Brief[]> {
  const target = typeof w.scan === 'string' ? sql`id = ${w.scan}` : sql`id in (${w.scan})`;
  const fence = w.attempt === undefined ? sql`` : sql` and attempt = ${w.attempt}`;
  const also = w.where ? sql` and (${w.where})` : sql``;
  const requeued = w.journal?.to === 'queued';
  const others = assignments(scans, w.set);
  if (!w.journal && others.length === 0) throw new Error('a write that keeps the status must change something');
  // In SET, columns read as they were before this UPDATE (re-read on the
  // latest row if it waited for a lock): `status` is the state moved from.
  const journal = (j: { to: ScanStatus; by: string }) => {
    const attempt = is(w.set.attempt, SQL) ? w.set.attempt : w.set.attempt !== undefined ? sql`${w.set.attempt}` : sql`attempt`;
    return sql`transitions = transitions || jsonb_build_array(jsonb_build_object(
      'from', status, 'to', ${j.to}::text, 'attempt', ${attempt}, 'by', ${j.by}::text, 'at', now()))`;
  };
  const assigned = w.journal ? [sql`status = ${w.journal.to}`, journal(w.journal), ...others] : others;
  // The from-states are written into the statement (enum literals, from the
  // table above), so a generic plan can use the partial status indexes and
  // Postgres stops planning each call.
  const update = sql`update scans set ${sql.join(assigned, sql`, `)}
      where ${target} and status in ${sql.raw(`(${w.from.map((s) => `'${s}'::scan_status`).join(', ')})`)}${fence}${also}`;
  const wake = requeued ? sql`, pg_notify(${CHANNELS.scansQueued}, id::text)` : sql``;
  // The compare-and-set: the status must still be one the move is allowed from.
  // Without events (a claim) it is the UPDATE alone; with them, the events are
  // appended, and the wake-ups sent, from its RETURNING.
  // A brief write returns what its caller needs and no more (the whole row,
  // its journal included, is most of what the driver parses for a batch).
  const returned = brief ? sql`id, repository_id, attempt` : sql`*`;
  const columns = brief ? sql`moved.id` : sql`moved.*`;
  const rows =
    w.events.length === 0
      ? await db.execute<Record<string, unknown> & { last_event_id: null }>(sql`${update} returning ${returned}, null::int8 as last_event_id${wake}`)
      : await db.execute<Record<string, unknown> & { last_event_id: string | null }>(sql`
          with moved as (${update} returning ${returned}), ${appendEventsCtes('moved', w.events)}
          select ${columns}, ${lastEventIdOf(sql`moved.id`)} as last_event_id${requeued ? sql`, pg_notify(${CHANNELS.scansQueued}, moved.id::text)` : sql``}
          from moved`);
  const lastEventId = (row: { last_event_id: string | null }) => (row.last_event_id == null ? null : Number(row.last_event_id));
  if (brief) return rows.map((row) => ({ id: row.id as string, lastEventId: lastEventId(row) }));
  const scansMoved = rowsOf(scans, rows);
  return scansMoved.map((scan, i) => ({ ...scan, lastEventId: lastEventId(rows[i]) }));
}
