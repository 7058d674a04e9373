// Every regular expression the engine runs on scanned text must run in
// linear time (issue 12: one literal ending in "!" once stalled a scan for
// good). This finds every regex literal in the engine's sources and runs it
// against generated adversarial inputs — long runs of the characters and
// pairs the pattern itself mentions, and of common ones, each followed by
// characters that make the match fail — and fails on any that takes more
// than a few milliseconds on 10,000 characters: a backtracking blow-up
// (exponential or polynomial) shows at that size, a linear scan does not.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE = path.resolve(import.meta.dirname);
const LENGTH = 10_000;
const LIMIT_MS = 20;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'quality' ? [] : sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

interface Found {
  where: string;
  regex: RegExp;
}

function regexLiterals(): Found[] {
  const out: Found[] = [];
  for (const file of sources(ENGINE)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isRegularExpressionLiteral(node)) {
        const literal = node.text;
        const slash = literal.lastIndexOf('/');
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        // `g` dropped: test() then tries every start, as replace() and matchAll() do. `y` kept: a sticky pattern is tried where its tokenizer stands.
        out.push({ where: `${path.relative(ENGINE, file)}:${line + 1} ${literal}`, regex: new RegExp(literal.slice(1, slash), literal.slice(slash + 1).replace(/g/g, '')) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

const COMMON = [...'aA0 _-.:/\\\'"=<>()[]{},;\t\n$@#!?*+|&%^~`'];

/** The characters a pattern names (literals and class members, roughly), plus common ones. */
function alphabet(re: RegExp): string[] {
  const named = new Set<string>();
  for (const m of re.source.matchAll(/\\([dws])|\\(.)|([^\\])/g)) {
    if (m[1] === 'd') named.add('7');
    else if (m[1] === 'w') named.add('w');
    else if (m[1] === 's') named.add(' ');
    else if (m[2] !== undefined) named.add(m[2]);
    else if (m[3] !== undefined && !'()[]{}|?*+^$'.includes(m[3])) named.add(m[3]);
  }
  return [...new Set([...named, ...COMMON])];
}

function pumps(re: RegExp): string[] {
  const chars = alphabet(re);
  // Pairs of the pattern's own characters (the common ones come last in `chars`).
  const own = chars.slice(0, Math.max(4, chars.length - COMMON.length)).slice(0, 16);
  const out = new Set<string>(chars);
  for (const a of own) for (const b of own) out.add(a + b);
  // Mixed-case words: camelCase and SCREAMING runs are what secrets heuristics see.
  out.add('aB');
  out.add('Ab');
  return [...out];
}

/** Inputs grow from a few characters to LENGTH: an exponential pattern is caught at 20 or so, before it could hang the test. */
const SIZES = [8, 12, 16, 20, 24, 32, 64, 256, 1_000, LENGTH];

function slowest(re: RegExp): { ms: number; input: string; text: string } {
  let worst = { ms: 0, input: '', text: '' };
  for (const pump of pumps(re)) {
    for (const size of SIZES) {
      const body = pump.repeat(Math.ceil(size / pump.length));
      let over = false;
      for (const tail of ['!', '\n', '']) {
        const t = performance.now();
        re.test(body + tail);
        const ms = performance.now() - t;
        if (ms > worst.ms) worst = { ms, input: `${JSON.stringify(pump)} × ${Math.ceil(size / pump.length)} + ${JSON.stringify(tail)}`, text: body + tail };
        over ||= ms > LIMIT_MS;
      }
      if (over) return worst;
    }
  }
  return worst;
}

/** How much longer the pattern takes on the text repeated four times than on the text (the faster of three runs each). */
function growth(re: RegExp, text: string): number {
  const time = (input: string) => Math.min(...[0, 1, 2].map(() => { const t = performance.now(); re.test(input); return performance.now() - t; }));
  const body = text.replace(/[!\n]$/, '');
  const tail = text.slice(body.length);
  return time(body.repeat(4) + tail) / Math.max(time(text), 0.05);
}

describe('the engine’s regular expressions', () => {
  const found = regexLiterals();

  it('are found in the engine’s sources', () => {
    expect(found.length).toBeGreaterThan(50);
  });

  it('run in linear time on generated adversarial inputs', () => {
    const slow: string[] = [];
    for (const { where, regex } of found) {
      // Twice: the first run may include compiling the pattern or a GC pause.
      const first = slowest(regex);
      if (first.ms <= LIMIT_MS) continue;
      const again = slowest(regex);
      if (again.ms <= LIMIT_MS) continue;
      // Slow twice: on a busy machine (CI, other tests) a linear pattern can
      // be too. Four times the input takes about four times as long if it is
      // linear, sixteen if quadratic: only a super-linear growth fails.
      // An input still short when it was slow means exponential: never grown (it would hang).
      const grown = again.text.length < 1_000 ? Infinity : growth(regex, again.text);
      if (grown > 8) slow.push(`${where}: ${again.ms.toFixed(0)} ms on ${again.input}, ×${grown.toFixed(0)} on four times that input`);
    }
    expect(slow).toEqual([]);
  }, 600_000);
});
