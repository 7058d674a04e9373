import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbOrTx } from '../db/client';
import { repositoryCredentials } from '../db/schema';
import { openSecret, sealSecret } from '../secrets/box';

/** `PUT /v1/repositories/:id/credentials`, and `source.credentials` at registration. */
export const credentialSchema = z
  .object({
    type: z.literal('https_token'),
    /** Default x-access-token (GitHub takes any name with a token; GitLab: oauth2). */
    username: z.string().trim().min(1).max(200).optional(),
    token: z.string().min(1).max(4096),
  })
  .strict();
export type CredentialInput = z.infer<typeof credentialSchema>;

const DEFAULT_USERNAME = 'x-access-token';

/** Stores (or replaces) a repository's credential, sealed; the plaintext is kept nowhere. */
export async function setCredential(repositoryId: string, input: CredentialInput, userId: string | null, db: DbOrTx = getDb()) {
  const values = {
    repositoryId,
    type: input.type,
    username: input.username ?? null,
    sealed: sealSecret(JSON.stringify({ token: input.token }), repositoryId),
    updatedBy: userId,
    updatedAt: new Date(),
    lastUsedAt: null,
  };
  await db.insert(repositoryCredentials).values(values).onConflictDoUpdate({ target: repositoryCredentials.repositoryId, set: values });
}

export async function deleteCredential(repositoryId: string, db: DbOrTx = getDb()) {
  await db.delete(repositoryCredentials).where(eq(repositoryCredentials.repositoryId, repositoryId));
}

/** What the API says of a credential: whether one is set, and when it was set and last used. Never the credential. */
export async function credentialStatus(repositoryId: string, db: DbOrTx = getDb()) {
  const [row] = await db
    .select({ type: repositoryCredentials.type, updatedAt: repositoryCredentials.updatedAt, lastUsedAt: repositoryCredentials.lastUsedAt })
    .from(repositoryCredentials)
    .where(eq(repositoryCredentials.repositoryId, repositoryId));
  return row
    ? { set: true, type: row.type, updated_at: row.updatedAt.toISOString(), last_used_at: row.lastUsedAt?.toISOString() ?? null }
    : { set: false, type: null, updated_at: null, last_used_at: null };
}

/** A stored credential the key no longer opens (VEGA_SECRETS_KEY set or changed, the signing secret rotated). */
export class CredentialUnreadable extends Error {}

/** The credential git needs for this repository's remote (marked used now), or null; CredentialUnreadable if it cannot be decrypted. */
export async function gitCredentialOf(repositoryId: string, db: DbOrTx = getDb()): Promise<{ username: string; password: string } | null> {
  const [row] = await db
    .select({ username: repositoryCredentials.username, sealed: repositoryCredentials.sealed })
    .from(repositoryCredentials)
    .where(eq(repositoryCredentials.repositoryId, repositoryId));
  if (!row) return null;
  let token: string;
  try {
    ({ token } = JSON.parse(openSecret(row.sealed, repositoryId)) as { token: string });
  } catch {
    throw new CredentialUnreadable("the repository's stored credential can no longer be decrypted (the secrets key changed): set it again");
  }
  await db.update(repositoryCredentials).set({ lastUsedAt: sql`now()` }).where(eq(repositoryCredentials.repositoryId, repositoryId));
  return { username: row.username ?? DEFAULT_USERNAME, password: token };
}

/** The credential given at registration, as git needs it. */
export function gitCredentialFrom(input: CredentialInput): { username: string; password: string } {
  return { username: input.username ?? DEFAULT_USERNAME, password: input.token };
}
