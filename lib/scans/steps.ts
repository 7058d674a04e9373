import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scanSteps } from '../db/schema';
import type { StepOutcome } from '../v16/types';

/** A step of the attempt as this batch leaves it (scan_steps); fields the batch does not mention stay as stored. */
export interface StepUpdate {
  stepId: string;
  kind: 'plan' | 'audit';
  component?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  outcome?: StepOutcome;
  findings?: number;
  durationMs?: number;
  usage?: { inputTokens: number; outputTokens: number };
  error?: string;
}

/** Records what a batch says of the attempt's steps; a later event's fields win, unmentioned ones stay. */
export async function recordSteps(input: { scanId: string; attempt: number; steps: readonly StepUpdate[] }, tx: DbOrTx = getDb()) {
  if (input.steps.length === 0) return;
  const latest = (column: string) => sql.raw(`coalesce(excluded.${column}, scan_steps.${column})`);
  await tx
    .insert(scanSteps)
    .values(
      input.steps.map((s) => ({
        scanId: input.scanId,
        attempt: input.attempt,
        stepId: s.stepId,
        kind: s.kind,
        component: s.component,
        startedAt: s.startedAt ? new Date(s.startedAt) : undefined,
        finishedAt: s.finishedAt ? new Date(s.finishedAt) : undefined,
        exitCode: s.exitCode,
        outcome: s.outcome,
        findings: s.findings,
        durationMs: s.durationMs,
        usage: s.usage,
        error: s.error,
      })),
    )
    .onConflictDoUpdate({
      target: [scanSteps.scanId, scanSteps.attempt, scanSteps.stepId],
      set: {
        // the step's first event names its component
        component: sql.raw('coalesce(scan_steps.component, excluded.component)'),
        startedAt: latest('started_at'),
        finishedAt: latest('finished_at'),
        exitCode: latest('exit_code'),
        outcome: latest('outcome'),
        findings: latest('findings'),
        durationMs: latest('duration_ms'),
        usage: latest('usage'),
        error: latest('error'),
      },
    });
}

/** The steps of one attempt, in the order they began. */
export function stepsOf(scanId: string, attempt: number, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(scanSteps)
    .where(and(eq(scanSteps.scanId, scanId), eq(scanSteps.attempt, attempt)))
    .orderBy(asc(scanSteps.seq));
}
