import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

const rules = async (path: string, code: string, modules: Record<string, string> = {}) =>
  (await auditSource(path, code, (p) => modules[p])).findings.map((f) => `${f.ruleId}@${f.startLine}`);

describe('data flow across functions and modules', () => {
  it('follows request input into a helper in the same file and reports the sink inside it', async () => {
    const code = `const express = require('express');
const app = express();
function lookup(db, name) {
  return db.query("SELECT * FROM t WHERE name = '" + name + "'");
}
app.get('/x', (req, res) => lookup(pool, req.query.name));
`;
    const [finding] = (await auditSource('a.js', code)).findings;
    expect(finding.ruleId).toBe('injection.sql');
    expect(finding.startLine).toBe(4);
    expect(finding.trace[0]).toMatchObject({ line: 6, note: expect.stringMatching(/request input enters/) });
    expect(finding.trace.some((s) => /passed to lookup\(\)/.test(s.note))).toBe(true);
  });

  it('follows a Python relative import and reports at the call with the whole trace', async () => {
    const routes = `from flask import Flask, request
from .tasks import run_backup
app = Flask(__name__)
@app.route("/b")
def backup():
    return run_backup(request.args["name"])
`;
    const tasks = `import os
def run_backup(name):
    os.system("tar czf /b/" + name + ".tgz /srv")
    return "ok"
`;
    const findings = (await auditSource('app/routes.py', routes, (p) => ({ 'app/tasks.py': tasks })[p])).findings;
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['injection.command@6']);
    expect(findings[0].trace.map((s) => s.path)).toContain('app/tasks.py');
  });

  it('ignores sinks behind always-false conditions and values overwritten with constants', async () => {
    const code = `const { exec } = require('child_process');
const DEBUG = false;
function handler(req, res) {
  if (DEBUG) exec('echo ' + req.query.x);
  if (false) exec(req.query.y);
  let cmd = req.query.z;
  cmd = 'uptime';
  exec(cmd);
}
`;
    expect(await rules('a.js', code)).toEqual([]);
  });

  it('treats allow-list checks as sanitizers in both languages', async () => {
    const js = `const { exec } = require('child_process');
const TOOLS = new Set(['ls', 'df']);
function handler(req, res) {
  const tool = req.query.tool;
  if (!TOOLS.has(tool)) return res.status(400).end();
  exec(tool);
}
`;
    const py = `import os
from flask import request, abort
TOOLS = {"ls", "df"}
@app.route("/t")
def t():
    tool = request.args["tool"]
    if tool not in TOOLS:
        abort(400)
    os.system(tool)
`;
    expect(await rules('a.js', js)).toEqual([]);
    expect(await rules('a.py', py)).toEqual([]);
  });

  it('keeps fingerprints of flow findings when lines are inserted above', async () => {
    const code = `const express = require('express');
const app = express();
app.get('/r', (req, res) => res.redirect(req.query.next));
`;
    const before = (await auditSource('r.js', code)).findings;
    const after = (await auditSource('r.js', `// a comment\n\n${code}`)).findings;
    expect(before.map((f) => f.ruleId)).toEqual(['redirect.open']);
    expect(after[0].startLine).toBe(before[0].startLine + 2);
    expect(after[0].fingerprint).toBe(before[0].fingerprint);
  });
});

describe('pattern rules', () => {
  it('reports weak crypto, randomness for secrets, cookie flags, TLS and ReDoS with their CWEs', async () => {
    const code = `const crypto = require('crypto');
const https = require('https');
function resetToken() { return Math.random().toString(36); }
const c = crypto.createCipheriv('des-ede3-cbc', k, iv);
const agent = new https.Agent({ rejectUnauthorized: false });
const RX = /^(\\w+\\s?)+$/;
function login(req, res) { res.cookie('session', t, { httpOnly: true }); }
`;
    const findings = (await auditSource('p.js', code)).findings;
    expect(findings.map((f) => `${f.cwe}@${f.startLine}`)).toEqual(['CWE-330@3', 'CWE-327@4', 'CWE-295@5', 'CWE-1333@6', 'CWE-614@7']);
  });
});
