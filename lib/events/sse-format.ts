import type { EventRow } from './queries';

// Stored event kinds → the run-style SSE types of ARCHITECTURE §4.
const SSE_TYPE: Record<string, string> = {
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
};

export const TERMINAL_KINDS = new Set(['scan_completed', 'scan_failed', 'scan_cancelled']);
/** A scan's stream ends once its evidence is settled: sealed, or its sealing failed. */
export const STREAM_END_KINDS = new Set(['evidence_sealed', 'evidence_failed']);

export function sseType(kind: string): string {
  return SSE_TYPE[kind] ?? kind;
}

/** The JSON payload of one SSE message: the stored data plus correlation ids. */
export function ssePayload(r: EventRow): Record<string, unknown> {
  const { ts, ...data } = r.data as { ts?: string } & Record<string, unknown>;
  const payload: Record<string, unknown> = {
    type: sseType(r.kind),
    run_id: r.scan_id,
    ...(r.step_id ? { step_id: r.step_id } : {}),
    attempt: r.attempt,
    timestamp: ts ?? r.created_at.toISOString(),
    ...data,
  };
  if (r.kind === 'scan_completed') Object.assign(payload, { status: 'completed' });
  if (r.kind === 'evidence_failed') Object.assign(payload, { evidence_id: null, evidence_error: data.error });
  if (r.kind === 'scan_failed') Object.assign(payload, { status: 'failed', reason: data.error });
  if (r.kind === 'scan_cancelled') Object.assign(payload, { status: 'aborted' });
  return payload;
}

export function formatSse(r: EventRow): string {
  return `id: ${r.id}\nevent: ${sseType(r.kind)}\ndata: ${JSON.stringify(ssePayload(r))}\n\n`;
}

const encoder = new TextEncoder();
const encoded = new WeakMap<EventRow, Uint8Array>();

/** The wire bytes of a row, built once and shared by every subscriber it fans out to. */
export function encodeSse(r: EventRow): Uint8Array {
  let bytes = encoded.get(r);
  if (!bytes) {
    bytes = encoder.encode(formatSse(r));
    encoded.set(r, bytes);
  }
  return bytes;
}
