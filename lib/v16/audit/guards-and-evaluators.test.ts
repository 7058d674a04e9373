import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

const express = "const express = require('express');\nconst path = require('path');\nconst app = express();\n";

describe('path guards real code writes', () => {
  it('JavaScript: a name refused when it holds a slash or "..", by includes, indexOf or a pattern, or a containment helper by name', async () => {
    const code =
      express +
      `app.get('/a', (req, res) => {
  const f = req.query.f;
  if (f.includes('/') || f.includes('..')) return res.status(400).end();
  res.sendFile(path.join(__dirname, 'docs', f));
});
app.get('/b', (req, res) => {
  const f = req.query.f;
  if (f.indexOf('..') !== -1) return res.status(400).end();
  res.sendFile(path.join(__dirname, 'docs', f));
});
app.get('/c', (req, res) => {
  const f = req.query.f;
  if (/\\.\\./.test(f)) return res.status(400).end();
  res.sendFile(path.join(__dirname, 'docs', f));
});
app.get('/d', (req, res) => {
  const f = path.join(__dirname, 'docs', req.query.f);
  if (!utils.isPathInside(f, __dirname)) return res.status(403).end();
  res.sendFile(f);
});
app.get('/e', (req, res) => {
  const f = req.query.f;
  if (f.indexOf('..') === -1) res.sendFile(path.join(__dirname, 'docs', f));
  if (f.includes('.')) res.sendFile(path.join(__dirname, 'docs', f));
});
`;
    expect(await rulesIn('app.js', code)).toEqual(['path.traversal@27']);
  });

  it('Python: ".." in name refused, and a containment helper by name', async () => {
    const code = `import os
from flask import abort, request, send_file

def a():
    name = request.args["n"]
    if ".." in name:
        abort(400)
    return send_file(os.path.join("/srv", name))

def b():
    name = request.args["n"]
    if not is_safe_path("/srv", name):
        abort(403)
    return send_file(os.path.join("/srv", name))

def c():
    name = request.args["n"]
    if ".." not in name:
        return send_file(os.path.join("/srv", name))
    return send_file(os.path.join("/srv", name))
`;
    expect(await rulesIn('app.py', code)).toEqual(['path.traversal@20']);
  });
});

describe('redirect guards', () => {
  it("Django's url_has_allowed_host_and_scheme (and is_safe_url) keeps a redirect on the allowed hosts when it holds", async () => {
    const code = `from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

def a(request):
    url = request.GET["next"]
    if url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect(url)
`;
    expect(await rulesIn('views.py', code)).toEqual(['redirect.open@8']);
  });
});

describe('expression evaluators and query options', () => {
  it('mathjs, vm2 and expr-eval evaluate code; a fixed expression is not input', async () => {
    const code = `const express = require('express');
const math = require('mathjs');
const { VM, NodeVM } = require('vm2');
const { Parser } = require('expr-eval');
const app = express();
app.get('/a', (req, res) => res.json(math.evaluate(req.query.e)));
app.get('/b', (req, res) => {
  const vm = new VM();
  res.json(vm.run(req.query.code));
});
app.get('/c', (req, res) => res.json(new NodeVM().run(req.query.code)));
app.get('/d', (req, res) => res.json(Parser.evaluate(req.query.e)));
app.get('/e', (req, res) => res.json(new Parser().parse(req.query.e).evaluate({})));
app.get('/f', (req, res) => res.json(math.evaluate('2 * x', { x: Number(req.query.x) })));
app.get('/g', (req, res) => res.json(runner.run(req.query.code)));
`;
    expect(await rulesIn('app.js', code)).toEqual(['injection.code@6', 'injection.code@9', 'injection.code@11', 'injection.code@12', 'injection.code@13']);
  });

  it('a $where is MongoDB whatever the collection is called; where-options are an SQL ORM', async () => {
    const code = `const express = require('express');
const app = express();
class Dao {
  constructor(db) { this.allocations = db.collection('allocations'); }
  above(t) { return this.allocations.find({ $where: \`this.stocks > '\${t}'\` }).toArray(); }
}
const dao = new Dao(db);
app.get('/a', async (req, res) => res.json(await dao.above(req.query.t)));
app.post('/b', async (req, res) => res.json(await User.findOne({ where: { email: req.body.email } })));
app.post('/c', async (req, res) => res.json(await prisma.user.findMany({ where: { name: req.body.name }, include: { posts: true } })));
app.post('/d', async (req, res) => res.json(await User.findOne({ email: req.body.email })));
`;
    expect(await rulesIn('app.js', code)).toEqual(['injection.nosql@5', 'injection.nosql@11']);
  });
});
