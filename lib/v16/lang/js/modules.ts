// Resolves what a call targets ("child_process.exec", "fs.readFile",
// "db.query") from the file's imports and requires, so `exec` from
// child_process and `/re/.exec()` are not confused.

import ts from 'typescript';

/** A local name bound to a module (`fs`) or one of its exports (`child_process.exec`). */
export type ModuleBindings = ReadonlyMap<string, string>;

export interface Callee {
  /** Dotted name with imports resolved: "child_process.exec", "path.basename", "db.query", "eval". */
  qualified?: string;
  /** The called property or function name: "exec", "query". */
  name: string;
  /** The object a method is called on. */
  receiver?: ts.Expression;
}

/** "node:fs/promises" → "fs", "fs-extra" → "fs": same sinks, same names. */
function normalizeModule(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  if (bare === 'fs/promises' || bare === 'fs-extra' || bare === 'graceful-fs') return 'fs';
  if (bare === 'path/posix' || bare === 'path/win32') return 'path';
  return bare;
}

/**
 * Imports and top-level requires. Only top-level statements are read, so the
 * analysis pass stays the one walk over the tree; a require inside a function
 * still resolves by its own name (`child_process.exec`), just not by an alias.
 */
export function collectModuleBindings(sourceFile: ts.SourceFile): ModuleBindings {
  const bindings = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      addImport(bindings, normalizeModule(statement.moduleSpecifier.text), statement.importClause);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const target = decl.initializer && requiredName(decl.initializer, bindings);
        if (target) bindPattern(bindings, decl.name, target);
      }
    }
  }
  return bindings;
}

function addImport(bindings: Map<string, string>, module: string, clause: ts.ImportClause | undefined): void {
  if (!clause) return;
  if (clause.name) bindings.set(clause.name.text, module);
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, module);
  if (named && ts.isNamedImports(named)) {
    for (const el of named.elements) {
      const imported = (el.propertyName ?? el.name).text;
      bindings.set(el.name.text, imported === 'default' ? module : joinName(module, imported));
    }
  }
}

/** `require('fs')`, `require('fs').promises`, `util.promisify(exec)` → the module path they denote. */
function requiredName(expr: ts.Expression, bindings: ModuleBindings): string | undefined {
  expr = unwrap(expr);
  if (ts.isCallExpression(expr)) {
    const [arg] = expr.arguments;
    if (ts.isIdentifier(expr.expression) && expr.expression.text === 'require' && arg && ts.isStringLiteralLike(arg)) {
      return normalizeModule(arg.text);
    }
    const callee = qualifiedName(expr.expression, bindings);
    // promisify keeps the sink: `promisify(exec)(cmd)` still runs a shell.
    if ((callee === 'util.promisify' || callee === 'promisify') && arg) return qualifiedName(arg, bindings);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const base = requiredName(expr.expression, bindings);
    return base && joinName(base, expr.name.text);
  }
  return undefined;
}

function bindPattern(bindings: Map<string, string>, name: ts.BindingName, target: string): void {
  if (ts.isIdentifier(name)) {
    bindings.set(name.text, target);
    return;
  }
  if (!ts.isObjectBindingPattern(name)) return;
  for (const el of name.elements) {
    const key = el.propertyName ?? el.name;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key)) bindPattern(bindings, el.name, joinName(target, key.text));
  }
}

/** `fs.promises.readFile` reaches the same sink as `fs.readFile`. */
function joinName(base: string, member: string): string {
  return base === 'fs' && member === 'promises' ? 'fs' : `${base}.${member}`;
}

export function unwrap(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isTypeAssertionExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isAwaitExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

/** Dotted name of an identifier / property chain with its root resolved through imports. */
function qualifiedName(expr: ts.Expression, bindings: ModuleBindings): string | undefined {
  expr = unwrap(expr);
  if (ts.isIdentifier(expr)) return bindings.get(expr.text) ?? expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(expr)) {
    // qualifiedName already falls back to requiredName for calls (and requiredName finds nothing
    // where qualifiedName does not): asking both again here made `a().b().c()…` chains exponential.
    const base = qualifiedName(expr.expression, bindings);
    return base && joinName(base, expr.name.text);
  }
  if (ts.isCallExpression(expr)) return requiredName(expr, bindings);
  return undefined;
}

/** A call is resolved several times per pass (sinks, taint, patterns); the answer never changes. */
const resolved = new WeakMap<ts.Node, Callee>();

export function resolveCallee(call: ts.CallExpression | ts.NewExpression, bindings: ModuleBindings): Callee {
  let callee = resolved.get(call);
  if (!callee) resolved.set(call, (callee = resolveUncached(call, bindings)));
  return callee;
}

function resolveUncached(call: ts.CallExpression | ts.NewExpression, bindings: ModuleBindings): Callee {
  const target = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(target)) {
    return { qualified: qualifiedName(target, bindings), name: target.name.text, receiver: target.expression };
  }
  if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) {
    const base = qualifiedName(target.expression, bindings);
    const name = target.argumentExpression.text;
    return { qualified: base && joinName(base, name), name, receiver: target.expression };
  }
  const qualified = qualifiedName(target, bindings);
  return { qualified, name: qualified?.split('.').pop() ?? '' };
}

/**
 * An identifier's value when it is a `const` of an enclosing block or of the
 * module (followed through consts of consts); any other expression as it is;
 * undefined for a name bound otherwise. Needs parent pointers up from `expr`.
 */
export function constValue(expr: ts.Expression, depth = 0): ts.Expression | undefined {
  const e = unwrap(expr);
  if (!ts.isIdentifier(e) || depth > 4) return e;
  for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
    const statements = ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) ? n.statements : undefined;
    if (!statements) continue;
    for (const s of statements) {
      if (!ts.isVariableStatement(s) || (s.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === e.text) return d.initializer && constValue(d.initializer, depth + 1);
      }
    }
  }
  return undefined;
}
