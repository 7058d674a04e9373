// The pre-filter may only skip files in which the analysis finds nothing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CallStack } from '../taint/call-stack';
import { describe, expect, it } from 'vitest';
import type { DraftFinding } from '../finding';
import { LineIndex } from '../source-text';
import { auditSource } from '../audit-source';
import { analyzeScript } from './analyzer';
import { hasSourceMarkers, mayHaveFindings, unescapeLoosely } from './markers';
import { TAINT_RULES, wordsOf } from '../../rules';
import { wordFilter } from '../../rules/words';
import { collectModuleBindings } from '../../lang/js/modules';
import { parseScript } from '../../lang/js/parse';

const repo = path.resolve(import.meta.dirname, '../../../..');

/** What the analyzer reports for a file when nothing is skipped. */
function unfiltered(file: string, text: string): DraftFinding[] {
  const { sourceFile } = parseScript(file, text);
  const drafts: DraftFinding[] = [];
  const modules = collectModuleBindings(sourceFile);
  analyzeScript({ path: file, sourceFile, lines: new LineIndex(text), modules, serverActions: false, webFramework: false, drafts, functions: new Map(), constants: new Map(), classes: new Map(), instances: new Map(), calls: new CallStack() });
  return drafts;
}

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]sx?|json)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the pre-parse filter', () => {
  it('keeps every file of the corpus and of this repository that has findings', () => {
    const files = [...scripts(path.join(repo, 'corpus')), ...scripts(path.join(repo, 'lib')), ...scripts(path.join(repo, 'cli'))];
    expect(files.length).toBeGreaterThan(100);
    let skipped = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (mayHaveFindings(text)) continue;
      skipped++;
      expect(unfiltered(path.relative(repo, file), text), file).toEqual([]);
    }
    expect(skipped).toBeGreaterThan(0);
  });

  it('lets each rule see every file it reports in by its own words (a pattern rule) or a source (a flow)', () => {
    const words = wordsOf('js');
    const files = [...scripts(path.join(repo, 'corpus')), ...scripts(path.join(repo, 'lib'))];
    const seen = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const unescaped = text.includes('\\') ? unescapeLoosely(text) : text;
      for (const { ruleId } of unfiltered(path.relative(repo, file), text)) {
        seen.add(ruleId);
        const own = words.get(ruleId);
        const through = (own !== undefined && wordFilter([own])(unescaped)) || ((TAINT_RULES as readonly string[]).includes(ruleId) && hasSourceMarkers(text));
        expect(through, `${ruleId} reports in ${path.relative(repo, file)}, which its words would skip`).toBe(true);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
  });

  it('sees names and algorithms through escapes', async () => {
    expect(mayHaveFindings('const db_pass\\u0077ord = "x";')).toBe(true);
    expect(mayHaveFindings("const h = crypto.createHash('md\\x35');")).toBe(true);
    expect(mayHaveFindings("const o = { 'to\\\nken': 1 };")).toBe(true);
    expect(unescapeLoosely('a\\u{70}b\\160c\\x71d\\qe\\\\f')).toBe('apbpcqdqe\\f');
    const { findings } = await auditSource('a.js', "const db_pass\\u0077ord = 'k7Hs9Qp2LmX4vB8z';\n");
    expect(findings.map((f) => f.ruleId)).toEqual(['secrets.hardcoded']);
  });

  it('lets a file through for each pattern rule', () => {
    for (const text of [
      "crypto.createHash('sha1')",
      "crypto.createCipheriv('des-ede3', k, iv)",
      'const resetToken = Math.random().toString(36)',
      "res.cookie('sid', v)",
      "app.use(session({ cookie: { secure: false } })) // require('express-session')",
      "libxmljs.parseXml(x, { noent: true })",
      'new https.Agent({ rejectUnauthorized: false })',
      "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'",
      'const re = /(a+)+$/',
      'const signingKey = "…"',
    ]) {
      expect(mayHaveFindings(text), text).toBe(true);
    }
    expect(mayHaveFindings('export const add = (a, b) => a + b;\nfunction (\n')).toBe(false);
  });

  it('lets a file through for each source shape, and only where the name can be a source', async () => {
    // Each of these is a source with none of the other words: the engine must find its flow, so the filter must pass it.
    const sources = [
      "app.get('/x', (r, res) => { eval(r.query.code); });",
      "export const main: Handler = async (e: any) => { eval(e.body); };",
      "const run = async (e) => { eval(e.body); };\nmodule.exports = {\n  handler: run,\n};",
      "self.addEventListener('message', (e) => { eval(e.data); });",
    ];
    for (const text of sources) {
      expect(hasSourceMarkers(text), text).toBe(true);
    }
    const { findings } = await auditSource('handler.ts', sources[1]);
    expect(findings.map((f) => f.ruleId)).toContain('injection.code');
    // A response-named variable, a class named …Handler: no source can be in these files.
    expect(hasSourceMarkers('const res = await db.select().from(users);\nclass PgQueryHandler {}')).toBe(false);
  });

  it('decides in linear time', () => {
    const time = (n: number) => {
      const text = `${'exports ' + 'a'.repeat(70) + ' '}`.repeat(Math.ceil(n / 79)).slice(0, n) + ', re';
      const start = performance.now();
      for (let i = 0; i < 5; i++) hasSourceMarkers(text);
      return performance.now() - start;
    };
    time(10_000);
    const small = Math.max(time(20_000), 0.5);
    expect(time(80_000) / small).toBeLessThan(16);
  });
});
