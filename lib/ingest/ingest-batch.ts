import type { Sql } from '../db/client';
import type { ScanStatus } from '../db/schema';
import { ACTIVE, isTerminal } from '../scans/state';
import { markFixed, markToolFixed, recordPlan } from '../findings/coverage';
import { upsertFindings } from '../findings/upsert';
import type { EngineFinding, Plan, V16Event } from '../v16/types';
import { EVENTS_CHANNEL } from '../events/append';
import { fromEngineEvent, type StoredEventInput } from '../events/from-engine';

export type IngestResult =
  | { accepted: true; status: ScanStatus; cancelRequested: boolean; lastEventId: number | null; duplicate?: true }
  | { accepted: false; reason: 'not_found' | 'fenced' | 'inactive'; status?: ScanStatus; cancelRequested: boolean };

interface ScanRow {
  batch_seq: number;
  id: string;
  repository_id: string;
  status: ScanStatus;
  attempt: number;
  cancel_requested_at: Date | null;
}

/**
 * Writes one batch of engine events for one attempt of a scan, atomically:
 * events appended, findings upserted, the scan's status and progress moved.
 *
 * Fencing: the scan row is locked and the batch refused unless `attempt` still
 * holds it, so a runner that lost its lease (paused, partitioned) writes
 * nothing. Ordering: a per-repository advisory lock is taken before ids are
 * drawn, so event ids commit in increasing order per repository and a
 * Last-Event-ID cursor can never skip an event committed late.
 * Four round trips per batch, whatever its size: BEGIN, locks, write, COMMIT
 * (plus one for findings and the plan's coverage when the batch has any).
 * The batch that completes the scan also marks fixed, in the same write
 * round trip, the findings it no longer found in files it covered (for an
 * import: the findings of its tools it no longer reported).
 */
export async function ingestBatch(
  sql: Sql,
  input: {
    scanId: string;
    attempt: number;
    events: V16Event[];
    leaseSeconds: number;
    batchSeq?: number;
    /** Who reports the findings (default "vega"; "sarif:<tool>" for imports). */
    tool?: string;
    /**
     * An import's tools whose whole result set the scan is: when this batch
     * completes it, their findings it did not report are marked fixed
     * (markToolFixed) instead of the engine's coverage rule (markFixed).
     */
    fixesTools?: string[];
  },
): Promise<IngestResult> {
  return sql.begin(async (tx) => {
    // Pipelined: one round trip for the row lock and the repository's id lock,
    // taken in that order (the order every other writer of events uses).
    const [[scan]] = await Promise.all([
      tx<ScanRow[]>`
        select id, repository_id, status, attempt, cancel_requested_at, batch_seq
        from scans where id = ${input.scanId} for update`,
      tx`select pg_advisory_xact_lock(hashtextextended(repository_id::text, 0)) from scans where id = ${input.scanId}`,
    ]);
    if (!scan) return { accepted: false, reason: 'not_found', cancelRequested: false };
    const cancelRequested = scan.cancel_requested_at !== null;
    if (scan.attempt !== input.attempt) return { accepted: false, reason: 'fenced', status: scan.status, cancelRequested };
    // A batch sent again after its reply was lost (it committed; the runner
    // could not know): acknowledge it, store nothing twice. Checked before
    // "active", since that batch may have been the one that ended the scan.
    if (input.batchSeq !== undefined && input.batchSeq <= scan.batch_seq) {
      return { accepted: true, duplicate: true, status: scan.status, cancelRequested, lastEventId: null };
    }
    // A re-queued scan keeps its attempt number until the next claim: only an
    // active scan accepts writes.
    if (!ACTIVE.includes(scan.status)) return { accepted: false, reason: 'inactive', status: scan.status, cancelRequested };

    const next = applyEvents(scan.status, input.events);
    const t = tx as unknown as Sql;
    const [findingIds] = await Promise.all([
      upsertFindings(t, { repositoryId: scan.repository_id, scanId: input.scanId, tool: input.tool }, next.findings),
      next.plan ? recordPlan(t, input.scanId, input.attempt, next.plan) : null,
    ]);
    const rows = next.stored.map((e) => ({
      scan_id: input.scanId,
      repository_id: scan.repository_id,
      attempt: input.attempt,
      kind: e.event.kind,
      step_id: e.event.stepId,
      data: tx.json((e.finding ? { ...e.event.data, ...findingIds.get(e.finding.fingerprint) } : e.event.data) as never),
    }));
    const terminal = isTerminal(next.status);
    // One statement appends the events, moves the scan (a CAS on attempt and
    // status: we hold the row lock, but the condition states the invariant
    // where it is enforced) and sends the wake-up, delivered at commit.
    const write = tx<{ last_id: string | null }[]>`
      with ins as (
        ${rows.length > 0 ? tx`insert into scan_events ${tx(rows)} returning id` : tx`select null::int8 as id where false`}
      ), upd as (
        update scans set
          status = ${next.status},
          started_at = case when ${next.status}::scan_status = 'running' and started_at is null then now() else started_at end,
          finished_at = case when ${terminal} then now() else finished_at end,
          progress_done = coalesce(${next.progress?.done ?? null}::int, progress_done),
          progress_total = coalesce(${next.progress?.total ?? null}::int, progress_total),
          findings_count = findings_count + ${next.findings.length},
          error = coalesce(${next.error}, error),
          heartbeat_at = now(),
          batch_seq = coalesce(${input.batchSeq ?? null}::int, batch_seq),
          lease_expires_at = case when ${terminal} then null else now() + make_interval(secs => ${input.leaseSeconds}) end
        where id = ${input.scanId} and attempt = ${input.attempt} and status = ${scan.status}
        returning 1
      )
      select max(id)::int8 as last_id,
             case when max(id) is null then null
                  else pg_notify(${EVENTS_CHANNEL}, json_build_object('r', ${scan.repository_id}::text, 's', ${input.scanId}::text, 'id', max(id))::text)
             end as notified
      from ins`;
    // Pipelined after the write (statements run in order), so the audit steps of this batch count.
    const completed = next.status === 'completed';
    const [[result]] = await Promise.all([
      write,
      completed && !input.fixesTools ? markFixed(t, { repositoryId: scan.repository_id, scanId: input.scanId, attempt: input.attempt }) : null,
      completed && input.fixesTools?.length ? markToolFixed(t, { repositoryId: scan.repository_id, scanId: input.scanId, tools: input.fixesTools }) : null,
    ]);
    const lastEventId = result?.last_id == null ? null : Number(result.last_id);
    return { accepted: true, status: next.status, cancelRequested, lastEventId };
  });
}

interface Applied {
  status: ScanStatus;
  progress: { done: number; total: number } | null;
  error: string | null;
  stored: { event: StoredEventInput; finding?: EngineFinding }[];
  findings: EngineFinding[];
  /** The plan with its file lists, when this batch has the plan step's end. */
  plan: Plan | null;
}

/** Pure: folds a batch into the scan's next status; events after a terminal one are dropped. */
export function applyEvents(status: ScanStatus, events: V16Event[]): Applied {
  const out: Applied = { status, progress: null, error: null, stored: [], findings: [], plan: null };
  for (const ev of events) {
    if (isTerminal(out.status)) break;
    const stored = fromEngineEvent(ev);
    switch (ev.type) {
      case 'scan_started':
        if (out.status === 'claimed') out.status = 'running';
        break;
      case 'step_finished':
        if (ev.plan) out.plan = ev.plan;
        break;
      case 'scan_progress':
        out.progress = { done: ev.done, total: ev.total };
        break;
      case 'finding_updated':
        out.findings.push(ev.finding);
        out.stored.push({ event: stored, finding: ev.finding });
        continue;
      case 'scan_completed':
        out.status = 'completed';
        break;
      case 'scan_failed':
        out.status = 'failed';
        out.error = ev.error;
        break;
      case 'scan_cancelled':
        out.status = 'cancelled';
        break;
    }
    out.stored.push({ event: stored });
  }
  return out;
}
