// What an error says, fit to be kept: in a scan's `error`, a `scan_failed`
// event, an evidence row. A query error of drizzle's carries the whole
// statement and its parameters (a batch's can be megabytes); the driver's
// own message, its cause, is the reason. Clipped, so it always fits the
// event contract's text limit.

const MAX = 2000;

export function errorMessage(err: unknown, max = MAX): string {
  const cause = isQueryError(err) ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.length > max ? `${message.slice(0, max - 1)}…` : message;
}

/** drizzle's DrizzleQueryError, by shape (this module stays free of drizzle: the runner uses it too). */
const isQueryError = (err: unknown): err is Error & { cause: Error } => err instanceof Error && 'query' in err && 'params' in err && err.cause instanceof Error;
