import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

// Any number of processes (web, workers, CLI) may start at once: an advisory
// lock makes the first one migrate while the others wait, then see it done.
const MIGRATION_LOCK = 7_461_001;

export async function runMigrations(url: string, migrationsFolder = path.resolve('drizzle')) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await sql.end({ timeout: 5 });
  }
}
