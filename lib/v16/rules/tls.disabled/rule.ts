import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'tls.disabled',
  title: 'TLS certificate verification disabled',
  severity: 'high',
  cwe: 'CWE-295',
  relatedCwes: [],
  explanation: 'The client accepts any certificate, so anyone able to intercept the connection can read and modify the traffic, credentials included.',
  recommendation: 'Leave verification on (rejectUnauthorized: true, verify=True, ssl.create_default_context()); for an internal CA pass its certificate (ca: …, verify="/path/ca.pem") instead of disabling checks.',
};

// rejectUnauthorized, NODE_TLS_REJECT_UNAUTHORIZED; verify=False, verify_mode, _create_unverified_context, CERT_NONE, check_hostname.
export const words: RuleWords = { js: /rejectunauthorized|node_tls_reject_unauthorized/i, python: /verify|unverified|cert_none|check_hostname/i };
