import postgres from 'postgres';
import { env } from '../../lib/env';

// The tests' own raw client: fixtures written and checks made from outside
// the product, in plain SQL (the product itself reaches Postgres through
// lib/db/client only).
const g = globalThis as unknown as { __vegaTestSql?: postgres.Sql };

export function getSql(): postgres.Sql {
  g.__vegaTestSql ??= postgres(env().DATABASE_URL!, { max: 4, onnotice: () => {} });
  return g.__vegaTestSql;
}
