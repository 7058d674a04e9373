// The scan page's state, folded from SSE messages. Pure and idempotent: the
// stream may replay (reconnects), duplicate or reorder messages (seed 004),
// so every message is applied at most once, keyed by its event id.

export interface StepView {
  id: string;
  kind: 'plan' | 'audit';
  component: string | null;
  state: 'running' | 'finished';
  exitCode: number | null;
  findings: number | null;
  files: number | null;
  durationMs: number | null;
  error: string | null;
}

export interface PlanComponentView {
  id: string;
  name: string;
  root: string;
  languages: string[];
  reason: string;
  files: number;
  estimated_bytes: number;
}

export interface FindingView {
  id: string;
  fingerprint: string;
  title: string;
  severity: string;
  path: string;
  startLine: number;
  ruleId: string;
  cwe: string | null;
  isNew: boolean;
  /** A branch scan's finding: not a repository finding, so there is no finding page to link to. */
  branch: boolean;
}

export interface ScanView {
  seen: number[];
  lastId: number;
  phase: 'waiting' | 'running' | 'needs_input' | 'completed' | 'failed' | 'cancelled';
  /** The gate the scan waits at (needs_input), until it is resolved. */
  gate: { id: string; kind: string; reason: string; expiresAt: string | null } | null;
  progress: { done: number; total: number; message: string } | null;
  /** inputs: what the repository was audited as (a web application, a library, …) and why; null when the planner did not say. */
  plan: { components: PlanComponentView[]; skippedCount: number; inputs: { kind: string; reason: string } | null } | null;
  steps: StepView[];
  logs: { id: number; level: string; message: string; stepId: string | null }[];
  findings: FindingView[];
  finalReason: string | null;
  attempt: number;
  /** Set by run_finalized: the sealed envelope's id and head, or why sealing failed. */
  evidence: { id: string | null; head: string | null; error: string | null } | null;
}

export const MAX_LOGS = 300;

export const initialScanView = (): ScanView => ({
  seen: [],
  lastId: 0,
  phase: 'waiting',
  progress: null,
  gate: null,
  plan: null,
  steps: [],
  logs: [],
  findings: [],
  finalReason: null,
  attempt: 0,
  evidence: null,
});

import { TERMINAL } from '../db/statuses';
import type { SseMessage } from './sse-contract';

export type { SseMessage };

const FINAL = new Set<string>(TERMINAL);

export function reduceScanView(state: ScanView, msg: SseMessage): ScanView {
  if (state.seen.includes(msg.id)) return state;
  const s: ScanView = { ...state, seen: [...state.seen, msg.id], lastId: Math.max(state.lastId, msg.id) };
  const attempt = msg.data.attempt ?? 0;
  // A newer attempt re-runs the scan from the start: its steps replace the old ones.
  if (attempt > s.attempt) {
    s.attempt = attempt;
    if (s.attempt > 1 && msg.type === 'run_started') {
      s.steps = [];
      s.progress = null;
    }
  }
  switch (msg.type) {
    case 'run_started':
      if (!FINAL.has(s.phase)) s.phase = 'running';
      break;
    case 'progress': {
      const d = msg.data;
      s.progress = { done: d.done ?? 0, total: d.total ?? 0, message: d.message ?? '' };
      break;
    }
    case 'step_started':
    case 'step_finished': {
      const d = msg.data;
      const id = d.step_id ?? 'unknown';
      const prev = s.steps.find((x) => x.id === id);
      const done = msg.type === 'step_finished' ? msg.data : null;
      // A late step_started must not reopen a finished step.
      if (prev?.state === 'finished' && !done) break;
      const next: StepView = {
        id,
        kind: d.kind === 'plan' ? 'plan' : 'audit',
        component: d.component ?? prev?.component ?? null,
        state: done ? 'finished' : 'running',
        exitCode: done?.exit_code ?? null,
        findings: done?.findings ?? null,
        files: ('files' in d ? d.files : undefined) ?? prev?.files ?? null,
        durationMs: done?.duration_ms ?? null,
        error: done?.error ?? null,
      };
      s.steps = prev ? s.steps.map((x) => (x.id === id ? next : x)) : [...s.steps, next];
      if (done?.plan) {
        const components = (done.plan.components ?? []).map((c) => ({
          id: c.id ?? '',
          name: c.name ?? c.id ?? '',
          root: c.root ?? '',
          languages: (c.languages ?? []).filter((l): l is string => typeof l === 'string'),
          reason: c.reason ?? '',
          files: c.files ?? 0,
          estimated_bytes: c.estimated_bytes ?? 0,
        }));
        const inputs = done.plan.inputs?.kind ? { kind: done.plan.inputs.kind, reason: done.plan.inputs.reason ?? '' } : null;
        s.plan = { components, skippedCount: done.plan.skipped_count ?? 0, inputs };
      }
      if (!FINAL.has(s.phase)) s.phase = 'running';
      break;
    }
    case 'log': {
      const d = msg.data;
      s.logs = appendLog(s.logs, { id: msg.id, level: d.level ?? 'info', message: d.message ?? '', stepId: d.step_id ?? null });
      break;
    }
    case 'finding': {
      const d = msg.data;
      const f: FindingView = {
        id: d.finding_id ?? '',
        fingerprint: d.fingerprint ?? String(msg.id),
        title: d.title ?? 'Finding',
        severity: d.severity ?? 'info',
        path: d.path ?? '',
        startLine: d.start_line ?? 0,
        ruleId: d.rule_id ?? '',
        cwe: d.cwe ?? null,
        isNew: d.new === true,
        branch: d.branch === true,
      };
      if (!s.findings.some((x) => x.fingerprint === f.fingerprint)) s.findings = [...s.findings, f];
      break;
    }
    case 'needs_input': {
      const d = msg.data;
      s.gate = { id: d.gate_id ?? '', kind: d.gate_kind ?? 'gate', reason: d.reason ?? 'waiting for a decision', expiresAt: d.expires_at ?? null };
      if (!FINAL.has(s.phase)) s.phase = 'needs_input';
      s.logs = appendLog(s.logs, { id: msg.id, level: 'warn', message: `waiting for input: ${s.gate.reason}`, stepId: null });
      break;
    }
    case 'gate_resolved': {
      const d = msg.data;
      if (s.gate && s.gate.id === d.gate_id) s.gate = null;
      if (s.phase === 'needs_input') s.phase = 'running';
      const what = `${d.gate_kind === 'budget' ? 'budget' : 'plan review'}: ${d.decision ?? 'decided'}`;
      const who = d.timed_out === true ? 'no decision in time, the safe default applies' : `by ${d.decided_by ?? 'a team owner'}`;
      s.logs = appendLog(s.logs, { id: msg.id, level: 'info', message: `${what} (${who})`, stepId: null });
      break;
    }
    case 'run_completed':
      s.gate = null;
      s.phase = 'completed';
      break;
    case 'run_finalized': {
      // The record after the verdict: the envelope's id, or why there is none.
      const d = msg.data;
      if (!FINAL.has(s.phase)) s.phase = d.status === 'failed' ? 'failed' : d.status === 'cancelled' ? 'cancelled' : 'completed';
      const error = 'evidence_error' in d ? d.evidence_error : undefined;
      s.evidence = { id: d.evidence_id ?? null, head: 'head' in d ? (d.head ?? null) : null, error: error ?? null };
      break;
    }
    case 'run_failed':
      s.gate = null;
      s.phase = 'failed';
      s.finalReason = msg.data.reason ?? msg.data.error ?? null;
      break;
    case 'run_aborted':
      s.gate = null;
      s.phase = 'cancelled';
      s.finalReason = msg.data.reason ?? null;
      break;
    default:
      msg satisfies never;
  }
  return s;
}

function appendLog(logs: ScanView['logs'], line: ScanView['logs'][number]): ScanView['logs'] {
  return [...logs, line].sort((a, b) => a.id - b.id).slice(-MAX_LOGS);
}
