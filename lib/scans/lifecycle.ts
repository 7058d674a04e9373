import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { CHANNELS } from '../db/channels';
import { renderedOnce, ShapeCache } from '../db/frozen';
import { rowsOf, type Changes } from '../db/rows';
import { scans, type Scan, type ScanStatus } from '../db/schema';
import { appendEventsCtesOf, eventsParam, lastEventIdOf } from '../events/append';
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
function implied(to: ScanStatus): ScanChanges {
  if (isTerminal(to)) return { finishedAt: NOW, leaseExpiresAt: null };
  if (to === 'queued') return { finishedAt: null, leaseExpiresAt: null, claimedBy: null };
  if (to === 'running') return { startedAt: STARTED_NOW };
  return {};
}

// SQL values every write may share. A write whose SQL values are all shared
// ones (or Computed) is rendered once per shape (lib/db/frozen.ts ShapeCache);
// any other SQL value makes its write rendered anew.
const shared = new Map<SQL, number>();
const share = (value: SQL) => (shared.set(value, shared.size), value);
/** `now()`, Postgres's clock at the write (a heartbeat, a finish). */
export const NOW = share(sql`now()`);
const STARTED_NOW = share(sql`coalesce(${scans.startedAt}, now())`);

/** A column's new value, computed by Postgres from one number: the forms a runner's batch writes take. */
export class Computed {
  private constructor(
    readonly form: 'plus' | 'seconds_from_now',
    readonly value: number,
  ) {}
  /** The column's value plus `n` (a counter). */
  static plus(n: number) {
    return new Computed('plus', n);
  }
  /** `now()` plus `seconds` (a lease). */
  static secondsFromNow(seconds: number) {
    return new Computed('seconds_from_now', seconds);
  }
  render(column: string, value: unknown): SQL {
    return this.form === 'plus' ? sql`${sql.identifier(column)} + ${value}` : sql`now() + make_interval(secs => ${value})`;
  }
}

/** A scan as a write left it, with the id of the last event the write appended. */
export type Moved = Scan & { lastEventId: number | null };

/** What a write that needs no more than that returns (a batch's write): the scan's id and its last event's. */
export type Brief = { id: string; lastEventId: number | null };

/** Columns a write may set besides the status, which only `transition` sets. */
export type ScanChanges = { [K in keyof Omit<Changes<typeof scans>, 'id' | 'status'>]?: Changes<typeof scans>[K] | Computed };


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
  const w = checked(input);
  return input.brief ? write(db, w, true) : write(db, w, false);
}

/**
 * A transition whose statement is the same on every run (a worker's claim of
 * the oldest queued scans): checked and rendered once, then run as often as
 * needed. Rendering the claim's statement was about a third of the worker's
 * CPU for a claim.
 */
export function reusableTransition(input: TransitionInput & { brief?: false }): (db?: DbOrTx) => Promise<Moved[]> {
  const w = checked(input);
  const statement = renderedOnce(statementOf(w, false));
  return (db = getDb()) => run(db, statement, false);
}

/** The transition's write, once its move and its events are checked against the tables above. */
function checked(input: TransitionInput): Write {
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
  return { scan: input.scan, attempt: input.attempt, where: input.where, events, from, set: { ...implied(input.to), ...given }, journal: { to: input.to, by: input.by } };
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
async function write(db: DbOrTx, w: Write, brief: boolean): Promise<Moved[] | Brief[]> {
  const shape = shapeOf(w, brief);
  const statement = shape === null ? statementOf(w, brief) : SHAPES.statement(shape, () => statementOf(w, brief, placeholder), valuesOf(w));
  return brief ? run(db, statement, true) : run(db, statement, false);
}

// Where a write's values go in its statement: the values themselves, or
// (rendering a shape once) placeholders named for them, which valuesOf fills.
type Bind = (name: string, value: unknown, column?: Column) => unknown;
const direct: Bind = (_, value, column) => (column ? sql.param(value, column) : value);
const placeholder: Bind = (name, _, column) => (column ? sql.param(sql.placeholder(name), column) : sql.placeholder(name));

const SHAPES = new ShapeCache();

/**
 * What a write's statement text depends on, or null when it cannot be told
 * without rendering it (a subquery target, a condition, an SQL value of the
 * caller's own): those writes are rendered each time.
 */
function shapeOf(w: Write, brief: boolean): string | null {
  if (typeof w.scan !== 'string' || w.where) return null;
  let key = `${brief ? 'brief' : 'full'}|${w.from.join(',')}|${w.attempt === undefined ? '' : 'fenced'}|${w.journal?.to ?? ''}|${w.events.length > 0 ? 'events' : ''}`;
  for (const [name, value] of Object.entries(w.set)) {
    if (value === undefined) continue;
    if (value === null) key += `|${name}=null`;
    else if (value instanceof Computed) key += `|${name}=${value.form}`;
    else if (is(value, SQL)) {
      const id = shared.get(value);
      if (id === undefined) return null;
      key += `|${name}=sql${id}`;
    } else key += `|${name}`;
  }
  return key;
}

/** The placeholders' values of a write rendered by shape. */
function valuesOf(w: Write): Record<string, unknown> {
  const values: Record<string, unknown> = { scan: w.scan, attempt: w.attempt, by: w.journal?.by };
  if (w.events.length > 0) values.events = eventsParam(w.events);
  for (const [name, value] of Object.entries(w.set)) {
    if (value instanceof Computed) values[`set.${name}`] = value.value;
    else if (value !== undefined && value !== null && !is(value, SQL)) values[`set.${name}`] = value;
  }
  return values;
}

type Column = Parameters<typeof sql.param>[1] & { name: string };
const COLUMNS = getTableColumns(scans) as unknown as Record<string, Column>;

/** `col = value` for each change, each value encoded by its column as drizzle's builder would. */
function assignments(set: ScanChanges, bind: Bind): SQL[] {
  const out: SQL[] = [];
  for (const [name, value] of Object.entries(set)) {
    if (value === undefined) continue;
    const column = COLUMNS[name];
    if (!column) throw new Error(`no column ${name} in scans`);
    const rendered =
      value === null
        ? sql`null`
        : value instanceof Computed
          ? value.render(column.name, bind(`set.${name}`, value.value))
          : is(value, SQL)
            ? value
            : bind(`set.${name}`, value, column);
    out.push(sql`${sql.identifier(column.name)} = ${rendered}`);
  }
  return out;
}

/** The one statement of a write: the compare-and-set UPDATE, and the events appended from its RETURNING. */
function statementOf(w: Write, brief: boolean, bind: Bind = direct): SQL {
  // A chosen set (the claim's `limit n for update skip locked`) is chosen
  // once: as `id in (…)` Postgres ran it as the inner side of a nested-loop
  // semi-join, once per queued row, and under SKIP LOCKED each rescan chose
  // other rows while other workers claimed, so one claim took 100+ scans
  // against a limit of 2. `= any(array(…))` is an InitPlan, run once.
  const target = typeof w.scan === 'string' ? sql`id = ${bind('scan', w.scan)}` : sql`id = any(array(${w.scan}))`;
  const fence = w.attempt === undefined ? sql`` : sql` and attempt = ${bind('attempt', w.attempt)}`;
  const also = w.where ? sql` and (${w.where})` : sql``;
  const requeued = w.journal?.to === 'queued';
  const others = assignments(w.set, bind);
  if (!w.journal && others.length === 0) throw new Error('a write that keeps the status must change something');
  // In SET, columns read as they were before this UPDATE (re-read on the
  // latest row if it waited for a lock): `status` is the state moved from.
  const journal = (j: { to: ScanStatus; by: string }) => {
    const given = w.set.attempt;
    const attempt = given === undefined ? sql`attempt` : is(given, SQL) ? given : sql`${bind('set.attempt', given)}`;
    return sql`transitions = transitions || jsonb_build_array(jsonb_build_object(
      'from', status, 'to', ${j.to}::text, 'attempt', ${attempt}, 'by', ${bind('by', j.by)}::text, 'at', now()))`;
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
  if (w.events.length === 0) return sql`${update} returning ${returned}, null::int8 as last_event_id${wake}`;
  const events = bind === direct ? eventsParam(w.events) : bind('events', null);
  return sql`
          with moved as (${update} returning ${returned}), ${appendEventsCtesOf('moved', events)}
          select ${columns}, ${lastEventIdOf(sql`moved.id`)} as last_event_id${requeued ? sql`, pg_notify(${CHANNELS.scansQueued}, moved.id::text)` : sql``}
          from moved`;
}

async function run(db: DbOrTx, statement: SQL, brief: true): Promise<Brief[]>;
async function run(db: DbOrTx, statement: SQL, brief: false): Promise<Moved[]>;
async function run(db: DbOrTx, statement: SQL, brief: boolean): Promise<Moved[] | Brief[]> {
  const rows = await db.execute<Record<string, unknown> & { last_event_id: string | null }>(statement);
  const lastEventId = (row: { last_event_id: string | null }) => (row.last_event_id == null ? null : Number(row.last_event_id));
  if (brief) return rows.map((row) => ({ id: row.id as string, lastEventId: lastEventId(row) }));
  const scansMoved = rowsOf(scans, rows);
  return scansMoved.map((scan, i) => ({ ...scan, lastEventId: lastEventId(rows[i]) }));
}
