import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string, options?: Parameters<typeof auditSource>[3]): Promise<string[]> {
  return (await auditSource(path, code, undefined, options)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('super-linear regular expressions (regex.redos)', () => {
  it('reports an exponential pattern where it is written, and not a repetition its separator decides', async () => {
    const code = `const TITLE = /^(\\w+\\s?)+$/;
const HOST = /^([a-z0-9-]+\\.)+[a-z]{2,}$/i;
module.exports = { TITLE, HOST };
`;
    const { findings } = await auditSource('patterns.js', code);
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['regex.redos@1']);
    expect(findings[0].message).toMatch(/backtracks exponentially/);
  });

  it('reports a polynomial pattern on request input, through the string methods and test/exec', async () => {
    const code = `const express = require('express');
const app = express();
const TTL = /^(\\d+)\\s*(?:s|m)?\\s*$/;
app.get('/x', (req, res) => {
  const tags = req.query.tags.split(/\\s*,\\s*/);
  const ok = TTL.test(req.get('x-ttl'));
  const name = String(req.query.name).replace(/\\s+$/, '');
  const fine = String(req.query.name).replace(/^\\s+/, '');
  res.json({ tags, ok, name, fine, version: 'v1  '.replace(/\\s+$/, '') });
});
`;
    expect(await rulesIn('app.js', code)).toEqual(['regex.redos@5', 'regex.redos@6', 'regex.redos@7']);
  });

  it("reports one on a library's caller's argument, in JavaScript and Python", async () => {
    const js = `module.exports = function trim(value) { return String(value).replace(/[ \\t]+$/, ''); };\n`;
    expect(await rulesIn('index.js', js, { libraryEntries: ['index.js'] })).toEqual(['regex.redos@1']);
    const py = `import re

TRAILING = re.compile(r"\\s+$")


def clean(text):
    return TRAILING.sub("", re.sub("^\\\\s+|\\\\s+$", "", text))
`;
    expect(await rulesIn('slugkit/__init__.py', py, { libraryEntries: ['slugkit/__init__.py'] })).toEqual(['regex.redos@7']);
  });

  it('leaves a polynomial pattern on the command line alone (the invoker slows only themselves)', async () => {
    const code = `const name = process.argv[2].replace(/\\s+$/, '');\nconsole.log(name);\n`;
    expect(await rulesIn('cli.js', code)).toEqual([]);
  });
});

describe('a length check bounds the input (regex.redos)', () => {
  it('takes `if (s.length > 100) return` and `len(s) > 100` as a bound, and a limit only on the other branch as none', async () => {
    const js = `module.exports = function parse(value) {
  const str = String(value);
  if (str.length > 100) return undefined;
  return /^(\\d+) *(ms|s)?\\s*$/i.exec(str);
};
module.exports.loose = function loose(value) {
  if (value.length <= 100) console.log('short');
  return /^(\\d+) *(ms|s)?\\s*$/i.exec(value);
};
`;
    expect(await rulesIn('index.js', js, { libraryEntries: ['index.js'] })).toEqual(['regex.redos@8']);
    const py = `import re


def parse(text):
    if len(text) > 100:
        raise ValueError("too long")
    return re.sub(r"\\s+$", "", text)


def loose(text):
    return re.sub(r"\\s+$", "", text)
`;
    expect(await rulesIn('pkg/__init__.py', py, { libraryEntries: ['pkg/__init__.py'] })).toEqual(['regex.redos@11']);
  });

  it('takes text.slice(0, 100) as a bound (and text.slice(1) as none)', async () => {
    const js = `module.exports = function trim(value) {
  const head = String(value).slice(0, 100).replace(/\\s+$/, '');
  const rest = String(value).slice(1).replace(/\\s+$/, '');
  return head + rest;
};
`;
    expect(await rulesIn('index.js', js, { libraryEntries: ['index.js'] })).toEqual(['regex.redos@3']);
  });
});
