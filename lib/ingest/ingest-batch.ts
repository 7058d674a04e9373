import { eq, sql } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type DbOrTx } from '../db/client';
import { scans, type ScanStatus } from '../db/schema';
import type { NewEvent } from '../events/contract';
import { markFixed, markToolFixed, recordPlan } from '../findings/coverage';
import { upsertFindings } from '../findings/upsert';
import { isActive, isTerminal, touch, transition, type ScanChanges } from '../scans/lifecycle';
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

/** The runner's events, or a 422 naming the first field that is wrong (nothing is written). */
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
 * event ids commit in increasing order per repository. Four round trips per
 * batch, whatever its size: BEGIN, locks, write, COMMIT (plus one for findings
 * and the plan's coverage when the batch has any, and one for the coverage
 * rule when it completes the scan).
 */
export async function ingestBatch(input: IngestInput, db: DbOrTx = getDb()): Promise<IngestResult> {
  const events = parseEngineEvents(input.events);
  return db.transaction(async (tx) => {
    // Pipelined: one round trip for the row lock and the repository's id lock,
    // taken in that order (the order every other writer of events uses).
    const [[scan]] = await Promise.all([
      tx
        .select({ id: scans.id, repositoryId: scans.repositoryId, status: scans.status, attempt: scans.attempt, cancelRequestedAt: scans.cancelRequestedAt, batchSeq: scans.batchSeq })
        .from(scans)
        .where(eq(scans.id, input.scanId))
        .for('update'),
      tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(repository_id::text, 0)) from scans where id = ${input.scanId}`),
    ]);
    if (!scan) return { accepted: false, reason: 'not_found', cancelRequested: false };
    const cancelRequested = scan.cancelRequestedAt !== null;
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
    const [summaries] = await Promise.all([
      upsertFindings({ repositoryId: scan.repositoryId, scanId: input.scanId, tool: input.tool }, next.findings, tx),
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
      findingsCount: sql`${scans.findingsCount} + ${next.findings.length}`,
      error: next.error ?? undefined,
      engineVersion: next.engineVersion ?? undefined,
      heartbeatAt: sql`now()`,
      batchSeq: input.batchSeq,
      leaseExpiresAt: terminal ? undefined : sql`now() + make_interval(secs => ${input.leaseSeconds})`,
    };
    const changes = next.status !== scan.status;
    // The steps first: the coverage rule below reads them. The scan's write
    // (its events, its status or progress) is one statement, pipelined with them.
    const [, moved] = await Promise.all([
      recordSteps({ scanId: input.scanId, attempt: input.attempt, steps: next.steps }, tx),
      changes
        ? transition(
            {
              scan: input.scanId,
              attempt: input.attempt,
              from: [scan.status],
              to: next.status,
              set,
              by: 'runner',
              events: stored,
            },
            tx,
          ).then(([row]) => row ?? null)
        : touch({ scan: input.scanId, attempt: input.attempt, status: scan.status, set, events: stored }, tx),
    ]);
    if (!moved) throw new Error(`scan ${input.scanId} changed under its row lock`);
    if (next.status === 'completed') {
      const scope = { repositoryId: scan.repositoryId, scanId: input.scanId };
      if (!input.fixesTools) await markFixed({ ...scope, attempt: input.attempt }, tx);
      else if (input.fixesTools.length > 0) await markToolFixed({ ...scope, tools: input.fixesTools }, tx);
    }
    return { accepted: true, status: next.status, cancelRequested, lastEventId: moved.lastEventId };
  });
}
