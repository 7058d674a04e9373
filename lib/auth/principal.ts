import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { getDb } from '../db/client';
import { memberships, teams, users, type Role, type Team, type User } from '../db/schema';
import { findActiveToken } from '../tokens/tokens';
import { apiTokens } from '../db/schema';
import { authOptions } from './options';

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

async function principalForToken(token: string): Promise<Principal | null> {
  const found = await findActiveToken(getDb(), token);
  if (!found) return null;
  // Best effort: a failed last-used stamp must not fail the request.
  void getDb()
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiTokens.id, found.token.id))
    .catch(() => {});
  return { kind: 'token', tokenId: found.token.id, isAdmin: false, teams: [{ team: found.team, role: found.token.role }] };
}

/** Bearer token first (API clients), then the session cookie (the browser). */
export async function resolvePrincipal(request: Request): Promise<Principal | null> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? principalForToken(match[1]) : null;
  }
  return sessionPrincipal();
}

export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? principalForUserId(id) : null;
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
