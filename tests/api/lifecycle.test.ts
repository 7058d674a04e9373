import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Db } from '../../lib/db/client';
import { runMigrations } from '../../lib/db/migrate';
import type { ScanStatus } from '../../lib/db/schema';
import { newEvent, type NewEvent } from '../../lib/events/contract';
import { canTransition, EXPLAINED_BY, IllegalTransitionError, isTerminal, STATUSES, transition } from '../../lib/scans/lifecycle';

// Every (from, to) pair of the scan state machine against a real Postgres of
// its own (no executor races the fixtures), the legal moves raced from
// several connections at once.

const RACERS = 4;
let admin: postgres.Sql;
let sql: postgres.Sql;
let pools: Db[];
let repo: { team_id: string; id: string; snapshot_id: string };
const dbName = `vega_lifecycle_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const base = inject('databaseUrl');
  admin = postgres(base.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = base.replace(/\/[^/]+$/, `/${dbName}`);
  await runMigrations(url);
  sql = postgres(url, { max: 2, onnotice: () => {} });
  // One pool (one connection) per racer: the races cross connections, as workers, cancels and sweeps do.
  pools = Array.from({ length: RACERS }, () => connect(url, 1));
  [repo] = await sql<{ team_id: string; id: string; snapshot_id: string }[]>`
    with t as (insert into teams (slug, name) values ('lifecycle', 'Lifecycle') returning id),
         r as (insert into repositories (team_id, name, source_type, source_location) select id, 'states', 'upload', 'x.zip' from t returning id, team_id),
         s as (insert into snapshots (repository_id, sha256, storage_key, size_bytes, source_bytes, file_count) select id, repeat('0', 64), 'none', 1, 1, 1 from r returning id, repository_id)
    select r.team_id, r.id, s.id as snapshot_id from r join s on s.repository_id = r.id`;
});

afterAll(async () => {
  await Promise.all((pools ?? []).map((db) => db.$client.end({ timeout: 1 })));
  await sql?.end({ timeout: 1 });
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin?.end({ timeout: 1 });
});

/** A scan fixture already in `status`, at attempt 1. */
async function scanIn(status: ScanStatus): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt)
    values (${repo.id}, ${repo.team_id}, ${repo.snapshot_id}, ${status}, 1) returning id`;
  return id;
}

/** The stream event that explains a move into `to` (none for a claim). */
function eventsFor(to: ScanStatus): NewEvent[] {
  switch (to) {
    case 'queued':
      return [newEvent('scan_log', { level: 'warn', message: 're-queued' })];
    case 'claimed':
      return [];
    case 'running':
      return [newEvent('scan_started', { engine: { name: 'test', version: '1' }, files: 0 })];
    case 'needs_input':
      return [newEvent('needs_input', { gate_id: randomUUID(), gate_kind: 'plan_review', reason: 'review', expires_at: new Date().toISOString() })];
    case 'completed':
      return [newEvent('scan_completed', { summary: {} })];
    case 'failed':
      return [newEvent('scan_failed', { error: 'boom' })];
    case 'cancelled':
      return [newEvent('scan_cancelled', { reason: 'stop' })];
  }
}

const record = async (id: string) => ({
  status: (await sql<{ status: ScanStatus }[]>`select status from scans where id = ${id}`)[0].status,
  journal: (await sql<{ transitions: { from: string; to: string; by: string; attempt: number; at: string }[] }[]>`select transitions from scans where id = ${id}`)[0].transitions,
  events: await sql<{ id: string; kind: string }[]>`select id, kind from scan_events where scan_id = ${id} order by id`,
});

const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
const legal = pairs.filter(([from, to]) => canTransition(from, to));
const illegal = pairs.filter(([from, to]) => !canTransition(from, to));

describe('the scan lifecycle (lib/scans/lifecycle.ts), on a real database', () => {
  it('has legal moves to test, and every terminal state is a dead end', () => {
    expect(legal.length).toBeGreaterThan(10);
    for (const [from] of legal) expect(isTerminal(from)).toBe(false);
  });

  it.each(legal)('%s → %s succeeds exactly once when raced from several connections, journaled, with the event that explains it', async (from, to) => {
    const id = await scanIn(from);
    const results = await Promise.all(pools.map((db, i) => transition({ scan: id, to, by: `racer ${i}`, events: eventsFor(to) }, db)));
    expect(results.map((r) => r.length).sort()).toEqual([...Array(RACERS - 1).fill(0), 1]);
    const winner = results.find((r) => r.length === 1)![0];
    expect(winner).toMatchObject({ id, status: to });

    const after = await record(id);
    expect(after.status).toBe(to);
    expect(after.journal).toHaveLength(1);
    expect(after.journal[0]).toMatchObject({ from, to, by: expect.stringMatching(/^racer \d$/) });
    expect(Date.parse(after.journal[0].at)).not.toBeNaN();
    const explains = EXPLAINED_BY[to];
    if (explains.length === 0) {
      expect(after.events).toEqual([]);
    } else {
      // The winner's event, once; the losers wrote nothing.
      expect(after.events).toHaveLength(1);
      expect(explains).toContain(after.events[0].kind);
      expect(winner.lastEventId).toBe(Number(after.events[0].id));
    }
  });

  it.each(illegal)('%s → %s is refused and changes nothing', async (from, to) => {
    const id = await scanIn(from);
    // Derived from the table, the compare-and-set cannot match…
    expect(await transition({ scan: id, to, by: 'test', events: eventsFor(to) }, pools[0])).toEqual([]);
    // …and naming the illegal from-state is a programming error, caught before any SQL.
    await expect(transition({ scan: id, from: [from], to, by: 'test', events: eventsFor(to) }, pools[0])).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await record(id)).toEqual({ status: from, journal: [], events: [] });
  });

  it('a move without the event that explains it is refused before any SQL', async () => {
    const id = await scanIn('running');
    await expect(transition({ scan: id, to: 'completed', by: 'test', events: [newEvent('scan_log', { level: 'info', message: 'done?' })] }, pools[0])).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    expect((await record(id)).status).toBe('running');
  });

  it('fences by attempt: a runner of an older attempt changes nothing', async () => {
    const id = await scanIn('running');
    await sql`update scans set attempt = 2 where id = ${id}`;
    expect(await transition({ scan: id, attempt: 1, to: 'completed', by: 'runner', events: eventsFor('completed') }, pools[0])).toEqual([]);
    const [moved] = await transition({ scan: id, attempt: 2, to: 'completed', by: 'runner', events: eventsFor('completed') }, pools[0]);
    expect(moved).toMatchObject({ status: 'completed', attempt: 2 });
    expect((await record(id)).journal).toEqual([{ from: 'running', to: 'completed', by: 'runner', attempt: 2, at: expect.any(String) }]);
  });

  it('terminal states never change, not even by SQL that bypasses the lifecycle', async () => {
    for (const status of ['completed', 'failed', 'cancelled'] as const) {
      const id = await scanIn(status);
      // As a stray script or a hand-written migration would: straight to the table.
      const table = sql('scans');
      await expect(sql`update ${table} set status = 'running' where id = ${id}`).rejects.toThrow(/never changes/);
      expect((await record(id)).status).toBe(status);
    }
  });
});
