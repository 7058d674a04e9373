import { eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { arrayParam } from '../db/rows';
import { findings } from '../db/schema';
import type { EventData } from '../events/contract';
import { locatedFinding } from './serialize';
import type { EngineFinding } from '../v16/types';

/** The finding summary stored in a finding_updated event (and sent over SSE). */
export type StoredFindingSummary = Omit<EventData<'finding_updated'>, 'ts'>;

/**
 * Upserts the findings a scan reported, by (repository, fingerprint), in one
 * statement: first and last seen, a fixed finding reopened (with a triage
 * entry saying which scan found it again), triage decisions (false positive,
 * accepted risk, confirmed) kept, and what this scan did to each finding
 * recorded in scan_findings for diffs.
 */
export async function upsertFindings(
  input: { repositoryId: string; scanId: string; tool?: string },
  list: EngineFinding[],
  tx: DbOrTx = getDb(),
): Promise<Map<string, StoredFindingSummary>> {
  const ids = new Map<string, StoredFindingSummary>();
  if (list.length === 0) return ids;
  // One statement may not touch a row twice: the last report of a fingerprint wins.
  const unique = [...new Map(list.map((f) => [f.fingerprint, f])).values()];
  await carryOverRenames(input.repositoryId, unique, tx);
  const rows = unique.map((f) => ({
    repository_id: input.repositoryId,
    fingerprint: f.fingerprint,
    rule_id: f.ruleId,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    cwe: f.cwe,
    path: f.path,
    file_sha256: f.fileSha256 ?? null,
    start_line: f.startLine,
    end_line: f.endLine,
    snippet: f.snippet,
    message: f.message,
    recommendation: f.recommendation,
    trace: f.trace,
    first_seen_scan_id: input.scanId,
    last_seen_scan_id: input.scanId,
    tool: input.tool ?? 'vega',
  }));
  const reopenNote = `reopened: found again by scan ${input.scanId}`;
  const fingerprints = unique.map((f) => f.fingerprint);
  // The existing rows are locked by a statement of their own, pipelined just
  // before: the upsert's snapshot then holds their latest status (a triage
  // edit racing it either committed before or waits). A FOR UPDATE inside the
  // upsert's own WITH would skip rows the INSERT had already updated.
  // Pipelined in this order on the transaction's connection (the same path,
  // so the lock statement is sent first).
  const [, result] = await Promise.all([
    tx.execute(sql`select 1 from findings where repository_id = ${input.repositoryId} and fingerprint = any(${arrayParam(fingerprints)}) order by id for update`),
    tx.execute<{ id: string; fingerprint: string; status: StoredFindingSummary['status']; inserted: boolean; prev_status: string | null }>(sql`
    with prev as (
      select id, fingerprint, status from findings
      where repository_id = ${input.repositoryId} and fingerprint = any(${arrayParam(fingerprints)})
    ), up as (
      insert into findings (repository_id, fingerprint, rule_id, title, severity, confidence, cwe, path, file_sha256, start_line, end_line,
                            snippet, message, recommendation, trace, first_seen_scan_id, last_seen_scan_id, tool)
      select x.repository_id, x.fingerprint, x.rule_id, x.title, x.severity, x.confidence, x.cwe, x.path, x.file_sha256, x.start_line, x.end_line,
             x.snippet, x.message, x.recommendation, x.trace, x.first_seen_scan_id, x.last_seen_scan_id, x.tool
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
        repository_id uuid, fingerprint text, rule_id text, title text, severity severity, confidence text, cwe text, path text,
        file_sha256 text, start_line int, end_line int, snippet text, message text, recommendation text, trace jsonb,
        first_seen_scan_id uuid, last_seen_scan_id uuid, tool text)
      on conflict (repository_id, fingerprint) do update set
        rule_id = excluded.rule_id, title = excluded.title, severity = excluded.severity,
        confidence = excluded.confidence, cwe = excluded.cwe, path = excluded.path,
        file_sha256 = coalesce(excluded.file_sha256, findings.file_sha256),
        start_line = excluded.start_line, end_line = excluded.end_line, snippet = excluded.snippet,
        message = excluded.message, recommendation = excluded.recommendation, trace = excluded.trace,
        last_seen_scan_id = excluded.last_seen_scan_id, updated_at = now(),
        -- a fixed finding that comes back is open again; triage decisions stay
        status = case when findings.status = 'fixed' then 'open'::finding_status else findings.status end,
        fixed_scan_id = case when findings.status = 'fixed' then null else findings.fixed_scan_id end,
        status_updated_at = case when findings.status = 'fixed' then now() else findings.status_updated_at end,
        status_updated_by = case when findings.status = 'fixed' then null else findings.status_updated_by end
      returning id, fingerprint, status, (xmax = 0) as inserted
    ), reopened as (
      insert into finding_triage (finding_id, from_status, to_status, note)
      select up.id, 'fixed', 'open', ${reopenNote} from up join prev using (fingerprint) where prev.status = 'fixed'
    ), seen as (
      insert into scan_findings (scan_id, finding_id, change)
      select ${input.scanId}, up.id,
             (case when up.inserted then 'new' when prev.status = 'fixed' then 'reopened' else 'seen' end)::scan_finding_change
      from up left join prev using (fingerprint)
      -- a later attempt of the same scan keeps what the first one recorded
      on conflict (scan_id, finding_id) do nothing
    )
    select up.id, up.fingerprint, up.status, up.inserted, prev.status as prev_status
    from up left join prev using (fingerprint)`),
  ]);
  const byFp = new Map(unique.map((f) => [f.fingerprint, f]));
  for (const r of result) {
    const f = byFp.get(r.fingerprint)!;
    ids.set(r.fingerprint, {
      finding_id: r.id,
      ...locatedFinding(f),
      status: r.status,
      new: r.inserted,
      ...(r.prev_status === 'fixed' ? { reopened: true } : {}),
    });
  }
  return ids;
}

/**
 * A file renamed with its content unchanged keeps its findings (and their
 * triage): a finding reported under a fingerprint the repository has never
 * seen, whose file content, rule and code match an existing finding at
 * another path that this batch does not report again, takes that finding
 * over: its fingerprint and path move, its id, history and status stay.
 * Content that changed, even slightly, makes a new finding (and the old one
 * is fixed by the next complete scan, its file being gone).
 */
async function carryOverRenames(repositoryId: string, incoming: EngineFinding[], tx: DbOrTx) {
  const withContent = incoming.filter((f) => f.fileSha256);
  if (withContent.length === 0) return;
  const fingerprints = incoming.map((f) => f.fingerprint);
  // The common case (no rename) costs one query that finds nothing: findings
  // with this content at a path this batch does not report.
  const candidates = await tx.execute<{ id: string; rule_id: string; snippet: string; file_sha256: string; path: string }>(sql`
    select id, rule_id, snippet, file_sha256, path from findings
    where repository_id = ${repositoryId} and file_sha256 = any(${arrayParam(withContent.map((f) => f.fileSha256!))})
      and fingerprint <> all(${arrayParam(fingerprints)}) and path <> all(${arrayParam(incoming.map((f) => f.path))})
    order by id`);
  if (candidates.length === 0) return;
  const known = await tx.execute<{ fingerprint: string }>(sql`select fingerprint from findings where repository_id = ${repositoryId} and fingerprint = any(${arrayParam(fingerprints)})`);
  const seen = new Set(known.map((k) => k.fingerprint));
  const taken = new Set<string>();
  for (const f of withContent) {
    if (seen.has(f.fingerprint)) continue;
    const from = candidates.find(
      (c) => !taken.has(c.id) && c.rule_id === f.ruleId && c.file_sha256 === f.fileSha256 && c.snippet === f.snippet,
    );
    if (!from) continue;
    taken.add(from.id);
    await tx.update(findings).set({ fingerprint: f.fingerprint, path: f.path, updatedAt: sql`now()` }).where(eq(findings.id, from.id));
  }
}
