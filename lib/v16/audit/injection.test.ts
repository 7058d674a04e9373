import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

const express = (body: string) => `const express = require('express');
const { exec, execSync, execFile, spawn } = require('child_process');
const router = express.Router();
router.post('/x', async (req, res) => {
${body}
});
`;
// Handler bodies start on line 5 of the express() wrapper.
const LINE = 5;

const flask = (body: string) => `import os, subprocess, shlex
from flask import Flask, request
app = Flask(__name__)

@app.route("/x/<item>")
def handler(item):
${body}
`;
const PY_LINE = 7;

describe('SQL injection (injection.sql)', () => {
  it('reports a template literal built from req.query reaching db.query', async () => {
    expect(await rulesIn('a.js', express('  await db.query(`SELECT * FROM t WHERE name = \'${req.query.name}\'`);'))).toEqual([`injection.sql@${LINE}`]);
  });

  it('follows concatenation through variables and destructuring', async () => {
    const code = express(`  const { id } = req.params;
  const where = "id = '" + id + "'";
  const sql = 'SELECT * FROM t WHERE ' + where;
  await pool.query(sql);`);
    const [finding] = (await auditSource('a.js', code)).findings;
    expect(finding.ruleId).toBe('injection.sql');
    expect(finding.startLine).toBe(LINE + 3);
    expect(finding.trace[0]).toMatchObject({ line: LINE, note: expect.stringContaining('req.params') });
    expect(finding.trace.at(-1)).toMatchObject({ line: LINE + 3, note: expect.stringContaining('pool.query') });
  });

  it('reports Prisma $queryRawUnsafe, knex.raw and sequelize.query', async () => {
    const code = express(`  await prisma.$queryRawUnsafe('SELECT ' + req.body.col);
  await knex.raw(\`DELETE FROM t WHERE id = \${req.body.id}\`);
  await sequelize.query('SELECT * FROM t WHERE a = ' + req.query.a);`);
    expect(await rulesIn('a.ts', code)).toEqual([`injection.sql@${LINE}`, `injection.sql@${LINE + 1}`, `injection.sql@${LINE + 2}`]);
  });

  it('accepts parameterized queries and numeric casts', async () => {
    const code = express(`  await db.query('SELECT * FROM t WHERE id = $1', [req.params.id]);
  await db.query(\`SELECT * FROM t WHERE id = \${Number(req.params.id)}\`);
  const page = parseInt(req.query.page, 10);
  await db.query('SELECT * FROM t LIMIT 10 OFFSET ' + page * 10);
  await db.query(sql\`SELECT * FROM t WHERE id = \${req.params.id}\`);`);
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('does not mistake a GraphQL client or req.query for a database', async () => {
    const code = express(`  await apolloClient.query({ query: QUERY, variables: { id: req.params.id } });
  const q = req.query.q;
  res.json(q);`);
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('forgets taint when the variable is reassigned to a constant', async () => {
    const code = express(`  let order = req.query.order;
  order = 'created_at';
  await db.query('SELECT * FROM t ORDER BY ' + order);`);
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('keeps taint when only one branch reassigns', async () => {
    const code = express(`  let order = req.query.order;
  if (!order) order = 'created_at';
  await db.query('SELECT * FROM t ORDER BY ' + order);`);
    expect(await rulesIn('a.js', code)).toEqual([`injection.sql@${LINE + 2}`]);
  });

  it('reads Next.js route handler input', async () => {
    const code = `import { db } from '@/lib/db';
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q');
  return Response.json(await db.execute(\`SELECT * FROM t WHERE q = '\${q}'\`));
}
export async function POST(request: Request, { params }: { params: { id: string } }) {
  const body = await request.json();
  await db.execute('UPDATE t SET a = ' + body.a + ' WHERE id = ' + params.id);
}
`;
    expect(await rulesIn('app/api/t/route.ts', code)).toEqual(['injection.sql@4', 'injection.sql@8']);
  });

  it('reports Python f-strings, % and .format reaching cursor.execute', async () => {
    const code = flask(`    name = request.args.get("name")
    cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
    cursor.execute("SELECT * FROM t WHERE id = %s" % item)
    cursor.execute("SELECT * FROM t WHERE a = '{}'".format(request.form["a"]))`);
    expect(await rulesIn('app.py', code)).toEqual([`injection.sql@${PY_LINE + 1}`, `injection.sql@${PY_LINE + 2}`, `injection.sql@${PY_LINE + 3}`]);
  });

  it('accepts Python parameterized queries and int() casts', async () => {
    const code = flask(`    cursor.execute("SELECT * FROM t WHERE name = %s", (request.args["name"],))
    limit = int(request.args.get("limit", "10"))
    cursor.execute(f"SELECT * FROM t LIMIT {limit}")`);
    expect(await rulesIn('app.py', code)).toEqual([]);
  });

  it('reads Django views and FastAPI handler parameters', async () => {
    const code = `from django.db import connection
def profile(request, username):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM users WHERE name = '%s'" % username)
        cursor.execute("SELECT * FROM t WHERE q = '" + request.GET["q"] + "'")

@router.get("/items")
async def items(q: str, db: Session = Depends(get_db)):
    return db.execute(text(f"SELECT * FROM items WHERE name = '{q}'"))
`;
    expect(await rulesIn('views.py', code)).toEqual(['injection.sql@4', 'injection.sql@5', 'injection.sql@9']);
  });
});

describe('OS command injection (injection.command)', () => {
  it('reports exec/execSync of a command built from request input', async () => {
    const code = express(`  exec('ping -c 1 ' + req.body.host);
  execSync(\`git log \${req.query.ref}\`);`);
    expect(await rulesIn('a.js', code)).toEqual([`injection.command@${LINE}`, `injection.command@${LINE + 1}`]);
  });

  it('reports spawn with shell: true and sh -c', async () => {
    const code = express(`  spawn('tar', ['-xf', req.body.file], { shell: true });
  spawn('sh', ['-c', 'convert ' + req.body.file]);`);
    expect(await rulesIn('a.js', code)).toEqual([`injection.command@${LINE}`, `injection.command@${LINE + 1}`]);
  });

  it('accepts execFile and spawn with an argv array', async () => {
    const code = express(`  execFile('ping', ['-c', '1', req.body.host]);
  spawn('tar', ['-xf', req.body.file]);
  const re = /x/; re.exec(req.body.host);`);
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('follows promisify(exec) and imports under another name', async () => {
    const code = `import { exec as run } from 'node:child_process';
import { promisify } from 'node:util';
const sh = promisify(run);
export default async function handler(req, res) {
  await sh('ls ' + req.query.dir);
}
`;
    expect(await rulesIn('pages/api/ls.js', code)).toEqual(['injection.command@5']);
  });

  it('reports os.system, os.popen and subprocess with shell=True', async () => {
    const code = flask(`    os.system("ping " + item)
    os.popen("cat " + request.args["f"])
    subprocess.run("ls " + item, shell=True)`);
    expect(await rulesIn('app.py', code)).toEqual([`injection.command@${PY_LINE}`, `injection.command@${PY_LINE + 1}`, `injection.command@${PY_LINE + 2}`]);
  });

  it('accepts subprocess with a list and shlex.quote', async () => {
    const code = flask(`    subprocess.run(["ls", item])
    subprocess.run("ls " + shlex.quote(item), shell=True)
    subprocess.run("ls " + item, shell=False)`);
    expect(await rulesIn('app.py', code)).toEqual([]);
  });
});

describe('code injection (injection.code)', () => {
  it('reports eval, new Function and vm of request input', async () => {
    const code = `const vm = require('vm');
app.post('/calc', (req, res) => {
  eval(req.body.expr);
  const f = new Function('x', req.body.fn);
  vm.runInNewContext(req.body.script, {});
});
`;
    expect(await rulesIn('a.js', code)).toEqual(['injection.code@3', 'injection.code@4', 'injection.code@5']);
  });

  it('accepts JSON.parse and eval of constants', async () => {
    const code = express(`  const data = JSON.parse(req.body.json);
  eval('1 + 1');`);
    expect(await rulesIn('a.js', code)).toEqual([]);
  });

  it('reports Python eval and exec', async () => {
    const code = flask(`    eval(request.args["expr"])
    exec(item)
    eval("1 + 1")`);
    expect(await rulesIn('app.py', code)).toEqual([`injection.code@${PY_LINE}`, `injection.code@${PY_LINE + 1}`]);
  });
});

describe('nested sinks', () => {
  it('reports one flow through two SQL sinks once, where the query is built', async () => {
    const code = `from sqlalchemy import text
@router.get("/items")
async def items(q: str, db: Session = Depends(get_db)):
    return db.execute(
        text(f"SELECT * FROM items WHERE name = '{q}'")
    )
`;
    expect(await rulesIn('items.py', code)).toEqual(['injection.sql@5']);
  });
});
