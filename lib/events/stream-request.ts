import type { Principal } from '../auth/principal';
import { notFound } from '../api/errors';
import { isUuid } from '../api/ids';
import { getDb, getSql } from '../db/client';
import { loadRepository } from '../repositories/queries';
import { eventHub } from '../runtime';
import { getScan } from '../scans/queries';
import { isTerminal } from '../scans/state';
import type { StreamOptions } from './event-stream';
import { parseLastEventId } from './sse-stream';

/**
 * Everything a stream request needs before its first byte: authorization
 * (another team's repository or scan is a 404), the scan's state, the resume
 * point. Shared by the route handlers and the node:http fast path.
 */
export async function resolveStream(
  principal: Principal,
  params: { id: string; scanId?: string },
  lastEventIdHeader: string | null | undefined,
  url: URL,
): Promise<StreamOptions> {
  const { repo } = await loadRepository(getDb(), principal, params.id);
  const base = { sql: getSql(), hub: eventHub(), repositoryId: repo.id, lastEventId: parseLastEventId(lastEventIdHeader, url) };
  if (params.scanId === undefined) return { ...base, scanId: null, endOnTerminal: false, alreadyTerminal: false };
  const scan = isUuid(params.scanId) ? await getScan(getDb(), repo.id, params.scanId) : undefined;
  if (!scan) throw notFound('scan');
  return { ...base, scanId: scan.id, endOnTerminal: true, alreadyTerminal: isTerminal(scan.status) };
}
