import { env, resetEnvCache } from '../env';
import { startEmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { seedDemo } from './seed-demo';

export interface Bootstrapped {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

/**
 * Makes a database ready for a process that is about to use it: the embedded
 * Postgres when DATABASE_URL is unset, migrations always, the demo team where
 * configured. Sets DATABASE_URL so this process and its children use it.
 */
export async function bootstrapDatabase(opts: { log?: (line: string) => void; seed?: boolean } = {}): Promise<Bootstrapped> {
  const e = env();
  const log = opts.log ?? (() => {});
  let url = e.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const pg = await startEmbeddedPostgres({ dir: e.VEGA_EMBEDDED_PG_DIR, port: e.VEGA_EMBEDDED_PG_PORT, log });
    url = pg.url;
    stop = pg.stop;
    process.env.DATABASE_URL = url;
    process.env.VEGA_DATABASE_IS_EMBEDDED = '1';
    resetEnvCache();
  }
  await runMigrations(url);
  if ((opts.seed ?? true) && env().seedDemo) {
    if (await seedDemo()) {
      log('seeded the demo team (demo@vega.local / vega-demo)');
      if (!env().embeddedDatabase) log('WARNING: the demo account has a public password; set VEGA_SEED_DEMO=0 in production');
    }
  }
  return { url, embedded: env().embeddedDatabase, stop };
}
