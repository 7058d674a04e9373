import { eq } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { getDb, type DbOrTx } from '../db/client';
import { memberships, teams, users, type Role } from '../db/schema';

export interface CreateUserInput {
  email: string;
  password: string;
  teamSlug: string;
  teamName?: string;
  role?: Role;
  admin?: boolean;
  name?: string;
}

/**
 * Creates (or updates) a user and their membership, creating the team when
 * it does not exist yet: one transaction, so a failure leaves nothing half-made.
 */
export async function createUser(input: CreateUserInput, db: DbOrTx = getDb()) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [team] = await tx
      .insert(teams)
      .values({ slug: input.teamSlug, name: input.teamName ?? input.teamSlug })
      .onConflictDoUpdate({ target: teams.slug, set: { slug: input.teamSlug } })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ email, passwordHash, isAdmin: input.admin ?? false, name: input.name ?? null })
      .onConflictDoUpdate({
        target: users.email,
        set: { passwordHash, ...(input.admin !== undefined ? { isAdmin: input.admin } : {}) },
      })
      .returning();
    await tx
      .insert(memberships)
      .values({ teamId: team.id, userId: user.id, role: input.role ?? 'member' })
      .onConflictDoUpdate({ target: [memberships.teamId, memberships.userId], set: { role: input.role ?? 'member' } });
    return { user, team };
  });
}

export async function findTeamBySlug(slug: string, db: DbOrTx = getDb()) {
  const [team] = await db.select().from(teams).where(eq(teams.slug, slug));
  return team;
}
