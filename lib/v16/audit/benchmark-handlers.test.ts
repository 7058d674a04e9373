import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

// Handlers as labelled benchmarks (and much real code) write them: dead
// branches chosen by constant conditions, argument lists for subprocess,
// imports inside the function, a directory connection from a helper module.

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('handlers as benchmarks write them', () => {
  it('follow only the branch a constant condition takes', async () => {
    const code = `import os
from flask import request

def view():
    param = request.args.get("p", "")
    num = 86
    bar = "safe" if (7 * 42) - num > 200 else param
    os.system("echo " + bar)
    if (7 * 42) - num > 300:
        other = "safe"
    else:
        other = param
    os.system("echo " + other)
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.command@13']);
  });

  it('fold a module constant inside a function unless the function binds the name itself', async () => {
    const code = `import os
from flask import request
ECHO_INPUT = False

def view():
    param = request.args.get("p", "")
    os.system("echo " + (param if ECHO_INPUT else "safe"))

def other():
    ECHO_INPUT = request.args.get("on")
    param = request.args.get("p", "")
    os.system("echo " + (param if ECHO_INPUT else "safe"))
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.command@12']);
  });

  it('read a sh -c argument list, and the program of an argument list, as commands', async () => {
    const code = `import subprocess
import sys
from flask import request

def view():
    name = request.form.get("name", "")
    subprocess.run(["sh", "-c", "tar czf out.tgz " + name])
    subprocess.run(["sh", "-c", 'tar czf out.tgz -- "$1"', "sh", name])
    args = [name, "in.png"]
    subprocess.run(args)
    subprocess.run(["convert", name, "out.jpg"])
    subprocess.run([sys.argv[1], "in.png"])
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.command@7', 'injection.command@10']);
  });

  it('find LDAP searches whose module is imported in the function or not at all (python-ldap names)', async () => {
    const code = `from flask import request
from .directory import connection, legacy

def view():
    import ldap3
    uid = request.args.get("uid", "")
    connection().search("ou=users", f"(uid={uid})", attributes=ldap3.ALL_ATTRIBUTES)
    legacy().search_s("dc=example", 2, "(cn=%s)" % uid)
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.ldap@7', 'injection.ldap@8']);
  });

  it('read a dict key and a list element by what was stored there, not by the whole container', async () => {
    const code = `import os
from flask import request

def view():
    param = request.args.get("p", "")
    m = {"keyA": "a", "keyB": param}
    m["keyC"] = param
    m["keyA"] = "still safe"
    os.system("echo " + m["keyA"] + m.get("keyA", ""))
    os.system("echo " + m["keyC"])
    lst = ["first"]
    lst.extend(["x", param])
    lst.insert(0, "zero")
    lst.pop()
    os.system("echo " + lst[0] + lst[-1])
    lst.append(param)
    os.system("echo " + lst[-1])
    other = [param]
    helper(other)
    os.system("echo " + other[0])
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.command@10', 'injection.command@17', 'injection.command@20']);
  });

  it('take isinstance(x, int) and safe_join as guards', async () => {
    const code = `import os
from flask import request
from werkzeug.utils import safe_join

def view():
    n = request.get_json()["n"]
    if isinstance(n, (int, float)):
        os.system("sleep %d" % n)
    if isinstance(n, str):
        os.system("echo " + n)
    path = safe_join("/srv", request.args["f"])
    return open(path).read()
`;
    expect(await rulesIn('app.py', code)).toEqual(['injection.command@10']);
  });
});
