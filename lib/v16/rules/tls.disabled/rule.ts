import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'tls.disabled',
  title: 'TLS certificate verification disabled',
  severity: 'high',
  cwe: 'CWE-295',
  relatedCwes: [],
  explanation: 'The client accepts any certificate, so anyone able to intercept the connection can read and modify the traffic, credentials included.',
  recommendation: 'Leave verification on (rejectUnauthorized: true, verify=True, ssl.create_default_context()); for an internal CA pass its certificate (ca: …, verify="/path/ca.pem") instead of disabling checks.',
};
