import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('CORS that lets any origin read with credentials (cors.credentials-any-origin)', () => {
  it('JavaScript: cors() with origin true or "*" and credentials; an Origin header echoed next to Allow-Credentials', async () => {
    const code = `const cors = require('cors');
app.use(cors({ origin: true, credentials: true }));
app.use(cors({ origin: '*', credentials: true }));
app.use(cors({ origin: ['https://a.example'], credentials: true }));
app.use(cors({ origin: true }));
app.use((req, res, next) => {
  res.header('Access-Control-Allow-Origin', req.get('origin'));
  res.header('Access-Control-Allow-Credentials', 'true');
  next();
});
app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  next();
});
`;
    expect(await rulesIn('app.js', code)).toEqual(['cors.credentials-any-origin@2', 'cors.credentials-any-origin@3', 'cors.credentials-any-origin@7']);
  });

  it('Python: flask-cors without origins, Starlette with "*" or a match-all regex, django-cors-headers settings', async () => {
    const flask = `from flask_cors import CORS, cross_origin
CORS(app, supports_credentials=True)
CORS(app, origins="*", supports_credentials=True)
CORS(app, origins=["https://a.example"], supports_credentials=True)
CORS(app)
`;
    expect(await rulesIn('app.py', flask)).toEqual(['cors.credentials-any-origin@2', 'cors.credentials-any-origin@3']);
    const starlette = `from starlette.middleware.cors import CORSMiddleware
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
`;
    expect(await rulesIn('main.py', starlette)).toEqual(['cors.credentials-any-origin@2', 'cors.credentials-any-origin@3']);
    expect(await rulesIn('settings.py', 'CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOW_CREDENTIALS = True\n')).toEqual(['cors.credentials-any-origin@1']);
    expect(await rulesIn('settings.py', 'CORS_ORIGIN_ALLOW_ALL = True\n')).toEqual([]);
  });
});
