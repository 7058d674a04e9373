import type { snapshots } from '../db/schema';
import type { SnapshotResult } from '../snapshots/create';

/** A snapshot stored in the snapshot store (content-addressed, so storing it twice is harmless), as a revision records it. */
export interface TakenSnapshot {
  key: string;
  sha256: string;
  sizeBytes: number;
  sourceBytes: number;
  fileCount: number;
}

/** A snapshot the snapshot module made (registration, an upload, the runner's step), as a revision records it. */
export function takenOf(s: SnapshotResult): TakenSnapshot {
  return { key: s.key, sha256: s.sha256, sizeBytes: s.bytes, sourceBytes: s.sourceBytes, fileCount: s.files };
}

/** The snapshots row of a revision: what was stored, and the commit and ref it is of. */
export function revisionRow(
  repositoryId: string,
  taken: TakenSnapshot,
  labels: { commitSha: string | null; ref: string | null },
): typeof snapshots.$inferInsert {
  return {
    repositoryId,
    sha256: taken.sha256,
    storageKey: taken.key,
    sizeBytes: taken.sizeBytes,
    sourceBytes: taken.sourceBytes,
    fileCount: taken.fileCount,
    commitSha: labels.commitSha,
    ref: labels.ref,
  };
}
