import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'cookie.insecure',
  title: 'Sensitive cookie without the Secure flag',
  severity: 'medium',
  cwe: 'CWE-614',
  relatedCwes: [],
  explanation: 'Without Secure the browser also sends the cookie over plain HTTP, where anyone on the network path can read the session or token.',
  recommendation: 'Set secure: true (Express res.cookie / express-session cookie options), secure=True (Flask set_cookie), SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True (Django).',
};

// res.cookie, express-session, cookie-session; set_cookie and the *_COOKIE_* settings.
export const words: RuleWords = { js: /cookie|express-session/i, python: /cookie/i };
