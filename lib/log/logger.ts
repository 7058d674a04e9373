import pino from 'pino';
import { env } from '../env';

// One JSON line per event. pino writes synchronously to stdout (no worker
// thread transport), which keeps it safe inside Next's server bundle.
const g = globalThis as unknown as { __vegaLog?: pino.Logger; __vegaService?: string };

/** Names the process in every log line (web, worker, runner); call before the first log. */
export function setLogService(name: string) {
  g.__vegaService = name;
}

export function logger(): pino.Logger {
  g.__vegaLog ??= pino({ level: env().VEGA_LOG_LEVEL, base: { service: g.__vegaService ?? 'vega-web' } });
  return g.__vegaLog;
}
