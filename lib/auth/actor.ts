import { eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { apiTokens } from '../db/schema';
import type { Principal } from './principal';

/** Who did something, as the record keeps it for good (gate decisions, cancels, the scan journal). */
export interface Actor {
  userId: string | null;
  /** A user's email, or `token "<name>"`. */
  label: string;
}

export async function actorOf(principal: Principal, db: DbOrTx = getDb()): Promise<Actor> {
  if (principal.kind === 'user') return { userId: principal.user.id, label: principal.user.email };
  const [t] = await db.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.id, principal.tokenId));
  return { userId: null, label: `token "${t?.name ?? principal.tokenId}"` };
}
