import { and, eq, isNull } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type Db } from '../db/client';
import { repositories, snapshots, type Repository } from '../db/schema';
import { createSnapshot } from '../snapshots/create';
import { snapshotStore, workDir } from '../storage';
import { revisionLabels } from './labels';
import { newestSnapshotKey } from './queries';
import { revisionRow, takenOf } from './revision-row';

/**
 * Adds a revision to an upload repository (POST …/snapshots): the archive
 * becomes a snapshot like the first one, labelled with the commit and ref
 * the uploader gives. The next scan scans it. A repository that tracks git
 * or a directory gets its revisions from there: 409 source_mismatch.
 */
/** 409 source_mismatch unless the repository takes uploads (checked before an upload's body is read). */
export function assertTakesUploads(repo: Repository) {
  if (repo.sourceType !== 'upload') {
    throw new ApiError('source_mismatch', 409, `this repository's revisions come from its ${repo.sourceType === 'git' ? 'git remote' : 'server directory'}, not from uploads`);
  }
}

export async function addUploadRevision(
  repo: Repository,
  upload: { path: string; filename: string; commitSha?: string; ref?: string },
  db: Db = getDb(),
) {
  assertTakesUploads(repo);
  const labels = revisionLabels(upload);
  const snap = await createSnapshot({ type: 'archive', path: upload.path, filename: upload.filename }, {
    store: snapshotStore(),
    workDir: workDir(),
    allowLocal: false,
    allowFileGit: false,
    previousKey: await newestSnapshotKey(repo.id, db),
  });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(snapshots)
      .values(revisionRow(repo.id, takenOf(snap), labels))
      .returning();
    // The default branch of an upload repository is the first ref anybody named.
    if (labels.ref) {
      await tx.update(repositories).set({ defaultRef: labels.ref }).where(and(eq(repositories.id, repo.id), isNull(repositories.defaultRef)));
    }
    return row;
  });
}
