import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';
import { isSecretName, looksLikeSecretValue, shannonEntropy } from './secrets/heuristics';

// Fake credentials in provider formats (secretlint's recommended preset recognises them).
const GITHUB_TOKEN = 'ghp_VegaUnitTest0nlyNotARealToken1a2b3cd';
const AWS_SECRET = 'vEgAUnItTeSt0nLy/NoTaReAlKeY+8d2Kq9ZpW3x';

describe('hard-coded secrets (secrets.hardcoded)', () => {
  it('reports provider tokens found by secretlint, masked everywhere', async () => {
    const code = `export const config = {\n  token: '${GITHUB_TOKEN}',\n  aws_secret_access_key: '${AWS_SECRET}',\n};\n`;
    const { findings } = await auditSource('src/config.ts', code);
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}:${f.severity}:${f.confidence}`)).toEqual([
      'secrets.hardcoded@2:critical:high',
      'secrets.hardcoded@3:critical:high',
    ]);
    const serialized = JSON.stringify(findings);
    expect(serialized).not.toContain(GITHUB_TOKEN);
    expect(serialized).not.toContain(AWS_SECRET);
    expect(findings[0].snippet).toBe("token: 'ghp_…',");
    expect(findings[0].cwe).toBe('CWE-798');
  });

  it('reports high-entropy literals bound to secret-like names', async () => {
    const code = `const dbPassword = 'Zx9kq2LmW7pR4tBv';
const settings = { clientSecret: "q8Zr2LmX9vB4nT7kW1pY5sD3" };
this.apiKey = 'A1b2C3d4E5f6G7h8I9j0';
const jwtSecret = process.env.JWT_SECRET || 'h7Fq2mZx9LpW4tRb8KvN3sYc';
`;
    const { findings } = await auditSource('a.js', code);
    expect(findings.map((f) => f.startLine)).toEqual([1, 2, 3, 4]);
    expect(findings.every((f) => f.confidence === 'medium' && f.severity === 'high')).toBe(true);
    expect(findings[0].snippet).toBe("const dbPassword = 'Zx9k…';");
    expect(findings[3].message).toContain('fallback');
  });

  it('ignores placeholders, env lookups, low entropy and non-secret names', async () => {
    const code = `const password = process.env.DB_PASSWORD;
const apiKey = 'changeme-changeme';
const token = '<your-token-here>';
const secret = '\${SECRET_FROM_ENV}';
const passwordLabel = 'Zx9kq2LmW7pR4tBv';
const clientSecret = 'aaaaaaaaaaaaaaaa';
const tokenUrl = 'https://auth.example.com/oauth/token';
const passwordHint = 'Use at least twelve characters';
`;
    expect((await auditSource('a.js', code)).findings).toEqual([]);
  });

  it('reports Python assignments, keyword arguments and dict entries', async () => {
    const code = `SECRET_KEY = "f3Kp9Zq2LmX7vB4nT8wR1yD6"
conn = psycopg2.connect(host="db", password="Zx9kq2LmW7pR4tBv")
settings = {"api_key": "A1b2C3d4E5f6G7h8I9j0"}
app.config["JWT_SECRET"] = "h7Fq2mZx9LpW4tRb8KvN3sYc"
DEBUG_TOKEN = os.environ.get("DEBUG_TOKEN")
`;
    const { findings } = await auditSource('settings.py', code);
    expect(findings.map((f) => f.startLine)).toEqual([1, 2, 3, 4]);
    expect(findings[1].snippet).toBe('conn = psycopg2.connect(host="db", password="Zx9k…")');
  });

  it('reads JSON config through its syntax tree', async () => {
    const { findings } = await auditSource('config/default.json', '{\n  "db": {\n    "host": "db",\n    "password": "Zx9kq2LmW7pR4tBv"\n  }\n}\n');
    expect(findings.map((f) => [f.startLine, f.snippet])).toEqual([[4, '"password": "Zx9k…"']]);
  });

  it('reads .env, YAML and Terraform files', async () => {
    const env = await auditSource('.env.production', 'PORT=3000\nJWT_SECRET=R9vTq2LxW7mZp4Kc8NbF3hYs # keep safe\n');
    const yaml = await auditSource('deploy/values.yml', 'db:\n  host: db\n  password: "Zx9kq2LmW7pR4tBv"\n');
    const tf = await auditSource('infra/main.tf', 'resource "x" "y" {\n  client_secret = "q8Zr2LmX9vB4nT7kW1pY5sD3"\n}\n');
    expect([env, yaml, tf].map((a) => a.findings.map((f) => f.startLine))).toEqual([[2], [3], [2]]);
    expect(env.findings[0].snippet).toBe('JWT_SECRET=R9vT… # keep safe');
  });

  it('takes translations for labels, not credentials: locale files and words beyond ASCII', async () => {
    const labels = '{ "password": "Passwort!Vergessen2", "apiToken": "Jeton-APIexpiré9x", "newPassword": "NeuesPasswort123!" }\n';
    for (const file of ['locales/de/common.json', 'src/i18n/fr.json', 'de.json', 'lang/pt_BR.yml']) {
      expect((await auditSource(file, labels)).findings, file).toEqual([]);
    }
    expect((await auditSource('messages.json', '{ "resetToken": "Schlüssel-7Hq2mZx9Lp" }\n')).findings).toEqual([]);
    // The same pair in a config file is a credential.
    expect((await auditSource('config/app.json', labels)).findings.map((f) => f.ruleId)).toContain('secrets.hardcoded');
  });

  it('reports a credential once when both detectors see it', async () => {
    const code = `const githubToken = '${GITHUB_TOKEN}';\n`;
    const { findings } = await auditSource('a.js', code);
    expect(findings).toHaveLength(1);
    expect(findings[0].confidence).toBe('high');
  });
});

describe('secret heuristics', () => {
  it('recognises credential names in any casing', () => {
    expect(['password', 'DB_PASSWORD', 'dbPassword', 'apiKey', 'API_KEY', 'client_secret', 'privateKey', 'githubToken'].every(isSecretName)).toBe(true);
    expect(['passwordField', 'tokenUrl', 'secretName', 'keyboard', 'monkey', 'tokens'].some(isSecretName)).toBe(false);
  });

  it('measures entropy in bits per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(looksLikeSecretValue('Zx9kq2LmW7pR4tBv')).toBe(true);
    expect(looksLikeSecretValue('short1A!')).toBe(false);
  });
});

describe('values that only look random', () => {
  it('are not secrets when they are key names or selectors', () => {
    expect(looksLikeSecretValue('previewModeSigningKey')).toBe(false);
    expect(looksLikeSecretValue('session_token_cookie')).toBe(false);
    expect(looksLikeSecretValue('[type=password]')).toBe(false);
    expect(looksLikeSecretValue('qZrLmXvBnTkWpYd')).toBe(true);
  });
});
