import { eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, snapshots, type Scan } from '../db/schema';
import { env } from '../env';
import type { RunnerSource } from '../runner/source';
import { assertLocalPathAllowed } from './roots';
import { CredentialUnreadable, gitCredentialOf } from './credentials';
import { newestSnapshotKey } from './queries';

/**
 * What a scan attempt reads, as the runner is told (lib/runner/source.ts):
 * its snapshot once one is attached (an upload's revision, or what an
 * earlier attempt fetched), else the repository's source to fetch (git, at
 * the scan's ref) or re-read (a directory, checked against
 * VEGA_LOCAL_SOURCE_ROOTS again: the roots may have narrowed since).
 */
export async function sourceOfScan(scan: Pick<Scan, 'repositoryId' | 'snapshotId' | 'ref'>, db: DbOrTx = getDb()): Promise<RunnerSource> {
  if (scan.snapshotId) {
    const [snap] = await db.select().from(snapshots).where(eq(snapshots.id, scan.snapshotId));
    return { type: 'snapshot', key: snap.storageKey, sha256: snap.sha256, commitSha: snap.commitSha, ref: snap.ref };
  }
  const [repo] = await db.select().from(repositories).where(eq(repositories.id, scan.repositoryId));
  const e = env();
  switch (repo.sourceType) {
    case 'git': {
      let credential: Awaited<ReturnType<typeof gitCredentialOf>>;
      try {
        credential = await gitCredentialOf(repo.id, db);
      } catch (err) {
        if (!(err instanceof CredentialUnreadable)) throw err;
        return { type: 'refused', reason: err.message };
      }
      return {
        type: 'git',
        url: repo.sourceLocation,
        ref: scan.ref,
        allowFile: e.allowLocalSources,
        timeoutSeconds: e.VEGA_GIT_CLONE_TIMEOUT_SECONDS,
        previousKey: await newestSnapshotKey(repo.id, db),
        ...(credential ? { credential } : {}),
        ...(e.VEGA_GIT_SSL_CA_FILE ? { sslCaFile: e.VEGA_GIT_SSL_CA_FILE } : {}),
      };
    }
    case 'local':
      if (!e.allowLocalSources) return { type: 'refused', reason: 'directory sources are disabled on this server (VEGA_ALLOW_LOCAL_SOURCES is off)' };
      try {
        await assertLocalPathAllowed(repo.sourceLocation);
      } catch (err) {
        return { type: 'refused', reason: err instanceof Error ? err.message : String(err) };
      }
      return { type: 'local', path: repo.sourceLocation, previousKey: await newestSnapshotKey(repo.id, db) };
    case 'upload':
      // Every upload scan is created with its revision.
      return { type: 'refused', reason: 'this scan names no revision of the upload' };
  }
}
