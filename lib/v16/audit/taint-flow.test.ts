import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function findingsIn(path: string, code: string) {
  return (await auditSource(path, code)).findings;
}

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await findingsIn(path, code)).map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('taint propagation within a function', () => {
  it('explains the flow from source to sink, step by step', async () => {
    const code = `const { exec } = require('child_process');
app.get('/ping', (req, res) => {
  const host = req.query.host;
  const cmd = \`ping -c 1 \${host}\`;
  exec(cmd);
});
`;
    const [finding] = await findingsIn('a.js', code);
    expect(finding.trace.map((s) => `${s.line}: ${s.note}`)).toEqual([
      '3: request input enters: req.query.host',
      '3: assigned to host',
      '4: interpolated into a template literal',
      '4: assigned to cmd',
      '5: reaches exec() as the shell command',
    ]);
    expect(finding.message).toContain('line 3');
    expect(finding.confidence).toBe('high');
    expect(finding.snippet).toBe('exec(cmd);');
  });

  it('reaches into closures, containers and member paths', async () => {
    const code = `const { exec } = require('child_process');
app.post('/job', (req, res) => {
  const args = [];
  args.push(req.body.flag);
  const opts = {};
  opts.dir = req.body.dir;
  setImmediate(() => exec('tar ' + args.join(' ')));
  exec('ls ' + opts.dir);
});
`;
    expect(await rulesIn('a.js', code)).toEqual(['injection.command@7', 'injection.command@8']);
  });

  it('tracks loops, switch and try/catch branches', async () => {
    const code = `const { exec } = require('child_process');
app.post('/batch', (req, res) => {
  for (const file of req.body.files) exec('gzip ' + file);
  let mode = 'fast';
  switch (req.query.kind) {
    case 'custom': mode = req.query.mode; break;
    default: mode = 'slow';
  }
  exec('run --mode ' + mode);
  let out;
  try { out = 'constant'; } catch (err) { out = req.query.fallback; }
  exec('echo ' + out);
});
`;
    expect(await rulesIn('a.js', code)).toEqual(['injection.command@3', 'injection.command@9', 'injection.command@12']);
  });

  it('lowers confidence when the value passed through a function it cannot see', async () => {
    const code = `const { exec } = require('child_process');
app.get('/x', (req, res) => {
  exec(buildCommand(req.query.target));
});
`;
    const [finding] = await findingsIn('a.js', code);
    expect(finding.ruleId).toBe('injection.command');
    expect(finding.confidence).toBe('low');
  });

  it('does not treat parameters of ordinary functions as request input (intra-procedural)', async () => {
    const code = `const { exec } = require('child_process');
function run(cmd) { exec(cmd); }
`;
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('follows Python member paths, loops and with-statements', async () => {
    const code = `import os
from flask import request
class Job:
    def start(self):
        self.cmd = request.args["cmd"]
        os.system(self.cmd)
        for part in request.args.getlist("p"):
            os.system("ls " + part)
        with open(request.args["f"]) as fh:
            os.system(fh.read())
`;
    expect(await rulesIn('jobs.py', code)).toEqual([
      'injection.command@6',
      'injection.command@8',
      'path.traversal@9',
      'injection.command@10',
    ]);
  });

  it('keeps a Python branch reassignment from hiding the other path', async () => {
    const code = `import os
from flask import request
def handler():
    target = request.args["t"]
    if target == "all":
        target = "*"
    os.system("ls " + target)
    target = "safe"
    os.system("ls " + target)
`;
    expect(await rulesIn('a.py', code)).toEqual(['injection.command@7']);
  });
});

describe('files that do not parse cleanly', () => {
  it('reports syntax errors and still analyzes what it recovered', async () => {
    const js = await auditSource('broken.js', `app.get('/x', (req, res) => { eval(req.query.x); });\nfunction (\n`);
    expect(js.parseErrors.length).toBeGreaterThan(0);
    expect(js.findings.map((f) => f.ruleId)).toEqual(['injection.code']);

    const py = await auditSource('broken.py', 'def f(:\n    return request\n');
    expect(py.parseErrors[0]).toMatchObject({ line: 1 });
    // A file holding nothing any rule looks for is not parsed at all (python/markers.ts), so it reports no syntax error.
    expect((await auditSource('broken.py', 'def f(:\n    pass\n')).parseErrors).toEqual([]);
    const bareYield = await auditSource('gen.py', 'def f():\n    yield\n    x = yield\n');
    expect(bareYield.parseErrors).toEqual([]);
  });
});

describe('how sure the engine is that a value is request input', () => {
  it('is less sure of a `request` parameter when no web framework is imported', async () => {
    const py = `import os
def send(self, request):
    open(request.url)
`;
    const js = `const { exec } = require('child_process');
function forward(request) { exec('curl ' + request.url); }
`;
    expect((await findingsIn('client.py', py)).map((f) => f.confidence)).toEqual(['low']);
    expect((await findingsIn('client.js', js)).map((f) => f.confidence)).toEqual(['medium']);
    const flask = `from flask import request\nimport os\nos.system(request.args["c"])\n`;
    expect((await findingsIn('app.py', flask)).map((f) => f.confidence)).toEqual(['high']);
  });
});
