import { z } from 'zod';
import { roleEnum } from '@/lib/db/schema';
import { ApiError, forbidden } from '@/lib/api/errors';
import { apiRoute, json, readJson } from '@/lib/api/route';
import type { Principal } from '@/lib/auth/principal';
import { createToken, listTokens } from '@/lib/tokens/tokens';
import { serializeToken } from '@/lib/tokens/serialize';

export const dynamic = 'force-dynamic';

const createTokenBodySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  team: z.string().trim().min(1).optional(),
  role: z.enum(roleEnum.enumValues).default('member'),
});

/** Tokens are managed by signed-in team owners, never by other tokens. */
function ownedTeam(principal: Principal, slug?: string | null) {
  if (principal.kind !== 'user') throw forbidden('tokens are managed by signed-in team owners');
  const access = slug ? principal.teams.find((t) => t.team.slug === slug) : principal.teams.find((t) => t.role === 'owner');
  if (!access) throw new ApiError('not_found', 404, slug ? `team ${slug} not found` : 'you own no team');
  if (access.role !== 'owner' && !principal.isAdmin) throw forbidden('only team owners manage tokens');
  return { team: access.team, userId: principal.user.id };
}

// GET /v1/tokens?team=<slug> – the team's API tokens (never the secrets)
export const GET = apiRoute(async ({ url, principal }) => {
  const { team } = ownedTeam(principal, url.searchParams.get('team'));
  return json((await listTokens(team.id)).map(serializeToken));
});

// POST /v1/tokens – create a team token; the token is in this response only
export const POST = apiRoute(async ({ request, principal }) => {
  const body = await readJson(request, createTokenBodySchema);
  const { team, userId } = ownedTeam(principal, body.team);
  const { token, row } = await createToken({ teamId: team.id, name: body.name, role: body.role, createdBy: userId });
  return json({ ...serializeToken(row), token, team: team.slug }, 201);
});
