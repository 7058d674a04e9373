import { forbidden, notFound } from '@/lib/api/errors';
import { apiRoute, isUuid } from '@/lib/api/route';
import { revokeToken } from '@/lib/tokens/tokens';

export const dynamic = 'force-dynamic';

// DELETE /v1/tokens/:tokenId – revoke a token of a team the caller owns
export const DELETE = apiRoute<{ tokenId: string }>(async ({ params, principal }) => {
  if (principal.kind !== 'user') throw forbidden('tokens are managed by signed-in team owners');
  if (!isUuid(params.tokenId)) throw notFound('token');
  for (const t of principal.teams.filter((t) => t.role === 'owner')) {
    if (await revokeToken(t.team.id, params.tokenId)) return new Response(null, { status: 204 });
  }
  throw notFound('token');
});
