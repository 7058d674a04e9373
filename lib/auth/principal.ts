import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { apiTokens, memberships, teams, users, type Role, type Team, type User } from '../db/schema';
import { findActiveToken } from '../tokens/tokens';

export interface TeamAccess {
  team: Team;
  role: Role;
}

/** Who is calling: a signed-in user, or a team token (never an admin). */
export type Principal =
  | { kind: 'user'; user: User; isAdmin: boolean; teams: TeamAccess[] }
  | { kind: 'token'; tokenId: string; isAdmin: false; teams: TeamAccess[] };

export async function principalForUserId(userId: string): Promise<Principal | null> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const rows = await db
    .select({ team: teams, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(teams.createdAt);
  return { kind: 'user', user, isAdmin: user.isAdmin, teams: rows };
}

export async function principalForToken(token: string): Promise<Principal | null> {
  const found = await findActiveToken(token);
  if (!found) return null;
  // Best effort: a failed last-used stamp must not fail the request.
  void getDb()
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiTokens.id, found.token.id))
    .catch(() => {});
  return { kind: 'token', tokenId: found.token.id, isAdmin: false, teams: [{ team: found.team, role: found.token.role }] };
}

/** The principal of an `Authorization` header; null when it is not a live team token. */
export function principalForAuthorization(header: string): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? principalForToken(match[1]) : Promise.resolve(null);
}


const RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 };

export function roleIn(principal: Principal, teamId: string): Role | null {
  return principal.teams.find((t) => t.team.id === teamId)?.role ?? null;
}

/** Can the principal act with at least `needed` in the team? Admins can act anywhere. */
export function hasRole(principal: Principal, teamId: string, needed: Role): boolean {
  if (principal.isAdmin) return true;
  const role = roleIn(principal, teamId);
  return role !== null && RANK[role] >= RANK[needed];
}

export function canSee(principal: Principal, teamId: string): boolean {
  return principal.isAdmin || roleIn(principal, teamId) !== null;
}
