// Resolves what a Python call targets ("os.system", "subprocess.run",
// "hashlib.md5") through the file's imports, whatever they are aliased to.

import { children, textOf, type FileContext, type SyntaxNode } from './syntax';

/** A local name → the dotted module path it stands for. */
export type ModuleBindings = ReadonlyMap<string, string>;

export interface Callee {
  /** "os.system", "cursor.execute", "eval". */
  qualified?: string;
  name: string;
  receiver?: SyntaxNode;
}

/**
 * Module-level imports, including those guarded by try/if (`try: import
 * ujson as json`). Function-local imports are left to resolve by their own
 * name, which keeps this to a glance at the top level rather than a walk.
 */
export function collectModuleBindings(top: SyntaxNode, text: string): ModuleBindings {
  const bindings = new Map<string, string>();
  for (const s of children(top)) {
    if (s.name === 'ImportStatement') addImport(bindings, s, text);
    else if (s.name === 'TryStatement' || s.name === 'IfStatement') {
      // `try: from secrets import randbits` / `except ImportError: from random import …`:
      // the first branch is what normally runs; a fallback binds only what it left unbound.
      s.getChildren('Body').forEach((body, i) => {
        for (const statement of children(body)) {
          if (statement.name !== 'ImportStatement') continue;
          if (i === 0) addImport(bindings, statement, text);
          else {
            const fallback = new Map<string, string>();
            addImport(fallback, statement, text);
            for (const [name, target] of fallback) if (!bindings.has(name)) bindings.set(name, target);
          }
        }
      });
    }
  }
  return bindings;
}

// `import a.b as c, d` / `from .m import (x as y, z)`: read as a token list.
function addImport(bindings: Map<string, string>, node: SyntaxNode, text: string): void {
  const tokens = children(node).map((n) => ({ name: n.name, text: text.slice(n.from, n.to) }));
  let i = 0;
  let from: string | undefined;
  if (tokens[0]?.name === 'from') {
    from = '';
    for (i = 1; i < tokens.length && tokens[i].name !== 'import'; i++) from += tokens[i].text;
  }
  i++;
  while (i < tokens.length) {
    let dotted = '';
    while (i < tokens.length && (tokens[i].name === 'VariableName' || tokens[i].name === '.')) dotted += tokens[i++].text;
    let alias: string | undefined;
    if (tokens[i]?.name === 'as') {
      alias = tokens[i + 1]?.text;
      i += 2;
    }
    if (dotted) {
      if (from !== undefined) bindings.set(alias ?? dotted, joinModule(from, dotted));
      else bindings.set(alias ?? dotted.split('.')[0], alias ? dotted : dotted.split('.')[0]);
    }
    i++;
  }
}

function joinModule(from: string, name: string): string {
  return from.endsWith('.') ? `${from}${name}` : `${from}.${name}`;
}

/** Dotted name of a name / attribute chain with its root resolved through imports. */
export function qualifiedName(ctx: FileContext, node: SyntaxNode): string | undefined {
  if (node.name === 'VariableName') {
    const name = textOf(ctx, node);
    return ctx.modules.get(name) ?? name;
  }
  if (node.name === 'MemberExpression') {
    const property = node.getChild('PropertyName');
    const object = node.firstChild;
    if (!property || !object) return undefined;
    const base = qualifiedName(ctx, object);
    return base && `${base}.${textOf(ctx, property)}`;
  }
  return undefined;
}

export function resolveCallee(ctx: FileContext, call: SyntaxNode): Callee {
  const target = call.firstChild!;
  if (target.name === 'MemberExpression') {
    const property = target.getChild('PropertyName');
    if (property) return { qualified: qualifiedName(ctx, target), name: textOf(ctx, property), receiver: target.firstChild! };
  }
  const qualified = qualifiedName(ctx, target);
  return { qualified, name: qualified?.split('.').pop() ?? '' };
}
