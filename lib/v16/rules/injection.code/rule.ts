import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.code',
  title: 'Code injection',
  severity: 'critical',
  cwe: 'CWE-95',
  relatedCwes: ['CWE-94'],
  explanation:
    'The value is evaluated as code, so an attacker can execute arbitrary JavaScript or Python inside the server process.',
  recommendation:
    'Never evaluate request input. Parse data with JSON.parse / json.loads or ast.literal_eval, and map allowed ' +
    'operations to functions with an explicit lookup table.',
};
