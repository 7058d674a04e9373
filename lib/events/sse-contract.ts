import type { EventData, EventKind } from './contract';

// The live stream's side of the event contract (ARCHITECTURE §4): which SSE
// `event:` type each stored kind is sent as, and the payload it carries.
// Type-only imports of contract.ts keep zod out of the browser bundle; the
// scan page's EventSource and reducer take everything from here.

export const SSE_TYPE = {
  scan_started: 'run_started',
  step_started: 'step_started',
  step_finished: 'step_finished',
  scan_progress: 'progress',
  scan_log: 'log',
  finding_updated: 'finding',
  needs_input: 'needs_input',
  gate_resolved: 'gate_resolved',
  scan_completed: 'run_completed',
  scan_failed: 'run_failed',
  scan_cancelled: 'run_aborted',
  // After the verdict, the record: the envelope is sealed (or sealing failed, saying why).
  evidence_sealed: 'run_finalized',
  evidence_failed: 'run_finalized',
} as const satisfies Record<EventKind, string>;

export type SseType = (typeof SSE_TYPE)[EventKind];

/** Every SSE type a client may receive (the names to listen to). */
export const SSE_TYPES = [...new Set(Object.values(SSE_TYPE))] as SseType[];

/** A scan's stream ends once its evidence is settled: sealed, or its sealing failed. */
export const STREAM_END_KINDS: readonly EventKind[] = ['evidence_sealed', 'evidence_failed'];
export const STREAM_END_TYPE = 'run_finalized' satisfies SseType;

/** What every message carries besides its kind's data. */
interface Correlation {
  run_id: string;
  step_id?: string;
  attempt: number;
  timestamp: string;
}

/** The fields some kinds add for consumers of the seeds' vocabulary. */
type Verdict<K extends EventKind> = K extends 'scan_completed'
  ? { status: 'completed' }
  : K extends 'scan_failed'
    ? { status: 'failed'; reason: string }
    : K extends 'scan_cancelled'
      ? { status: 'aborted' }
      : K extends 'evidence_failed'
        ? { evidence_id: null; evidence_error: string }
        : unknown;

export type SsePayload<K extends EventKind> = { type: (typeof SSE_TYPE)[K] } & Correlation & Omit<EventData<K>, 'ts'> & Verdict<K>;

/**
 * One message as a client receives it: its event id, SSE type and its kind's
 * payload. Every field may be missing: the stream is a hint (seed 004), and a
 * client must tolerate older servers and partial messages.
 */
export type SseMessage = { [K in EventKind]: { id: number; type: (typeof SSE_TYPE)[K]; data: Loose<SsePayload<K>> } }[EventKind];

/** `T` with every field, at any depth, possibly missing. */
type Loose<T> = T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [P in keyof T]?: Loose<T[P]> } : T;
