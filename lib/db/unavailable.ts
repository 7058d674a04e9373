// Postgres going away (restart, failover, network) is an outage, not a bug:
// callers retry it, the API answers 503 instead of 500.

const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// postgres.js's own codes for a connection it lost or could not open.
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/** True for errors that mean "the database is unreachable right now", whatever the query was. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (NODE_CODES.has(code) || DRIVER_CODES.has(code)) return true;
    // SQLSTATE 08xxx connection exception; 57P01-03 admin/crash shutdown, cannot connect now.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  }
  return false;
}
