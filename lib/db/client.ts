import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '../env';
import * as schema from './schema';

export type Sql = postgres.Sql;

const options = { max: 10, idle_timeout: 30, connect_timeout: 10, onnotice: () => {} };

// Two pools on purpose: drizzle's postgres-js driver rewrites its client's
// type parsers and serializers (timestamps stay strings, jsonb is passed
// through), which would break raw SQL on the same client. Raw SQL (ingest,
// claims, LISTEN) gets an untouched client.
function connect(url: string) {
  return { sql: postgres(url, options), db: drizzle(postgres(url, options), { schema }) };
}

type Conn = ReturnType<typeof connect>;
// Cached on globalThis: Next's dev server re-evaluates modules on hot reload,
// and every route bundle must share one pool (and one LISTEN connection).
const g = globalThis as unknown as { __vegaDb?: Conn };

function conn(): Conn {
  if (!g.__vegaDb) {
    const url = env().DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start Vega with `npm run dev` or `npm start`, which provide one.');
    }
    g.__vegaDb = connect(url);
  }
  return g.__vegaDb;
}

export const getDb = () => conn().db;
export const getSql = () => conn().sql;

export type Db = Conn['db'];
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export async function closeDb() {
  const c = g.__vegaDb;
  g.__vegaDb = undefined;
  await Promise.all([c?.sql.end({ timeout: 5 }), c?.db.$client.end({ timeout: 5 })]);
}
