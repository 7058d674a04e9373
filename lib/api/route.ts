import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { resolvePrincipal } from '../auth/session';
import { ApiError, errorPayload, unauthorized } from './errors';
import { json } from './json';

export interface RouteContext<P> {
  request: Request;
  url: URL;
  params: P;
  principal: Principal;
  requestId: string;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;
type PublicHandler<P> = (ctx: Omit<RouteContext<P>, 'principal'>) => Promise<Response>;

export { json };

export function errorResponse(err: unknown, requestId: string): Response {
  const { status, body } = errorPayload(err, requestId);
  return json(body, status, status === 503 ? { 'Retry-After': '1' } : undefined);
}

/**
 * Wraps a route export: authenticates (Bearer token or session), awaits the
 * params, and maps every thrown error to `{ error: { code, message } }`.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const principal = await resolvePrincipal(request);
      if (!principal) throw unauthorized();
      assertSameOrigin(request);
      const params = (await context?.params) ?? ({} as P);
      return await handler({ request, url: new URL(request.url), params, principal, requestId });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser session must not be spent by another site: a cookie-authenticated
 * write whose Origin is not this host is refused. Token clients send no
 * cookie-borne authority, so they are not concerned.
 */
function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method) || request.headers.get('authorization')) return;
  const origin = request.headers.get('origin');
  if (!origin) return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (originHost !== host) throw new ApiError('cross_origin', 403, 'cross-site requests with a session cookie are refused');
}

export function publicRoute<P = Record<string, never>>(handler: PublicHandler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const params = (await context?.params) ?? ({} as P);
      return await handler({ request, url: new URL(request.url), params, requestId });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

/** Parses a JSON body: 400 when it is not JSON, 422 naming the field when it does not fit. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError('invalid_json', 400, 'the request body is not valid JSON');
  }
  return schema.parse(body);
}

export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('invalid_parameter', 400, `${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export { isUuid } from './ids';
