// Finding fingerprints (ARCHITECTURE §5): a finding keeps its identity while
// code moves around it, so they hash the code, never a line number.

import { createHash } from 'node:crypto';

export interface FingerprintInput {
  ruleId: string;
  /** Posix path relative to the snapshot root. */
  path: string;
  /** The sink's (or secret's) source text; whitespace is normalized here. */
  context: string;
}

/**
 * Whitespace collapsed, and dropped wherever it does not separate two words,
 * plus trailing commas: what a formatter (re-indenting, re-wrapping a call
 * over several lines) changes must not change the finding.
 */
export function normalizeContext(code: string): string {
  return code
    .replace(/\s+/g, ' ')
    .replace(/ (?=\W)|(?<=\W) /g, '')
    .replace(/,(?=[)\]}])/g, '')
    .trim();
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * `occurrence` tells apart identical code in one file (the same vulnerable
 * call pasted twice): the n-th copy, counted in source order, from 0.
 */
export function fingerprint(input: FingerprintInput, occurrence = 0): string {
  return sha256Hex([input.ruleId, input.path, normalizeContext(input.context), String(occurrence)].join('\0'));
}

/** Fingerprints for one file's findings, given in source order. */
export function fingerprintAll(inputs: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const key = [input.ruleId, input.path, normalizeContext(input.context)].join('\0');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return fingerprint(input, occurrence);
  });
}
