// The v16 engine contract (ARCHITECTURE §6). One contract, several backends:
// plan(snapshot, threatProfile) → components; audit(component) → findings,
// with everything streamed as V16Event JSON lines (the same lines the runner
// stores as v16-events.jsonl).

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type Language = 'javascript' | 'typescript' | 'python' | 'other';

export interface ThreatProfile {
  /** What the application is, in a sentence ("a public web application"). */
  description: string;
  /** Trust boundaries the auditor should care about. */
  trustBoundaries: string[];
  /** Weakness classes that matter, as CWE ids ("CWE-89"); empty = all. */
  weaknessClasses: string[];
  version: number;
  /** Path globs ("services/payments/**") the team wants audited first; optional. */
  focusPaths?: string[];
  /** What the software is, which decides what is untrusted (app-kind.ts); "auto" or absent: inferred from the root's manifests. */
  kind?: AppKind | 'auto';
}

/** A web application, a library (its exported functions' arguments are input), a command-line tool, a serverless function. */
export type AppKind = 'web' | 'library' | 'cli' | 'serverless';
export const APP_KINDS: readonly AppKind[] = ['web', 'library', 'cli', 'serverless'];

/** The kind a scan audits the repository as, and why (the profile said so, or what inferred it). */
export interface AppInputs {
  kind: AppKind;
  reason: string;
  /** A library's entry modules (package.json main / module / exports), whose exported functions' arguments are input; absent: every module's. */
  entries?: string[];
}

export interface Component {
  /** Stable id, derived from its root path ("root", "packages/api", "src"). */
  id: string;
  name: string;
  /** Root folder relative to the snapshot root, posix separators, "" = root. */
  root: string;
  /** Files relative to the snapshot root, posix separators. */
  files: string[];
  languages: Language[];
  /** Why the planner chose it, shown to users. */
  reason: string;
  /** Rough cost estimate, in bytes of source to read. */
  estimatedBytes: number;
  /** What the planner takes it for (optional: older plans lack it). */
  kind?: ComponentKind;
  /** 1 = audited first; the order of `Plan.components`. */
  rank?: number;
}

export type ComponentKind = 'handlers' | 'auth' | 'data-access' | 'package' | 'service' | 'infrastructure' | 'folder' | 'tests';

export interface Plan {
  components: Component[];
  /** Files the planner saw but no component covers, with the reason. */
  skipped: { path: string; reason: string }[];
  /** What the repository was planned as (the builtin planner says; other backends may not). */
  inputs?: AppInputs;
}

export interface TraceStep {
  path: string;
  line: number;
  /** What happens here: "request input enters", "concatenated into query", … */
  note: string;
}

export interface EngineFinding {
  /** sha256 hex of (rule_id, path, normalized code context); never the line number. */
  fingerprint: string;
  /**
   * sha256 hex of the whole file the finding is in. A file renamed with its
   * content unchanged keeps its findings: the store carries their identity
   * over to the new path instead of opening new ones.
   */
  fileSha256?: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** "CWE-89" */
  cwe: string;
  path: string;
  startLine: number;
  endLine: number;
  snippet: string;
  /** The explanation shown to users. */
  message: string;
  recommendation: string;
  confidence: 'high' | 'medium' | 'low';
  trace: TraceStep[];
}

interface Base {
  /** ISO timestamp */
  ts: string;
}

export type V16Event =
  | (Base & { type: 'scan_started'; engine: { name: string; version: string }; files: number })
  | (Base & { type: 'step_started'; step_id: string; kind: 'plan' | 'audit'; component?: string; files?: number })
  | (Base & {
      type: 'step_finished';
      step_id: string;
      kind: 'plan' | 'audit';
      component?: string;
      exit_code: number;
      findings?: number;
      duration_ms: number;
      /** For the plan step: the plan itself. */
      plan?: Plan;
      error?: string;
      /** Audit steps: how the step ended; absent = 'ok'. Anything else leaves the component's coverage partial. */
      outcome?: StepOutcome;
      /** Model tokens the step used (codex backend). */
      usage?: StepUsage;
    })
  | (Base & { type: 'scan_progress'; done: number; total: number; message: string; component?: string })
  | (Base & { type: 'scan_log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; step_id?: string })
  | (Base & { type: 'finding_updated'; step_id: string; finding: EngineFinding })
  | (Base & { type: 'scan_completed'; summary: ScanSummary })
  | (Base & { type: 'scan_failed'; error: string })
  | (Base & { type: 'scan_cancelled'; reason: string });

export type V16EventType = V16Event['type'];

/** The events that end a scan: exactly one of them is a scan's verdict. */
export type VerdictEvent = Extract<V16Event, { type: 'scan_completed' | 'scan_failed' | 'scan_cancelled' }>;
export const VERDICT_TYPES: readonly VerdictEvent['type'][] = ['scan_completed', 'scan_failed', 'scan_cancelled'];
export const isVerdict = (event: V16Event): event is VerdictEvent => (VERDICT_TYPES as readonly string[]).includes(event.type);

/**
 * How an audit step ended beyond its exit code: 'refused' = the model
 * provider declined to review the code; 'budget_exhausted' = the scan's LLM
 * budget ran out; 'partial' = some of its files were not analyzed (over
 * their time or memory budget). Only 'ok' means the component was covered.
 */
export type StepOutcome = 'ok' | 'failed' | 'refused' | 'budget_exhausted' | 'partial';
export const STEP_OUTCOMES: readonly StepOutcome[] = ['ok', 'failed', 'refused', 'budget_exhausted', 'partial'];

export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What a backend may report about one audit (the builtin backend reports nothing: always 'ok'). */
export interface AuditResult {
  outcome?: StepOutcome;
  /** Why, when the outcome is not 'ok'. */
  message?: string;
  usage?: StepUsage;
}

export interface ScanSummary {
  components: number;
  files: number;
  bytes: number;
  findings: Record<Severity, number>;
  skippedFiles: number;
  durationMs: number;
  /** 'partial' when an audit step did not end 'ok' (failed, refused, budget exhausted). */
  coverage?: 'complete' | 'partial';
}

export interface EngineOptions {
  /** Absolute path of the extracted snapshot. */
  root: string;
  profile: ThreatProfile;
  /** Called with every event, in order. May be async (back-pressure). */
  emit: (event: V16Event) => void | Promise<void>;
  /** Cooperative cancellation: checked between steps and between files. */
  isCancelled: () => boolean | Promise<boolean>;
  /** Stop after planning at a plan-review gate (needs `gate`). */
  planReview?: boolean;
  /**
   * Opens a gate and waits for its decision (the runner asks the API). With
   * no gate the engine never waits: no plan review, and a budget that runs
   * out leaves the remaining components unaudited.
   */
  gate?: (request: GateRequest) => Promise<GateAnswer>;
}

/** What the plan reviewer sees: the components, what is left out, the estimated cost. */
export interface PlanReviewDetails {
  components: { id: string; name: string; kind: ComponentKind | null; rank: number; reason: string; files: number; bytes: number; languages: Language[] }[];
  not_scanned: { count: number; sample: { path: string; reason: string }[] };
  estimate: PlanEstimate;
}

export interface PlanEstimate {
  files: number;
  bytes: number;
  /** Rough CPU time of the audits. */
  seconds: number;
  /** Model tokens the audits are expected to use (0 for backends without a model). */
  llm_tokens: number;
}

export type GateRequest =
  | { kind: 'plan_review'; reason: string; details: PlanReviewDetails }
  | { kind: 'budget'; reason: string; details: { component: string; component_name: string; message: string } };

/** How a gate was resolved, as the engine needs it. `cancelled`: the scan was cancelled (or lost) while waiting. */
export type GateAnswer =
  | { action: 'approve'; dropComponents: string[]; decidedBy: string | null; timedOut: boolean }
  | { action: 'abort' | 'increase' | 'finish'; decidedBy: string | null; timedOut: boolean }
  | { action: 'cancelled' };

export interface EngineBackend {
  readonly name: string;
  readonly version: string;
  /** Plans the audit; a long-running planner checks `hooks.isCancelled` and returns early (the engine then cancels). */
  /** Model-backed backends: whether audits spend LLM tokens (plan review estimates them). */
  readonly usesLlm?: boolean;
  /** The scan's LLM budget was raised at a budget gate: forget that it ran out. */
  onBudgetRaised?(): void;
  plan(root: string, profile: ThreatProfile, hooks?: { isCancelled: () => boolean | Promise<boolean> }): Promise<Plan>;
  /** Audits one component; yields findings (and logs) through the callbacks. */
  audit(
    root: string,
    component: Component,
    profile: ThreatProfile,
    hooks: {
      finding: (f: EngineFinding) => void | Promise<void>;
      log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void | Promise<void>;
      isCancelled: () => boolean | Promise<boolean>;
    },
  ): Promise<void | AuditResult>;
}
