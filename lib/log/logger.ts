import pino from 'pino';
import { env } from '../env';

// One JSON line per event. pino writes synchronously to stdout (no worker
// thread transport), which keeps it safe inside Next's server bundle.
const g = globalThis as unknown as { __vegaLog?: pino.Logger; __vegaService?: string };

/** Names the process in every log line (web, worker, runner); call before the first log. */
export function setLogService(name: string) {
  g.__vegaService = name;
}

const QUERY_CHARS = 300;

/**
 * Errors as logged. drizzle wraps a driver's error in one whose message holds
 * the whole statement and its parameters (a batch of events, a finding's
 * snippet): the log gets the driver's error and the statement's start, never
 * the parameters.
 */
function serializeError(err: unknown) {
  // By shape, not instanceof: a bundler may load drizzle-orm more than once.
  if (err instanceof Error && 'query' in err && 'params' in err && err.cause instanceof Error) {
    return { ...pino.stdSerializers.err(err.cause), query: String(err.query).slice(0, QUERY_CHARS) };
  }
  return err instanceof Error ? pino.stdSerializers.err(err) : err;
}

export function logger(): pino.Logger {
  g.__vegaLog ??= pino({ level: env().VEGA_LOG_LEVEL, base: { service: g.__vegaService ?? 'vega-web' }, serializers: { err: serializeError } });
  return g.__vegaLog;
}
