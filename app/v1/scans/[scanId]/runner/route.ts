import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { scans } from '@/lib/db/schema';
import { sourceOfScan } from '@/lib/revisions/source';
import { isActive } from '@/lib/scans/lifecycle';
import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { json } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { profileForScan } from '@/lib/profiles/store';
import { issueLlmToken } from '@/lib/llm/token';
import { analysisCacheScopes } from '@/lib/runner/analysis-cache-store';

export const dynamic = 'force-dynamic';

// GET /v1/scans/:scanId/runner – what a runner needs to start: its attempt, its source (a snapshot, or what to fetch), the engine, the threat profile and, for codex, its LLM token (scan token)
export const GET = runnerRoute(async ({ claims }) => {
  const [scan] = await getDb().select().from(scans).where(eq(scans.id, claims.scanId));
  if (!scan || scan.attempt !== claims.attempt || !isActive(scan.status)) {
    throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  }
  const source = await sourceOfScan(scan);
  return json({
    scan_id: claims.scanId,
    attempt: scan.attempt,
    engine: scan.engine,
    // What to scan: a revision already taken ({type: "snapshot", key}), or a
    // git remote / server directory the runner's snapshot step reads now and
    // reports back (POST /v1/scans/:id/runner/snapshot).
    source,
    threat_profile: await profileForScan(scan),
    cancel_requested: scan.cancelRequestedAt !== null,
    lease_seconds: env().VEGA_SCAN_LEASE_SECONDS,
    // Stop after planning until a team owner approves (gates: /v1/scans/:id/runner/gates).
    plan_review: scan.planReview,
    // Incremental analysis: the blobs of the repository's analysis cache this
    // scan reads (key, base) and writes (key); a branch scan never writes the
    // default branch's. Null: every file is analyzed (VEGA_INCREMENTAL=0).
    analysis_cache: env().VEGA_INCREMENTAL ? analysisCacheScopes(scan) : null,
    // The codex backend's key to the LLM proxy (/v1/llm), for this attempt only.
    ...(scan.engine === 'codex' ? { llm: { token: issueLlmToken(claims.scanId, scan.attempt, env().runnerTokenTtlSeconds) } } : {}),
  });
});
