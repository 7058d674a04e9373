// Runs one scan through a backend (builtin by default) and narrates it as
// V16Events: plan step, one audit step per component, then exactly one
// terminal event (scan_completed, scan_cancelled or scan_failed).

import type { AuditResult, EngineBackend, EngineFinding, EngineOptions, GateAnswer, GateRequest, ScanSummary, Severity, V16Event } from './types';
import { planReviewDetails } from './estimate';
import { SEVERITIES } from './types';
import { builtinBackend } from './builtin-backend';
import { countSnapshotFiles } from './planner/walk';

export { builtinBackend };

/** One line of the v16-events.jsonl stream (without the newline). */
export function toJsonl(event: V16Event): string {
  return JSON.stringify(event);
}

type EventBody = V16Event extends infer E ? (E extends V16Event ? Omit<E, 'ts'> : never) : never;

/** Marks a failure of `emit` itself, which no component can be blamed for. */
class EmitFailed extends Error {}
/** Marks a failure to reach the gate's decision (not a component's fault either). */
class GateFailed extends Error {}

async function askGate(gate: NonNullable<EngineOptions['gate']>, request: GateRequest): Promise<GateAnswer> {
  try {
    return await gate(request);
  } catch (err) {
    throw new GateFailed(`${request.kind} gate: ${describe(err)}`, { cause: err });
  }
}

export async function runEngine(opts: EngineOptions & { backend?: EngineBackend }): Promise<ScanSummary | null> {
  const backend = opts.backend ?? builtinBackend;
  const { root, profile, isCancelled } = opts;
  const startedAt = Date.now();
  const emit = async (body: EventBody): Promise<void> => {
    try {
      await opts.emit({ ...body, ts: new Date().toISOString() } as V16Event);
    } catch (err) {
      throw new EmitFailed(describe(err), { cause: err });
    }
  };
  const cancel = async (): Promise<null> => {
    await emit({ type: 'scan_cancelled', reason: 'cancellation requested' });
    return null;
  };

  try {
    await emit({ type: 'scan_started', engine: { name: backend.name, version: backend.version }, files: await countSnapshotFiles(root) });
    if (await isCancelled()) return await cancel();

    await emit({ type: 'step_started', step_id: 'plan', kind: 'plan' });
    const planStartedAt = Date.now();
    let plan = await backend.plan(root, profile, { isCancelled });
    if (await isCancelled()) return await cancel();
    await emit({ type: 'step_finished', step_id: 'plan', kind: 'plan', exit_code: 0, duration_ms: Date.now() - planStartedAt, plan });

    // Plan review: nothing is audited (nothing spent) until a person decides.
    let dropped = 0;
    if (opts.planReview && opts.gate) {
      const n = plan.components.length;
      const answer = await askGate(opts.gate, {
        kind: 'plan_review',
        reason: `plan review: ${n} component${n === 1 ? '' : 's'} to audit; approve, drop components or abort`,
        details: planReviewDetails(plan, backend),
      });
      if (answer.action === 'cancelled' || (await isCancelled())) return await cancel();
      if (answer.action === 'abort') {
        const reason = answer.timedOut
          ? 'plan review: no decision before the gate timed out; aborted (the safe default)'
          : `plan review: aborted by ${answer.decidedBy ?? 'a team owner'}`;
        await emit({ type: 'scan_cancelled', reason });
        return null;
      }
      if (answer.action === 'approve' && answer.dropComponents.length > 0) {
        const drop = new Set(answer.dropComponents);
        const names = plan.components.filter((c) => drop.has(c.id)).map((c) => c.name);
        plan = { ...plan, components: plan.components.filter((c) => !drop.has(c.id)) };
        dropped = names.length;
        await emit({ type: 'scan_log', level: 'info', message: `plan review: ${names.length} component${names.length === 1 ? '' : 's'} dropped by ${answer.decidedBy ?? 'a team owner'} (${names.join(', ')}); coverage will be partial` });
      }
    }

    const total = plan.components.length;
    const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let files = 0;
    let bytes = 0;
    let partial = dropped > 0;
    for (const [index, component] of plan.components.entries()) {
      if (await isCancelled()) return await cancel();
      const stepId = `audit:${component.id}`;
      const step = { step_id: stepId, kind: 'audit' as const, component: component.id };
      await emit({ type: 'scan_progress', done: index, total, message: `component ${index + 1} of ${total}: ${component.name}`, component: component.id });
      await emit({ type: 'step_started', ...step, files: component.files.length });
      const stepStartedAt = Date.now();
      let found = 0;
      // A component audited again after a budget increase reports each finding once.
      const seen = new Set<string>();
      let result: void | AuditResult;
      let finish: Exclude<GateAnswer, { action: 'cancelled' }> | null = null;
      try {
        for (;;) {
          result = await backend.audit(root, component, profile, {
            finding: async (finding: EngineFinding) => {
              if (seen.has(finding.fingerprint)) return;
              seen.add(finding.fingerprint);
              found++;
              findings[finding.severity]++;
              await emit({ type: 'finding_updated', step_id: stepId, finding });
            },
            log: (level, message) => emit({ type: 'scan_log', level, message, step_id: stepId }),
            isCancelled,
          });
          if (result?.outcome !== 'budget_exhausted' || !opts.gate || (await isCancelled())) break;
          // The budget ran out: a person raises it (this component is audited again) or finishes with what was found.
          const answer = await askGate(opts.gate, {
            kind: 'budget',
            reason: `the scan's LLM budget ran out while auditing ${component.name}; raise it or finish with what was found`,
            details: { component: component.id, component_name: component.name, message: result.message ?? 'budget exhausted' },
          });
          if (answer.action === 'cancelled') return await cancel();
          if (answer.action !== 'increase') {
            finish = answer;
            break;
          }
          backend.onBudgetRaised?.();
          await emit({ type: 'scan_log', level: 'info', message: `budget raised by ${answer.decidedBy ?? 'a team owner'}; auditing ${component.name} again`, step_id: stepId });
        }
      } catch (err) {
        if (err instanceof EmitFailed || err instanceof GateFailed) throw err;
        // One component's failure must not cost the others their audit.
        const error = describe(err);
        await emit({ type: 'scan_log', level: 'error', message: `audit of ${component.name} failed: ${error}`, step_id: stepId });
        await emit({ type: 'step_finished', ...step, exit_code: 1, findings: found, duration_ms: Date.now() - stepStartedAt, error, outcome: 'failed' });
        partial = true;
        continue;
      }
      // The backend returns early when cancelled; its step is then incomplete, not finished.
      if (await isCancelled()) return await cancel();
      const usage = result?.usage ? { usage: result.usage } : {};
      if (result?.outcome && result.outcome !== 'ok') {
        // Refused, out of budget: the component was not (fully) looked at, which must not read as "no findings".
        partial = true;
        const error = result.message ?? result.outcome;
        await emit({ type: 'step_finished', ...step, exit_code: 1, findings: found, duration_ms: Date.now() - stepStartedAt, error, outcome: result.outcome, ...usage });
        if (finish) {
          const left = total - index - 1;
          const who = finish.timedOut ? 'no decision before the gate timed out (the safe default)' : `decided by ${finish.decidedBy ?? 'a team owner'}`;
          await emit({ type: 'scan_log', level: 'warn', message: `budget: finishing with what was found (${who}); ${left} component${left === 1 ? '' : 's'} not audited, coverage partial` });
          break;
        }
        continue;
      }
      files += component.files.length;
      bytes += component.estimatedBytes;
      await emit({ type: 'step_finished', ...step, exit_code: 0, findings: found, duration_ms: Date.now() - stepStartedAt, ...usage });
    }

    await emit({ type: 'scan_progress', done: total, total, message: `${total} of ${total} components audited` });
    const summary: ScanSummary = { components: total, files, bytes, findings, skippedFiles: plan.skipped.length, durationMs: Date.now() - startedAt, coverage: partial ? 'partial' : 'complete' };
    await emit({ type: 'scan_completed', summary });
    return summary;
  } catch (err) {
    // If emitting is what broke, reporting through it is hopeless: let the caller see the error.
    if (err instanceof EmitFailed) throw err;
    await emit({ type: 'scan_failed', error: describe(err) });
    return null;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
