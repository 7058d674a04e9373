import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferAppKind, resolveAppKind } from '../app-kind';
import { DEFAULT_THREAT_PROFILE } from '../profile';
import { auditSource, type AuditOptions } from './audit-source';
import { exportsApiFunction } from './js/library-api';
import { parseScript } from '../lang/js/parse';

async function rulesIn(file: string, code: string, options: AuditOptions): Promise<string[]> {
  return (await auditSource(file, code, undefined, options)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe("a library's input: the arguments of the functions it exports", () => {
  const cjs = `const { exec } = require('child_process');
function internal(cmd) { exec(cmd); }
function run(cmd) { exec('sh -c ' + cmd); }
module.exports = { run, other: (x) => exec(x) };
exports.more = function (y) { exec(y); };
`;

  it('JS: exported by reference, by property, by assignment; not an unexported helper, and nothing outside library mode', async () => {
    expect(await rulesIn('index.js', cjs, { libraryEntries: 'all' })).toEqual(['injection.command@3', 'injection.command@4', 'injection.command@5']);
    expect(await rulesIn('index.js', cjs, { libraryEntries: ['index.js'] })).toHaveLength(3);
    // Not an entry module, or not a library: no input.
    expect(await rulesIn('index.js', cjs, { libraryEntries: ['lib/main.js'] })).toEqual([]);
    expect(await rulesIn('index.js', cjs, {})).toEqual([]);
    const esm = `import { execSync } from 'node:child_process';\nexport function a(cmd) { return execSync(cmd); }\nexport default (b) => execSync(b);\nconst c = (x) => execSync(x);\nexport { c };\n`;
    expect(await rulesIn('index.mjs', esm, { libraryEntries: 'all' })).toEqual(['injection.command@2', 'injection.command@3', 'injection.command@4']);
  });

  it('path traversal: a name the caller gives, joined onto the library\'s own folder; not a whole path the caller chose', async () => {
    const code = `const fs = require('fs');\nconst path = require('path');\nexports.load = (name) => fs.readFileSync(path.join(__dirname, 'templates', name));\nexports.open = (file) => fs.readFileSync(file);\nexports.read = (dir, name) => fs.readFileSync(dir + '/' + name);\n`;
    expect(await rulesIn('index.js', code, { libraryEntries: 'all' })).toEqual(['path.traversal@3', 'path.traversal@5']);
  });

  it("a containment check written with path.relative keeps the path inside its base, when it refuses; one that only logs does not", async () => {
    const code = (onEscape: string) => `const fs = require('fs');\nconst path = require('path');\nexports.page = (name) => {\n  const full = path.resolve(__dirname, name);\n  const rel = path.relative(__dirname, full);\n  if (rel.startsWith('..') || path.isAbsolute(rel)) ${onEscape};\n  return fs.readFileSync(full);\n};\nexports.direct = (name) => {\n  const full = path.join(__dirname, name);\n  if (path.relative(__dirname, full).startsWith('..')) return null;\n  return fs.readFileSync(full);\n};\n`;
    expect(await rulesIn('index.js', code("throw new Error('no')"), { libraryEntries: 'all' })).toEqual([]);
    expect(await rulesIn('index.js', code("console.warn('outside')"), { libraryEntries: 'all' })).toEqual(['path.traversal@7']);
  });

  it('Python: startswith, os.path.commonpath and os.path.relpath containment checks that refuse keep the path inside its base', async () => {
    const code = (check: string) => `import os\n\nBASE = os.path.realpath("/srv/pages")\n\ndef page(name):\n    full = os.path.realpath(os.path.join(BASE, name))\n${check}\n    with open(full) as f:\n        return f.read()\n`;
    expect(await rulesIn('pages/__init__.py', code(''), { libraryEntries: 'all' })).toEqual(['path.traversal@8']);
    for (const check of [
      '    if not full.startswith(BASE + os.sep):\n        raise ValueError(name)',
      '    if os.path.commonpath([BASE, full]) != BASE:\n        raise ValueError(name)',
      '    if os.path.relpath(full, BASE).startswith(".."):\n        raise ValueError(name)',
    ]) {
      expect(await rulesIn('pages/__init__.py', code(check), { libraryEntries: 'all' }), check).toEqual([]);
    }
    expect(await rulesIn('pages/__init__.py', code('    if os.path.relpath(full, BASE).startswith(".."):\n        print("outside")'), { libraryEntries: 'all' })).toEqual(['path.traversal@9']);
  });

  it("says where the input came from: a caller's argument", async () => {
    const [finding] = (await auditSource('index.js', cjs, undefined, { libraryEntries: 'all' })).findings;
    expect(finding.trace[0].note).toMatch(/^a caller's argument enters: argument of the exported run\(\) \(library API\) cmd/);
  });

  it("Python: a public module's public top-level functions; not _private ones or _modules", async () => {
    const code = `import subprocess\n\ndef ping(host):\n    return subprocess.check_output("ping " + host, shell=True)\n\ndef _helper(host):\n    return subprocess.check_output("ping " + host, shell=True)\n`;
    expect(await rulesIn('netcheck/__init__.py', code, { libraryEntries: 'all' })).toEqual(['injection.command@4']);
    expect(await rulesIn('netcheck/_impl.py', code, { libraryEntries: 'all' })).toEqual([]);
    expect(await rulesIn('netcheck/__init__.py', code, {})).toEqual([]);
  });
});

describe('the kind of software a repository is (app-kind.ts)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const repo = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vega-kind-'));
    dirs.push(dir);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };

  it('infers web, library (with its entry modules), cli, serverless from the root manifests', () => {
    expect(inferAppKind(repo({ 'package.json': '{"main":"index.js","dependencies":{"express":"4"}}' }))).toMatchObject({ kind: 'web', reason: 'package.json depends on express' });
    expect(inferAppKind(repo({ 'package.json': '{"name":"x","exports":{".":{"import":"./src/x.mjs","require":"./src/x.cjs"}}}', 'src/x.mjs': '', 'src/x.cjs': '' }))).toMatchObject({
      kind: 'library',
      entries: ['src/x.cjs', 'src/x.mjs'],
    });
    expect(inferAppKind(repo({ 'package.json': '{"main":"lib/index"}', 'lib/index.js': '' }))).toMatchObject({ kind: 'library', entries: ['lib/index.js'] });
    expect(inferAppKind(repo({ 'package.json': '{"private":true,"main":"index.js"}' })).kind).toBe('web');
    expect(inferAppKind(repo({ 'package.json': '{"bin":{"x":"cli.js"}}' })).kind).toBe('cli');
    expect(inferAppKind(repo({ 'serverless.yml': 'service: x', 'package.json': '{"main":"h.js"}' })).kind).toBe('serverless');
    expect(inferAppKind(repo({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["requests"]\n' })).kind).toBe('library');
    expect(inferAppKind(repo({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["Flask>=3"]\n' })).kind).toBe('web');
    expect(inferAppKind(repo({ 'app.js': '' }))).toMatchObject({ kind: 'web', reason: 'no manifest at the root says otherwise' });
  });

  it("a profile's kind wins; a component with its own manifest (a monorepo's package) is judged by it", () => {
    const root = repo({ 'package.json': '{"private":true,"dependencies":{"next":"16"}}', 'packages/util/package.json': '{"main":"index.js"}', 'packages/util/index.js': '' });
    expect(resolveAppKind(root, DEFAULT_THREAT_PROFILE).kind).toBe('web');
    expect(resolveAppKind(root, DEFAULT_THREAT_PROFILE, 'packages/util')).toMatchObject({ kind: 'library', entries: ['packages/util/index.js'] });
    expect(resolveAppKind(root, { ...DEFAULT_THREAT_PROFILE, kind: 'library' })).toEqual({ kind: 'library', reason: 'the threat profile (v1) says so' });
  });
});

describe('which library modules have input of their own (exportsApiFunction)', () => {
  const exportsApi = (code: string) => exportsApiFunction(parseScript('m.js', code).sourceFile);
  it('sees every exported function form, through assignment chains', () => {
    expect(exportsApi('const proto = module.exports = {\n  onerror(err) { return err; },\n};')).toBe(true);
    expect(exportsApi('exports = module.exports = function (app) { return app; };')).toBe(true);
    expect(exportsApi('export const run = async (cmd) => cmd;')).toBe(true);
    expect(exportsApi('function run(cmd) { return cmd; }\nexport { run };')).toBe(true);
    expect(exportsApi('export default (opts) => opts;')).toBe(true);
  });
  it('a module of classes, constants or functions without parameters has none', () => {
    expect(exportsApi('export class PgDialect { build(query) { return query; } }')).toBe(false);
    expect(exportsApi('export const VERSION = "1";\nexport function now() { return Date.now(); }')).toBe(false);
    expect(exportsApi('function internal(cmd) { return cmd; }\nmodule.exports = { VERSION: 1 };')).toBe(false);
  });
  it('and a class-only entry with a sink in a method is still audited for its patterns', async () => {
    const code = "const crypto = require('crypto');\nclass H { digest(x) { return crypto.createHash('md5').update(x).digest('hex'); } }\nmodule.exports = H;\n";
    expect(await rulesIn('index.js', code, { libraryEntries: ['index.js'] })).toEqual(['crypto.weak-hash@2']);
  });
});
