import type { Repository, Snapshot, Team } from '../db/schema';

export function serializeRepository(repo: Repository, snapshot?: Snapshot | null, team?: Team) {
  return {
    id: repo.id,
    name: repo.name,
    team_id: repo.teamId,
    ...(team ? { team_slug: team.slug } : {}),
    source: { type: repo.sourceType, location: repo.sourceLocation, ref: repo.sourceRef },
    /** Scans stop after planning until a team owner approves. */
    plan_review: repo.planReview,
    snapshot: snapshot
      ? {
          id: snapshot.id,
          sha256: snapshot.sha256,
          size_bytes: snapshot.sizeBytes,
          source_bytes: snapshot.sourceBytes,
          file_count: snapshot.fileCount,
          commit_sha: snapshot.commitSha,
          created_at: snapshot.createdAt.toISOString(),
        }
      : null,
    created_at: repo.createdAt.toISOString(),
  };
}
