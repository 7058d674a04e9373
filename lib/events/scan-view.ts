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
}

export interface ScanView {
  seen: number[];
  lastId: number;
  phase: 'waiting' | 'running' | 'needs_input' | 'completed' | 'failed' | 'cancelled';
  /** The gate the scan waits at (needs_input), until it is resolved. */
  gate: { id: string; kind: string; reason: string; expiresAt: string | null } | null;
  progress: { done: number; total: number; message: string } | null;
  plan: { components: PlanComponentView[]; skippedCount: number } | null;
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

export interface SseMessage {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const FINAL = new Set(['completed', 'failed', 'cancelled']);

export function reduceScanView(state: ScanView, msg: SseMessage): ScanView {
  if (state.seen.includes(msg.id)) return state;
  const s: ScanView = { ...state, seen: [...state.seen, msg.id], lastId: Math.max(state.lastId, msg.id) };
  const d = msg.data;
  const attempt = num(d.attempt) ?? 0;
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
    case 'progress':
      s.progress = { done: num(d.done) ?? 0, total: num(d.total) ?? 0, message: str(d.message) ?? '' };
      break;
    case 'step_started':
    case 'step_finished': {
      const id = str(d.step_id) ?? 'unknown';
      const prev = s.steps.find((x) => x.id === id);
      const finished = msg.type === 'step_finished';
      // A late step_started must not reopen a finished step.
      if (prev?.state === 'finished' && !finished) break;
      const next: StepView = {
        id,
        kind: d.kind === 'plan' ? 'plan' : 'audit',
        component: str(d.component) ?? prev?.component ?? null,
        state: finished ? 'finished' : 'running',
        exitCode: finished ? num(d.exit_code) : null,
        findings: finished ? num(d.findings) : null,
        files: num(d.files) ?? prev?.files ?? null,
        durationMs: finished ? num(d.duration_ms) : null,
        error: str(d.error),
      };
      s.steps = prev ? s.steps.map((x) => (x.id === id ? next : x)) : [...s.steps, next];
      if (finished && d.plan && typeof d.plan === 'object') {
        const p = d.plan as { components?: PlanComponentView[]; skipped_count?: number };
        s.plan = { components: p.components ?? [], skippedCount: p.skipped_count ?? 0 };
      }
      if (!FINAL.has(s.phase)) s.phase = 'running';
      break;
    }
    case 'log':
      s.logs = appendLog(s.logs, { id: msg.id, level: str(d.level) ?? 'info', message: str(d.message) ?? '', stepId: str(d.step_id) });
      break;
    case 'finding': {
      const f: FindingView = {
        id: str(d.finding_id) ?? '',
        fingerprint: str(d.fingerprint) ?? String(msg.id),
        title: str(d.title) ?? 'Finding',
        severity: str(d.severity) ?? 'info',
        path: str(d.path) ?? '',
        startLine: num(d.start_line) ?? 0,
        ruleId: str(d.rule_id) ?? '',
        cwe: str(d.cwe),
        isNew: d.new === true,
      };
      if (!s.findings.some((x) => x.fingerprint === f.fingerprint)) s.findings = [...s.findings, f];
      break;
    }
    case 'needs_input': {
      const id = str(d.gate_id) ?? '';
      s.gate = { id, kind: str(d.gate_kind) ?? 'gate', reason: str(d.reason) ?? 'waiting for a decision', expiresAt: str(d.expires_at) };
      if (!FINAL.has(s.phase)) s.phase = 'needs_input';
      s.logs = appendLog(s.logs, { id: msg.id, level: 'warn', message: `waiting for input: ${s.gate.reason}`, stepId: null });
      break;
    }
    case 'gate_resolved': {
      const gateId = str(d.gate_id);
      if (s.gate && s.gate.id === gateId) s.gate = null;
      if (s.phase === 'needs_input') s.phase = 'running';
      const what = `${str(d.gate_kind) === 'budget' ? 'budget' : 'plan review'}: ${str(d.decision) ?? 'decided'}`;
      const who = d.timed_out === true ? 'no decision in time, the safe default applies' : `by ${str(d.decided_by) ?? 'a team owner'}`;
      s.logs = appendLog(s.logs, { id: msg.id, level: 'info', message: `${what} (${who})`, stepId: null });
      break;
    }
    case 'run_completed':
      s.gate = null;
      s.phase = 'completed';
      break;
    case 'run_finalized':
      // The record after the verdict: the envelope's id, or why there is none.
      if (!FINAL.has(s.phase)) s.phase = str(d.status) === 'failed' ? 'failed' : str(d.status) === 'cancelled' ? 'cancelled' : 'completed';
      s.evidence = { id: str(d.evidence_id) ?? null, head: str(d.head) ?? null, error: str(d.evidence_error) ?? null };
      break;
    case 'run_failed':
      s.gate = null;
      s.phase = 'failed';
      s.finalReason = str(d.reason) ?? str(d.error);
      break;
    case 'run_aborted':
      s.gate = null;
      s.phase = 'cancelled';
      s.finalReason = str(d.reason);
      break;
  }
  return s;
}

function appendLog(logs: ScanView['logs'], line: ScanView['logs'][number]): ScanView['logs'] {
  return [...logs, line].sort((a, b) => a.id - b.id).slice(-MAX_LOGS);
}
