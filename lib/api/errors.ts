/** The one error type users see: mapped to `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
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
