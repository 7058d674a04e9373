import { randomUUID } from 'node:crypto';
import { z, ZodError } from 'zod';
import { resolvePrincipal, type Principal } from '../auth/principal';
import { logger } from '../log/logger';
import { SnapshotError } from '../snapshots/errors';
import { ApiError, errorBody, unauthorized } from './errors';

export interface RouteContext<P> {
  request: Request;
  url: URL;
  params: P;
  principal: Principal;
  requestId: string;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;
type PublicHandler<P> = (ctx: Omit<RouteContext<P>, 'principal'>) => Promise<Response>;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(data), { status, headers: h });
}

export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ApiError) return json(errorBody(err.code, err.message), err.status);
  if (err instanceof SnapshotError) return json(errorBody(err.code, err.message), err.status);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join('.') || 'body';
    return json(errorBody('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`), 422);
  }
  logger().error({ err, requestId }, 'unhandled error in API route');
  return json(errorBody('internal_error', `something went wrong on our side (request ${requestId})`), 500);
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
      const params = (await context?.params) ?? ({} as P);
      return await handler({ request, url: new URL(request.url), params, principal, requestId });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string | undefined | null): v is string => !!v && UUID.test(v);
