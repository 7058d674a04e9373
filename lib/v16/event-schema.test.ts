import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { newEventSchema } from '../events/contract';
import { fromEngineEvent } from '../events/from-engine';
import { parseEngineEvents } from '../ingest/ingest-batch';
import { INT4_MAX, v16EventSchema } from './event-schema';
import type { V16Event } from './types';

// Ingest checks a runner's events once, against the wire schema, and stores
// their mapping without checking it again (conformsByConstruction). That
// holds only if every event the wire schema takes maps onto one the event
// contract takes: here, for each kind at its largest (every optional field,
// every text at its limit) and for every one-field change of it.

const ts = '2026-12-02T10:00:00.000Z';
const long = (n: number) => 'x'.repeat(n);

const LARGEST: Record<Exclude<V16Event['type'], 'finding_updated'>, Record<string, unknown>> = {
  scan_started: { type: 'scan_started', ts, engine: { name: long(100), version: long(100) }, files: INT4_MAX },
  step_started: { type: 'step_started', ts, step_id: long(300), kind: 'audit', component: long(300), files: INT4_MAX },
  step_finished: {
    type: 'step_finished',
    ts,
    step_id: long(300),
    kind: 'plan',
    component: long(300),
    exit_code: -INT4_MAX - 1,
    findings: INT4_MAX,
    duration_ms: INT4_MAX - 0.5,
    plan: {
      components: [{ id: long(300), name: long(500), root: long(4096), files: [long(4096)], languages: [long(40)], reason: long(2000), estimatedBytes: INT4_MAX }],
      skipped: [{ path: long(4096), reason: long(2000) }],
    },
    error: long(20_000),
    outcome: 'budget_exhausted',
    usage: { inputTokens: INT4_MAX, outputTokens: INT4_MAX },
  },
  scan_progress: { type: 'scan_progress', ts, done: INT4_MAX, total: INT4_MAX, message: long(1000), component: long(300) },
  scan_log: { type: 'scan_log', ts, level: 'error', message: long(20_000), step_id: long(300) },
  scan_completed: {
    type: 'scan_completed',
    ts,
    summary: { components: INT4_MAX, files: 0, bytes: INT4_MAX, findings: { critical: INT4_MAX, info: 0 }, skippedFiles: 1, durationMs: 1.5, coverage: 'partial' },
  },
  scan_failed: { type: 'scan_failed', ts, error: long(20_000) },
  scan_cancelled: { type: 'scan_cancelled', ts, reason: long(2000) },
};

/** Every leaf of `o`, as a path. */
function leaves(o: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (o === null || typeof o !== 'object') return [at];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, [...at, Array.isArray(o) ? Number(k) : k]));
}

function withLeaf(o: unknown, at: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(o) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  if (value === undefined) delete node[at.at(-1)!];
  else node[at.at(-1)!] = value;
  return copy;
}

/** One-field changes of an event: each leaf made longer, larger, negative, fractional, of another type, or absent. */
function variants(event: Record<string, unknown>) {
  const out: unknown[] = [];
  for (const at of leaves(event)) {
    if (at[0] === 'type') continue;
    let v: unknown = event;
    for (const k of at) v = (v as Record<string | number, unknown>)[k];
    const changes: unknown[] = [undefined, null, {}, [], true];
    if (typeof v === 'string') changes.push(v + 'x', '', 42);
    if (typeof v === 'number') changes.push(v + 1, -1, 0.5, INT4_MAX + 1, -INT4_MAX - 2, '1');
    for (const c of changes) out.push(withLeaf(event, at, c));
  }
  return out;
}

function mapsIntoContract(raw: unknown) {
  const wire = v16EventSchema.safeParse(raw);
  if (!wire.success) return 'refused';
  const stored = newEventSchema.safeParse(fromEngineEvent(wire.data as V16Event));
  return stored.success ? 'stored' : `contract refused ${JSON.stringify(stored.error.issues[0].path)}`;
}

describe('the wire schema and the event contract', () => {
  for (const [kind, event] of Object.entries(LARGEST)) {
    it(`${kind}: the largest event is taken and stored, and no one-field change is taken that the contract refuses`, () => {
      expect(mapsIntoContract(event)).toBe('stored');
      const outcomes = variants(event).map(mapsIntoContract);
      expect(outcomes.filter((o) => o.startsWith('contract'))).toEqual([]);
      expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(0);
    });
  }

  it('a malformed plan is a 422 naming the field, not a crash of the mapping', () => {
    const step = { ...LARGEST.step_finished };
    for (const plan of [{ components: 'x', skipped: [] }, { components: [{ id: 'a', files: 3 }], skipped: [] }, 5, { components: [], skipped: 'no' }, { components: [] }]) {
      let err: unknown;
      try {
        parseEngineEvents([{ ...step, plan }]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(422);
      expect((err as ApiError).message).toMatch(/^events\.0\.plan/);
    }
  });
});
