// Provider-format credentials (AWS, GitHub, Stripe, Slack, private keys,
// connection strings with passwords, …) found by secretlint's recommended
// preset on a file's raw text, comments included.

import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { DraftFinding } from '../finding';
import { maskSecret, secretContext } from '../finding';
import type { LineIndex } from '../source-text';

type LintOptions = Parameters<typeof lintSource>[0]['options'];
type LintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

// secretlint marks every rule and file with performance.mark() for its
// profiler unless told not to; we never read the profile (secretlint#1633).
secretLintProfiler.setEnabled(false);

const CONFIG: LintOptions['config'] = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
};

/** How far before secretlint's reported start the secret may begin (some rules report the whole `KEY = value` match). */
const LOCATE_SLACK = 256;

export async function secretlintDrafts(path: string, lines: LineIndex): Promise<DraftFinding[]> {
  const result = await lintSource({
    source: { content: lines.text, filePath: `/${path}`, contentType: 'text' },
    // Unmasked so we can find and hash the value; it is masked before it leaves this module.
    options: { config: CONFIG, maskSecrets: false, noPhysicFilePath: true },
  });
  return result.messages.flatMap((message) => toDraft(message, path, lines) ?? []);
}

function toDraft(message: LintMessage, path: string, lines: LineIndex): DraftFinding | undefined {
  const located = locateSecret(message, lines.text);
  if (!located) return undefined;
  const { secret, start } = located;
  const end = start + secret.length;
  const line = lines.lineOf(start);
  const kind = describe(message, secret);
  const maskedLine = lines.text.slice(lines.lineStart(line), lines.lineEnd(line)).split(secret).join(maskSecret(secret));
  return {
    ruleId: 'secrets.hardcoded',
    start,
    end,
    context: secretContext(maskedLine, secret),
    detail: `${kind} hard-coded in this file (${maskSecret(secret)}).`,
    trace: [{ path, line, note: `${kind} detected by secretlint (${message.messageId})` }],
    confidence: 'high',
    severity: 'critical',
    secret,
  };
}

/**
 * The secret is the longest message datum that occurs in the text near the
 * reported range; the data carry it verbatim because maskSecrets is off.
 */
function locateSecret(message: LintMessage, text: string): { secret: string; start: number } | undefined {
  const values = Object.values((message.data ?? {}) as Record<string, unknown>)
    .filter((v): v is string => typeof v === 'string' && v.length >= 8)
    .sort((a, b) => b.length - a.length);
  const from = Math.max(0, message.range[0] - LOCATE_SLACK);
  for (const secret of values) {
    const start = text.indexOf(secret, from);
    if (start !== -1 && start <= message.range[1]) return { secret, start };
  }
  const [start, end] = message.range;
  return end > start ? { secret: text.slice(start, end), start } : undefined;
}

/** "found GitHub Token(ghp): ghp_…" → "GitHub Token"; the message text embeds the value, so only its label is kept. */
function describe(message: LintMessage, secret: string): string {
  // Cut at the first "(" and trailing colons and blanks, without a regex anchored at `$` (tried from every blank, it was quadratic).
  let label = message.message.split(secret)[0].replace(/^found\s+/i, '');
  const paren = label.indexOf('(');
  if (paren >= 0) label = label.slice(0, paren);
  let end = label.length;
  while (end > 0 && (label[end - 1] === ':' || label[end - 1].trim() === '')) end--;
  return label.slice(0, end).trim() || 'secret';
}
