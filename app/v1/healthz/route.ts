import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { json, publicRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// GET /v1/healthz – liveness and database reachability
export const GET = publicRoute(async () => {
  try {
    await getDb().execute(sql`select 1`);
    return json({ status: 'ok', database: 'ok' });
  } catch {
    return json({ status: 'degraded', database: 'unreachable' }, 503);
  }
});
