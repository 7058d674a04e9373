import type { Scan } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeScan(s: Scan) {
  return {
    id: s.id,
    repository_id: s.repositoryId,
    team_id: s.teamId,
    snapshot_id: s.snapshotId,
    ref: s.ref,
    commit_sha: s.commitSha,
    /** A scan of a ref other than the default branch: its findings are its own, new or existing against base_scan_id. */
    branch: s.branch,
    base_scan_id: s.baseScanId,
    status: s.status,
    engine: s.engine,
    threat_profile_version: s.threatProfileVersion,
    plan_review: s.planReview,
    attempt: s.attempt,
    progress: { done: s.progressDone, total: s.progressTotal },
    findings_count: s.findingsCount,
    error: s.error,
    cancel_requested_at: iso(s.cancelRequestedAt),
    lease_expires_at: iso(s.leaseExpiresAt),
    created_at: s.createdAt.toISOString(),
    claimed_at: iso(s.claimedAt),
    started_at: iso(s.startedAt),
    finished_at: iso(s.finishedAt),
  };
}
