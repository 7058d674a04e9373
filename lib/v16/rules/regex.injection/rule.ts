import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'regex.injection',
  title: 'Regular expression built from request input',
  severity: 'medium',
  cwe: 'CWE-1333',
  relatedCwes: ['CWE-730', 'CWE-400'],
  explanation: 'A client-chosen pattern can backtrack exponentially ((a+)+$), blocking the event loop or worker for seconds per request: a cheap denial of service.',
  recommendation: 'Escape input before putting it into a pattern (escape-string-regexp, re.escape), or match with plain string functions (includes, startswith); use a linear-time engine (RE2) where patterns must be user-defined.',
};
