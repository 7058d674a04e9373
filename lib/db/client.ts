import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '../env';
import * as schema from './schema';

// The one way to the database: drizzle over one postgres.js pool. Queries
// use drizzle's builder where it reads well and its `sql` template (with
// schema columns interpolated) for CTEs, locks and NOTIFY; rows come back
// typed and mapped by the schema either way. LISTEN, which drizzle does not
// wrap, goes to the same client's dedicated listener connection.

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What every query function takes (last, optional): the pool, or the caller's transaction. */
export type DbOrTx = Db | Tx;

const TIMESTAMPTZ = 1184;
const options = { max: 10, idle_timeout: 30, connect_timeout: 10, onnotice: () => {} };

// Cached on globalThis: Next's dev server re-evaluates modules on hot reload,
// and every route bundle must share one pool (and one LISTEN connection).
const g = globalThis as unknown as { __vegaDb?: Db };

/**
 * drizzle runs every statement it was not told to name unprepared
 * (postgres.js `unsafe(…, { prepare: false })`): parsed and planned again on
 * each call, which is most of the cost of a short statement (measured: claims,
 * ingest batches and seals 2.4–3.9× slower than the same SQL prepared). It is
 * handed a client whose statements are prepared and cached per connection, as
 * postgres.js does for its own queries, transactions and savepoints included.
 */
export function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsafe') {
        return (query: string, args?: unknown[], opts?: { prepare?: boolean }) => target.unsafe(query, args as never, { ...opts, prepare: true });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        const open = Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>;
        return (...a: unknown[]) => {
          const body = a.pop() as (tx: postgres.TransactionSql) => unknown;
          return open.call(target, ...a, (tx: postgres.TransactionSql) => body(preparing(tx)));
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A pool of its own on `url` (the process's is getDb()). */
export function connect(url: string, max: number = options.max): Db {
  const client = postgres(url, { ...options, max });
  const db = drizzle(preparing(client), { schema });
  // drizzle's driver makes postgres.js hand timestamps over as strings and
  // maps them in its builder only; raw statements (db.execute) would get
  // strings. Every timestamp here is timestamptz: its own parser gives
  // Dates to both (the builder's mapping takes a Date as well).
  client.options.parsers[TIMESTAMPTZ] = (x: string) => new Date(x);
  client.options.serializers[TIMESTAMPTZ] = (x: unknown) => (x instanceof Date ? x : new Date(x as string)).toISOString();
  return db;
}

export function getDb(): Db {
  if (!g.__vegaDb) {
    const url = env().DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start Vega with `npm run dev` or `npm start`, which provide one.');
    }
    g.__vegaDb = connect(url);
  }
  return g.__vegaDb;
}

/**
 * Subscribes to a NOTIFY channel. `onListen` runs on every (re)connection of
 * the listener, so a subscriber can refetch what it may have missed.
 */
export async function listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void, db: Db = getDb()) {
  const { unlisten } = await db.$client.listen(channel, onNotify, onListen);
  return unlisten;
}

export async function closeDb() {
  const db = g.__vegaDb;
  g.__vegaDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
