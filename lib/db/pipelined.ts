import type { PgDialect } from 'drizzle-orm/pg-core';
import { PostgresJsSession, PostgresJsTransaction, type PostgresJsSessionOptions } from 'drizzle-orm/postgres-js';
import type { TablesRelationalConfig } from 'drizzle-orm';
import type postgres from 'postgres';
import { getDb, preparing, type Db, type Tx } from './client';
import { isDatabaseUnavailable } from './unavailable';

/**
 * Ends a pipelined transaction behind its last statements: `last` is what
 * the body has already dispatched (not yet awaited); COMMIT is sent after it
 * without waiting for the replies, and the result is `last`'s.
 */
export type CommitWith = <R>(last: Promise<R>) => Promise<R>;

/** The transaction was used after its COMMIT was sent: a statement would run outside it. */
export class StatementAfterCommitError extends Error {}

/**
 * A transaction in as few round trips as its statements allow. `db.transaction`
 * waits for BEGIN before the body's first statement and for the body's last
 * reply before COMMIT: two round trips of no work. Here BEGIN is sent with the
 * body's first statement and COMMIT with its last (`commit(last)`), on one
 * reserved connection, so a body that reads, decides, then writes costs two.
 *
 * Safe because Postgres runs a pipeline in order and every statement carries
 * its own Sync: after a failed statement, the ones behind it fail ("current
 * transaction is aborted") and COMMIT answers ROLLBACK, so nothing commits
 * that did not all succeed; the failure rejects `last`, and this rejects
 * with it. A COMMIT answered otherwise than COMMIT throws. On a failure the
 * connection is rolled back before it goes back to the pool, unless the
 * failure is the connection's own (lost: the driver replaces it).
 *
 * The body's statements after `commit(last)` would run outside the
 * transaction: they are refused (StatementAfterCommitError). Nested
 * transactions (savepoints) and the relational API (`tx.query`) are not offered.
 */
export async function pipelinedTransaction<T>(body: (tx: Tx, commit: CommitWith) => Promise<T>, db: Db = getDb()): Promise<T> {
  const pool = db.$client;
  const conn = await pool.reserve();
  let committing = false;
  let open = true;
  // A statement dispatched after COMMIT left would not be in the transaction.
  const guarded = new Proxy(conn, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (...a: Parameters<postgres.Sql['unsafe']>) => {
          if (committing) throw new StatementAfterCommitError('a statement was sent after its transaction committed');
          return target.unsafe(...a);
        };
      }
      if (prop === 'begin' || prop === 'savepoint') throw new Error('a pipelined transaction has no nested transactions');
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  // As drizzle's own transaction() builds one (its session's fields are
  // internal to drizzle: read here the way its subclasses do), over this
  // connection, without the relational query API (tx.query): building it
  // makes a builder per table on every transaction.
  const internals = (db as unknown as { session: { dialect: PgDialect; options: PostgresJsSessionOptions } }).session;
  const txSession = new PostgresJsSession<postgres.Sql, Record<string, unknown>, TablesRelationalConfig>(preparing(guarded), internals.dialect, undefined, internals.options);
  const tx = new PostgresJsTransaction(internals.dialect, txSession as never, undefined) as unknown as Tx;

  // Sent now, answered with the body's first statement. Its failure (the
  // connection closed) fails that statement too, which reports it.
  const begun = conn.unsafe('begin').execute();
  begun.catch(() => {});

  const commit: CommitWith = async (last) => {
    if (committing) throw new StatementAfterCommitError('the transaction was already committed');
    // `last`'s statements reach the driver in microtasks (a drizzle query is
    // lazy: dispatched once something awaits it, which is done here at once
    // for one passed bare): once the macrotask queue is reached, every one of
    // them has been, and COMMIT goes behind them.
    const settled = Promise.allSettled([last]);
    await new Promise((r) => setImmediate(r));
    committing = true;
    const committed = conn.unsafe('commit').execute();
    committed.catch(() => {});
    // The statements' outcome first: when one failed, COMMIT can only have
    // rolled back, and after a lost connection its reply may never come
    // (postgres.js leaves a statement sent after a socket error unanswered).
    const [result] = await settled;
    if (result.status === 'rejected') throw result.reason;
    await begun;
    const done = await committed;
    open = false;
    if (done.command !== 'COMMIT') throw new Error(`the transaction ended with ${done.command}, not COMMIT`);
    return result.value;
  };

  let out: T;
  try {
    out = await body(tx, commit);
    if (open) {
      committing = true;
      await begun;
      await conn.unsafe('commit');
      open = false;
    }
  } catch (err) {
    // A lost connection is the driver's to close and replace: a ROLLBACK on
    // it could wait forever, and it must not go back to the pool.
    if (isDatabaseUnavailable(err)) throw err;
    // Otherwise, whatever state the connection is in (an aborted transaction,
    // one never committed, or one already ended by COMMIT), it goes back to
    // the pool without one.
    await conn.unsafe('rollback').catch(() => {});
    conn.release();
    throw err;
  }
  conn.release();
  return out;
}
