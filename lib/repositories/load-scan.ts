import type { Principal } from '../auth/principal';
import { notFound } from '../api/errors';
import { isUuid } from '../api/ids';
import type { Role } from '../db/schema';
import { loadRepository } from './queries';
import { getScan } from '../scans/queries';

/** A scan (with its repository) the principal may act on with `need`; 404 for missing and not-yours alike. */
export async function loadScan(principal: Principal, params: { id: string; scanId: string }, need: Role = 'viewer') {
  const { repo, team } = await loadRepository(principal, params.id, need);
  const scan = isUuid(params.scanId) ? await getScan(repo.id, params.scanId) : undefined;
  if (!scan) throw notFound('scan');
  return { repo, team, scan };
}
