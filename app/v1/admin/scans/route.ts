import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { scanStatusEnum, teams } from '@/lib/db/schema';
import { forbidden } from '@/lib/api/errors';
import { apiRoute, parseQuery } from '@/lib/api/route';
import { decodeCursor, encodeCursor, pageResponse, parseLimit } from '@/lib/api/pagination';
import { listAllScans } from '@/lib/scans/queries';
import { serializeScan } from '@/lib/scans/serialize';

export const dynamic = 'force-dynamic';

const adminScansQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : []))
    .pipe(z.array(z.enum(scanStatusEnum.enumValues))),
  team: z.string().optional(),
});

// GET /v1/admin/scans – every team's scans (platform admins; ?status=running,queued&team=<slug>)
export const GET = apiRoute(async ({ url, principal }) => {
  if (!principal.isAdmin) throw forbidden('platform admins only');
  const q = parseQuery(url, adminScansQuerySchema.passthrough());
  const limit = parseLimit(url.searchParams);
  const teamId = q.team ? ((await getDb().select().from(teams).where(eq(teams.slug, q.team)))[0]?.id ?? '00000000-0000-0000-0000-000000000000') : undefined;
  const rows = await listAllScans({ status: q.status, teamId, limit, after: decodeCursor(url.searchParams.get('after')) });
  return pageResponse(
    url,
    rows,
    limit,
    (r) => ({ ...serializeScan(r.scan), repository_name: r.repositoryName, team_slug: r.teamSlug }),
    (r) => encodeCursor({ at: r.scan.createdAt, id: r.scan.id }),
  );
});
