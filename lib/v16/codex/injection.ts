import type { EngineFinding } from '../types';
import { fingerprintAll } from '../fingerprint';

// Text in scanned code that tries to steer an AI reviewer. Reported by the
// backend itself, not by the model: an injection that works is exactly one
// the model would not report. CWE-1427 ("Improper Neutralization of Input
// Used for LLM Prompting") names the weakness: content meant to be data that
// an LLM would read as instructions. CWE-77 (command injection) is about
// shells, and would send readers the wrong way.

const PATTERNS: { re: RegExp; what: string }[] = [
  { re: /\b(ignore|disregard|forget|override)\b[^\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the system)\b[^\n]{0,20}\b(instructions?|prompts?|rules|directions)\b/i, what: 'tells the model to drop its instructions' },
  { re: /\b(AI|LLM|GPT|Codex|assistant|language model|(security )?(auditor|reviewer|scanner)s?)\b[^\n]{0,60}\b(must|should|shall|do not|don't|never)\b[^\n]{0,40}\b(report|flag|mention|scan|audit|review)/i, what: 'gives orders to an AI reviewer' },
  { re: /\b(report|return|answer)\b[^\n]{0,20}\b(no|zero|0)\b[^\n]{0,20}\b(findings|vulnerabilit(y|ies)|issues)\b/i, what: 'asks for an empty report' },
  { re: /\byou are (now )?(an? )?(AI|assistant|language model|helpful|ChatGPT|Codex)\b/i, what: 'addresses the model directly' },
  { re: /<\|im_start\|>|<\|im_end\|>|\[INST\]|<<SYS>>|<\/?system>/i, what: 'contains chat-template control tokens' },
];

export const PROMPT_INJECTION_RULE = 'llm.prompt-injection';

/** Lines of one file that try to steer an LLM reading it, as findings. */
export function promptInjectionFindings(path: string, text: string): EngineFinding[] {
  const lines = text.split(/\r?\n/);
  const hits: { line: number; code: string; what: string }[] = [];
  lines.forEach((code, i) => {
    if (code.length > 2000) return;
    const match = PATTERNS.find((p) => p.re.test(code));
    if (match) hits.push({ line: i + 1, code: code.trim(), what: match.what });
  });
  const prints = fingerprintAll(hits.map((h) => ({ ruleId: PROMPT_INJECTION_RULE, path, context: h.code })));
  return hits.map((h, i) => ({
    fingerprint: prints[i],
    ruleId: PROMPT_INJECTION_RULE,
    title: 'Text that tries to steer an AI code reviewer',
    severity: 'medium',
    cwe: 'CWE-1427',
    path,
    startLine: h.line,
    endLine: h.line,
    snippet: h.code.slice(0, 500),
    message: `This line ${h.what}. An LLM that reads this file (a reviewer, an assistant, this scan) may follow it instead of treating it as data, hiding real findings or taking actions its user did not ask for.`,
    recommendation: 'Remove the text, or find out who added it and why: instructions aimed at AI reviewers have no place in source code.',
    confidence: 'medium',
    trace: [{ path, line: h.line, note: 'text addressed to an AI model' }],
  }));
}
