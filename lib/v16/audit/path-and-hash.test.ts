import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('path traversal (path.traversal)', () => {
  it('reports request input joined into fs and res.sendFile paths', async () => {
    const code = `import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
app.get('/f', async (req, res) => {
  fs.createReadStream(path.join(UPLOADS, req.query.name)).pipe(res);
  await readFile(\`\${UPLOADS}/\${req.params.file}\`);
  res.sendFile(path.resolve(UPLOADS, req.query.name));
  res.download(req.query.name);
});
`;
    expect(await rulesIn('files.ts', code)).toEqual(['path.traversal@5', 'path.traversal@6', 'path.traversal@7', 'path.traversal@8']);
  });

  it('accepts basename, a containment check and sendFile with root', async () => {
    const code = `const fs = require('fs');
const path = require('path');
app.get('/f', (req, res) => {
  fs.readFileSync(path.join(UPLOADS, path.basename(req.query.name)));
  res.sendFile(req.params.name, { root: UPLOADS });
  const target = path.resolve(UPLOADS, req.query.name);
  if (!target.startsWith(UPLOADS + path.sep)) {
    return res.status(400).end();
  }
  fs.readFileSync(target);
});
`;
    expect(await rulesIn('files.js', code)).toEqual([]);
  });

  it('only trusts a containment check on the path it checked', async () => {
    const code = `const fs = require('fs');
app.get('/f', (req, res) => {
  const target = path.resolve(UPLOADS, req.query.name);
  const other = path.resolve(UPLOADS, req.query.other);
  if (!target.startsWith(UPLOADS)) return res.status(400).end();
  fs.readFileSync(other);
  if (target.startsWith(UPLOADS)) fs.readFileSync(target);
});
`;
    expect(await rulesIn('files.js', code)).toEqual(['path.traversal@6']);
  });

  it('keeps basename from counting as a SQL sanitizer', async () => {
    const code = `app.get('/f', async (req, res) => {
  const name = path.basename(req.query.name);
  await db.query("SELECT * FROM files WHERE name = '" + name + "'");
});
`;
    expect(await rulesIn('files.js', code)).toEqual(['injection.sql@3']);
  });

  it('reports Python open() and send_file of route parameters', async () => {
    const code = `import os
from flask import request, send_file
@app.route("/r/<name>")
def report(name):
    with open(os.path.join(BASE, name)) as fh:
        data = fh.read()
    return send_file(BASE + "/" + request.args["f"])
`;
    expect(await rulesIn('app.py', code)).toEqual(['path.traversal@5', 'path.traversal@7']);
  });

  it('accepts Python basename, secure_filename and a startswith guard', async () => {
    const code = `import os
from flask import abort, send_file
from werkzeug.utils import secure_filename
@app.route("/r/<name>")
def report(name):
    open(os.path.join(BASE, os.path.basename(name)))
    open(os.path.join(BASE, secure_filename(name)))
    target = os.path.realpath(os.path.join(BASE, name))
    if not target.startswith(BASE):
        abort(404)
    return send_file(target)
`;
    expect(await rulesIn('app.py', code)).toEqual([]);
  });
});

describe('weak password hash (crypto.weak-password-hash)', () => {
  it('reports md5 and sha1 of passwords in JavaScript', async () => {
    const code = `const crypto = require('crypto');
const md5 = require('md5');
function store(user, password) {
  const a = crypto.createHash('md5').update(password).digest('hex');
  const b = crypto.createHash('sha1').update(user.passwd).digest('hex');
  const c = md5(req.body['password']);
}
`;
    const findings = (await auditSource('a.js', code)).findings;
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}:${f.severity}`)).toEqual([
      'crypto.weak-password-hash@4:high',
      'crypto.weak-password-hash@5:medium',
      'crypto.weak-password-hash@6:high',
    ]);
    expect(findings[0].cwe).toBe('CWE-916');
  });

  it('accepts md5 of non-passwords and strong hashes of passwords', async () => {
    const code = `const crypto = require('crypto');
const etag = crypto.createHash('md5').update(body).digest('hex');
const digest = crypto.createHash('sha256').update(password).digest('hex');
crypto.scrypt(password, salt, 64, done);
`;
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('reports hashlib md5/sha1 of passwords in Python', async () => {
    const code = `import hashlib
from hashlib import sha1
def register(password, email):
    a = hashlib.md5(password.encode()).hexdigest()
    b = sha1(request.form["password"].encode()).hexdigest()
    c = hashlib.new("md5", password.encode())
    d = hashlib.md5(email.encode()).hexdigest()
    e = hashlib.sha256(password.encode()).hexdigest()
`;
    // md5 of an e-mail is no password hash, but it is still MD5 used where nothing says "not for security" (CWE-328).
    expect(await rulesIn('auth.py', code)).toEqual([
      'crypto.weak-password-hash@4',
      'crypto.weak-password-hash@5',
      'crypto.weak-password-hash@6',
      'crypto.weak-hash@7',
    ]);
  });
});

describe('assertion helpers (path.traversal)', () => {
  it('takes a project function that throws on a bad name as a check of the caller’s name, in JS and Python', async () => {
    const js = `const fs = require('fs');
const path = require('path');
function assertName(name) {
  if (name.includes('..') || name.includes('/')) throw new Error('bad name');
}
function warnName(name) {
  if (name.includes('..')) console.warn('odd name');
}
function assertOption(options) {
  if (options.name !== undefined) {
    const name = options.name;
    if (name.includes('..') || name.includes('/')) throw new Error('bad name');
  }
}
app.get('/a', (req, res) => {
  assertName(req.query.a);
  fs.readFileSync(path.join(DIR, req.query.a));
  warnName(req.query.b);
  fs.readFileSync(path.join(DIR, req.query.b));
  const opts = { name: req.query.c };
  assertOption(opts);
  fs.readFileSync(path.join(DIR, opts.name));
});
`;
    expect(await rulesIn('files.js', js)).toEqual(['path.traversal@19']);
    const py = `import os
from flask import Flask, request
app = Flask(__name__)

def assert_name(name):
    if ".." in name or "/" in name:
        raise ValueError("bad name")

def check_early(name):
    if not name:
        return
    if ".." in name:
        raise ValueError("bad name")

@app.route("/a")
def read():
    a = request.args["a"]
    assert_name(a)
    b = request.args["b"]
    check_early(b)
    first = open(os.path.join("/srv", a)).read()
    second = open(os.path.join("/srv", b)).read()
    return first + second
`;
    expect(await rulesIn('app.py', py)).toEqual(['path.traversal@22']);
  });
});
