import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'session.untrusted',
  title: 'Untrusted data stored in the session',
  severity: 'medium',
  cwe: 'CWE-501',
  relatedCwes: [],
  explanation: 'Code that later reads the session treats its contents as established by the server (identity, role, tenant); storing unchecked request input there lets a client choose them.',
  recommendation: 'Put only server-derived values in the session (the id of the authenticated user, roles from the database); validate or map request input through an allow-list before storing it.',
};
