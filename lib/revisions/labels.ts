import { ApiError } from '../api/errors';
import { checkRef } from '../snapshots/git';

/** An uploader's commit id and ref, checked: a 422 naming the field. */
export function revisionLabels(input: { commitSha?: string; ref?: string }): { commitSha: string | null; ref: string | null } {
  if (input.commitSha !== undefined && !/^[0-9a-f]{7,64}$/i.test(input.commitSha)) {
    throw new ApiError('validation_failed', 422, 'commit_sha: must be a commit id (7 to 64 hex digits)');
  }
  if (input.ref !== undefined) {
    try {
      checkRef(input.ref);
    } catch (err) {
      throw new ApiError('validation_failed', 422, `ref: ${(err as Error).message}`);
    }
  }
  return { commitSha: input.commitSha?.toLowerCase() ?? null, ref: input.ref ?? null };
}
