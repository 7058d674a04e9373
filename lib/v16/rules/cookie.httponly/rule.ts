import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'cookie.httponly',
  title: 'Sensitive cookie without the HttpOnly flag',
  severity: 'medium',
  cwe: 'CWE-1004',
  relatedCwes: [],
  explanation: 'Without HttpOnly any script on the page can read the cookie, so a single XSS bug leaks the session or token.',
  recommendation: 'Set httpOnly: true (Express), httponly=True (Flask set_cookie), SESSION_COOKIE_HTTPONLY = True (Django) for session and token cookies.',
};

// As cookie.insecure.
export const words: RuleWords = { js: /cookie|express-session/i, python: /cookie/i };
