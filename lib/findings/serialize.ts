import type { Finding } from '../db/schema';

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
