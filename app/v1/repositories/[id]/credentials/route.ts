import { ApiError } from '@/lib/api/errors';
import { apiRoute, json, readJson } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { credentialSchema, credentialStatus, deleteCredential, setCredential } from '@/lib/revisions/credentials';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/credentials – whether the repository has a credential, when it was set and last used (never the credential)
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  return json(await credentialStatus(repo.id));
});

// PUT /v1/repositories/:id/credentials – owners: {"type": "https_token", "username"?, "token"} for a private git remote; stored encrypted, write-only; 409 source_mismatch for uploads and directories
export const PUT = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'owner');
  const body = await readJson(request, credentialSchema);
  if (repo.sourceType !== 'git') throw new ApiError('source_mismatch', 409, 'only a git repository fetches with a credential');
  await setCredential(repo.id, body, principal.kind === 'user' ? principal.user.id : null);
  return json(await credentialStatus(repo.id));
});

// DELETE /v1/repositories/:id/credentials – owners: forget the credential; 204
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'owner');
  await deleteCredential(repo.id);
  return new Response(null, { status: 204 });
});
