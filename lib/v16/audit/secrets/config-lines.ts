// Named secrets in line-oriented config formats: .env, YAML, TOML, INI,
// Terraform and Dockerfile ENV/ARG. Each of these is "one key, one value per
// line" for the purposes of this rule, so a line reader is their parser.

import type { DraftFinding } from '../finding';
import type { LineIndex } from '../source-text';
import { namedSecretDraft } from './heuristics';

const ASSIGNMENT = /^\s*(?:export\s+|ENV\s+|ARG\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:|\s(?=\S))\s*(.*)$/;

export function configLineDrafts(path: string, lines: LineIndex): DraftFinding[] {
  const drafts: DraftFinding[] = [];
  let offset = 0;
  for (const line of lines.text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '' || /^[#;[]/.test(trimmed) || trimmed.startsWith('//')) continue;
    const content = line.replace(/\r$/, '');
    const match = ASSIGNMENT.exec(content);
    if (!match) continue;
    const [, name, rest] = match;
    const value = literalValue(rest);
    if (!value) continue;
    // `rest` is a suffix of the line, so its offset follows from the lengths.
    const start = lineStart + content.length - rest.length;
    const from = start + value.offset;
    const draft = namedSecretDraft({ name, value: value.text, start: from, end: from + value.text.length, lines, path });
    if (draft) drafts.push(draft);
  }
  return drafts;
}

/** The value of `key = value`: quoted (no escapes needed for our purpose) or bare up to an inline comment. */
function literalValue(rest: string): { text: string; offset: number } | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const close = rest.indexOf(quote, 1);
    return close > 1 ? { text: rest.slice(1, close), offset: 1 } : undefined;
  }
  // Only a run's first blank may start the comment, and `.*` runs to the very end (/s): `\s+` tried from every blank of a long run was quadratic.
  const bare = rest.replace(/(?<!\s)\s+[#;].*$/s, '').trim();
  // YAML blocks, arrays, tables and references are structure, not literal values.
  if (!bare || /^[[{|>&*!]/.test(bare)) return undefined;
  return { text: bare, offset: 0 };
}
