import type { Finding } from '../db/schema';
import type { Severity } from '../v16/types';

/** The fields that say what and where a finding is, by whichever table or engine event it comes from. */
export interface LocatedFinding<Cwe extends string | null = string | null> {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** An engine finding always has one; a stored one may not. */
  cwe: Cwe;
  path: string;
  startLine: number;
  endLine: number;
}

/** What and where, as every list of findings in the API and the event log shows it. */
export function locatedFinding<Cwe extends string | null>(f: LocatedFinding<Cwe>) {
  return {
    fingerprint: f.fingerprint,
    rule_id: f.ruleId,
    title: f.title,
    severity: f.severity,
    cwe: f.cwe,
    path: f.path,
    start_line: f.startLine,
    end_line: f.endLine,
  };
}

export function serializeFinding(f: Finding) {
  return {
    id: f.id,
    repository_id: f.repositoryId,
    fingerprint: f.fingerprint,
    rule_id: f.ruleId,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    cwe: f.cwe,
    path: f.path,
    start_line: f.startLine,
    end_line: f.endLine,
    snippet: f.snippet,
    message: f.message,
    recommendation: f.recommendation,
    trace: f.trace,
    status: f.status,
    status_note: f.statusNote,
    status_updated_at: f.statusUpdatedAt ? f.statusUpdatedAt.toISOString() : null,
    first_seen_scan_id: f.firstSeenScanId,
    last_seen_scan_id: f.lastSeenScanId,
    fixed_scan_id: f.fixedScanId,
    tool: f.tool,
    created_at: f.createdAt.toISOString(),
    updated_at: f.updatedAt.toISOString(),
  };
}
