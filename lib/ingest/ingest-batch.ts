import { sql } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type Db } from '../db/client';
import { frozen } from '../db/frozen';
import { pipelinedTransaction } from '../db/pipelined';
import { scans, type Scan, type ScanStatus } from '../db/schema';
import { repositoryLock } from '../events/append';
import { conformsByConstruction, type NewEvent } from '../events/contract';
import { markFixed, markToolFixed, recordPlan } from '../findings/coverage';
import { upsertFindings } from '../findings/upsert';
import { recordBranchFindings } from '../findings/branch';
import { Computed, isActive, isTerminal, NOW, touch, transition, type ScanChanges } from '../scans/lifecycle';
import { recordSteps } from '../scans/steps';
import { v16EventSchema } from '../v16/event-schema';
import type { V16Event } from '../v16/types';
import { applyEvents } from './apply-events';

export type IngestResult =
  | { accepted: true; status: ScanStatus; cancelRequested: boolean; lastEventId: number | null; duplicate?: true }
  | { accepted: false; reason: 'not_found' | 'fenced' | 'inactive'; status?: ScanStatus; cancelRequested: boolean };

export interface IngestInput {
  scanId: string;
  attempt: number;
  /** As a runner sent them: checked against the engine's event schema before anything is written. */
  events: readonly unknown[];
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
}

type LockedScan = Pick<Scan, 'status' | 'attempt' | 'batchSeq' | 'branch'> & { repositoryId: string; cancelRequested: boolean };

// The batch's first statement, around its one parameter (the scan id), rendered once (lib/db/frozen.ts).
const LOCK_HEAD = frozen(sql`
  with s as (select ${scans.repositoryId}, ${scans.status}, ${scans.attempt}, ${scans.batchSeq}, ${scans.cancelRequestedAt}, ${scans.branch} from ${scans} where ${scans.id} = `);
const LOCK_TAIL = frozen(sql` for update)
  select repository_id as "repositoryId", status, attempt, batch_seq as "batchSeq", cancel_requested_at is not null as "cancelRequested", branch,
         ${repositoryLock(sql`s.repository_id`)}
  from s`);

/** The runner's events, checked against the engine's wire schema: a 422 naming the first field that is wrong. */
export function parseEngineEvents(events: readonly unknown[]): V16Event[] {
  return events.map((raw, i) => {
    const parsed = v16EventSchema.safeParse(raw);
    if (parsed.success) return parsed.data as V16Event;
    const issue = parsed.error.issues[0];
    throw new ApiError('validation_failed', 422, `events.${[i, ...issue.path].join('.')}: ${issue.message}`);
  });
}

/**
 * Writes one batch of engine events for one attempt of a scan, atomically:
 * events appended, findings upserted, steps recorded, the scan's status
 * (through the lifecycle) and progress moved.
 *
 * Fencing: the scan row is locked and the batch refused unless `attempt` still
 * holds it, so a runner that lost its lease (paused, partitioned) writes
 * nothing. Ordering: the repository's id lock is taken with the row lock, so
 * event ids commit in increasing order per repository. Two round trips per
 * batch, whatever its size (a pipelined transaction): BEGIN with the locks,
 * then the writes (steps, the scan and its events, the coverage rule) with
 * COMMIT; plus one for findings and the plan when the batch has any (two
 * when its findings carry file hashes: the rename check goes first).
 */
export async function ingestBatch(input: IngestInput, db: Db = getDb()): Promise<IngestResult> {
  const events = parseEngineEvents(input.events);
  return pipelinedTransaction(async (tx, commit) => {
    // The row lock, then the repository's id lock (the order every writer of
    // events uses), in one statement: the CTE locks the row before the outer
    // select takes the advisory lock.
    const [scan] = await tx.execute<LockedScan>(sql`${LOCK_HEAD}${input.scanId}${LOCK_TAIL}`);
    if (!scan) return { accepted: false, reason: 'not_found', cancelRequested: false };
    const { cancelRequested } = scan;
    if (scan.attempt !== input.attempt) return { accepted: false, reason: 'fenced', status: scan.status, cancelRequested };
    // A batch sent again after its reply was lost (it committed; the runner
    // could not know): acknowledge it, store nothing twice. Checked before
    // "active", since that batch may have been the one that ended the scan.
    if (input.batchSeq !== undefined && input.batchSeq <= scan.batchSeq) {
      return { accepted: true, duplicate: true, status: scan.status, cancelRequested, lastEventId: null };
    }
    // A re-queued scan keeps its attempt number until the next claim: only an
    // active scan accepts writes.
    if (!isActive(scan.status)) return { accepted: false, reason: 'inactive', status: scan.status, cancelRequested };

    const next = applyEvents(scan.status, events);
    // Mapped from events the wire schema took: they fit the contract (a
    // finding's event is its stored summary, made and checked below).
    conformsByConstruction(next.stored.flatMap(({ event, finding }) => (finding ? [] : [event as NewEvent])));
    // A branch scan's findings are its own; the default branch's are left alone.
    const record = scan.branch ? recordBranchFindings : upsertFindings;
    const [summaries] = await Promise.all([
      record({ repositoryId: scan.repositoryId, scanId: input.scanId, tool: input.tool }, next.findings, tx),
      next.plan ? recordPlan({ scanId: input.scanId, attempt: input.attempt, plan: next.plan }, tx) : null,
    ]);
    const stored = next.stored.map(({ event, finding }): NewEvent => {
      if (!finding) return event as NewEvent;
      const summary = summaries.get(finding.fingerprint);
      if (!summary) throw new Error(`finding ${finding.fingerprint} was not stored`);
      return { kind: 'finding_updated', stepId: event.stepId, data: { ...summary, ts: event.data.ts } };
    });
    const terminal = isTerminal(next.status);
    const set: ScanChanges = {
      progressDone: next.progress?.done,
      progressTotal: next.progress?.total,
      findingsCount: Computed.plus(next.findings.length),
      error: next.error ?? undefined,
      engineVersion: next.engineVersion ?? undefined,
      heartbeatAt: NOW,
      batchSeq: input.batchSeq,
      leaseExpiresAt: terminal ? undefined : Computed.secondsFromNow(input.leaseSeconds),
    };
    const changes = next.status !== scan.status;
    const completed = next.status === 'completed';
    const scope = { repositoryId: scan.repositoryId, scanId: input.scanId };
    // One round trip with COMMIT, in this order on the transaction's connection: the steps
    // (the coverage rule reads them), the scan's statement (its events, its
    // status or progress), then the coverage rule of a batch that completes
    // the scan. Each call below hands its statement to the driver when it is
    // made, so the order sent is the order written.
    const [, moved] = await commit(Promise.all([
      recordSteps({ scanId: input.scanId, attempt: input.attempt, steps: next.steps }, tx),
      changes
        ? transition({ scan: input.scanId, attempt: input.attempt, from: [scan.status], to: next.status, set, by: 'runner', events: stored, brief: true }, tx).then(
            ([row]) => row ?? null,
          )
        : touch({ scan: input.scanId, attempt: input.attempt, status: scan.status, set, events: stored }, tx),
      completed && !scan.branch && !input.fixesTools ? markFixed({ ...scope, attempt: input.attempt }, tx) : null,
      completed && !scan.branch && input.fixesTools?.length ? markToolFixed({ ...scope, tools: input.fixesTools }, tx) : null,
    ]));
    if (!moved) throw new Error(`scan ${input.scanId} changed under its row lock`);
    return { accepted: true, status: next.status, cancelRequested, lastEventId: moved.lastEventId };
  }, db);
}
