import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { isUuid } from '../api/ids';
import { getDb, type DbOrTx } from '../db/client';
import { findings, scans, type Finding, type Scan, type ScanFindingChange } from '../db/schema';
import { classify, type DiffBucket } from './diff-classify';
import { locatedFinding } from './serialize';

/** The previous completed scan of the default branch, the default base of a default-branch scan's diff. */
export async function previousCompletedScan(scan: Scan, db: DbOrTx = getDb()) {
  const [row] = await db
    .select()
    .from(scans)
    .where(
      and(
        eq(scans.repositoryId, scan.repositoryId),
        eq(scans.status, 'completed'),
        eq(scans.branch, false),
        lt(scans.createdAt, scan.createdAt),
        ne(scans.id, scan.id),
      ),
    )
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(1);
  return row ?? null;
}

/** The scan's own base: a branch scan's base_scan_id, a default-branch scan's previous completed scan. */
export async function defaultBase(scan: Scan, db: DbOrTx = getDb()): Promise<Scan | null> {
  if (!scan.branch) return previousCompletedScan(scan, db);
  if (!scan.baseScanId) return null;
  const [base] = await db.select().from(scans).where(eq(scans.id, scan.baseScanId));
  return base ?? null;
}

/** The base named by ?base=, which must be a scan of the same repository (400 otherwise, without telling whose it is); else the scan's own. */
export async function resolveBase(scan: Scan, baseId: string | null | undefined, db: DbOrTx = getDb()): Promise<Scan | null> {
  if (baseId === undefined || baseId === null || baseId === '') return defaultBase(scan, db);
  const invalid = new ApiError('invalid_base', 400, 'base must be the id of another scan of this repository');
  if (!isUuid(baseId) || baseId === scan.id) throw invalid;
  const [base] = await db.select().from(scans).where(and(eq(scans.id, baseId), eq(scans.repositoryId, scan.repositoryId)));
  if (!base) throw invalid;
  return base;
}

type FactsRow = {
  id: string;
  in_scan: ScanFindingChange | null;
  in_base: ScanFindingChange | null;
  latest_since: ScanFindingChange | null;
  reopened_since: boolean;
  first_seen_since: boolean;
};

export type ScanDiff = Record<DiffBucket, Finding[]>;

/**
 * new / persisting / fixed / reopened between `base` (null: nothing before)
 * and `scan`, from what each scan recorded per finding (scan_findings).
 */
export async function diffScans(scan: Scan, base: Scan | null, db: DbOrTx = getDb()): Promise<ScanDiff> {
  const baseId = base?.id ?? null;
  const since = base?.createdAt ?? new Date(0);
  const rows = await db.execute<FactsRow>(sql`
    with touched as (
      select finding_id from scan_findings where scan_id = ${scan.id}
      union
      select finding_id from scan_findings where scan_id = ${baseId} and change <> 'fixed'
    ), since as (
      select id, created_at from scans
      where repository_id = ${scan.repositoryId} and created_at > ${since} and created_at <= ${scan.createdAt}
    )
    select t.finding_id as id,
           (select change from scan_findings where scan_id = ${scan.id} and finding_id = t.finding_id) as in_scan,
           (select change from scan_findings where scan_id = ${baseId} and finding_id = t.finding_id) as in_base,
           (select sf.change from scan_findings sf join since on since.id = sf.scan_id
             where sf.finding_id = t.finding_id order by since.created_at desc, (sf.scan_id = ${scan.id}) desc limit 1) as latest_since,
           exists (select 1 from scan_findings sf join since on since.id = sf.scan_id
             where sf.finding_id = t.finding_id and sf.change = 'reopened') as reopened_since,
           coalesce((select fs.created_at > ${since} from findings f join scans fs on fs.id = f.first_seen_scan_id where f.id = t.finding_id), true) as first_seen_since
    from touched t`);
  const bucketOf = new Map<string, DiffBucket>();
  for (const r of rows) {
    const bucket = classify({
      inScan: r.in_scan,
      inBase: r.in_base,
      latestSinceBase: r.latest_since,
      reopenedSinceBase: r.reopened_since,
      firstSeenSinceBase: r.first_seen_since,
    });
    if (bucket) bucketOf.set(r.id, bucket);
  }
  const out: ScanDiff = { new: [], persisting: [], fixed: [], reopened: [] };
  if (bucketOf.size === 0) return out;
  const list = await db
    .select()
    .from(findings)
    .where(and(eq(findings.repositoryId, scan.repositoryId), inArray(findings.id, [...bucketOf.keys()])))
    .orderBy(asc(findings.severity), asc(findings.path), asc(findings.startLine));
  for (const f of list) out[bucketOf.get(f.id)!].push(f);
  return out;
}

/** A finding as a diff lists it: enough to show and link it. */
export function serializeDiffFinding(f: Finding) {
  return {
    id: f.id,
    ...locatedFinding(f),
    status: f.status,
    first_seen_scan_id: f.firstSeenScanId,
    last_seen_scan_id: f.lastSeenScanId,
    fixed_scan_id: f.fixedScanId,
  };
}
