// Class methods followed as calls, and the command line and environment as sources.
import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

const rules = async (path: string, code: string, modules: Record<string, string> = {}) =>
  (await auditSource(path, code, (p) => modules[p])).findings.map((f) => `${f.ruleId}@${f.startLine}`);

describe('class methods are followed like functions', () => {
  const repo = `class Repo {
  constructor(db) { this.db = db; }
  find(id) { return this.db.query("SELECT * FROM t WHERE id = '" + id + "'"); }
}
`;

  it('follows new C().m(x), an instance variable, and this.m(x)', async () => {
    expect(await rules('a.js', `${repo}app.get('/', (req, res) => new Repo(db).find(req.query.id));\n`)).toEqual(['injection.sql@3']);
    expect(await rules('a.js', `${repo}const repo = new Repo(db);\napp.get('/', (req, res) => repo.find(req.query.id));\n`)).toEqual(['injection.sql@3']);
    const self = `class C {
  run(cmd) { require('child_process').execSync('sh -c ' + cmd); }
  handle(req, res) { this.run(req.body.cmd); }
}
`;
    expect(await rules('a.js', self)).toEqual(['injection.command@2']);
  });

  it('follows typed properties, static methods and inherited methods', async () => {
    const typed = `import { Pool } from 'pg';
class Store { constructor(private readonly db: Pool) {} byName(n: string) { return this.db.query(\`SELECT * FROM u WHERE n = '\${n}'\`); } }
class Service {
  constructor(private readonly store: Store) {}
  search(req: any, res: any) { return this.store.byName(req.query.n); }
}
`;
    expect(await rules('a.ts', typed)).toEqual(['injection.sql@2']);
    const statics = `const { exec } = require('child_process');
class Shell { static run(c) { exec(c); } }
app.post('/', (req, res) => Shell.run(req.body.c));
`;
    expect(await rules('a.js', statics)).toEqual(['injection.command@2']);
    const inherited = `class Base { find(id) { return db.query('SELECT ' + id); } }
class Users extends Base {}
const users = new Users();
app.get('/', (req, res) => users.find(req.query.id));
`;
    expect(await rules('a.js', inherited)).toEqual(['injection.sql@1']);
  });

  it('follows an instance or a class exported by another module, and reports at the call', async () => {
    const service = `export class Orders { list(s: string) { return db.query('SELECT * FROM o WHERE s = ' + s); } }
export const orders = new Orders();
export default new Orders();
`;
    const byName = `import { orders } from './orders';\nexport async function GET(request: Request) { return orders.list(new URL(request.url).searchParams.get('s')!); }\n`;
    const byDefault = `import orders from './orders';\nexport async function GET(request: Request) { return orders.list(new URL(request.url).searchParams.get('s')!); }\n`;
    const byClass = `const { Orders } = require('./orders');\napp.get('/', (req, res) => new Orders().list(req.query.s));\n`;
    for (const route of [byName, byDefault, byClass]) {
      const findings = (await auditSource('app/route.ts', route, (p) => ({ 'app/orders.ts': service })[p])).findings;
      expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['injection.sql@2']);
      expect(findings[0].trace.some((s) => s.path === 'app/orders.ts')).toBe(true);
      expect(findings[0].trace.some((s) => /passed to Orders\.list\(\)/.test(s.note))).toBe(true);
    }
  });

  it('follows functions exported under another name (module.exports = f, export default f)', async () => {
    const helper = "function run(c) { require('child_process').exec(c); }\nmodule.exports = run;\n";
    const esm = "function run(c: string) { exec(c); }\nimport { exec } from 'child_process';\nexport default run;\n";
    expect(await rules('app/a.js', "const run = require('./run');\napp.post('/', (req, res) => run(req.body.c));\n", { 'app/run.js': helper })).toEqual(['injection.command@2']);
    expect(await rules('app/a.ts', "import run from './run';\napp.post('/', (req, res) => run(req.body.c));\n", { 'app/run.ts': esm })).toEqual(['injection.command@2']);
  });

  it('follows Python methods through self, instances and imports, without binding self to an argument', async () => {
    const view = `from django.db import connection
from django.views import View
class Search(View):
    def get(self, request):
        return self.lookup(request.GET["q"])
    def lookup(self, term):
        connection.cursor().execute("SELECT * FROM t WHERE n = '" + term + "'")
`;
    expect(await rules('views.py', view)).toEqual(['injection.sql@7']);
    const routes = `from flask import Flask, request
from .repo import Repo
app = Flask(__name__)
repo = Repo()
@app.route("/r")
def r():
    return str(Repo.static_find(request.args["a"])) + str(repo.find(request.args["b"]))
`;
    const module = `import os
class Repo:
    def find(self, name):
        os.system("grep " + name + " /data")
    @staticmethod
    def static_find(name):
        os.system("grep " + name + " /data")
`;
    const findings = (await auditSource('app/routes.py', routes, (p) => ({ 'app/repo.py': module })[p])).findings;
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['injection.command@7', 'injection.command@7']);
  });
});

describe('the command line and the environment as sources', () => {
  it('reports argv reaching a shell, at medium severity, with its own trace wording', async () => {
    const [finding] = (await auditSource('cli.js', "const { execSync } = require('child_process');\nexecSync('git checkout ' + process.argv[2]);\n")).findings;
    expect(finding).toMatchObject({ ruleId: 'injection.command', severity: 'medium', confidence: 'medium' });
    expect(finding.trace[0].note).toBe('command-line argument enters: process.argv[2]');
    expect(finding.message).toMatch(/^A command-line argument \(process\.argv\[2\], line 2\)/);
    expect(await rules('cli.py', 'import os, sys\nos.system("convert " + sys.argv[1])\n')).toEqual(['injection.command@2']);
    expect(await rules('cli.py', 'import argparse, os\nargs = argparse.ArgumentParser().parse_args()\nos.system("tar " + args.name)\n')).toEqual(['injection.command@3']);
  });

  it('reports argv as a path only once the code places it under a directory of its own', async () => {
    expect(await rules('cli.js', "const fs = require('fs');\nconsole.log(fs.readFileSync(process.argv[2], 'utf8'));\n")).toEqual([]);
    expect(await rules('cli.js', "const fs = require('fs');\nconst path = require('path');\nfs.readFileSync(path.join('/srv/data', process.argv[2]));\n")).toEqual(['path.traversal@3']);
    expect(await rules('cli.js', "const fs = require('fs');\nfs.readFileSync(`/srv/data/${process.argv[2]}`);\n")).toEqual(['path.traversal@2']);
    expect(await rules('cli.py', 'import os, sys\nopen(os.path.join("/srv", os.path.basename(sys.argv[1])))\nopen(sys.argv[1])\n')).toEqual([]);
    expect(await rules('cli.py', 'import os, sys\nopen(os.path.join("/srv", sys.argv[1]))\n')).toEqual(['path.traversal@2']);
    // argv does not reach SQL: an operator's own query.
    expect(await rules('cli.js', "db.query('SELECT * FROM t WHERE n = ' + process.argv[2]);\n")).toEqual([]);
  });

  it('takes CGI variables as request input, CI text as input for commands, and configuration as neither', async () => {
    const cgi = 'import os, sqlite3\nq = os.environ.get("QUERY_STRING", "")\nsqlite3.connect("x").cursor().execute("SELECT * FROM t WHERE q = \'%s\'" % q)\n';
    expect(await rules('cgi.py', cgi)).toEqual(['injection.sql@3']);
    const [ci] = (await auditSource('ci.ts', "import { execSync } from 'node:child_process';\nexecSync(`git diff origin/${process.env.GITHUB_HEAD_REF}`);\n")).findings;
    expect(ci).toMatchObject({ ruleId: 'injection.command', severity: 'high' });
    expect(await rules('ci.py', 'import os, subprocess\nsubprocess.run("echo " + os.getenv("PR_TITLE"), shell=True)\n')).toEqual(['injection.command@2']);
    expect(await rules('job.js', "const { execSync } = require('child_process');\nexecSync('pg_dump ' + process.env.DATABASE_URL);\ndb.query('SET search_path TO ' + process.env.QUERY_STRING_SCHEMA);\n")).toEqual([]);
    expect(await rules('ci.js', "db.query('SELECT ' + process.env.GITHUB_HEAD_REF);\n")).toEqual([]);
    expect(await rules('a.js', "function process() {}\nconst { execSync } = require('child_process');\nfunction f(process) { execSync('x ' + process.argv[2]); }\n")).toEqual([]);
  });

  it('treats a value tested against an identifier-only pattern as safe, on either side of ?: or after an if', async () => {
    const ternary = "const { execSync } = require('child_process');\nconst b = /^[\\w-]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'main';\nexecSync('git checkout ' + b);\n";
    expect(await rules('cli.js', ternary)).toEqual([]);
    expect(await rules('cli.js', ternary.replace('/^[\\w-]+$/', '/^[\\w./-]+$/'))).toEqual(['injection.command@3']);
    const guard = "app.get('/', (req, res) => {\n  const n = req.query.n;\n  if (!/^[a-z0-9_-]+$/i.test(n)) return res.end();\n  require('fs').readFile('/srv/' + n, () => {});\n});\n";
    expect(await rules('a.js', guard)).toEqual([]);
    expect(await rules('a.js', guard.replace('/^[a-z0-9_-]+$/i', '/^[0-z]+$/'))).toEqual(['path.traversal@4']);
  });
});
