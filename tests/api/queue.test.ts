import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql as dsql } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { scans } from '../../lib/db/schema';
import { getSql } from '../support/sql';
import { enqueueScan, scanQueue, scansWithoutJob, SCAN_QUEUE, stopScanQueue } from '../../lib/queue/scan-queue';
import { createScan } from '../../lib/scans/create-scan';
import { api, createGitRepository, newTeam } from '../support/api';

let boss: PgBoss;
let repo: { id: string; team_id: string; snapshot: { id: string } };

beforeAll(async () => {
  boss = await scanQueue(process.env.DATABASE_URL!, 'web');
  const { token } = await newTeam();
  const created = await createGitRepository({ token }, 'clean-app');
  repo = (await api(`/v1/repositories/${created.id}`, { token })).body;
});
afterAll(() => stopScanQueue());

const jobsFor = (scanId: string) =>
  getSql()<{ state: string }[]>`select state from pgboss.job where name = ${SCAN_QUEUE} and data->>'scan_id' = ${scanId}`;

const input = () => ({ repositoryId: repo.id, teamId: repo.team_id, snapshotId: repo.snapshot.id, createdBy: null });

describe('queue mode (pg-boss)', () => {
  it('sends the scan’s job in the transaction that writes its row', async () => {
    const { scan } = await createScan(input(), (tx, id) => enqueueScan(boss, tx, id));
    expect(await jobsFor(scan.id)).toHaveLength(1);
  });

  it('leaves neither a row nor a job when that transaction fails', async () => {
    let scanId = '';
    await expect(
      createScan(input(), async (tx, id) => {
        scanId = id;
        await enqueueScan(boss, tx, id);
        throw new Error('crash after sending the job');
      }),
    ).rejects.toThrow('crash after sending the job');
    expect(scanId).not.toBe('');
    expect(await jobsFor(scanId)).toHaveLength(0);
    expect(await getSql()`select 1 from scans where id = ${scanId}`).toHaveLength(0);
  });

  it('finds queued scans whose job is gone, so the recovery loop can send them again', async () => {
    // Inside one uncommitted transaction, invisible to every executor, so nobody claims it meanwhile.
    await getDb()
      .transaction(async (tx) => {
        const [row] = await tx
          .insert(scans)
          .values({ repositoryId: repo.id, teamId: repo.team_id, snapshotId: repo.snapshot.id, createdAt: dsql`now() - interval '5 minutes'` })
          .returning({ id: scans.id });
        expect(await scansWithoutJob(30, tx)).toContain(row.id);
        await enqueueScan(boss, tx, row.id);
        expect(await scansWithoutJob(30, tx)).not.toContain(row.id);
        throw new Error('rollback');
      })
      .catch((err) => {
        if (!(err instanceof Error) || err.message !== 'rollback') throw err;
      });
  });
});
