import { randomBytes } from 'node:crypto';
import { sql as q } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Db } from '../../lib/db/client';
import { pipelinedTransaction, StatementAfterCommitError } from '../../lib/db/pipelined';
import { isDatabaseUnavailable } from '../../lib/db/unavailable';

// The two-round-trip transaction ingest runs in: BEGIN goes out with the
// first statement and COMMIT with the last, so the guarantees of a
// transaction must hold without the waits: all or nothing, isolation until
// COMMIT, and a pooled connection never left inside a transaction.

let admin: postgres.Sql;
let sql: postgres.Sql;
let db: Db;
const dbName = `vega_pipelined_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const base = inject('databaseUrl');
  admin = postgres(base.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = base.replace(/\/[^/]+$/, `/${dbName}`);
  sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create table t (id int primary key, v text not null)`;
  // One connection: whatever a transaction leaves on it, the next one sees.
  db = connect(url, 1);
});

afterAll(async () => {
  await db?.$client.end({ timeout: 1 });
  await sql?.end({ timeout: 1 });
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin?.end({ timeout: 1 });
});

const rows = async () => (await sql<{ id: number; v: string }[]>`select id, v from t order by id`).map((r) => `${r.id}:${r.v}`);

/** The socket writes `fn` makes (each statement not sent with another is one). */
async function socketWrites(fn: () => Promise<unknown>) {
  const writes: number[] = [];
  const net = await import('node:net');
  const original = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: import('node:net').Socket, ...a: unknown[]) {
    writes.push(1);
    return (original as (...x: unknown[]) => boolean).apply(this, a);
  } as typeof original;
  try {
    await fn();
  } finally {
    net.Socket.prototype.write = original;
  }
  return writes.length;
}

describe('pipelined transaction', () => {
  it('commits what its statements wrote, in two round trips for a read, then the writes', async () => {
    const body = () =>
      pipelinedTransaction(async (tx, commit) => {
        const [{ n }] = await tx.execute<{ n: number }>(q`select count(*)::int as n from t`);
        return commit(Promise.all([tx.execute(q`insert into t values (1, ${String(n)})`), tx.execute(q`insert into t values (2, 'b')`)]));
      }, db);
    // Once to open the connection and prepare the statements (their first
    // use asks the server for parameter types), then counted.
    await sql`delete from t`;
    await body();
    await sql`delete from t`;
    const writes = await socketWrites(body);
    expect(await rows()).toEqual(['1:0', '2:b']);
    // BEGIN with the read; the two inserts with COMMIT.
    expect(writes).toBe(2);
  });

  it('commits nothing when one of the last statements fails, and rejects with its error', async () => {
    await sql`delete from t`;
    await sql`insert into t values (1, 'kept')`;
    const attempt = pipelinedTransaction(async (tx, commit) => {
      await tx.execute(q`select 1`);
      // the first insert succeeds; the second violates the key: COMMIT then answers ROLLBACK
      return commit(Promise.all([tx.execute(q`insert into t values (2, 'lost')`), tx.execute(q`insert into t values (1, 'duplicate')`)]));
    }, db);
    // drizzle wraps the driver's error: the cause is Postgres's unique violation.
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
    expect(await rows()).toEqual(['1:kept']);
    // The connection went back to the pool outside any transaction.
    const [{ tx }] = await db.execute<{ tx: boolean }>(q`select now() = statement_timestamp() as tx`);
    expect(tx).toBe(true);
  });

  it('rolls back when the body throws before committing', async () => {
    await sql`delete from t`;
    await expect(
      pipelinedTransaction(async (tx) => {
        await tx.execute(q`insert into t values (3, 'c')`);
        throw new Error('changed my mind');
      }, db),
    ).rejects.toThrow('changed my mind');
    expect(await rows()).toEqual([]);
  });

  it('commits a body that returns without calling commit', async () => {
    await sql`delete from t`;
    await pipelinedTransaction(async (tx) => {
      await tx.execute(q`insert into t values (4, 'd')`);
    }, db);
    expect(await rows()).toEqual(['4:d']);
  });

  it('is isolated until COMMIT: another connection does not see its writes early', async () => {
    await sql`delete from t`;
    let seenInside: string[] = [];
    await pipelinedTransaction(async (tx, commit) => {
      await tx.execute(q`insert into t values (5, 'e')`);
      seenInside = await rows();
      return commit(Promise.resolve());
    }, db);
    expect(seenInside).toEqual([]);
    expect(await rows()).toEqual(['5:e']);
  });

  it('refuses a statement sent after COMMIT, which would run outside the transaction', async () => {
    await sql`delete from t`;
    let late: Promise<unknown> | null = null;
    await pipelinedTransaction(async (tx, commit) => {
      const out = await commit(tx.execute(q`insert into t values (6, 'f')`));
      late = Promise.resolve().then(() => tx.execute(q`insert into t values (7, 'outside')`));
      return out;
    }, db);
    await expect(late).rejects.toMatchObject({ cause: expect.any(StatementAfterCommitError) });
    expect(await rows()).toEqual(['6:f']);
  });

  it('a connection lost mid-transaction fails it, and the pool goes on with a new one (postgres.js #1199, patched)', async () => {
    await sql`delete from t`;
    const attempt = pipelinedTransaction(async (tx, commit) => {
      const [{ pid }] = await tx.execute<{ pid: number }>(q`select pg_backend_pid() as pid`);
      await sql`select pg_terminate_backend(${pid})`;
      return commit(tx.execute(q`insert into t values (8, 'never')`));
    }, db);
    await expect(attempt).rejects.toBeDefined();
    expect(await rows()).toEqual([]);
    // The pool's only connection was the one lost. A statement queued while
    // it closed may still fail as an outage (which callers retry); the pool
    // then opens a new connection and answers, never hangs.
    const deadline = Date.now() + 10_000;
    let one: number | undefined;
    while (one === undefined && Date.now() < deadline) {
      const next = db.execute<{ one: number }>(q`select 1 as one`);
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the pool did not answer')), 5_000));
      try {
        [{ one }] = await Promise.race([next, timeout]);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
      }
    }
    expect(one).toBe(1);
  });
});
