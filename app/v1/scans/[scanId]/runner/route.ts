import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { scans, snapshots } from '@/lib/db/schema';
import { isActive } from '@/lib/scans/lifecycle';
import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { json } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { profileForScan } from '@/lib/profiles/store';
import { issueLlmToken } from '@/lib/llm/token';

export const dynamic = 'force-dynamic';

// GET /v1/scans/:scanId/runner – what a runner needs to start: its attempt, the snapshot, the engine, the threat profile and, for codex, its LLM token (scan token)
export const GET = runnerRoute(async ({ claims }) => {
  const [row] = await getDb()
    .select({ scan: scans, snapshot: { storageKey: snapshots.storageKey, sha256: snapshots.sha256 } })
    .from(scans)
    .innerJoin(snapshots, eq(snapshots.id, scans.snapshotId))
    .where(eq(scans.id, claims.scanId));
  if (!row || row.scan.attempt !== claims.attempt || !isActive(row.scan.status)) {
    throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  }
  const { scan, snapshot } = row;
  return json({
    scan_id: claims.scanId,
    attempt: scan.attempt,
    engine: scan.engine,
    snapshot: { key: snapshot.storageKey, sha256: snapshot.sha256 },
    threat_profile: await profileForScan(scan),
    cancel_requested: scan.cancelRequestedAt !== null,
    lease_seconds: env().VEGA_SCAN_LEASE_SECONDS,
    // Stop after planning until a team owner approves (gates: /v1/scans/:id/runner/gates).
    plan_review: scan.planReview,
    // The codex backend's key to the LLM proxy (/v1/llm), for this attempt only.
    ...(scan.engine === 'codex' ? { llm: { token: issueLlmToken(claims.scanId, scan.attempt, env().runnerTokenTtlSeconds) } } : {}),
  });
});
