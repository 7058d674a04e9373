import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getToken } from 'next-auth/jwt';
import { principalForAuthorization, principalForUserId, type Principal } from '../auth/principal';
import { errorPayload, unauthorized } from '../api/errors';
import { env } from '../env';
import { openEventStream } from '../events/event-stream';
import { MAX_QUEUED_BYTES, SSE_HEADERS } from '../events/sse-stream';
import { resolveStream } from './stream-request';

// The SSE fast path. Behind `npm run dev` / `npm start`, the two stream
// endpoints are served straight from node:http instead of through a Next
// route handler: Next keeps each streaming request's whole context alive
// (~70 KB of heap per idle connection, measured) and hops through several
// promises per chunk per client, which at 1,000 clients is most of the
// latency. Same authorization, same stream core, same wire format.

const STREAM_PATH = /^\/v1\/repositories\/([^/]+)\/(?:events\/stream|scans\/([^/]+)\/stream)\/?$/;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // not an id either way: the lookup answers 404
  }
};

export function matchStreamPath(pathname: string): { id: string; scanId?: string } | null {
  const m = STREAM_PATH.exec(pathname);
  if (!m) return null;
  return m[2] === undefined ? { id: decode(m[1]) } : { id: decode(m[1]), scanId: decode(m[2]) };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decode(part.slice(i + 1).trim());
  }
  return out;
}

async function principalOf(req: IncomingMessage): Promise<Principal | null> {
  if (req.headers.authorization) return principalForAuthorization(req.headers.authorization);
  const token = await getToken({
    req: { headers: req.headers, cookies: parseCookies(req.headers.cookie) } as never,
    secret: env().NEXTAUTH_SECRET,
  });
  return token?.sub ? principalForUserId(token.sub) : null;
}

export async function handleStreamRequest(req: IncomingMessage, res: ServerResponse, url: URL, params: { id: string; scanId?: string }) {
  const requestId = randomUUID();
  try {
    const principal = await principalOf(req);
    if (!principal) throw unauthorized();
    const options = await resolveStream(principal, params, req.headers['last-event-id'] as string | undefined, url);
    res.writeHead(200, SSE_HEADERS);
    res.socket?.setNoDelay(true);
    const close = openEventStream(options, {
      write: (bytes) => {
        if (res.writableLength > MAX_QUEUED_BYTES) return false;
        res.write(bytes);
        return true;
      },
      end: () => res.end(),
    });
    // The client may have gone while we authorized: 'close' already fired, so check.
    res.on('close', close);
    if (req.destroyed || res.socket?.destroyed) close();
  } catch (err) {
    const { status, body } = errorPayload(err, requestId);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}
