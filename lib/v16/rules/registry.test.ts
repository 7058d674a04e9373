import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSource } from '../audit/audit-source';
import { RULES, sinksOf, TAINT_RULES } from '.';

const here = import.meta.dirname;
const folders = readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('the rule registry', () => {
  it('has one folder per rule, named for its id, holding its metadata', () => {
    expect(folders.sort()).toEqual(Object.keys(RULES).sort());
    for (const [id, rule] of Object.entries(RULES)) {
      expect(rule.id, `${id}/rule.ts`).toBe(id);
      expect(rule.cwe).toMatch(/^CWE-\d+$/);
      expect(rule.title.length && rule.explanation.length && rule.recommendation.length).toBeGreaterThan(0);
    }
  });

  it('keeps each language’s sinks in the folder of the rule they report', () => {
    for (const language of ['js', 'python'] as const) {
      for (const { rule } of sinksOf(language)) {
        expect(TAINT_RULES).toContain(rule);
        expect(existsSync(path.join(here, rule, `${language}.ts`)), `${rule}/${language}.ts`).toBe(true);
      }
      // A folder's sink file is registered: none is left out of the registry.
      for (const folder of folders.filter((f) => existsSync(path.join(here, f, `${language}.ts`)))) {
        expect(sinksOf(language).some(({ rule }) => rule === folder), `${folder}/${language}.ts is registered`).toBe(true);
      }
    }
  });

  it('names each resolved callee in one rule only, and every sink by some name', () => {
    for (const language of ['js', 'python'] as const) {
      const owner = new Map<string, string>();
      for (const { rule, sink } of sinksOf(language)) {
        expect((sink.calls?.length ?? 0) + (sink.names?.length ?? 0), `a ${rule} sink in ${language} has no name`).toBeGreaterThan(0);
        expect(sink.what.length).toBeGreaterThan(0);
        for (const call of sink.calls ?? []) {
          const other = owner.get(call);
          expect(other === undefined || other === rule, `${language}: ${call} is declared by ${other} and ${rule}`).toBe(true);
          owner.set(call, rule);
        }
      }
    }
  });
});

describe('sinks tried by name, in registry order', () => {
  const rulesIn = async (path: string, code: string) => (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);

  it('reads a sink whose first declared argument is missing at its next form (Path(p).open() after open())', async () => {
    const code = `from pathlib import Path
from flask import Flask, request
app = Flask(__name__)

@app.route("/read")
def read():
    with Path(request.args["name"]).open() as f:
        return f.read()
`;
    expect(await rulesIn('app.py', code)).toEqual(['path.traversal@7']);
  });

  it('keeps re.search a regular expression in a file that also talks LDAP', async () => {
    const code = `import re
import ldap
from flask import Flask, request
app = Flask(__name__)

@app.route("/match")
def match():
    return str(bool(re.search(request.args["pattern"], "text")))
`;
    expect(await rulesIn('app.py', code)).toEqual(['regex.injection@8']);
  });
});
