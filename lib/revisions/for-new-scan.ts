import { and, desc, eq, like, ne, or } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { isUuid } from '../api/ids';
import { getDb, type DbOrTx } from '../db/client';
import { scans, snapshots, type Repository } from '../db/schema';
import { checkRef } from '../snapshots/git';
import { SARIF_IMPORT_ENGINE } from '../scans/engines';
import { defaultRefOf } from './serialize';
import { headRevision } from './queries';

export interface ScanRevision {
  /** Null: the runner's snapshot step fetches (git) or re-reads (directory) it. */
  snapshotId: string | null;
  ref: string | null;
  commitSha: string | null;
  /** A scan of a ref other than the default branch: its findings are its own, compared with `base`. */
  branch: boolean;
  /** A branch scan's base: a scan, or a ref with no completed scan yet, to be scanned first. */
  base: { scanId: string } | { queueRef: string } | null;
}

export interface ScanRequest {
  ref?: string;
  snapshotId?: string;
  baseRef?: string;
  baseScanId?: string;
}

const notFound = (what: string) => new ApiError('not_found', 404, `${what} not found`);

function checkedRef(field: string, ref: string | undefined) {
  if (ref === undefined) return;
  try {
    checkRef(ref);
  } catch (err) {
    throw new ApiError('validation_failed', 422, `${field}: ${(err as Error).message}`);
  }
}

/**
 * What a new scan will scan, from its request: a named revision
 * (`snapshot_id`, any source type), else a ref — for git the tracked branch
 * by default, resolved by the runner when it runs; for an upload the newest
 * revision (of that ref or commit, if one is named). A ref other than the
 * default branch makes a branch scan, compared with a base: `base_scan_id`,
 * else the latest completed scan of `base_ref` (default: the default branch),
 * which is queued first when there is none. Refs are checked here, so a
 * malformed one is a 422, not a failed scan.
 */
export async function revisionForNewScan(repo: Repository, ask: ScanRequest, db: DbOrTx = getDb()): Promise<ScanRevision> {
  if (ask.ref !== undefined && ask.snapshotId !== undefined) {
    throw new ApiError('validation_failed', 422, 'ref: give a ref or a snapshot_id, not both');
  }
  if (ask.baseRef !== undefined && ask.baseScanId !== undefined) {
    throw new ApiError('validation_failed', 422, 'base_ref: give a base_ref or a base_scan_id, not both');
  }
  checkedRef('ref', ask.ref);
  checkedRef('base_ref', ask.baseRef);
  const defaultRef = defaultRefOf(repo);
  // A git repository registered before default branches were recorded: until
  // a scan of its remote's default branch records it, no scan can tell a
  // branch from the default, so none of another ref is started.
  if (defaultRef === null && (ask.ref !== undefined || ask.baseRef !== undefined || ask.baseScanId !== undefined || ask.snapshotId !== undefined)) {
    throw new ApiError('default_ref_unknown', 409, 'the default branch of this repository is not known yet: run a scan without a ref first, or set default_ref');
  }
  const revision = await pickRevision(repo, ask, db);
  // Finding state follows the default branch's head: a ref of another
  // branch, or an earlier revision named by snapshot_id, is a branch scan.
  const branch =
    (revision.ref !== null && defaultRef !== null && revision.ref !== defaultRef) ||
    (ask.snapshotId !== undefined && !(await isNewestRevision(repo, revision.snapshotId!, db)));
  if (!branch) {
    if (ask.baseRef !== undefined || ask.baseScanId !== undefined) {
      throw new ApiError('validation_failed', 422, `base_ref: a scan of the default branch (${defaultRef ?? 'the remote default'}) has no base; its findings are the repository's`);
    }
    return { ...revision, branch, base: null };
  }
  return { ...revision, branch, base: await pickBase(repo, ask, defaultRef!, db) };
}

async function pickRevision(repo: Repository, ask: ScanRequest, db: DbOrTx): Promise<Omit<ScanRevision, 'branch' | 'base'>> {
  if (ask.snapshotId !== undefined) {
    if (!isUuid(ask.snapshotId)) throw notFound('snapshot');
    const [snap] = await db
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.id, ask.snapshotId), eq(snapshots.repositoryId, repo.id)));
    if (!snap) throw notFound('snapshot');
    return { snapshotId: snap.id, ref: snap.ref, commitSha: snap.commitSha };
  }
  switch (repo.sourceType) {
    case 'git':
      return { snapshotId: null, ref: ask.ref ?? repo.defaultRef, commitSha: null };
    case 'local':
      if (ask.ref !== undefined && ask.ref !== defaultRefOf(repo)) {
        throw new ApiError('validation_failed', 422, 'ref: a server directory has no refs; it is re-read as it is at every scan');
      }
      return { snapshotId: null, ref: defaultRefOf(repo), commitSha: null };
    case 'upload': {
      const ref = ask.ref;
      const [snap] = ref === undefined ? [await headRevision(repo, db)] : await db
        .select()
        .from(snapshots)
        .where(
          and(
            eq(snapshots.repositoryId, repo.id),
            ref === undefined
              ? undefined
              : /^[0-9a-f]{4,40}$/i.test(ref)
                ? or(eq(snapshots.ref, ref), like(snapshots.commitSha, `${ref.toLowerCase()}%`))
                : eq(snapshots.ref, ref),
          ),
        )
        .orderBy(desc(snapshots.createdAt))
        .limit(1);
      if (!snap) {
        if (ref !== undefined) throw new ApiError('ref_not_found', 422, `ref: no revision of this repository was uploaded as ${ref}`);
        throw new ApiError('no_snapshot', 409, 'the repository has no snapshot to scan');
      }
      // A revision uploaded without a ref is of the default branch.
      return { snapshotId: snap.id, ref: ref !== undefined && snap.ref === null ? ref : (snap.ref ?? defaultRefOf(repo)), commitSha: snap.commitSha };
    }
  }
}

/** Whether a revision is the head of the default branch (lib/revisions/queries.ts). */
async function isNewestRevision(repo: Repository, snapshotId: string, db: DbOrTx): Promise<boolean> {
  return (await headRevision(repo, db))?.id === snapshotId;
}

async function pickBase(repo: Repository, ask: ScanRequest, defaultRef: string, db: DbOrTx): Promise<ScanRevision['base']> {
  if (ask.baseScanId !== undefined) {
    const invalid = new ApiError('validation_failed', 422, 'base_scan_id: must be a scan of this repository');
    if (!isUuid(ask.baseScanId)) throw invalid;
    const [base] = await db.select({ id: scans.id }).from(scans).where(and(eq(scans.id, ask.baseScanId), eq(scans.repositoryId, repo.id)));
    if (!base) throw invalid;
    return { scanId: base.id };
  }
  const baseRef = ask.baseRef ?? defaultRef;
  const latest = await latestCompletedScanOf(repo, baseRef, db);
  return latest ? { scanId: latest } : { queueRef: baseRef };
}

/** The newest completed scan of a ref (a scan of the default branch from before refs were recorded counts as one of it). */
export async function latestCompletedScanOf(repo: Repository, ref: string, db: DbOrTx = getDb()): Promise<string | null> {
  const isDefault = ref === defaultRefOf(repo);
  const [row] = await db
    .select({ id: scans.id })
    .from(scans)
    .where(
      and(
        eq(scans.repositoryId, repo.id),
        eq(scans.status, 'completed'),
        // Another tool's imported results are no base for a scan of the code.
        ne(scans.engine, SARIF_IMPORT_ENGINE),
        isDefault ? eq(scans.branch, false) : eq(scans.ref, ref),
      ),
    )
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(1);
  return row?.id ?? null;
}
