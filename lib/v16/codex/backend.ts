import { mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditResult, Component, EngineBackend, Plan, ThreatProfile } from '../types';
import { readInside } from '../builtin-backend';
import { languageOf } from '../languages';
import { planSnapshot } from '../plan';
import { codexArgs, splitCommand } from './command';
import { convertFindings } from './findings';
import { promptInjectionFindings } from './injection';
import { AUDIT_OUTPUT_JSON_SCHEMA, auditOutputSchema, PLAN_OUTPUT_JSON_SCHEMA, planOutputSchema } from './output-schema';
import { auditPrompt, planPrompt } from './prompts';
import { runCodex, type CodexResult } from './run-codex';

// The codex backend (docs/codex-backend.md): the Codex CLI plans and audits,
// every model call it makes goes through Vega's LLM proxy with the scan's
// LLM token, and what it answers is validated before it becomes events.

export interface CodexBackendOptions {
  /** VEGA_CODEX_COMMAND */
  command: string;
  model?: string;
  timeoutMs: number;
  /** ${VEGA_API_URL}/v1/llm and the scan's LLM token. */
  llm: { baseUrl: string; token: string };
  /** PATH and HOME for the child; nothing else of the runner's environment reaches it. */
  baseEnv: { PATH?: string; HOME?: string };
}

type AuditHooks = Parameters<EngineBackend['audit']>[3];
type PlanHooks = Parameters<EngineBackend['plan']>[2];

const REFUSAL_TEXT = /\b(I can(no|['’])t|I['’]m sorry|I am sorry|I won['’]t|I will not|unable to (help|assist|comply))\b/i;

export function codexBackend(o: CodexBackendOptions): EngineBackend {
  const argv = splitCommand(o.command);
  // Once the proxy has said the budget is spent, the remaining components are not worth a Codex start each.
  let budgetExhausted: string | null = null;

  async function invoke(root: string, prompt: string, schema: object, component: string | undefined, isCancelled: () => boolean | Promise<boolean>) {
    const dir = await mkdtemp(path.join(tmpdir(), 'vega-codex-'));
    try {
      const schemaFile = path.join(dir, 'output-schema.json');
      await writeFile(schemaFile, JSON.stringify(schema));
      return await runCodex({
        argv: [...argv, ...codexArgs({ root, schemaFile, model: o.model, baseUrl: o.llm.baseUrl, component })],
        cwd: root,
        env: {
          PATH: o.baseEnv.PATH,
          HOME: o.baseEnv.HOME,
          // Codex's own home for this run only: the worker's ~/.codex (config.toml, MCP servers, credentials) is never read.
          CODEX_HOME: dir,
          VEGA_LLM_API_KEY: o.llm.token,
          // For commands that speak the OpenAI SDK's conventions instead of Codex's config.
          OPENAI_BASE_URL: o.llm.baseUrl,
          OPENAI_API_KEY: o.llm.token,
          ...(component ? { VEGA_COMPONENT: component } : {}),
        },
        prompt,
        timeoutMs: o.timeoutMs,
        isCancelled,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    name: 'codex',
    version: '16.0.0-codex.1',
    usesLlm: true,

    onBudgetRaised() {
      budgetExhausted = null;
    },

    async plan(root: string, profile: ThreatProfile, hooks?: PlanHooks): Promise<Plan> {
      const isCancelled = hooks?.isCancelled ?? (() => false);
      // The builtin walk decides what can be audited at all (no vendored, generated, binary or huge files).
      const inventory = await planSnapshot(root, profile);
      const candidates = inventory.components.flatMap((c) => c.files);
      // Cancelled: Codex is not started, or is stopped; the plan returned is empty and the engine cancels the scan.
      if (await isCancelled()) return { components: [], skipped: [] };
      const run = await invoke(root, planPrompt(profile, candidates), PLAN_OUTPUT_JSON_SCHEMA, undefined, isCancelled);
      if (run.cancelled) return { components: [], skipped: [] };
      const failure = problemOf(run);
      if (failure) {
        if (isBudgetExhausted(failure)) budgetExhausted = failure;
        throw new Error(`codex could not plan the scan: ${failure}`);
      }
      const answer = parseJson(run.messages.at(-1));
      const parsed = planOutputSchema.safeParse(answer);
      if (!parsed.success) throw new Error(`codex's plan does not fit the plan schema: ${describeIssue(parsed.error.issues[0])}`);
      return planFromAnswer(root, parsed.data.components, candidates, inventory.skipped);
    },

    async audit(root: string, component: Component, profile: ThreatProfile, hooks: AuditHooks): Promise<AuditResult> {
      const realRoot = await realpath(root);
      const read = (file: string) => readInside(realRoot, file);
      // Independent of the model: a prompt injection that works is one the model would not report.
      for (const file of component.files) {
        const text = await read(file).catch(() => null);
        if (text !== null) for (const f of promptInjectionFindings(file, text)) await hooks.finding(f);
      }
      if (budgetExhausted) {
        await hooks.log('warn', `${component.name}: not audited, the scan's LLM budget is exhausted`);
        return { outcome: 'budget_exhausted', message: budgetExhausted };
      }
      const run = await invoke(root, auditPrompt(profile, component), AUDIT_OUTPUT_JSON_SCHEMA, component.id, hooks.isCancelled);
      for (const w of run.warnings) await hooks.log('warn', w);
      for (const c of run.commands) await hooks.log('debug', `codex ran: ${c}`);
      const usage = run.usage ? { usage: { inputTokens: run.usage.inputTokens, outputTokens: run.usage.outputTokens } } : {};
      if (run.cancelled) return usage;

      const failure = problemOf(run);
      if (failure && isBudgetExhausted(failure)) {
        budgetExhausted = failure;
        await hooks.log('warn', `${component.name}: the scan's LLM budget is exhausted (${failure})`);
        return { outcome: 'budget_exhausted', message: failure, ...usage };
      }
      const last = run.messages.at(-1);
      const answer = parseJson(last);
      const parsed = auditOutputSchema.safeParse(answer);
      if (!parsed.success) {
        if (last !== undefined && answer === undefined && REFUSAL_TEXT.test(last)) return refused(hooks, component, last, usage);
        const why = failure ?? (last === undefined ? 'codex gave no answer' : `its answer does not fit the audit schema (${describeIssue(parsed.error.issues[0])})`);
        await hooks.log('error', `${component.name}: ${why}`);
        return { outcome: 'failed', message: why, ...usage };
      }
      if (parsed.data.status === 'refused') return refused(hooks, component, parsed.data.reason ?? 'no reason given', usage);
      const { findings, dropped } = await convertFindings(parsed.data.findings, component, read);
      for (const d of dropped) await hooks.log('warn', `${component.name}: ${d}`);
      for (const f of findings) await hooks.finding(f);
      return { outcome: 'ok', ...usage };
    },
  };
}

async function refused(hooks: AuditHooks, component: Component, reason: string, usage: Pick<AuditResult, 'usage'>): Promise<AuditResult> {
  const message = `the model declined to review ${component.name}: ${reason.slice(0, 500)}`;
  await hooks.log('warn', `${message}; coverage of this component is partial`);
  return { outcome: 'refused', message, ...usage };
}

/**
 * The proxy refused a model call because the scan's budget is spent: its 402
 * (the proxy's only one) with code budget_exhausted. The real CLI reports the
 * status and message ("unexpected status 402 Payment Required: …"), not the code.
 */
const isBudgetExhausted = (failure: string) => /\bbudget_exhausted\b|\b402 Payment Required\b/.test(failure);

/** Why a run produced no usable answer, or null when it ran to the end. */
function problemOf(run: CodexResult): string | null {
  if (run.timedOut) return 'codex timed out';
  if (run.failures.length > 0) return run.failures.join('; ').slice(0, 2000);
  if (run.exitCode !== 0 && !run.cancelled) {
    return `codex exited with ${run.signal ?? `code ${run.exitCode}`}${run.stderrTail ? `: ${run.stderrTail.trim().split('\n').slice(-3).join(' ')}` : ''}`;
  }
  return null;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  // Models wrap JSON in a code fence now and then.
  const body = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const describeIssue = (issue: { path: PropertyKey[]; message: string } | undefined) =>
  issue ? `${issue.path.map(String).join('.') || 'answer'}: ${issue.message}` : 'invalid';

/** The model's grouping, held to the candidate files: unknown paths dropped, every candidate either in a component or reported as not scanned. */
async function planFromAnswer(
  root: string,
  answer: { name: string; root: string; files: string[]; reason: string }[],
  candidates: string[],
  skipped: Plan['skipped'],
): Promise<Plan> {
  const allowed = new Set(candidates);
  const taken = new Set<string>();
  const ids = new Set<string>();
  const components: Component[] = [];
  for (const c of answer) {
    const files = [...new Set(c.files)].filter((f) => allowed.has(f) && !taken.has(f));
    if (files.length === 0) continue;
    files.forEach((f) => taken.add(f));
    const base = (trimSlashes(c.root) || 'root').slice(0, 200);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}~${n}`;
    ids.add(id);
    const sizes = await Promise.all(files.map((f) => stat(path.join(root, f)).then((s) => s.size, () => 0)));
    components.push({
      id,
      name: c.name,
      root: trimSlashes(c.root),
      files,
      languages: [...new Set(files.map(languageOf))],
      reason: c.reason,
      estimatedBytes: sizes.reduce((a, b) => a + b, 0),
    });
  }
  const notChosen = candidates.filter((f) => !taken.has(f)).map((p) => ({ path: p, reason: 'not chosen by the codex planner' }));
  return { components, skipped: [...skipped, ...notChosen].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** "./src/app/" → "src/app": a leading "./" or "/" and trailing slashes off (a loop: `\/+$` tried from every slash was quadratic). */
function trimSlashes(root: string): string {
  let start = root.startsWith('./') ? 1 : 0;
  if (root[start] !== '/') start = 0;
  while (root[start] === '/') start++;
  let end = root.length;
  while (end > start && root[end - 1] === '/') end--;
  return root.slice(start, end);
}
