import type { StoredEvent } from './contract';
import { SSE_TYPE, type SsePayload, type SseType } from './sse-contract';

/** A kind's SSE type; a kind this build does not know (a row of a newer server) goes out under its own name. */
export function sseType(kind: StoredEvent['kind']): SseType {
  return SSE_TYPE[kind] ?? (kind as unknown as SseType);
}

/** The JSON payload of one SSE message: the stored data plus correlation ids (and the seeds' verdict fields). */
export function ssePayload(r: StoredEvent): SsePayload<StoredEvent['kind']> {
  const { ts, ...data } = r.data;
  const payload = {
    type: sseType(r.kind),
    run_id: r.scanId,
    ...(r.stepId ? { step_id: r.stepId } : {}),
    attempt: r.attempt,
    timestamp: ts ?? r.createdAt.toISOString(),
    ...data,
  };
  switch (r.kind) {
    case 'scan_completed':
      return { ...payload, status: 'completed' } as SsePayload<'scan_completed'>;
    case 'scan_failed':
      return { ...payload, status: 'failed', reason: r.data.error } as SsePayload<'scan_failed'>;
    case 'scan_cancelled':
      return { ...payload, status: 'aborted' } as SsePayload<'scan_cancelled'>;
    case 'evidence_failed':
      return { ...payload, evidence_id: null, evidence_error: r.data.error } as SsePayload<'evidence_failed'>;
    default:
      return payload as SsePayload<StoredEvent['kind']>;
  }
}

export function formatSse(r: StoredEvent): string {
  return `id: ${r.id}\nevent: ${sseType(r.kind)}\ndata: ${JSON.stringify(ssePayload(r))}\n\n`;
}

const encoder = new TextEncoder();
const encoded = new WeakMap<StoredEvent, Uint8Array>();

/** The wire bytes of a row, built once and shared by every subscriber it fans out to. */
export function encodeSse(r: StoredEvent): Uint8Array {
  let bytes = encoded.get(r);
  if (!bytes) {
    bytes = encoder.encode(formatSse(r));
    encoded.set(r, bytes);
  }
  return bytes;
}
