import { rm } from 'node:fs/promises';
import { apiRoute, json } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { decodeCursor, encodeCursor, pageResponse, parseLimit } from '@/lib/api/pagination';
import { loadRepository } from '@/lib/repositories/queries';
import { readUpload } from '@/lib/repositories/upload';
import { addUploadRevision, assertTakesUploads } from '@/lib/revisions/add-upload';
import { listSnapshots } from '@/lib/revisions/queries';
import { serializeSnapshot } from '@/lib/revisions/serialize';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/snapshots – the repository's revisions, newest first (id, commit_sha, ref, file_count, size, created_at)
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const limit = parseLimit(url.searchParams);
  const rows = await listSnapshots(repo.id, { limit, after: decodeCursor(url.searchParams.get('after')) });
  return pageResponse(url, rows, limit, serializeSnapshot, (s) => encodeCursor({ at: s.createdAt, id: s.id }));
});

// POST /v1/repositories/:id/snapshots – a new revision of an upload repository (multipart `file`, optional `commit_sha`, `ref`); 201 with it; 409 source_mismatch for git and directory repositories
export const POST = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'member');
  assertTakesUploads(repo);
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    throw new ApiError('unsupported_media_type', 415, 'send the archive as multipart/form-data with a `file` part');
  }
  const upload = await readUpload(request);
  try {
    return json(serializeSnapshot(await addUploadRevision(repo, upload)), 201);
  } finally {
    await rm(upload.path, { force: true });
  }
});
