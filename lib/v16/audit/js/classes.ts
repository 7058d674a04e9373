// Classes of the project, so a call to a method is followed like a call to a
// function: `new Repo().find(x)`, `repo.find(x)` for `const repo = new
// Repo()` or `repo: Repo`, `this.find(x)` and `this.repo.find(x)` inside a
// class, `Repo.find(x)` for a static method, in this file or in a module
// reached by a relative import (a class, or an instance it exports).
//
// Which class a name holds is read from declarations, not from the flow:
// `new C(…)` initializers and type annotations, anywhere in the file. A
// name given two different classes in one file is left alone.

import ts from 'typescript';
import type { FileContext } from './context';
import { unwrap } from '../../lang/js/modules';

export interface ClassRef {
  /** The file the class is declared in. */
  ctx: FileContext;
  cls: ts.ClassLikeDeclaration;
}

export interface MethodRef {
  fnCtx: FileContext;
  fn: ts.FunctionLikeDeclaration;
  /** "Repo.find", for traces. */
  name: string;
}

/** How many `extends` links a method is looked up through. */
const MAX_INHERITANCE = 5;

/** Records a top-level statement's classes, instances and exported aliases; `finishDeclarations` resolves the aliases. */
export function collectClassStatement(ctx: FileContext, statement: ts.Statement, aliases: [exported: string, local: ts.Expression][]): void {
  if (ts.isClassDeclaration(statement)) {
    if (statement.name) ctx.classes.set(statement.name.text, statement);
    if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) ctx.classes.set('default', statement);
  } else if (ts.isVariableStatement(statement)) {
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const init = unwrap(decl.initializer);
      if (ts.isClassExpression(init)) ctx.classes.set(decl.name.text, init);
      const made = constructedClass(init);
      if (made) ctx.instances.set(decl.name.text, made);
    }
  } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
    aliases.push(['default', statement.expression]);
  } else if (ts.isExpressionStatement(statement)) {
    // module.exports = X, module.exports = { a, b: c }, exports.a = X, module.exports.a = X
    const e = statement.expression;
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = exportTarget(e.left);
    if (target === 'module') {
      const value = unwrap(e.right);
      if (ts.isObjectLiteralExpression(value)) {
        for (const p of value.properties) {
          if (ts.isShorthandPropertyAssignment(p)) aliases.push([p.name.text, p.name]);
          else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) aliases.push([p.name.text, p.initializer]);
        }
      } else {
        aliases.push(['default', value]);
      }
    } else if (target !== undefined) {
      aliases.push([target, e.right]);
    }
  }
}

/** `module.exports` → 'module'; `exports.a` / `module.exports.a` → 'a'. */
function exportTarget(left: ts.Expression): string | undefined {
  const l = unwrap(left);
  if (!ts.isPropertyAccessExpression(l)) return undefined;
  const base = unwrap(l.expression);
  if (ts.isIdentifier(base) && base.text === 'module' && l.name.text === 'exports') return 'module';
  if (ts.isIdentifier(base) && base.text === 'exports') return l.name.text;
  if (ts.isPropertyAccessExpression(base) && ts.isIdentifier(base.expression) && base.expression.text === 'module' && base.name.text === 'exports') return l.name.text;
  return undefined;
}

/** Exports under another name (`export default repo`, `module.exports = Repo`) for functions, classes and instances. */
export function finishDeclarations(ctx: FileContext, aliases: readonly [string, ts.Expression][]): void {
  for (const [exported, local] of aliases) {
    const value = unwrap(local);
    if (ts.isIdentifier(value)) {
      const fn = ctx.functions.get(value.text);
      const cls = ctx.classes.get(value.text);
      const instance = ctx.instances.get(value.text);
      if (fn && !ctx.functions.has(exported)) ctx.functions.set(exported, fn);
      if (cls && !ctx.classes.has(exported)) ctx.classes.set(exported, cls);
      if (instance && !ctx.instances.has(exported)) ctx.instances.set(exported, instance);
    } else if (ts.isClassExpression(value)) {
      if (!ctx.classes.has(exported)) ctx.classes.set(exported, value);
    } else if ((ts.isFunctionExpression(value) || ts.isArrowFunction(value)) && !ctx.functions.has(exported)) {
      ctx.functions.set(exported, value);
    } else {
      const made = constructedClass(value);
      if (made && !ctx.instances.has(exported)) ctx.instances.set(exported, made);
    }
  }
}

/** `new Repo(…)` → "Repo". */
function constructedClass(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  return ts.isNewExpression(x) && ts.isIdentifier(x.expression) ? x.expression.text : undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** The method a call reaches, when its receiver is an instance (or, for static methods, the class) of a project class. */
export function resolveMethod(ctx: FileContext, call: ts.CallExpression | ts.NewExpression): MethodRef | undefined {
  if (resolved.has(call)) return resolved.get(call);
  const method = resolveUncached(ctx, call);
  resolved.set(call, method);
  return method;
}

/** A call is resolved for the sink check and again when followed; the answer never changes. */
const resolved = new WeakMap<ts.Node, MethodRef | undefined>();

function resolveUncached(ctx: FileContext, call: ts.CallExpression | ts.NewExpression): MethodRef | undefined {
  const target = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(target) && !(ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression))) return undefined;
  const method = ts.isPropertyAccessExpression(target) ? target.name.text : (target.argumentExpression as ts.StringLiteralLike).text;
  const owner = receiverClass(ctx, target.expression, call);
  return owner && findMethod(owner, method, 0);
}

/** Whether `call` may be a method call `resolveMethod` follows, without resolving imports (cheap). */
export function mayBeMethodCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const target = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(target)) return false;
  const receiver = unwrap(target.expression);
  return (
    receiver.kind === ts.SyntaxKind.ThisKeyword ||
    ts.isIdentifier(receiver) ||
    ts.isNewExpression(receiver) ||
    (ts.isPropertyAccessExpression(receiver) && unwrap(receiver.expression).kind === ts.SyntaxKind.ThisKeyword)
  );
}

function receiverClass(ctx: FileContext, expr: ts.Expression, at: ts.Node): ClassRef | undefined {
  const e = unwrap(expr);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(at);
    return cls && { ctx, cls };
  }
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) ? resolveClass(ctx, e.expression.text) : undefined;
  if (ts.isIdentifier(e)) {
    // A class itself (static methods), then an instance: of this file, of this function, or exported by another module.
    const named = resolveClass(ctx, e.text);
    if (named) return named;
    const className = ctx.instances.get(e.text) ?? localInstances(ctx).get(e.text);
    if (className) return resolveClass(ctx, className);
    const imported = importedName(ctx, e.text);
    const instance = imported && imported.module.instances.get(imported.exported);
    return instance ? resolveClass(imported!.module, instance) : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && unwrap(e.expression).kind === ts.SyntaxKind.ThisKeyword) {
    // this.repo.find(x): the class of the property, from its declaration or the constructor.
    const cls = enclosingClass(at);
    const className = cls && propertyClass(cls, e.name.text);
    return className ? resolveClass(ctx, className) : undefined;
  }
  return undefined;
}

/** A class by the name it has in `ctx`: declared there, or imported from a relative module. */
export function resolveClass(ctx: FileContext, name: string): ClassRef | undefined {
  const local = ctx.classes.get(name);
  if (local) return { ctx, cls: local };
  const imported = importedName(ctx, name);
  const cls = imported?.module.classes.get(imported.exported);
  return imported && cls ? { ctx: imported.module, cls } : undefined;
}

/** The module and export a local name is imported as, for relative imports the component holds. */
export function importedName(ctx: FileContext, name: string): { module: FileContext; exported: string } | undefined {
  const bound = ctx.modules.get(name);
  if (!bound?.startsWith('.') || !ctx.importModule) return undefined;
  // `import X from './m'` / `const X = require('./m')` bind the module itself; `import { a } from './m'` binds './m.a'.
  const whole = ctx.importModule(bound);
  if (whole) return { module: whole, exported: 'default' };
  const dot = bound.lastIndexOf('.');
  const module = dot > 0 ? ctx.importModule(bound.slice(0, dot)) : undefined;
  return module && { module, exported: bound.slice(dot + 1) };
}

function findMethod(owner: ClassRef, name: string, depth: number): MethodRef | undefined {
  for (const member of owner.cls.members) {
    if (!member.name || memberName(member.name) !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body) return { fnCtx: owner.ctx, fn: member, name: `${className(owner.cls)}.${name}` };
    // find = (id) => …
    const init = ts.isPropertyDeclaration(member) && member.initializer && unwrap(member.initializer);
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return { fnCtx: owner.ctx, fn: init, name: `${className(owner.cls)}.${name}` };
  }
  const base = owner.cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || !ts.isIdentifier(base) || depth >= MAX_INHERITANCE) return undefined;
  const parent = resolveClass(owner.ctx, base.text);
  return parent && findMethod(parent, name, depth + 1);
}

function memberName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function className(cls: ts.ClassLikeDeclaration): string {
  return cls.name?.text ?? 'default';
}

/** The class whose instance `this` is at `node`: through arrow functions, not through other functions. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) {
      // A function expression that is a class member's value still sees the instance.
      if (!(ts.isFunctionExpression(n) && ts.isPropertyDeclaration(n.parent))) return undefined;
    }
  }
  return undefined;
}

/** `repo: Repo`, `repo = new Repo()`, `constructor(private repo: Repo)`, `this.repo = new Repo()` in the constructor. */
function propertyClass(cls: ts.ClassLikeDeclaration, name: string): string | undefined {
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.name && memberName(member.name) === name) {
      return typeName(member.type) ?? (member.initializer && constructedClass(member.initializer));
    }
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const param of member.parameters) {
      if (ts.isIdentifier(param.name) && param.name.text === name && ts.getModifiers(param)?.length) return typeName(param.type);
    }
    const body = member.body;
    for (const statement of body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== name) continue;
      const made = constructedClass(right);
      if (made) return made;
      // this.repo = repo, with the constructor's `repo: Repo`
      const value = unwrap(right);
      const param = ts.isIdentifier(value) ? member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === value.text) : undefined;
      if (param) return typeName(param.type);
    }
  }
  return undefined;
}

/** `Repo` of a type annotation `: Repo` (not generics, unions or qualified names). */
function typeName(type: ts.TypeNode | undefined): string | undefined {
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments ? type.typeName.text : undefined;
}

/**
 * Names given one class anywhere in the file (`const repo = new Repo()`,
 * `repo: Repo`, parameters included), read once per file on first need.
 */
function localInstances(ctx: FileContext): ReadonlyMap<string, string> {
  if (ctx.localInstances) return ctx.localInstances;
  const seen = new Map<string, string | null>();
  const note = (name: string, cls: string | undefined) => {
    if (!cls) return;
    const before = seen.get(name);
    seen.set(name, before === undefined || before === cls ? cls : null);
  };
  const walk = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name)) {
      note(node.name.text, typeName(node.type) ?? (node.initializer && constructedClass(node.initializer)));
    }
    ts.forEachChild(node, walk);
  };
  walk(ctx.sourceFile);
  const found = new Map<string, string>();
  for (const [name, cls] of seen) if (cls) found.set(name, cls);
  ctx.localInstances = found;
  return found;
}
