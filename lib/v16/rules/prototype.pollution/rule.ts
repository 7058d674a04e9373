import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'prototype.pollution',
  title: 'Prototype pollution',
  severity: 'high',
  cwe: 'CWE-1321',
  relatedCwes: ['CWE-915'],
  explanation: 'Keys like __proto__ or constructor.prototype from the input write to Object.prototype, changing every object in the process: authorization checks, options and templates can be subverted, sometimes up to code execution.',
  recommendation: 'Reject __proto__, constructor and prototype keys, copy only allow-listed keys, use Map or Object.create(null) for dictionaries keyed by input, and keep lodash and merge helpers current.',
};
