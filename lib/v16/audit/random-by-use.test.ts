import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

// Weak randomness decided by where a predictable number ends up (a cookie,
// the session, a name that must be unguessable), whatever it is called on
// the way; session stores by module; cookie flags turned off on any cookie.

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('a predictable random value, by use', () => {
  it('is followed through arithmetic and conversions into a cookie (Python)', async () => {
    const code = `import random
from flask import make_response

def remember():
    num = random.random()
    value = str(int(num * 10**9))[2:]
    response = make_response("ok")
    response.set_cookie("prefs", value, secure=True, httponly=True)
    return response
`;
    const findings = (await auditSource('app.py', code)).findings;
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['random.insecure@8']);
    expect(findings[0].trace[0].note).toMatch(/predictable random value is made: random\.random\(\)/);
  });

  it('is reported where it is stored in the session or bound to a name that must be unguessable', async () => {
    const code = `import random
import flask

def start(user):
    n = random.getrandbits(32)
    flask.session["nonce"] = "%x" % n
    m = random.randint(0, 999999)
    user.reset_code = f"{m:06d}"
`;
    expect(await rulesIn('app.py', code)).toEqual(['random.insecure@6', 'random.insecure@8']);
  });

  it('is not reported from a cryptographic generator, nor for buckets, jitter or delays', async () => {
    const code = `import random
import secrets
import flask

rng = random.SystemRandom()

def view(response):
    response.set_cookie("k", str(rng.random()), secure=True, httponly=True)
    flask.session["n"] = secrets.token_hex(16)
    bucket = random.randint(0, 99)
    response.set_cookie("variant", "b" if bucket < 10 else "a", secure=True, httponly=True)
    delay = random.random() * 2
    return delay
`;
    expect(await rulesIn('app.py', code)).toEqual([]);
  });

  it('is followed in JavaScript into a cookie, the session and a security-named binding', async () => {
    const code = `export function begin(req, res) {
  const r = Math.floor(Math.random() * 1e12);
  req.session.state = String(r);
  res.cookie('device', r.toString(36), { secure: true, httpOnly: true });
  const inviteCode = String(r).slice(2);
  const backoff = 1000 + Math.random() * 500;
  res.json({ inviteCode, backoff });
}
`;
    expect(await rulesIn('app.js', code)).toEqual(['random.insecure@3', 'random.insecure@4', 'random.insecure@5']);
  });

  it('does not turn an injection sink into a finding: a random number is not input', async () => {
    const code = `import os
import random

def tmp():
    name = str(random.random())
    os.system("touch /tmp/" + name)
    return open(os.path.join("/srv", name))
`;
    expect(await rulesIn('app.py', code)).toEqual([]);
  });
});

describe('session stores by module', () => {
  it('treat flask.session and a store imported from a sessions module as the session', async () => {
    const code = `import flask
from flask import request
from .sessions import store
from .cache import lru

def save():
    flask.session["role"] = flask.request.form.get("role")
    store["account"] = request.args.get("account")
    lru["q"] = request.args.get("q")
`;
    expect(await rulesIn('app.py', code)).toEqual(['session.untrusted@7', 'session.untrusted@8']);
  });

  it('accept a value checked against an allow-list in a conditional expression', async () => {
    const code = `import flask
ROLES = {"viewer", "editor"}

def save():
    role = flask.request.form.get("role")
    flask.session["role"] = role if role in ROLES else "viewer"
`;
    expect(await rulesIn('app.py', code)).toEqual([]);
  });
});

describe('cookie flags turned off', () => {
  it('are reported on any cookie, a flag left out only on a session or credential cookie', async () => {
    const py = `def view(response):
    response.set_cookie("layout", "grid", secure=False, httponly=True)
    response.set_cookie("theme", "dark")
    response.set_cookie("layout2", "grid", secure=True, httponly=False)
`;
    expect(await rulesIn('app.py', py)).toEqual(['cookie.insecure@2', 'cookie.httponly@4']);
    const js = `export function view(req, res) {
  res.cookie('layout', 'grid', { secure: false, httpOnly: true });
  res.cookie('theme', 'dark', { sameSite: 'lax' });
  res.cookie('layout2', 'grid', { secure: true, httpOnly: false });
}
`;
    expect(await rulesIn('app.js', js)).toEqual(['cookie.insecure@2', 'cookie.httponly@4']);
  });
});
