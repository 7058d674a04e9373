import type { Principal } from '../auth/principal';
import type { StreamOptions } from '../events/event-stream';
import { eventHub } from '../events/hub';
import { evidenceSettled } from '../events/queries';
import { parseLastEventId } from '../events/sse-stream';
import { loadRepository } from '../repositories/queries';
import { isTerminal } from '../scans/lifecycle';
import { loadScan } from '../repositories/load-scan';

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
  // Authorization first: another team's repository is a 404 whatever the headers say.
  if (params.scanId === undefined) {
    const { repo } = await loadRepository(principal, params.id);
    return { ...live(lastEventIdHeader, url), repositoryId: repo.id, scanId: null, endOnTerminal: false, alreadyTerminal: false };
  }
  const { scan } = await loadScan(principal, { id: params.id, scanId: params.scanId });
  // A scan's stream ends with its evidence settled (run_finalized), not with its verdict.
  const settled = isTerminal(scan.status) && (await evidenceSettled(scan.id));
  return { ...live(lastEventIdHeader, url), repositoryId: scan.repositoryId, scanId: scan.id, endOnTerminal: true, alreadyTerminal: settled };
}

const live = (lastEventIdHeader: string | null | undefined, url: URL) => ({
  hub: eventHub(),
  lastEventId: parseLastEventId(lastEventIdHeader, url),
});
