import { notFound } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/route';
import { isArtifactName, openArtifact } from '@/lib/artifacts/store';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string; name: string };

// GET /v1/repositories/:id/scans/:scanId/artifacts/:name – download one artifact
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const artifact = isArtifactName(params.name) ? await openArtifact(scan.id, params.name) : null;
  if (!artifact) throw notFound('artifact');
  return new Response(artifact.body, {
    headers: {
      'Content-Type': artifact.contentType,
      'Content-Length': String(artifact.size),
      'Content-Disposition': `attachment; filename="${scan.id.slice(0, 8)}-${params.name}"`,
    },
  });
});
