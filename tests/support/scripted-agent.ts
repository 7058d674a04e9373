import type { ServerResponse } from 'node:http';

// The fake LLM's agent mode (POST /__fake/config {"agent": {…}}): it answers
// the real Codex CLI as a model would, in the Responses API's streamed
// shape. Each Vega step is two model calls: the first asks Codex's shell tool
// (`exec_command`) to look at the repository, the second reads what the tool
// printed (`function_call_output`, which Codex ran in its sandbox) and gives
// the step's structured answer. So what the scan reports comes from the
// files as Codex read them, not from the prompt:
// - plan: `find` the files; one component per top folder (the root's files: "root");
// - audit: `grep -Hn` the component's files; every line calling eval( is a code-injection finding.

export interface AgentConfig {
  /** The audit's shell command instead of reading the files (a test's long `sleep`). */
  auditCommand?: string;
  /** How long Codex waits for the command before it hands back what it printed (exec_command's yield_time_ms). */
  yieldMs?: number;
}

type Item = Record<string, unknown>;
interface ResponsesBody {
  model?: string;
  input?: Item[];
  tools?: Item[];
}

/** Codex's requests carry its shell tool; anything else is answered as the plain fake does. */
export const isCodexRequest = (body: unknown): body is ResponsesBody =>
  Array.isArray((body as ResponsesBody | null)?.tools) && (body as ResponsesBody).tools!.some((t) => t.name === 'exec_command');

const textsOf = (item: Item): string[] =>
  Array.isArray(item.content) ? (item.content as Item[]).map((c) => (typeof c.text === 'string' ? c.text : '')) : typeof item.content === 'string' ? [item.content] : [];

/** The step and the files its prompt lists (the prompt's first lines name the step, docs/codex-backend.md). */
function stepOf(body: ResponsesBody): { step: 'plan' | 'audit' | null; files: string[] } {
  const prompt = (body.input ?? []).filter((i) => i.role === 'user').flatMap(textsOf).find((t) => t.includes('Vega security review — step: '));
  if (!prompt) return { step: null, files: [] };
  const step = /step: (plan|audit)/.exec(prompt)?.[1] as 'plan' | 'audit' | undefined;
  const files = [...prompt.matchAll(/^- (\S.*)$/gm)].map((m) => m[1]).filter((f) => !f.startsWith('… '));
  return { step: step ?? null, files };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** What the tool printed, without the header Codex puts above it. */
function toolOutput(item: Item): string {
  const text = typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
  const at = text.indexOf('Output:\n');
  return at >= 0 ? text.slice(at + 'Output:\n'.length) : text;
}

function planAnswer(listing: string, listed: string[]) {
  const allowed = new Set(listed);
  const byFolder = new Map<string, string[]>();
  for (const line of listing.split('\n')) {
    const file = line.trim().replace(/^\.\//, '');
    if (!allowed.has(file)) continue;
    const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  return {
    components: [...byFolder].map(([folder, files]) => ({ name: folder || 'root', root: folder, files, reason: `the files under ${folder || 'the root'}` })),
  };
}

function auditAnswer(grep: string) {
  const findings = [];
  for (const line of grep.split('\n')) {
    const m = /^(.+?):(\d+):(.*)$/.exec(line);
    if (!m || !/\beval\s*\(/.test(m[3])) continue;
    const at = Number(m[2]);
    findings.push({
      rule_id: 'code-injection', title: 'Code injection through eval', severity: 'high', cwe: 'CWE-95', path: m[1], start_line: at, end_line: at,
      message: 'Request input reaches eval().', recommendation: 'Never evaluate request input; parse it.', confidence: 'high',
      trace: [{ path: m[1], line: at, note: 'eval of request input' }],
    });
  }
  return { status: 'ok', reason: null, findings };
}

/** The next model turn for a Codex request: a shell call first, the answer once the call's output is back. */
export function agentTurn(body: ResponsesBody, config: AgentConfig): { call: { cmd: string; yield_time_ms: number } } | { answer: string } {
  const { step, files } = stepOf(body);
  const outputs = (body.input ?? []).filter((i) => i.type === 'function_call_output');
  if (outputs.length === 0) {
    const cmd =
      step === 'plan' ? `find . -type f -not -path './.git/*' | sort`
      : step === 'audit' ? config.auditCommand ?? `grep -Hn '' -- ${files.map(shellQuote).join(' ')}`
      : 'true';
    return { call: { cmd, yield_time_ms: config.yieldMs ?? 10_000 } };
  }
  const printed = toolOutput(outputs[outputs.length - 1]);
  if (step === 'plan') return { answer: JSON.stringify(planAnswer(printed, files)) };
  if (step === 'audit') return { answer: JSON.stringify(auditAnswer(printed)) };
  return { answer: 'ok' };
}

/** One streamed Responses API answer as OpenAI sends it: created, the item added, its deltas, the item done, completed with usage. */
export function streamTurn(res: ServerResponse, n: number, turn: ReturnType<typeof agentTurn>, model: string | undefined, usage: { input: number; output: number }) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: Item) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  const response = { id: `resp_${n}`, object: 'response', model };
  send({ type: 'response.created', response: { ...response, status: 'in_progress' } });
  let item: Item;
  if ('call' in turn) {
    const args = JSON.stringify(turn.call);
    item = { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: 'exec_command', arguments: args, status: 'completed' };
    send({ type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    send({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: args });
    send({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: 0, arguments: args });
  } else {
    const part = { type: 'output_text', text: turn.answer, annotations: [] };
    item = { type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [part] };
    send({ type: 'response.output_item.added', output_index: 0, item: { ...item, content: [], status: 'in_progress' } });
    send({ type: 'response.content_part.added', item_id: item.id, output_index: 0, content_index: 0, part: { ...part, text: '' } });
    send({ type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: turn.answer });
    send({ type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text: turn.answer });
    send({ type: 'response.content_part.done', item_id: item.id, output_index: 0, content_index: 0, part });
  }
  send({ type: 'response.output_item.done', output_index: 0, item });
  send({
    type: 'response.completed',
    response: {
      ...response, status: 'completed', output: [item],
      usage: { input_tokens: usage.input, input_tokens_details: { cached_tokens: 0 }, output_tokens: usage.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: usage.input + usage.output },
    },
  });
  res.end();
}
