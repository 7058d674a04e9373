// Runs one scan through a backend (builtin by default) and narrates it as
// V16Events: plan step, one audit step per component, then exactly one
// terminal event (scan_completed, scan_cancelled or scan_failed).

import type { AuditResult, EngineBackend, EngineFinding, EngineOptions, ScanSummary, Severity, V16Event } from './types';
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
    const plan = await backend.plan(root, profile, { isCancelled });
    if (await isCancelled()) return await cancel();
    await emit({ type: 'step_finished', step_id: 'plan', kind: 'plan', exit_code: 0, duration_ms: Date.now() - planStartedAt, plan });

    const total = plan.components.length;
    const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let files = 0;
    let bytes = 0;
    let partial = false;
    for (const [index, component] of plan.components.entries()) {
      if (await isCancelled()) return await cancel();
      const stepId = `audit:${component.id}`;
      const step = { step_id: stepId, kind: 'audit' as const, component: component.id };
      await emit({ type: 'scan_progress', done: index, total, message: `component ${index + 1} of ${total}: ${component.name}`, component: component.id });
      await emit({ type: 'step_started', ...step, files: component.files.length });
      const stepStartedAt = Date.now();
      let found = 0;
      let result: void | AuditResult;
      try {
        result = await backend.audit(root, component, profile, {
          finding: async (finding: EngineFinding) => {
            found++;
            findings[finding.severity]++;
            await emit({ type: 'finding_updated', step_id: stepId, finding });
          },
          log: (level, message) => emit({ type: 'scan_log', level, message, step_id: stepId }),
          isCancelled,
        });
      } catch (err) {
        if (err instanceof EmitFailed) throw err;
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
