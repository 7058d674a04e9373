// The Python pre-filter may only skip files in which the analysis finds nothing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CallStack } from '../taint/call-stack';
import { describe, expect, it } from 'vitest';
import type { DraftFinding } from '../finding';
import { LineIndex } from '../source-text';
import { analyzePython } from './analyzer';
import { hasSourceMarkers, mayHaveFindings } from './markers';
import { TAINT_RULES, wordsOf } from '../../rules';
import { wordFilter } from '../../rules/words';
import { collectModuleBindings } from '../../lang/python/modules';
import { importsWebFramework } from './sources';
import { parsePython } from '../../lang/python/syntax';

const repo = path.resolve(import.meta.dirname, '../../../..');

function unfiltered(text: string): DraftFinding[] {
  const { tree } = parsePython(text);
  const drafts: DraftFinding[] = [];
  const modules = collectModuleBindings(tree.topNode, text);
  const ctx = { path: 'x.py', lines: new LineIndex(text), modules, webFramework: importsWebFramework(modules), drafts, functions: new Map(), constants: new Map(), classes: new Map(), instances: new Map(), top: tree.topNode, calls: new CallStack<never, string>() };
  analyzePython(ctx, tree.topNode);
  return drafts;
}

describe('the Python pre-parse filter', () => {
  it('keeps every corpus program, each file of which has findings only if it passes', () => {
    const files = readdirSync(path.join(repo, 'corpus'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.py'))
      .map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!mayHaveFindings(text)) expect(unfiltered(text), file).toEqual([]);
    }
  });

  it('lets each rule see every corpus program it reports in by its own words (a pattern rule) or a source (a flow)', () => {
    const words = wordsOf('python');
    const files = readdirSync(path.join(repo, 'corpus'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.py'))
      .map((e) => path.join(e.parentPath, e.name));
    const seen = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { ruleId } of unfiltered(text)) {
        seen.add(ruleId);
        const own = words.get(ruleId);
        const through = (own !== undefined && wordFilter([own])(text)) || ((TAINT_RULES as readonly string[]).includes(ruleId) && hasSourceMarkers(text));
        expect(through, `${ruleId} reports in ${path.relative(repo, file)}, which its words would skip`).toBe(true);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
  });

  it('lets a file through for each rule', () => {
    for (const text of [
      'import hashlib\nhashlib.md5(b)',
      'from Crypto.Cipher import DES\nDES.new(k, DES.MODE_ECB)',
      'import random\nreset_token = random.random()',
      'resp.set_cookie("sid", v)',
      'SESSION_COOKIE_SECURE = False',
      'requests.get(u, verify=False)',
      'ssl._create_unverified_context()',
      'etree.XMLParser(resolve_entities=True)',
      'parser.setFeature(feature_external_ges, True)',
      're.compile(r"(a+)+$")',
      'DB_PASSWORD = "k7Hs9Qp2LmX4vB8z"',
      '@app.route("/x")\ndef x(name):\n    pass',
      'import sys\nos.system(sys.argv[1])',
      'MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]',
    ]) {
      expect(mayHaveFindings(text), text).toBe(true);
    }
    expect(hasSourceMarkers('def view(request):\n    pass')).toBe(true);
    expect(mayHaveFindings('def add(a, b):\n    return a + b\n')).toBe(false);
  });
});
