import { eq } from 'drizzle-orm';
import { createUser } from '../users/create-user';
import { getDb, type DbOrTx } from '../db/client';
import { users } from '../db/schema';

export const DEMO = {
  email: 'demo@vega.local',
  password: 'vega-demo',
  teamSlug: 'demo',
  teamName: 'Demo Team',
} as const;

/** The demo team and its owner (a platform admin), created once. */
export async function seedDemo(db: DbOrTx = getDb()) {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.email));
  if (existing) return false;
  await createUser(
    {
    email: DEMO.email,
    password: DEMO.password,
    teamSlug: DEMO.teamSlug,
    teamName: DEMO.teamName,
    role: 'owner',
    admin: true,
    name: 'Demo User',
    },
    db,
  );
  return true;
}
