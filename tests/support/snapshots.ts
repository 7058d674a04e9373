import { getSql } from '../support/sql';
import { createSnapshot } from '../../lib/snapshots/create';
import { snapshotStore, workDir } from '../../lib/storage';

/**
 * A new snapshot of `dir` for an existing repository (what a re-fetch of its
 * source would make): the next scan of the repository scans this tree.
 */
export async function addSnapshot(repositoryId: string, dir: string) {
  const snap = await createSnapshot({ type: 'local', path: dir }, { store: snapshotStore(), workDir: workDir(), allowLocal: true, allowFileGit: true });
  const [row] = await getSql()<{ id: string }[]>`
    insert into snapshots (repository_id, sha256, storage_key, size_bytes, source_bytes, file_count)
    values (${repositoryId}, ${snap.sha256}, ${snap.key}, ${snap.bytes}, ${snap.sourceBytes}, ${snap.files})
    returning id`;
  return row.id;
}
