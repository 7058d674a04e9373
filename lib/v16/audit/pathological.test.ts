// Inputs whose shape once made the analysis blow up: each must stay linear-ish.
import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

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

describe('names that are also Object.prototype members', () => {
  it('does not take `constructor = None` for a cookie setting (the file used to fail to audit)', async () => {
    const { findings } = await auditSource('constructor.py', 'class Loader:\n    constructor = None\n    SESSION_COOKIE_SECURE = False\n');
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['cookie.insecure@3']);
  });
});
