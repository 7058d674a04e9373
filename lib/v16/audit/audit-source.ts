// Audits one file's text: secretlint on the raw text, then the analyzer for
// its language (one parse, one pass for every rule), then fingerprinting.

import { CallStack } from './taint/call-stack';
import type { EngineFinding } from '../types';
import { fileKind } from '../languages';
import { finalizeFindings, type DraftFinding } from './finding';
import { analyzeScript, prepareScript } from './js/analyzer';
import { collectModuleBindings } from '../lang/js/modules';
import { mayHaveFindings, hasSourceMarkers } from './js/markers';
import { parseScript } from '../lang/js/parse';
import { hasUseServer, importsWebFramework } from './js/sources';
import { exportsApiFunction } from './js/library-api';
import { analyzePython, preparePython } from './python/analyzer';
import { importsWebFramework as importsPythonWebFramework } from './python/sources';
import { collectModuleBindings as collectPythonImports } from '../lang/python/modules';
import { mayHaveFindings as mayHavePythonFindings } from './python/markers';
import { parsePython, type FileContext as PythonContext, type SyntaxNode } from '../lang/python/syntax';
import type { FileContext as ScriptContext } from './js/context';
import type ts from 'typescript';
import { posix } from 'node:path';
import { configLineDrafts } from './secrets/config-lines';
import { secretlintDrafts } from './secrets/secretlint';
import { LineIndex } from './source-text';

export interface SourceAudit {
  findings: EngineFinding[];
  /** Syntax errors the parser recovered from; findings may be incomplete. */
  parseErrors: { line: number; message: string }[];
}

/** Reads another file of the snapshot (posix path relative to its root) for flows across modules; undefined when absent. */
export type ReadModule = (path: string) => string | undefined;

/** What the analysis treats as input beyond requests, command lines and events: the profile's kind decides (app-kind.ts). */
export interface AuditOptions {
  /**
   * A library: the arguments of the functions its entry modules export come
   * from callers it does not know. The entry modules' paths, or 'all' when
   * the library does not say which (every module's public functions).
   */
  libraryEntries?: readonly string[] | 'all';
}

const isLibraryEntry = (path: string, options: AuditOptions) =>
  options.libraryEntries === 'all' || (options.libraryEntries?.includes(path) ?? false);

/** `path` is relative to the snapshot root (posix); it decides the language and appears in findings. */
export async function auditSource(path: string, text: string, readModule?: ReadModule, options: AuditOptions = {}): Promise<SourceAudit> {
  const lines = new LineIndex(text);
  const provider = await secretlintDrafts(path, lines);
  const { drafts, parseErrors } = analyze(path, lines, readModule, options);
  // A literal secretlint already recognised is the same credential, better named.
  const named = drafts.filter((d) => d.ruleId !== 'secrets.hardcoded' || !provider.some((p) => p.start < d.end && d.start < p.end));
  return { findings: finalizeFindings(path, lines, [...provider, ...innermost(distinct(named))]), parseErrors };
}

/**
 * One finding per rule and place: a helper reached from two routes reports its
 * sink once (the first trace, the most certain), and a password hashed with
 * MD5 is not reported again as a plain weak hash.
 */
function distinct(drafts: DraftFinding[]): DraftFinding[] {
  const rank = { high: 2, medium: 1, low: 0 } as const;
  const best = new Map<string, DraftFinding>();
  for (const d of drafts) {
    const key = `${d.ruleId}\0${d.start}\0${d.end}`;
    const seen = best.get(key);
    if (!seen || rank[d.confidence] > rank[seen.confidence]) best.set(key, d);
  }
  const kept = [...best.values()];
  const passwordHashes = kept.filter((d) => d.ruleId === 'crypto.weak-password-hash');
  return kept.filter((d) => d.ruleId !== 'crypto.weak-hash' || !passwordHashes.some((p) => p.start <= d.start && d.end <= p.end));
}

/** `db.execute(text(f"…"))` is one flow through two sinks: report it where the query is built. */
function innermost(drafts: DraftFinding[]): DraftFinding[] {
  const encloses = (outer: DraftFinding, inner: DraftFinding) =>
    outer !== inner && outer.ruleId === inner.ruleId && outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start;
  return drafts.filter((d) => !drafts.some((inner) => encloses(d, inner)));
}

function analyze(path: string, lines: LineIndex, readModule: ReadModule | undefined, options: AuditOptions): { drafts: DraftFinding[]; parseErrors: SourceAudit['parseErrors'] } {
  const kind = fileKind(path, lines.text.slice(0, 200));
  const drafts: DraftFinding[] = [];
  if (kind?.kind === 'code' && kind.language === 'python') {
    // Most files of a tree hold nothing any rule looks for: they need no parse (python/markers.ts). A library's entry always has input.
    const library = isLibraryEntry(path, options);
    if (!library && !mayHavePythonFindings(lines.text)) return { drafts, parseErrors: [] };
    const { tree, errors } = parsePython(lines.text);
    const ctx = pythonContext(path, lines, tree.topNode, drafts, readModule);
    ctx.libraryInputs = library;
    analyzePython(ctx, tree.topNode);
    return { drafts, parseErrors: errors.map((e) => ({ line: lines.lineOf(e.from), message: 'invalid Python syntax' })) };
  }
  if (kind?.kind === 'code' || path.toLowerCase().endsWith('.json')) {
    // Most files of a tree hold nothing any rule looks for: they need no parse (js/markers.ts). A library's entry always has input.
    const library = isLibraryEntry(path, options);
    if (!library && !mayHaveFindings(lines.text)) return { drafts, parseErrors: [] };
    // An extension-less TypeScript script (`#!/usr/bin/env -S npx tsx`) is parsed as TypeScript.
    const parseAs = kind?.kind === 'code' && kind.language === 'typescript' && !/\.[^/]+$/.test(path) ? `${path}.ts` : path;
    const { sourceFile, errors } = parseScript(parseAs, lines.text, { parents: library || hasSourceMarkers(lines.text) });
    const ctx = scriptContext(path, lines, sourceFile, drafts, readModule);
    // A library's entry that exports no function (classes, constants) has no input of its own.
    ctx.libraryInputs = library && exportsApiFunction(sourceFile);
    if (library && !ctx.libraryInputs && !mayHaveFindings(lines.text)) return { drafts, parseErrors: errors };
    analyzeScript(ctx);
    return { drafts, parseErrors: errors };
  }
  if (kind?.kind === 'config' && !/\.(pem|key)$/i.test(path)) return { drafts: configLineDrafts(path, lines), parseErrors: [] };
  return { drafts, parseErrors: [] };
}

const SCRIPT_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.js', '/index.tsx', '/index.jsx'];

function scriptContext(
  path: string,
  lines: LineIndex,
  sourceFile: ts.SourceFile,
  drafts: DraftFinding[],
  readModule?: ReadModule,
  cache = new Map<string, ScriptContext | null>(),
  calls = new CallStack<ts.FunctionLikeDeclaration, ts.Node>(),
): ScriptContext {
  const modules = collectModuleBindings(sourceFile);
  const ctx: ScriptContext = {
    path,
    sourceFile,
    lines,
    modules,
    serverActions: hasUseServer(sourceFile.statements),
    webFramework: importsWebFramework(modules),
    drafts,
    functions: new Map(),
    constants: new Map(),
    classes: new Map(),
    instances: new Map(),
    calls,
  };
  if (!readModule) return ctx;
  ctx.readFile = readModule;
  ctx.importModule = (specifier) => {
    const base = posix.join(posix.dirname(path), specifier.replace(/\.(js|mjs|cjs|jsx)$/, ''));
    if (base.startsWith('..')) return undefined;
    const cached = cache.get(base);
    if (cached !== undefined) return cached ?? undefined;
    cache.set(base, null);
    for (const ext of SCRIPT_EXTENSIONS) {
      const candidate = `${base}${ext}`;
      if (fileKind(candidate)?.kind !== 'code' || candidate.endsWith('.py')) continue;
      const text = readModule(candidate);
      if (text === undefined) continue;
      const other = scriptContext(candidate, new LineIndex(text), parseScript(candidate, text).sourceFile, [], readModule, cache, calls);
      prepareScript(other);
      cache.set(base, other);
      return other;
    }
    return undefined;
  };
  return ctx;
}

function pythonContext(
  path: string,
  lines: LineIndex,
  top: SyntaxNode,
  drafts: DraftFinding[],
  readModule?: ReadModule,
  cache = new Map<string, PythonContext | null>(),
  calls = new CallStack<never, string>(),
): PythonContext {
  const modules = collectPythonImports(top, lines.text);
  const ctx: PythonContext = { path, lines, modules, webFramework: importsPythonWebFramework(modules), drafts, functions: new Map(), constants: new Map(), classes: new Map(), instances: new Map(), top, calls };
  if (!readModule) return ctx;
  ctx.readFile = readModule;
  ctx.importModule = (module) => {
    // "from .repo import f" → ".repo"; "from ..db import q" → "..db"
    const dots = /^\.+/.exec(module)?.[0].length ?? 0;
    if (dots === 0) return undefined;
    let dir = posix.dirname(path);
    for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
    const rest = module.slice(dots).split('.').filter(Boolean).join('/');
    const base = rest ? posix.join(dir, rest) : dir;
    if (base.startsWith('..')) return undefined;
    const cached = cache.get(base);
    if (cached !== undefined) return cached ?? undefined;
    cache.set(base, null);
    for (const candidate of [`${base}.py`, `${base}/__init__.py`]) {
      const text = readModule(candidate.replace(/^\.\//, ''));
      if (text === undefined) continue;
      const other = pythonContext(candidate.replace(/^\.\//, ''), new LineIndex(text), parsePython(text).tree.topNode, [], readModule, cache, calls);
      preparePython(other);
      cache.set(base, other);
      return other;
    }
    return undefined;
  };
  return ctx;
}
