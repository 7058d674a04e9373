import type { Repository, Snapshot, Team } from '../db/schema';
import { defaultRefOf, serializeSnapshot } from '../revisions/serialize';

export function serializeRepository(repo: Repository, snapshot?: Snapshot | null, team?: Team) {
  return {
    id: repo.id,
    name: repo.name,
    team_id: repo.teamId,
    ...(team ? { team_slug: team.slug } : {}),
    source: { type: repo.sourceType, location: repo.sourceLocation, ref: repo.sourceRef },
    /** Scans stop after planning until a team owner approves. */
    plan_review: repo.planReview,
    /** The branch whose scans own finding state (fixed, reopened, triage); other refs are branch scans. */
    default_ref: defaultRefOf(repo),
    /** The newest revision (GET …/snapshots lists them all). */
    snapshot: snapshot ? serializeSnapshot(snapshot) : null,
    created_at: repo.createdAt.toISOString(),
  };
}
