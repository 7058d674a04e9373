// Whether a regular expression can take super-linear time on some input:
// exponential (a quantified group whose body can match the same text in
// several ways: `(\w+\s?)+`) or polynomial (two quantifiers that can trade
// the same characters, `\s*x?\s*`, or a run that is retried from each start
// position before something fails after it, `\s+$`). scslre decides it (the
// analysis behind eslint-plugin-regexp's no-super-linear-backtracking and
// no-super-linear-move), on the pattern as V8 reads it; Python patterns are
// read as JavaScript ones after their own syntax is mapped (named groups,
// \A and \Z, leading inline flags).

import { analyse } from 'scslre';

export interface Backtracking {
  exponential: boolean;
  /** A character whose long run makes the pattern slow (with the rest of the attack string around it). */
  pick: string;
}

/** null: linear; undefined: not a pattern scslre can read. */
type Verdict = Backtracking | null | undefined;

const verdicts = new Map<string, Verdict>();

/** A quantified group, `(…)+`, `(…)*` or `(…){n,}`: what exponential backtracking needs (checked first, it is cheap). */
export const QUANTIFIED_GROUP = /\)(?:[+*]|\{\d+,\})/;

/** The pattern's worst backtracking, null when it is linear, undefined when it cannot be read. */
export function backtracking(source: string, flags: string, dialect: 'js' | 'python'): Verdict {
  const key = `${dialect}\0${flags}\0${source}`;
  if (verdicts.has(key)) return verdicts.get(key);
  const verdict = analyze(source, flags, dialect);
  if (verdicts.size > 2_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function analyze(source: string, flags: string, dialect: 'js' | 'python'): Verdict {
  const literal = dialect === 'python' ? fromPython(source) : { source, flags: flags.replace(/[^dgimsuvy]/g, '') };
  if (!literal) return undefined;
  try {
    const { reports } = analyse(literal, { maxReports: 4 });
    if (reports.length === 0) return null;
    const worst = reports.find((r) => r.exponential) ?? reports[0];
    return { exponential: worst.exponential, pick: worst.character.pick };
  } catch {
    return undefined;
  }
}

/**
 * Slow on some long input, but not exponentially (`\s+$`, `\s*,\s*`):
 * harmless on the code's own strings, a denial of service on input. An
 * exponential pattern is reported where it is written, whatever it is given.
 */
export function isPolynomial(source: string, flags: string, dialect: 'js' | 'python'): boolean {
  const verdict = backtracking(source, flags, dialect);
  return verdict !== undefined && verdict !== null && !verdict.exponential;
}

/** A Python pattern as the JavaScript one that matches the same (or undefined when it has syntax of its own we do not map). */
function fromPython(pattern: string): { source: string; flags: string } | undefined {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('m')) flags += 'm';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('x')) return undefined;
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  if (/\(\?[aiLmsux-]+[):]/.test(source)) return undefined;
  return { source, flags };
}
