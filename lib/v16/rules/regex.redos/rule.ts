import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'regex.redos',
  title: 'Regular expression with super-linear backtracking',
  severity: 'medium',
  cwe: 'CWE-1333',
  relatedCwes: ['CWE-730', 'CWE-400'],
  explanation:
    'On an almost-matching input the matcher tries many ways to split it: exponentially many when a quantified group can match the same text ' +
    'in several ways ((x+)+, (\\w+\\s?)*), quadratically many when a run is retried from each start (\\s+$) or two quantifiers share ' +
    'its characters (\\s*,\\s*). Node and Python match on the thread that serves requests: one long input can hold the CPU for seconds.',
  recommendation:
    'Rewrite the pattern so each character can be matched one way only (anchor it, remove the nested or adjacent quantifier, use a ' +
    'character class that excludes what follows), bound the input length before matching (if (s.length > 1000) reject), use the ' +
    'string methods (trimEnd, split on a plain string), or RE2.',
};

// A quantified group right after a group: `(…)+`, `(…)*`, `(…){n,}`.
export const words: RuleWords = { js: /\)(?:[+*]|\{\d+,\})/, python: /\)(?:[+*]|\{\d+,\})/ };
