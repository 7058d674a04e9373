// Small helpers over @lezer/python's concrete syntax tree, and the facts
// about one Python file the analyzer's parts share.

import type { Fact } from '../../audit/taint/guards';
import type { CallStack } from '../../audit/taint/call-stack';
import type { Scope } from '../../audit/taint/scope';
import { parser } from '@lezer/python';
import type { TraceStep } from '../../types';
import type { DraftFinding } from '../../audit/finding';
import type { Taint } from '../../audit/taint/taint';
import type { LineIndex } from '../../audit/source-text';
import type { ModuleBindings } from './modules';

type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree['topNode'];

export interface FileContext {
  path: string;
  lines: LineIndex;
  modules: ModuleBindings;
  /** The file imports a web framework, so `request` is almost surely the incoming HTTP request. */
  webFramework: boolean;
  /** The repository is a library: its public functions' arguments are input (app-kind.ts). Only the audited file's own. */
  libraryInputs?: boolean;
  drafts: DraftFinding[];
  /** Module-level functions by name: calls into them are analyzed with the caller's taint. */
  functions: Map<string, SyntaxNode>;
  /** Module-level names assigned a literal exactly once (`DEBUG = False`). */
  constants: Map<string, unknown>;
  /** Module-level classes by name: calls to their methods are followed (classes.ts). */
  classes: Map<string, SyntaxNode>;
  /** Module-level names assigned a call (`repo = Repo()`) → the called name, a class if it resolves to one. */
  instances: Map<string, string>;
  /** Names given one class anywhere in the module, computed on first need (classes.ts). */
  localInstances?: ReadonlyMap<string, string>;
  top: SyntaxNode;
  /** The project calls the audit is inside, shared by the module contexts it opens (audit/taint/call-stack.ts); keyed by file and offset. */
  calls: CallStack<never, string>;
  /** Another module of the component, by relative module name (".repo"). */
  importModule?: (module: string) => FileContext | undefined;
  /** Any file of the component by its path from the snapshot root (templates a view renders). */
  readFile?: (path: string) => string | undefined;
  /** Analyzes a call into a project function with the caller's argument taints; set by the analyzer. */
  callProject?: (call: SyntaxNode, args: { positional: (Taint | undefined)[]; keywords: Map<string, Taint | undefined> }) => { taint: Taint | undefined } | undefined;
  /** What a condition having a value proves (allow-lists, containment); set by the analyzer, read by `a if c else b`. */
  factsWhen?: (scope: Scope, condition: SyntaxNode, outcome: boolean) => Fact[];
}

export function parsePython(text: string): { tree: Tree; errors: { from: number }[] } {
  const tree = parser.parse(text);
  const errors: { from: number }[] = [];
  tree.iterate({
    enter: (node) => {
      // @lezer/python 1.1 flags a bare `yield` (valid Python) with an error node; the tree around it is intact.
      if (node.type.isError && !/\byield\s*$/.test(text.slice(Math.max(0, node.from - 16), node.from))) errors.push({ from: node.from });
    },
  });
  return { tree, errors };
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  if (cursor.firstChild()) {
    do out.push(cursor.node);
    while (cursor.nextSibling());
  }
  return out;
}

export function textOf(ctx: FileContext, node: SyntaxNode): string {
  return ctx.lines.text.slice(node.from, node.to);
}

export function locate(ctx: FileContext, node: SyntaxNode): { path: string; line: number } {
  return { path: ctx.path, line: ctx.lines.lineOf(node.from) };
}

export function stepAt(ctx: FileContext, node: SyntaxNode, note: string): TraceStep {
  return { ...locate(ctx, node), note };
}

// Node names are capitalised for syntax, lowercase or symbols for keywords
// and punctuation; these capitalised ones are not values either.
const NOT_VALUES = new Set(['AssignOp', 'ArithOp', 'CompareOp', 'UpdateOp', 'TypeDef', 'FormatConversion', 'FormatSpec', 'Comment']);

export function isExpression(node: SyntaxNode): boolean {
  return /^[A-Z]/.test(node.name) && !NOT_VALUES.has(node.name);
}

/** Strips parentheses: `(x)` → x. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  while (node.name === 'ParenthesizedExpression') {
    const inner = children(node).find(isExpression);
    if (!inner) break;
    node = inner;
  }
  return node;
}

/**
 * The raw text between a string literal's quotes (prefixes like r/b/u
 * dropped; escapes kept, so masking finds it verbatim in the source), or
 * undefined for f-strings and anything else.
 */
export function stringBody(ctx: FileContext, node: SyntaxNode): string | undefined {
  const range = stringBodyRange(ctx, node);
  return range && ctx.lines.text.slice(range.start, range.end);
}

/** Where stringBody's text is in the file (offsets), for findings that point at the literal itself. */
export function stringBodyRange(ctx: FileContext, node: SyntaxNode): { start: number; end: number } | undefined {
  if (node.name !== 'String') return undefined;
  const raw = textOf(ctx, node);
  const prefix = /^[rRbBuU]*/.exec(raw)![0].length;
  const quote = raw.startsWith('"""', prefix) || raw.startsWith("'''", prefix) ? 3 : 1;
  return { start: node.from + prefix + quote, end: node.to - quote };
}

export interface CallArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
}

/** `f(a, *rest, key=value, **kw)`: spreads count as positional, they may hold anything. */
export function callArgs(ctx: FileContext, call: SyntaxNode): CallArgs {
  const list = call.getChild('ArgList');
  const args: CallArgs = { positional: [], keywords: new Map() };
  if (!list) return args;
  const kids = children(list);
  for (let i = 0; i < kids.length; i++) {
    const node = kids[i];
    if (node.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp' && kids[i + 2]) {
      args.keywords.set(textOf(ctx, node), kids[i + 2]);
      i += 2;
    } else if (isExpression(node)) {
      args.positional.push(node);
    }
  }
  return args;
}

export function allArgs(args: CallArgs): SyntaxNode[] {
  return [...args.positional, ...args.keywords.values()];
}
