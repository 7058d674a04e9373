import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { apiTokens, teams, type Role } from '../db/schema';

const PREFIX = 'vega_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a team token; the plain token is returned once and never stored. */
export async function createToken(input: { teamId: string; name: string; role?: Role; createdBy?: string | null }, db: DbOrTx = getDb()) {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({
      teamId: input.teamId,
      name: input.name,
      role: input.role ?? 'member',
      tokenHash: hashToken(token),
      prefix: token.slice(0, PREFIX.length + 6),
      createdBy: input.createdBy ?? null,
    })
    .returning();
  return { token, row };
}

export async function findActiveToken(token: string, db: DbOrTx = getDb()) {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({ token: apiTokens, team: teams })
    .from(apiTokens)
    .innerJoin(teams, eq(teams.id, apiTokens.teamId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  return row;
}

export async function listTokens(teamId: string, db: DbOrTx = getDb()) {
  return db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId)).orderBy(apiTokens.createdAt);
}

export async function revokeToken(teamId: string, tokenId: string, db: DbOrTx = getDb()) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.teamId, teamId), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}
