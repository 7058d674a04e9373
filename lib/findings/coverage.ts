import { sql, type SQL } from 'drizzle-orm';
import type { Plan } from '../v16/types';
import { getDb, type DbOrTx } from '../db/client';
import { arrayParam } from '../db/rows';
import { scanComponents } from '../db/schema';

/** The component id of the row that lists what a plan saw but did not scan. */
export const NOT_SCANNED = '(not scanned)';

/**
 * Keeps the files of each planned component of this attempt, and what the
 * plan saw but skipped: the stored plan event carries counts only, and "which
 * files did this scan cover, which files exist" must be answerable when the
 * scan ends.
 */
export async function recordPlan(input: { scanId: string; attempt: number; plan: Pick<Plan, 'components' | 'skipped'> }, tx: DbOrTx = getDb()) {
  const { scanId, attempt, plan } = input;
  const rows = plan.components.map((c) => ({ scanId, attempt, componentId: c.id, audited: true, files: c.files }));
  rows.push({ scanId, attempt, componentId: NOT_SCANNED, audited: false, files: plan.skipped.map((s) => s.path) });
  await tx.insert(scanComponents).values(rows).onConflictDoNothing();
}

/**
 * Marks fixed the findings a complete scan no longer found. Complete: every
 * planned component's audit step finished with exit code 0 and no outcome
 * other than "ok" (a refusal or an exhausted budget is partial coverage).
 * Concerned: findings in a file a component covered, or in a file the plan
 * did not see at all (deleted, or renamed away: a plan lists every file, in a
 * component or as not scanned); never in a file it saw but skipped. Only open
 * and confirmed findings of the engine ("vega") whose weakness class the
 * scan's threat profile looked for; false positives and accepted risks keep
 * their triage. Runs inside the transaction that stores the terminal event,
 * after that batch's steps are recorded (scan_steps), so they count.
 */
export async function markFixed(input: { repositoryId: string; scanId: string; attempt: number }, tx: DbOrTx = getDb()) {
  const note = `fixed: not found by scan ${input.scanId}, which covered its file`;
  return tx.execute<{ finding_id: string }>(sql`
    with audits as (
      -- the attempt's finished audit steps: ok means exit code 0 and no outcome but ok
      select component as component_id, coalesce(exit_code, 1) = 0 and coalesce(outcome::text, 'ok') = 'ok' as ok
      from scan_steps
      where scan_id = ${input.scanId} and attempt = ${input.attempt} and kind = 'audit' and finished_at is not null
    ), rows as (
      select component_id, audited, files from scan_components where scan_id = ${input.scanId} and attempt = ${input.attempt}
    ), planned as (
      select component_id, files from rows where audited
    ), seen as (
      select unnest(files) as path from rows
    ), complete as (
      select exists (select 1 from rows)
         and not exists (select 1 from audits where not ok)
         and not exists (select 1 from planned p where not exists (select 1 from audits a where a.component_id = p.component_id and a.ok)) as yes
    ), classes as (
      -- the weakness classes the scan's profile version asked for; none stored = the default = all
      select coalesce((
        select tp.weakness_classes from scans s
        join threat_profiles tp on tp.repository_id = s.repository_id and tp.version = s.threat_profile_version
        where s.id = ${input.scanId}), '[]'::jsonb) as list
    ), gone as (
      select f.id, f.status from findings f
      where f.repository_id = ${input.repositoryId}
        and f.tool = 'vega'
        and f.status in ('open', 'confirmed')
        and (select yes from complete)
        and (f.path in (select unnest(files) from planned)
             or not exists (select 1 from seen where seen.path = f.path or (seen.path like '%/' and starts_with(f.path, seen.path))))
        and (jsonb_array_length((select list from classes)) = 0 or (select list from classes) ? f.cwe)
        and not exists (select 1 from scan_findings sf where sf.scan_id = ${input.scanId} and sf.finding_id = f.id)
      for update of f
    ), ${fixGone(input.scanId, note)}`);
}

/**
 * The end of a statement that marks fixed the rows of its `gone` CTE (id,
 * status; locked): each becomes fixed by the scan, with a triage entry and a
 * scan_findings row. Returns the ids it fixed.
 */
function fixGone(scanId: string, note: string): SQL {
  return sql`fixed as (
      update findings f set status = 'fixed', fixed_scan_id = ${scanId}, status_updated_at = now(), status_updated_by = null, updated_at = now()
      from gone where f.id = gone.id
      returning f.id
    ), history as (
      insert into finding_triage (finding_id, from_status, to_status, note)
      select id, status, 'fixed', ${note} from gone
    )
    insert into scan_findings (scan_id, finding_id, change)
    select ${scanId}, id, 'fixed' from fixed
    on conflict (scan_id, finding_id) do nothing
    returning finding_id`;
}

/**
 * What "covered" means for an import of another scanner's results (SARIF):
 * a tool's complete run is its whole result set for the repository, so the
 * open and confirmed findings of that tool (`sarif:<name>`) the import did
 * not report become fixed. Findings of other tools and of the engine are
 * never touched; false positives and accepted risks keep their triage. Runs
 * in the transaction that stores the import's terminal event.
 *
 * The import that completes last decides: one that reported a finding which
 * a concurrent import of the same tool, completing first, marked fixed
 * reopens it (terminal events are serialized by the repository's lock).
 */
export async function markToolFixed(input: { repositoryId: string; scanId: string; tools: string[] }, tx: DbOrTx = getDb()) {
  const note = `fixed: not in the results of its tool imported by scan ${input.scanId}`;
  const reopenNote = `reopened: found again by scan ${input.scanId}`;
  return tx.execute<{ finding_id: string }>(sql`
    with back as (
      select f.id from findings f
      where f.repository_id = ${input.repositoryId} and f.tool = any(${arrayParam(input.tools)}) and f.status = 'fixed'
        and exists (select 1 from scan_findings sf where sf.scan_id = ${input.scanId} and sf.finding_id = f.id and sf.change <> 'fixed')
      for update of f
    ), reopened as (
      update findings f set status = 'open', fixed_scan_id = null, status_updated_at = now(), status_updated_by = null, updated_at = now()
      from back where f.id = back.id
      returning f.id
    ), reopened_history as (
      insert into finding_triage (finding_id, from_status, to_status, note)
      select id, 'fixed', 'open', ${reopenNote} from reopened
    ), gone as (
      select f.id, f.status from findings f
      where f.repository_id = ${input.repositoryId}
        and f.tool = any(${arrayParam(input.tools)})
        and f.status in ('open', 'confirmed')
        and not exists (select 1 from scan_findings sf where sf.scan_id = ${input.scanId} and sf.finding_id = f.id)
      for update of f
    ), ${fixGone(input.scanId, note)}`);
}
