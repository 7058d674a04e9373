import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'cors.credentials-any-origin',
  title: 'CORS lets any site read responses with the user\'s credentials',
  severity: 'high',
  cwe: 'CWE-942',
  relatedCwes: ['CWE-346'],
  explanation:
    'Any web page the user visits can call this API with the user\'s cookies and read the answers, since every origin is allowed (or the request\'s own Origin is echoed back) together with credentials.',
  recommendation:
    'Allow a fixed list of the origins that need access (cors({ origin: [...] }), CORS_ALLOWED_ORIGINS, allow_origins=[...]); keep "any origin" only for public endpoints, without credentials.',
};

// The cors package or the Access-Control-Allow-* headers; flask_cors, CORSMiddleware, the CORS_* settings.
export const words: RuleWords = { js: /cors|access-control-allow/i, python: /cors/i };
