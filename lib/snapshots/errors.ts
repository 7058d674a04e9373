// One error type for everything the snapshot module refuses, so the API layer
// can map it to `{ error: { code, message } }` with `status` without knowing
// which step (extract, clone, pack) failed.

export type SnapshotErrorCode =
  | 'archive_path_traversal'
  | 'archive_absolute_path'
  | 'archive_invalid_path'
  | 'archive_symlink'
  | 'archive_too_large'
  | 'archive_too_many_files'
  | 'archive_invalid'
  | 'archive_unsupported_type'
  | 'git_clone_failed'
  | 'git_url_not_allowed'
  | 'git_ref_invalid'
  | 'git_ref_not_found'
  | 'git_auth_failed'
  | 'source_not_allowed'
  | 'source_not_found'
  | 'source_empty';

// An archive that expands past the caps is bad input like any other refused
// archive (400); 413 is kept for the request body itself (the upload limit).
export type SnapshotErrorStatus = 400 | 422;

export class SnapshotError extends Error {
  constructor(
    public code: SnapshotErrorCode,
    message: string,
    public status: SnapshotErrorStatus = 400,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/**
 * Classifies an error raised while reading an uploaded archive: parser and
 * decompression failures mean the upload is malformed (400), while system
 * errors (disk full, permissions) are the server's problem and pass through.
 */
export function asArchiveError(error: unknown, kind: string): unknown {
  if (error instanceof SnapshotError || !(error instanceof Error) || 'syscall' in error) return error;
  return new SnapshotError('archive_invalid', `The ${kind} archive could not be read: ${error.message}`);
}
