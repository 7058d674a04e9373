import type { Repository, Snapshot } from '../db/schema';

/** A revision as the API shows it; `size` is the source's size (uncompressed), `size_bytes` what storing it added (its manifest and the files no earlier revision stored, compressed). */
export function serializeSnapshot(s: Snapshot) {
  return {
    id: s.id,
    sha256: s.sha256,
    commit_sha: s.commitSha,
    ref: s.ref,
    file_count: s.fileCount,
    size: s.sourceBytes,
    size_bytes: s.sizeBytes,
    source_bytes: s.sourceBytes,
    created_at: s.createdAt.toISOString(),
  };
}

/** The branch whose scans own finding state; uploads and directories that never named one: main. */
export function defaultRefOf(repo: Pick<Repository, 'sourceType' | 'defaultRef'>): string | null {
  return repo.defaultRef ?? (repo.sourceType === 'git' ? null : 'main');
}
