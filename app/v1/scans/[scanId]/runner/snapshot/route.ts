import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { json, readJson } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { attachSnapshot, snapshotReply } from '@/lib/revisions/attach';
import { checkSnapshotKey, snapshotKey } from '@/lib/snapshots/store';

export const dynamic = 'force-dynamic';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const bodySchema = z
  .object({
    attempt: z.number().int().min(1),
    commit_sha: z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be a full commit id').nullable().optional(),
    ref: z.string().min(1).max(255).nullable().optional(),
    snapshot: z
      .object({
        key: z.string().max(200),
        sha256,
        size_bytes: z.number().int().min(0),
        source_bytes: z.number().int().min(0),
        file_count: z.number().int().min(0),
      })
      .optional(),
  })
  .strict();

// POST /v1/scans/:scanId/runner/snapshot – the runner's snapshot step fixes the scan's revision (scan token): {commit_sha} reuses that commit's snapshot ({snapshot: null} when there is none); with {snapshot} it records the one the runner stored
export const POST = runnerRoute(async ({ request, claims }) => {
  const body = await readJson(request, bodySchema);
  if (body.attempt !== claims.attempt) throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  const s = body.snapshot;
  if (s) {
    let valid = false;
    try {
      valid = checkSnapshotKey(s.key) === snapshotKey(s.sha256);
    } catch {
      valid = false;
    }
    if (!valid) throw new ApiError('validation_failed', 422, 'snapshot.key: must be the content address of snapshot.sha256');
  } else if (!body.commit_sha) {
    throw new ApiError('validation_failed', 422, 'commit_sha: is required without a snapshot');
  }
  const result = await attachSnapshot({
    scanId: claims.scanId,
    attempt: claims.attempt,
    commitSha: body.commit_sha ?? null,
    ref: body.ref ?? null,
    taken: s && { key: s.key, sha256: s.sha256, sizeBytes: s.size_bytes, sourceBytes: s.source_bytes, fileCount: s.file_count },
  });
  if (!result.attached && result.reason === 'inactive') throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  return json(snapshotReply(result.attached ? result : null));
});
