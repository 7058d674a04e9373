import { and, asc, eq, ne } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { findings, scanFindings, type BranchFinding, type Finding, type Scan, type ScanFindingChange } from '../db/schema';
import { diffBranchScan, serializeBranchFinding } from '../findings/branch';
import { defaultBase } from '../findings/diff';
import pkg from '../../package.json';
import { buildSarif, type SarifResultInput } from './build';

const BASELINE: Record<ScanFindingChange, SarifResultInput['baselineState']> = { new: 'new', reopened: 'new', seen: 'unchanged', fixed: 'absent' };

/** What a scan reported of a finding: the columns the default branch's findings and a branch scan's own share. */
type Reported = Pick<Finding, 'fingerprint' | 'ruleId' | 'title' | 'severity' | 'cwe' | 'path' | 'startLine' | 'endLine' | 'snippet' | 'message' | 'recommendation' | 'confidence' | 'trace'>;

function toInput(f: Reported, triage: Pick<Finding, 'status' | 'statusNote'>, baselineState?: SarifResultInput['baselineState']): SarifResultInput {
  return {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    cwe: f.cwe ?? '',
    path: f.path,
    startLine: f.startLine,
    endLine: f.endLine,
    snippet: f.snippet,
    message: f.message,
    recommendation: f.recommendation,
    confidence: (['high', 'medium', 'low'].includes(f.confidence) ? f.confidence : 'medium') as SarifResultInput['confidence'],
    trace: f.trace,
    status: triage.status,
    statusNote: triage.statusNote,
    ...(baselineState ? { baselineState } : {}),
  };
}

const tool = (engine = 'vega') => ({ toolName: engine === 'sarif-import' ? 'Vega (imported SARIF)' : 'Vega', toolVersion: pkg.version });

/** A branch scan's own findings: new or unchanged against its base, a default-branch triage decision kept. */
async function branchScanSarif(scan: Scan, db: DbOrTx) {
  const diff = await diffBranchScan(scan, await defaultBase(scan, db), db);
  const input = (f: BranchFinding, baselineState: SarifResultInput['baselineState']) =>
    toInput(f, { status: serializeBranchFinding(f, diff.statuses).status, statusNote: null }, baselineState);
  return buildSarif({ ...tool(scan.engine), results: [...diff.new.map((f) => input(f, 'new')), ...diff.existing.map((f) => input(f, 'unchanged'))] });
}

/** What one scan found (and fixed), baseline states from what the scan did to each finding. */
export async function scanSarif(scan: Scan, db: DbOrTx = getDb()) {
  if (scan.branch) return branchScanSarif(scan, db);
  const rows = await db
    .select({ f: findings, change: scanFindings.change })
    .from(scanFindings)
    .innerJoin(findings, eq(findings.id, scanFindings.findingId))
    .where(eq(scanFindings.scanId, scan.id))
    .orderBy(asc(findings.severity), asc(findings.path), asc(findings.startLine));
  return buildSarif({ ...tool(scan.engine), results: rows.map((r) => toInput(r.f, r.f, BASELINE[r.change])) });
}

/** Every finding of the repository with its triage status (fixed ones as baseline state "absent"). */
export async function repositorySarif(repositoryId: string, opts: { includeFixed: boolean }, db: DbOrTx = getDb()) {
  const rows = await db
    .select()
    .from(findings)
    .where(and(eq(findings.repositoryId, repositoryId), opts.includeFixed ? undefined : ne(findings.status, 'fixed')))
    .orderBy(asc(findings.severity), asc(findings.path), asc(findings.startLine));
  return buildSarif({ ...tool(), results: rows.map((f) => toInput(f, f)) });
}

export function sarifResponse(log: object, filename: string): Response {
  return new Response(JSON.stringify(log, null, 2), {
    headers: { 'Content-Type': 'application/sarif+json', 'Content-Disposition': `attachment; filename="${filename}"` },
  });
}
