import { describe, expect, it } from 'vitest';
import type { EngineFinding, V16Event } from '../v16/types';
import { applyEvents } from './apply-events';

const ts = '2026-01-01T00:00:00.000Z';
const finding = (fp: string): EngineFinding => ({
  fingerprint: fp,
  ruleId: 'injection.sql',
  title: 'SQL injection',
  severity: 'high',
  cwe: 'CWE-89',
  path: 'a.js',
  startLine: 1,
  endLine: 1,
  snippet: 'db.query(q)',
  message: 'm',
  recommendation: 'r',
  confidence: 'high',
  trace: [],
});

describe('applyEvents (the backend adapter fold)', () => {
  it('moves claimed → running on scan_started and records progress', () => {
    const out = applyEvents('claimed', [
      { type: 'scan_started', ts, engine: { name: 'builtin', version: '1' }, files: 3 },
      { type: 'scan_progress', ts, done: 1, total: 4, message: 'component 2 of 4' },
    ]);
    expect(out.status).toBe('running');
    expect(out.progress).toEqual({ done: 1, total: 4 });
    expect(out.stored.map((s) => s.event.kind)).toEqual(['scan_started', 'scan_progress']);
  });

  it('turns finding_updated events into upserts', () => {
    const out = applyEvents('running', [
      { type: 'finding_updated', ts, step_id: 'audit:src', finding: finding('a') },
      { type: 'finding_updated', ts, step_id: 'audit:src', finding: finding('b') },
    ]);
    expect(out.findings.map((f) => f.fingerprint)).toEqual(['a', 'b']);
    expect(out.stored.every((s) => s.event.stepId === 'audit:src')).toBe(true);
  });

  it('drops whatever follows a terminal event: exactly one terminal state', () => {
    const events: V16Event[] = [
      { type: 'scan_cancelled', ts, reason: 'cancel' },
      { type: 'scan_completed', ts, summary: { components: 0, files: 0, bytes: 0, findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, skippedFiles: 0, durationMs: 0 } },
      { type: 'scan_log', ts, level: 'info', message: 'late' },
    ];
    const out = applyEvents('running', events);
    expect(out.status).toBe('cancelled');
    expect(out.stored.map((s) => s.event.kind)).toEqual(['scan_cancelled']);
  });

  it('records the error of a failed scan', () => {
    const out = applyEvents('running', [{ type: 'scan_failed', ts, error: 'boom' }]);
    expect(out).toMatchObject({ status: 'failed', error: 'boom' });
  });
});
