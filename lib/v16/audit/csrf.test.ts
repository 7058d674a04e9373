import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function csrfIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.filter((f) => f.ruleId === 'csrf.missing').map((f) => `${f.ruleId}@${f.startLine}`);
}

const express = (session: string, extra = '') => `const express = require('express');
const session = require('express-session');
const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(${session});
${extra}
app.post('/transfer', (req, res) => res.redirect('/'));
`;

describe('cookie sessions without CSRF protection (csrf.missing)', () => {
  it('Express: a session, a form and a POST route, once per file; not with a CSRF middleware or a SameSite cookie', async () => {
    expect(await csrfIn('app.js', express('session({ secret: s })'))).toEqual(['csrf.missing@5']);
    expect(await csrfIn('app.js', express('session({ secret: s })', "app.use(session({ secret: t }));"))).toEqual(['csrf.missing@5']);
    expect(await csrfIn('app.js', express('session({ secret: s })', "app.use(require('csurf')());"))).toEqual([]);
    expect(await csrfIn('app.js', express('session({ secret: s })', 'app.use(lusca.csrf());'))).toEqual([]);
    expect(await csrfIn('app.js', express("session({ secret: s, cookie: { sameSite: 'lax' } })"))).toEqual([]);
    // A JSON API (no form parser, no views) and an app with no state-changing route are not form apps.
    const api = express('session({ secret: s })').replace('express.urlencoded({ extended: false })', 'express.json()');
    expect(await csrfIn('app.js', api)).toEqual([]);
    expect(await csrfIn('app.js', express('session({ secret: s })').replace("app.post('/transfer'", "app.get('/transfer'"))).toEqual([]);
  });

  it('Flask: a state-changing route in an app with a session, not with CSRFProtect', async () => {
    const flask = (head: string, route: string) => `from flask import Flask, request, session
${head}
app = Flask(__name__)

@app.route("/")
def index():
    return "hi"

${route}
def change():
    session["x"] = request.form["x"]
    return "ok"
`;
    expect(await csrfIn('app.py', flask('', '@app.route("/change", methods=["GET", "POST"])'))).toEqual(['csrf.missing@9']);
    expect(await csrfIn('app.py', flask('', '@app.post("/change")'))).toEqual(['csrf.missing@9']);
    expect(await csrfIn('app.py', flask('', '@app.route("/change")'))).toEqual([]);
    expect(await csrfIn('app.py', flask('from flask_wtf.csrf import CSRFProtect', '@app.post("/change")'))).toEqual([]);
    // An outgoing requests.post is no route.
    expect(await csrfIn('client.py', 'import requests\nfrom flask import session\nrequests.post("https://x", data=session["a"])\n')).toEqual([]);
  });

  it('Django: MIDDLEWARE with sessions and without CsrfViewMiddleware, not in a developer settings module', async () => {
    const settings = (items: string[]) => `MIDDLEWARE = [\n${items.map((i) => `    "${i}",`).join('\n')}\n]\n`;
    const session = 'django.contrib.sessions.middleware.SessionMiddleware';
    expect(await csrfIn('shop/settings.py', settings([session]))).toEqual(['csrf.missing@1']);
    expect(await csrfIn('shop/settings.py', settings([session, 'django.middleware.csrf.CsrfViewMiddleware']))).toEqual([]);
    expect(await csrfIn('shop/settings/local.py', settings([session]))).toEqual([]);
    expect(await csrfIn('shop/settings.py', settings(['django.middleware.common.CommonMiddleware']))).toEqual([]);
  });
});
