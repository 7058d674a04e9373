import { rm } from 'node:fs/promises';
import { apiRoute, json, readJson } from '@/lib/api/route';
import { decodeCursor, encodeCursor, pageResponse, parseLimit } from '@/lib/api/pagination';
import { createRepository, createRepositoryBodySchema } from '@/lib/repositories/create-repository';
import { listRepositories } from '@/lib/repositories/queries';
import { headRevision } from '@/lib/revisions/queries';
import { serializeRepository } from '@/lib/repositories/serialize';
import { readUpload } from '@/lib/repositories/upload';

export const dynamic = 'force-dynamic';

// GET /v1/repositories – the repositories of the caller's teams, newest first
export const GET = apiRoute(async ({ url, principal }) => {
  const limit = parseLimit(url.searchParams);
  const teamIds = principal.teams.map((t) => t.team.id);
  const rows = await listRepositories(teamIds, { limit, after: decodeCursor(url.searchParams.get('after')) });
  const snaps = await Promise.all(rows.slice(0, limit).map((r) => headRevision(r.repo)));
  return pageResponse(
    url,
    rows.map((r, i) => ({ ...r, snap: snaps[i] })),
    limit,
    (r) => serializeRepository(r.repo, r.snap, r.team),
    (r) => encodeCursor({ at: r.repo.createdAt, id: r.repo.id }),
  );
});

// POST /v1/repositories – register a repository from git, a server directory, or an uploaded archive
export const POST = apiRoute(async ({ request, principal }) => {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const upload = await readUpload(request);
    try {
      const created = await createRepository(principal, {
        name: upload.name,
        team: upload.team,
        source: { type: 'upload', path: upload.path, filename: upload.filename, commitSha: upload.commitSha, ref: upload.ref },
      });
      return json(serializeRepository(created.repo, created.snapshot, created.team), 201);
    } finally {
      await rm(upload.path, { force: true });
    }
  }
  const body = await readJson(request, createRepositoryBodySchema);
  const created = await createRepository(principal, body);
  return json(serializeRepository(created.repo, created.snapshot, created.team), 201);
});
