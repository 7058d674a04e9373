import { ApiError, notFound } from '@/lib/api/errors';
import { apiRoute, json, parseQuery, readJson } from '@/lib/api/route';
import { z } from 'zod';
import { loadRepository } from '@/lib/repositories/queries';
import { getThreatProfileQuerySchema, putThreatProfileBodySchema } from '@/lib/profiles/schema';
import { serializeProfile } from '@/lib/profiles/serialize';
import { listProfileVersions, loadProfile, saveProfile } from '@/lib/profiles/store';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/threat-profile – the current profile (or ?version=N), with the list of versions
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const { version } = parseQuery(url, getThreatProfileQuerySchema);
  const profile = await loadProfile(repo.id, version);
  if (!profile) throw notFound(`threat profile version ${version}`);
  return json(serializeProfile(profile, await listProfileVersions(repo.id)));
});

// PUT /v1/repositories/:id/threat-profile – replace the profile; stored as the next version (owners and members)
export const PUT = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'member');
  const parsed = putThreatProfileBodySchema.safeParse(await readJson(request, z.unknown()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('invalid_threat_profile', 400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const body = parsed.data;
  const saved = await saveProfile(repo.id, body, principal.kind === 'user' ? principal.user.id : null);
  return json(serializeProfile(saved, await listProfileVersions(repo.id)));
});
