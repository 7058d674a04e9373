import { describe, expect, it } from 'vitest';
import { formatSse, ssePayload } from './sse-format';
import type { StoredEvent } from './contract';

const row = (kind: string, data: Record<string, unknown>, stepId: string | null = null) =>
  ({
    id: 42,
    scanId: 'scan-1',
    repositoryId: 'repo-1',
    attempt: 1,
    kind,
    stepId,
    data,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  }) as StoredEvent;

describe('SSE formatting', () => {
  it('maps stored kinds onto the run-style types with run_id and step_id', () => {
    expect(ssePayload(row('scan_started', { ts: 't' }))).toMatchObject({ type: 'run_started', run_id: 'scan-1', timestamp: 't' });
    expect(ssePayload(row('step_finished', { kind: 'audit', exit_code: 0 }, 'audit:src'))).toMatchObject({
      type: 'step_finished',
      run_id: 'scan-1',
      step_id: 'audit:src',
      exit_code: 0,
    });
    expect(ssePayload(row('scan_progress', {})).type).toBe('progress');
    expect(ssePayload(row('scan_log', {})).type).toBe('log');
    expect(ssePayload(row('finding_updated', {})).type).toBe('finding');
    expect(ssePayload(row('scan_completed', {}))).toMatchObject({ type: 'run_completed', status: 'completed' });
    expect(ssePayload(row('evidence_sealed', { evidence_id: 'e-1', head: 'ab', status: 'completed' }))).toMatchObject({ type: 'run_finalized', evidence_id: 'e-1', status: 'completed' });
    expect(ssePayload(row('evidence_failed', { error: 'sealing failed: x', status: 'failed' }))).toMatchObject({ type: 'run_finalized', evidence_id: null, evidence_error: 'sealing failed: x' });
    expect(ssePayload(row('scan_failed', { error: 'x' }))).toMatchObject({ type: 'run_failed', status: 'failed', reason: 'x' });
    expect(ssePayload(row('scan_cancelled', { reason: 'r' }))).toMatchObject({ type: 'run_aborted', status: 'aborted', reason: 'r' });
  });

  it('writes one message with id, event and a single data line', () => {
    const text = formatSse(row('scan_log', { message: 'line one\nline two' }));
    expect(text).toMatch(/^id: 42\nevent: log\ndata: \{.*\}\n\n$/);
    expect(text.split('\n').filter((l) => l.startsWith('data: '))).toHaveLength(1);
  });
});
