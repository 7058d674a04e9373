// The pre-parse word filter, compiled from the rules' words (RuleWords):
// one alternation per flag set (one scan of the text each), and each
// all-of entry on its own.

import type { Words } from './types';

/** Whether a text holds some rule's words. */
export function wordFilter(words: Iterable<Words>): (text: string) => boolean {
  const byFlags = new Map<string, string[]>();
  const allOf: (readonly RegExp[])[] = [];
  for (const w of words) {
    if (w instanceof RegExp) {
      const flags = w.flags.replace(/[gy]/g, '');
      byFlags.set(flags, [...(byFlags.get(flags) ?? []), `(?:${w.source})`]);
    } else allOf.push(w.all);
  }
  const any = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
  return (text) => any.some((r) => r.test(text)) || allOf.some((all) => all.every((r) => r.test(text)));
}
