import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'ssrf',
  title: 'Server-side request forgery',
  severity: 'high',
  cwe: 'CWE-918',
  relatedCwes: [],
  explanation: 'The server fetches a URL the client chose, so an attacker can reach internal services, cloud metadata endpoints (169.254.169.254) and ports that are not exposed to the internet.',
  recommendation: 'Fix the scheme and host in code and put input only in the path or query (encoded), or check the parsed URL’s host against an allow-list; block private and link-local addresses after DNS resolution.',
};
