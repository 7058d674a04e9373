import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { canSee, hasRole, type Principal } from '../auth/principal';
import { forbidden, notFound } from '../api/errors';
import { isUuid } from '../api/ids';
import type { PageCursor } from '../api/pagination';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, teams, type Role } from '../db/schema';

/**
 * Loads a repository the principal may see; "missing" and "another team's"
 * are the same 404, so ids cannot be probed. Seeing it but lacking the role
 * to act on it is a 403.
 */
export async function loadRepository(principal: Principal, id: string, need: Role = 'viewer', db: DbOrTx = getDb()) {
  if (!isUuid(id)) throw notFound('repository');
  const [row] = await db
    .select({ repo: repositories, team: teams })
    .from(repositories)
    .innerJoin(teams, eq(teams.id, repositories.teamId))
    .where(eq(repositories.id, id));
  if (!row || !canSee(principal, row.repo.teamId)) throw notFound('repository');
  if (!hasRole(principal, row.repo.teamId, need)) {
    throw forbidden(`this needs the ${need} role in team ${row.team.slug}`);
  }
  return row;
}

export async function listRepositories(teamIds: string[], page: { limit: number; after: PageCursor | null }, db: DbOrTx = getDb()) {
  if (teamIds.length === 0) return [];
  const after = page.after;
  return db
    .select({ repo: repositories, team: teams })
    .from(repositories)
    .innerJoin(teams, eq(teams.id, repositories.teamId))
    .where(
      and(
        inArray(repositories.teamId, teamIds),
        after
          ? or(lt(repositories.createdAt, after.at), and(eq(repositories.createdAt, after.at), lt(repositories.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(repositories.createdAt), desc(repositories.id))
    .limit(page.limit + 1);
}
