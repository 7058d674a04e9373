import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'csrf.missing',
  title: 'Cookie sessions without CSRF protection',
  severity: 'medium',
  cwe: 'CWE-352',
  relatedCwes: ['CWE-1275'],
  explanation:
    'The app keeps its users signed in with a session cookie and changes state on POST, PUT, PATCH or DELETE, with no CSRF token check in sight: a page on any other site can submit a form to it, and the browser attaches the user\'s session cookie.',
  recommendation:
    'Check a CSRF token on every state-changing request (csrf-csrf or lusca in Express, Flask-WTF\'s CSRFProtect, Django\'s CsrfViewMiddleware), or set the session cookie SameSite=Strict (Lax at least) where every browser in use honours it.',
};

// Cookie sessions: express-session, cookie-session; Django's MIDDLEWARE, Flask's session.
export const words: RuleWords = { js: /express-session|cookie-session/i, python: /middleware|session/i };
