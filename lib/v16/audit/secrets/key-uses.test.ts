import { describe, expect, it } from 'vitest';
import { auditSource } from '../audit-source';
import { mayHaveFindings as jsMayHaveFindings } from '../js/markers';
import { mayHaveFindings as pyMayHaveFindings } from '../python/markers';
import { JS_KEY_USES, PYTHON_KEY_USES, type KeyUse } from './key-uses';

// Every row of the tables, written the way code calls it, with nothing else
// in the file that a pre-parse filter could let it through for: found, and
// masked. A row the word filter does not know fails here.

const KEY = 'k3y-l1teral';

/** The argument list for a use: the key where it goes, `x` before it. */
function argsFor(use: KeyUse, key: string, keyword: (k: string) => string): string {
  if (use.arg < 0) return keyword(use.keyword!);
  const value = use.option ? use.option.split('.').reduceRight((inner, k) => `{ ${k}: ${inner} }`, key) : key;
  return [...Array(use.arg).fill('x'), value].join(', ');
}

function jsProgram(use: KeyUse): string {
  const call = argsFor(use, `'${KEY}'`, () => '');
  if (!use.callee.includes('.')) return `const m = require('${use.callee}');\nconst c = m(${call});\n`;
  const dot = use.callee.lastIndexOf('.');
  const [module, member] = [use.callee.slice(0, dot), use.callee.slice(dot + 1)];
  return `const m = require('${module}');\nconst c = new m.${member}(${call});\n`;
}

function pyProgram(use: KeyUse): string {
  const dot = use.callee.lastIndexOf('.');
  const call = argsFor(use, `"${KEY}"`, (k) => `${k}="${KEY}"`).replace(/\{ (\w+): /g, '{"$1": ');
  return `import ${use.callee.slice(0, dot)}\n\nc = ${use.callee}(${call})\n`;
}

describe('literal keys by use', () => {
  for (const use of JS_KEY_USES.filter((u) => u.callee.includes('.') || !/^[a-z]+[A-Z]/.test(u.callee))) {
    it(`JavaScript: ${use.callee} (${use.what}${use.option ? `, option ${use.option}` : ''})`, async () => {
      const text = jsProgram(use);
      expect(jsMayHaveFindings(text), text).toBe(true);
      const { findings } = await auditSource('app.js', text);
      const found = findings.filter((f) => f.ruleId === 'secrets.hardcoded');
      expect(found, text).toHaveLength(1);
      expect(found[0].snippet).not.toContain(KEY);
      expect(found[0].message).toContain(use.what);
    });
  }

  for (const use of PYTHON_KEY_USES) {
    it(`Python: ${use.callee}${use.arg < 0 ? ` (${use.keyword}=)` : ''}`, async () => {
      const text = pyProgram(use);
      expect(pyMayHaveFindings(text), text).toBe(true);
      const { findings } = await auditSource('app.py', text);
      const found = findings.filter((f) => f.ruleId === 'secrets.hardcoded');
      expect(found, text).toHaveLength(1);
      expect(found[0].snippet).not.toContain(KEY);
    });
  }

  it('follows a key through a constant, Buffer.from and .encode(), and reports it once where the name rule sees it too', async () => {
    const js = await auditSource(
      'auth.js',
      "const jwt = require('jsonwebtoken');\nconst crypto = require('crypto');\nconst KEY = 'shhhhh';\nconst jwtSecret = 'b7e2c9f41a6d08e3f5a2c7b9d1e4f6a8';\n" +
        "exports.a = (p) => jwt.sign(p, KEY);\nexports.b = (p) => jwt.sign(p, jwtSecret);\nexports.c = (b) => crypto.createHmac('sha256', Buffer.from('hmac-k3y')).update(b);\n",
    );
    expect(js.findings.filter((f) => f.ruleId === 'secrets.hardcoded').map((f) => [f.startLine, f.trace.map((t) => t.line)])).toEqual([
      [3, [3, 5]],
      [4, [4]],
      [7, [7]],
    ]);
    const py = await auditSource('sign.py', 'import hmac\n\nKEY = "webhook-k3y"\n\ndef sign(b):\n    return hmac.new(KEY.encode(), b, "sha256")\n');
    expect(py.findings.map((f) => [f.ruleId, f.startLine])).toEqual([['secrets.hardcoded', 3]]);
  });

  it('Flask and Django settings: secret_key, config["SECRET_KEY"], config.update(SECRET_KEY=…), a config class', async () => {
    const { findings } = await auditSource(
      'app.py',
      'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "dev"\napp.config["SECRET_KEY"] = "dev2"\napp.config.update(SECRET_KEY="dev3")\n\nclass Config:\n    SECRET_KEY = "dev4"\n',
    );
    expect(findings.filter((f) => f.ruleId === 'secrets.hardcoded').map((f) => f.startLine)).toEqual([3, 4, 5, 8]);
  });

  it('takes no key from the environment, a file, a setting or an f-string, and no public key', async () => {
    for (const [file, text] of [
      ['a.js', "const jwt = require('jsonwebtoken');\njwt.sign(p, process.env.JWT_SECRET);\njwt.verify(t, config.publicKey, { algorithms: ['RS256'] });\n"],
      ['b.js', "const jwt = require('jsonwebtoken');\njwt.verify(t, '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBg\\n-----END PUBLIC KEY-----');\n"],
      ['c.js', "const session = require('express-session');\napp.use(session({ secret: '' }));\napp.use(session({ secret: `${process.env.S}` }));\n"],
      ['d.py', 'import os\nimport jwt\nfrom flask import Flask\napp = Flask(__name__)\napp.secret_key = os.environ["K"]\njwt.encode(p, settings.SECRET_KEY)\njwt.encode(p, f"{prefix}-key")\n'],
      ['e.py', 'import hmac\n\ndef sign(key, b):\n    return hmac.new(key, b, "sha256")\n'],
    ]) {
      const { findings } = await auditSource(file, text);
      expect(findings.filter((f) => f.ruleId === 'secrets.hardcoded'), text).toEqual([]);
    }
  });
});
