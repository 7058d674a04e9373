import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'regex.redos',
  title: 'Regular expression with catastrophic backtracking',
  severity: 'medium',
  cwe: 'CWE-1333',
  relatedCwes: ['CWE-730', 'CWE-400'],
  explanation: 'A quantified group that itself contains a quantifier ((x+)+, (\\w+\\s?)*) makes the matcher try exponentially many ways on an almost-matching input: one request can hold the CPU for seconds.',
  recommendation: 'Rewrite the pattern so each character can be matched one way only (remove the nested quantifier, use a character class), bound the input length first, or use RE2.',
};

// A quantified group right after a group: `(…)+`, `(…)*`, `(…){n,}`.
export const words: RuleWords = { js: /\)(?:[+*]|\{\d+,\})/, python: /\)(?:[+*]|\{\d+,\})/ };
