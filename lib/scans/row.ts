import type { Scan } from '../db/schema';

/** A scans row as postgres.js returns it from raw SQL (snake_case). */
export interface ScanRow {
  id: string;
  repository_id: string;
  team_id: string;
  snapshot_id: string;
  status: Scan['status'];
  engine: string;
  attempt: number;
  lease_expires_at: Date | null;
  heartbeat_at: Date | null;
  claimed_by: string | null;
  cancel_requested_at: Date | null;
  cancel_requested_by: string | null;
  progress_done: number;
  progress_total: number;
  findings_count: number;
  batch_seq: number;
  threat_profile_version: number | null;
  plan_review: boolean;
  error: string | null;
  idempotency_key: string | null;
  created_by: string | null;
  created_at: Date;
  claimed_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
}

export function toScan(r: ScanRow): Scan {
  return {
    id: r.id,
    repositoryId: r.repository_id,
    teamId: r.team_id,
    snapshotId: r.snapshot_id,
    status: r.status,
    engine: r.engine,
    attempt: r.attempt,
    leaseExpiresAt: r.lease_expires_at,
    heartbeatAt: r.heartbeat_at,
    claimedBy: r.claimed_by,
    cancelRequestedAt: r.cancel_requested_at,
    cancelRequestedBy: r.cancel_requested_by,
    progressDone: r.progress_done,
    progressTotal: r.progress_total,
    findingsCount: r.findings_count,
    batchSeq: r.batch_seq,
    threatProfileVersion: r.threat_profile_version,
    planReview: r.plan_review,
    error: r.error,
    idempotencyKey: r.idempotency_key,
    createdBy: r.created_by,
    createdAt: r.created_at,
    claimedAt: r.claimed_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
