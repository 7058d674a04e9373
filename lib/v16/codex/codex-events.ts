// Reads `codex exec --json` output: one JSON event per line with a `type`
// (thread.started, turn.started, item.started/updated/completed, turn.completed
// with usage, turn.failed, error). Unknown types and fields are ignored;
// a line that is not a JSON event becomes a warning, never a crash.

export interface CodexUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

export interface CodexTranscript {
  /** agent_message texts, in order; the last one is the answer. */
  messages: string[];
  usage: CodexUsage | null;
  /** turn.failed / error messages. */
  failures: string[];
  /** Lines that were not JSON events, and error items. */
  warnings: string[];
  /** Commands Codex ran (read-only sandbox), for the debug log. */
  commands: string[];
}

export const emptyTranscript = (): CodexTranscript => ({ messages: [], usage: null, failures: [], warnings: [], commands: [] });

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** "Reconnecting... 2/5 (…)": Codex retries a model request that failed. */
const RETRYING = /^Reconnecting\.\.\. \d+\/\d+/;

/** Codex reports its final error twice (an error event, then turn.failed with the same message): keep it once. */
function addFailure(t: CodexTranscript, message: string) {
  if (!t.failures.includes(message)) t.failures.push(message);
}

export function readCodexLine(t: CodexTranscript, line: string, lineNo: number): void {
  if (!line.trim()) return;
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    t.warnings.push(`codex output line ${lineNo} is not JSON, ignored: ${clip(line)}`);
    return;
  }
  if (!isObj(event) || typeof event.type !== 'string') {
    t.warnings.push(`codex output line ${lineNo} is not an event (no "type"), ignored: ${clip(line)}`);
    return;
  }
  switch (event.type) {
    case 'item.completed': {
      const item = isObj(event.item) ? event.item : {};
      if (item.type === 'agent_message' && typeof item.text === 'string') t.messages.push(item.text);
      else if (item.type === 'command_execution' && typeof item.command === 'string') t.commands.push(clip(item.command));
      else if (item.type === 'error' && typeof item.message === 'string') t.warnings.push(`codex: ${clip(item.message, 1000)}`);
      return;
    }
    case 'turn.completed': {
      const u = isObj(event.usage) ? event.usage : {};
      const prev = t.usage ?? { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
      t.usage = {
        inputTokens: prev.inputTokens + count(u.input_tokens),
        cachedInputTokens: prev.cachedInputTokens + count(u.cached_input_tokens),
        outputTokens: prev.outputTokens + count(u.output_tokens),
      };
      return;
    }
    case 'turn.failed': {
      const err = isObj(event.error) ? event.error : {};
      addFailure(t, typeof err.message === 'string' ? err.message : 'turn failed');
      return;
    }
    case 'error': {
      const message = typeof event.message === 'string' ? event.message : 'error';
      // The real CLI reports each retry of a model request as an error event; the run may still succeed.
      if (RETRYING.test(message)) t.warnings.push(`codex: ${clip(message, 1000)}`);
      else addFailure(t, message);
      return;
    }
    default:
      return;
  }
}
