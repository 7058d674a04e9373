import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { branchFindings, findings, scanFindings, type BranchFinding, type FindingStatus, type Scan } from '../db/schema';
import type { EngineFinding } from '../v16/types';
import type { StoredFindingSummary } from './upsert';
import { locatedFinding } from './serialize';

// Branch scans (issue 11). A scan of a ref other than the default branch
// keeps what it found to itself: one branch_findings row per fingerprint.
// The default branch's findings are read, never written: a fingerprint that
// is triaged false positive or accepted risk there shows so here.

/** Triage decisions a branch scan inherits from the default branch. */
const INHERITED: FindingStatus[] = ['false_positive', 'accepted_risk'];

/** A branch finding's status: the default branch's false positive or accepted risk, else open. */
const inherited = (main: FindingStatus | undefined): FindingStatus => (main && INHERITED.includes(main) ? main : 'open');

/**
 * Records a branch scan's findings (a later attempt's report of the same
 * fingerprint replaces the earlier one) and returns their event summaries:
 * `new` when the default branch has no open or triaged finding of that
 * fingerprint — the live view's "new vs main"; the scan's diff compares
 * with its base exactly.
 */
export async function recordBranchFindings(
  input: { repositoryId: string; scanId: string; tool?: string },
  list: EngineFinding[],
  tx: DbOrTx = getDb(),
): Promise<Map<string, StoredFindingSummary>> {
  const out = new Map<string, StoredFindingSummary>();
  if (list.length === 0) return out;
  const unique = [...new Map(list.map((f) => [f.fingerprint, f])).values()];
  const rows = await tx
    .insert(branchFindings)
    .values(
      unique.map((f) => ({
        scanId: input.scanId,
        repositoryId: input.repositoryId,
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        title: f.title,
        severity: f.severity,
        confidence: f.confidence,
        cwe: f.cwe,
        path: f.path,
        startLine: f.startLine,
        endLine: f.endLine,
        snippet: f.snippet,
        message: f.message,
        recommendation: f.recommendation,
        trace: f.trace,
        tool: input.tool ?? 'vega',
      })),
    )
    .onConflictDoUpdate({
      target: [branchFindings.scanId, branchFindings.fingerprint],
      set: {
        ruleId: sql`excluded.rule_id`,
        title: sql`excluded.title`,
        severity: sql`excluded.severity`,
        cwe: sql`excluded.cwe`,
        path: sql`excluded.path`,
        startLine: sql`excluded.start_line`,
        endLine: sql`excluded.end_line`,
        snippet: sql`excluded.snippet`,
        message: sql`excluded.message`,
        recommendation: sql`excluded.recommendation`,
        trace: sql`excluded.trace`,
      },
    })
    .returning({ id: branchFindings.id, fingerprint: branchFindings.fingerprint });
  const onDefault = await defaultBranchStatuses(input.repositoryId, unique.map((f) => f.fingerprint), tx);
  const byFp = new Map(unique.map((f) => [f.fingerprint, f]));
  for (const r of rows) {
    const f = byFp.get(r.fingerprint)!;
    const main = onDefault.get(r.fingerprint);
    out.set(r.fingerprint, {
      finding_id: r.id,
      ...locatedFinding(f),
      status: inherited(main),
      new: main === undefined || main === 'fixed',
      branch: true,
    });
  }
  return out;
}

/** The default branch's status of each fingerprint it has a finding of. */
async function defaultBranchStatuses(repositoryId: string, fingerprints: string[], db: DbOrTx) {
  if (fingerprints.length === 0) return new Map<string, FindingStatus>();
  const rows = await db
    .select({ fingerprint: findings.fingerprint, status: findings.status })
    .from(findings)
    .where(and(eq(findings.repositoryId, repositoryId), inArray(findings.fingerprint, fingerprints)));
  return new Map(rows.map((r) => [r.fingerprint, r.status]));
}

/** The fingerprints a scan reported: a branch scan's own, a default-branch scan's as recorded in scan_findings. */
export async function reportedFingerprints(scan: Pick<Scan, 'id' | 'branch'>, db: DbOrTx = getDb()): Promise<Set<string>> {
  const rows = scan.branch
    ? await db.select({ fingerprint: branchFindings.fingerprint }).from(branchFindings).where(eq(branchFindings.scanId, scan.id))
    : await db
        .select({ fingerprint: findings.fingerprint })
        .from(scanFindings)
        .innerJoin(findings, eq(findings.id, scanFindings.findingId))
        .where(and(eq(scanFindings.scanId, scan.id), ne(scanFindings.change, 'fixed')));
  return new Set(rows.map((r) => r.fingerprint));
}

export interface FixedByBranch {
  fingerprint: string;
  rule_id: string;
  title: string;
  severity: string;
  cwe: string | null;
  path: string;
  start_line: number;
  end_line: number;
}

export interface BranchDiff {
  /** Found by the branch scan and not by its base. */
  new: BranchFinding[];
  /** Found by both. */
  existing: BranchFinding[];
  /** Found by the base, not by the branch scan: what the branch fixes. */
  fixed: FixedByBranch[];
  /** Default-branch status by fingerprint: a triage decision there holds here. */
  statuses: Map<string, FindingStatus>;
}

/** A branch scan against its base (null: no base, everything is new). */
export async function diffBranchScan(scan: Scan, base: Scan | null, db: DbOrTx = getDb()): Promise<BranchDiff> {
  const [mine, inBase] = await Promise.all([
    db.select().from(branchFindings).where(eq(branchFindings.scanId, scan.id)).orderBy(asc(branchFindings.severity), asc(branchFindings.path), asc(branchFindings.startLine)),
    base ? reportedFingerprints(base, db) : Promise.resolve(new Set<string>()),
  ]);
  const statuses = await defaultBranchStatuses(scan.repositoryId, mine.map((f) => f.fingerprint), db);
  const found = new Set(mine.map((f) => f.fingerprint));
  const gone = [...inBase].filter((fp) => !found.has(fp));
  return {
    new: mine.filter((f) => !inBase.has(f.fingerprint)),
    existing: mine.filter((f) => inBase.has(f.fingerprint)),
    fixed: base && gone.length > 0 ? await findingsOf(base, gone, db) : [],
    statuses,
  };
}

/** The base's findings of these fingerprints, as a diff lists what a branch fixes. */
async function findingsOf(base: Scan, fingerprints: string[], db: DbOrTx): Promise<FixedByBranch[]> {
  const table = base.branch ? branchFindings : findings;
  const cols = {
    fingerprint: table.fingerprint,
    rule_id: table.ruleId,
    title: table.title,
    severity: table.severity,
    cwe: table.cwe,
    path: table.path,
    start_line: table.startLine,
    end_line: table.endLine,
  };
  const where = base.branch
    ? and(eq(branchFindings.scanId, base.id), inArray(branchFindings.fingerprint, fingerprints))
    : and(eq(findings.repositoryId, base.repositoryId), inArray(findings.fingerprint, fingerprints));
  return db.select(cols).from(table).where(where).orderBy(asc(table.severity), asc(table.path), asc(table.startLine));
}

/** A branch finding as a diff lists it; `status` is the default branch's triage when it is false positive or accepted risk, else open. */
export function serializeBranchFinding(f: BranchFinding, statuses: Map<string, FindingStatus>) {
  return {
    id: f.id,
    ...locatedFinding(f),
    status: inherited(statuses.get(f.fingerprint)),
    message: f.message,
    recommendation: f.recommendation,
    snippet: f.snippet,
    trace: f.trace,
    tool: f.tool,
  };
}
