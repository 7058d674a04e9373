// Inputs whose shape once made the analysis blow up: each must stay linear-ish.
import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';
import { looksLikeSecretValue } from './secrets/heuristics';

describe('pathological shapes', () => {
  it('audits a long method chain (koa delegates, query builders) in linear time', async () => {
    const chain = Array.from({ length: 60 }, (_, i) => `\n  .method('m${i}')`).join('');
    const code = `const delegate = require('delegates');\nconst proto = {};\ndelegate(proto, 'request')${chain};\nfunction h(req, res) { res.send(req.query.q); }\n`;
    const started = Date.now();
    const { findings } = await auditSource('a.js', code);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(findings.map((f) => f.ruleId)).toEqual(['xss']);
  });
});

describe('secret heuristics on adversarial literals', () => {
  it('a long run of letters ending in punctuation is decided at once (it used to backtrack for good)', async () => {
    const started = Date.now();
    const { findings } = await auditSource('login.js', `const password = 'EinBelegtesBrotMitSchinkenSCHINKEN!';\nconst token = '${'a'.repeat(5_000)}!';\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toContain('secrets.hardcoded@1');
  });

  it('still takes a camelCase or underscored name for a name, not a key, in linear time', () => {
    expect(looksLikeSecretValue('previewModeSigningKey')).toBe(false);
    expect(looksLikeSecretValue('session_token_name')).toBe(false);
    const started = Date.now();
    for (let n = 20; n <= 40_000; n *= 2) looksLikeSecretValue(`${'aB'.repeat(n)}_c!`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('names that are also Object.prototype members', () => {
  it('does not take `constructor = None` for a cookie setting (the file used to fail to audit)', async () => {
    const { findings } = await auditSource('constructor.py', 'class Loader:\n    constructor = None\n    SESSION_COOKIE_SECURE = False\n');
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['cookie.insecure@3']);
  });
});
