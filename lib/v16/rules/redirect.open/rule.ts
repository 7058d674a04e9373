import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'redirect.open',
  title: 'Open redirect',
  severity: 'medium',
  cwe: 'CWE-601',
  relatedCwes: [],
  explanation: 'A link to this site can send users to any other site, which phishing uses to borrow the site’s reputation and to steal OAuth codes and tokens.',
  recommendation: 'Redirect only to relative paths (starts with "/" and not "//" or "/\\") or to destinations from an allow-list; use url_for / named routes.',
};
