import { PgBoss } from 'pg-boss';
import { sql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '../db/client';
import { logger } from '../log/logger';

// `VEGA_SCAN_EXECUTION_MODE=queue`: every queued scan also has a pg-boss job,
// sent in the transaction that writes (or re-queues) the row, so there is no
// row without a job and no job without a row. The job is only a delivery: a
// worker that takes it claims the scan by id with the same compare-and-set as
// everywhere else, and the scan row stays the lease. Configured here, in one
// place.

export const SCAN_QUEUE = 'vega-scans';

const g = globalThis as unknown as { __vegaBoss?: Promise<PgBoss> };

/**
 * The process's pg-boss. Workers listen (LISTEN/NOTIFY wake-ups, pg-boss
 * maintenance); the web only sends.
 */
export function scanQueue(url: string, role: 'web' | 'worker'): Promise<PgBoss> {
  g.__vegaBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      useListenNotify: role === 'worker',
      supervise: role === 'worker',
      schedule: false,
      max: role === 'worker' ? 4 : 2,
    });
    boss.on('error', (err) => logger().error({ err }, 'pg-boss error'));
    await boss.start();
    // Retries are the scan row's business (leases, attempts): a job that
    // fails or expires is simply re-sent by the recovery loop if its scan is
    // still queued.
    await boss.createQueue(SCAN_QUEUE, { notify: true, retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 3600 });
    return boss;
  })().catch((err) => {
    g.__vegaBoss = undefined;
    throw err;
  });
  return g.__vegaBoss;
}

/** Sends the scan's job inside the caller's transaction (pg-boss's own SQL, run on our connection). */
export async function enqueueScan(boss: PgBoss, tx: Tx, scanId: string): Promise<void> {
  await boss.send(
    SCAN_QUEUE,
    { scan_id: scanId },
    { db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: [...(await tx.execute(positional(text, values ?? [])))] }) } },
  );
}

/** A statement written with $1, $2, … placeholders (pg-boss's) as drizzle SQL with the same parameters. */
export function positional(text: string, values: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  let at = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(at, m.index)), sql`${sql.param(values[Number(m[1]) - 1])}`);
    at = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(at)));
  return sql.join(chunks);
}

/** Queued scans whose job is gone (failed, expired, deleted): the recovery loop sends them again. */
export async function scansWithoutJob(olderThanSeconds: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select s.id from scans s
    where s.status = 'queued' and s.created_at < now() - make_interval(secs => ${olderThanSeconds})
      and not exists (
        select 1 from pgboss.job j
        where j.name = ${SCAN_QUEUE} and j.data->>'scan_id' = s.id::text and j.state in ('created', 'retry', 'active')
      )
    limit 100`);
  return rows.map((r) => r.id);
}

export async function stopScanQueue() {
  const boss = await g.__vegaBoss?.catch(() => undefined);
  g.__vegaBoss = undefined;
  await boss?.stop({ graceful: true, timeout: 5000 });
}
