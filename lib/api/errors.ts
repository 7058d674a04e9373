import { ZodError } from 'zod';
import { logger } from '../log/logger';
import { isDatabaseUnavailable } from '../db/unavailable';
import { SnapshotError } from '../snapshots/errors';

/** The one error type users see: mapped to `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 411 | 413 | 415 | 422 | 429 | 502 | 503,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new ApiError('not_found', 404, `${what} not found`);
export const forbidden = (message = 'you do not have permission to do this') => new ApiError('forbidden', 403, message);
export const unauthorized = () =>
  new ApiError('unauthorized', 401, 'sign in, or send Authorization: Bearer <token>');

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** The one mapping of errors to `{ error: { code, message } }` and a status; unknown errors are logged. */
export function errorPayload(err: unknown, requestId: string): { status: number; body: ReturnType<typeof errorBody> } {
  if (err instanceof ApiError || err instanceof SnapshotError) return { status: err.status, body: errorBody(err.code, err.message) };
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join('.') || 'body';
    return { status: 422, body: errorBody('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`) };
  }
  if (isDatabaseUnavailable(err)) {
    logger().warn({ err, requestId }, 'database unavailable');
    return { status: 503, body: errorBody('database_unavailable', 'the database is unavailable right now; retry shortly') };
  }
  logger().error({ err, requestId }, 'unhandled error in API route');
  return { status: 500, body: errorBody('internal_error', `something went wrong on our side (request ${requestId})`) };
}
