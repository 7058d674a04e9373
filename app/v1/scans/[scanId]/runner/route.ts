import { getDb, getSql } from '@/lib/db/client';
import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { json } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { profileForScan } from '@/lib/profiles/store';
import { issueLlmToken } from '@/lib/llm/token';

export const dynamic = 'force-dynamic';

// GET /v1/scans/:scanId/runner – what a runner needs to start: its attempt, the snapshot, the engine, the threat profile and, for codex, its LLM token (scan token)
export const GET = runnerRoute(async ({ claims }) => {
  const [row] = await getSql()<{ attempt: number; status: string; engine: string; storage_key: string; sha256: string; cancel_requested_at: Date | null; repository_id: string; threat_profile_version: number | null; plan_review: boolean }[]>`
    select s.repository_id, s.threat_profile_version, s.plan_review, s.attempt, s.status, s.engine, s.cancel_requested_at, sn.storage_key, sn.sha256
    from scans s join snapshots sn on sn.id = s.snapshot_id
    where s.id = ${claims.scanId}`;
  if (!row || row.attempt !== claims.attempt || !['claimed', 'running', 'needs_input'].includes(row.status)) {
    throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  }
  return json({
    scan_id: claims.scanId,
    attempt: row.attempt,
    engine: row.engine,
    snapshot: { key: row.storage_key, sha256: row.sha256 },
    threat_profile: await profileForScan(getDb(), { repositoryId: row.repository_id, threatProfileVersion: row.threat_profile_version }),
    cancel_requested: row.cancel_requested_at !== null,
    lease_seconds: env().VEGA_SCAN_LEASE_SECONDS,
    // Stop after planning until a team owner approves (gates: /v1/scans/:id/runner/gates).
    plan_review: row.plan_review,
    // The codex backend's key to the LLM proxy (/v1/llm), for this attempt only.
    ...(row.engine === 'codex' ? { llm: { token: issueLlmToken(claims.scanId, row.attempt, env().runnerTokenTtlSeconds) } } : {}),
  });
});
