import { randomUUID } from 'node:crypto';
import { verifyScanToken, type ScanTokenClaims } from '../auth/scan-token';
import { ApiError } from './errors';
import { errorResponse } from './route';

/**
 * Wraps a runner-facing route: the caller must present the scan-scoped token
 * of the scan in the path. Users' sessions and team tokens do not work here,
 * and a runner's token works nowhere else.
 */
export function runnerRoute<P extends { scanId: string } = { scanId: string }>(
  handler: (ctx: { request: Request; claims: ScanTokenClaims; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const params = await context.params;
      const { scanId } = params;
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
      const claims = match ? verifyScanToken(match[1]) : null;
      if (!claims || claims.scanId !== scanId) throw new ApiError('unauthorized', 401, 'a valid scan token for this scan is required');
      return await handler({ request, claims, params });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
