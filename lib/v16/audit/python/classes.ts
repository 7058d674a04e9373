// Classes of the project, so a call to a method is followed like a call to a
// function (the counterpart of js/classes.ts): `Repo().find(x)`, `repo.find(x)`
// for `repo = Repo()`, `self.find(x)` and `self.repo.find(x)` inside a class,
// `Repo.find(x)` for static and class methods, in this module or one reached
// by a relative import (a class, or an instance it creates at module level).
//
// Which class a name holds is read from assignments (`x = Repo(…)`) and
// annotations (`x: Repo`), anywhere in the file; a name given two classes is
// left alone.

import { children, textOf, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

export interface ClassRef {
  ctx: FileContext;
  cls: SyntaxNode;
}

export interface MethodRef {
  fnCtx: FileContext;
  fn: SyntaxNode;
  /** "Repo.find", for traces. */
  name: string;
  /** The first parameter is the instance or the class (self, cls), not an argument of the call. */
  bound: boolean;
}

const MAX_INHERITANCE = 5;

/** Records a module-level statement's class or instance. */
export function collectClassStatement(ctx: FileContext, statement: SyntaxNode): void {
  const cls = statement.name === 'ClassDefinition' ? statement : statement.name === 'DecoratedStatement' ? statement.getChild('ClassDefinition') : null;
  const name = cls?.getChild('VariableName');
  if (cls && name) {
    ctx.classes.set(textOf(ctx, name), cls);
    return;
  }
  if (statement.name !== 'AssignStatement') return;
  const [target, op, value] = children(statement);
  const made = value && constructedClass(ctx, value);
  if (target?.name === 'VariableName' && op?.name === 'AssignOp' && made) ctx.instances.set(textOf(ctx, target), made);
}

/** `Repo(…)` → "Repo" (any call of a capitalised or known name; resolution decides whether it is a class). */
function constructedClass(ctx: FileContext, node: SyntaxNode): string | undefined {
  if (node.name !== 'CallExpression' || node.firstChild?.name !== 'VariableName') return undefined;
  return textOf(ctx, node.firstChild);
}

/** The method a call reaches, when its receiver is an instance, or the class, of a project class. */
export function resolveMethod(ctx: FileContext, call: SyntaxNode): MethodRef | undefined {
  const target = call.firstChild;
  const property = target?.name === 'MemberExpression' ? target.getChild('PropertyName') : null;
  if (!target || !property) return undefined;
  const receiver = target.firstChild!;
  const method = textOf(ctx, property);
  const instance = receiverClass(ctx, receiver, call);
  if (instance) return findMethod(instance, method, true, 0);
  // Repo.find(x): a static or class method, called on the class.
  if (receiver.name === 'VariableName') {
    const cls = resolveClass(ctx, textOf(ctx, receiver));
    if (cls) return findMethod(cls, method, false, 0);
  }
  return undefined;
}

/** Whether `call` may reach a method `resolveMethod` follows, without resolving imports (cheap). */
export function mayBeMethodCall(ctx: FileContext, call: SyntaxNode): boolean {
  const target = call.firstChild;
  if (target?.name !== 'MemberExpression' || !target.getChild('PropertyName')) return false;
  const receiver = target.firstChild!;
  if (receiver.name === 'CallExpression') return true;
  if (receiver.name === 'MemberExpression') return receiver.firstChild?.name === 'VariableName' && textOf(ctx, receiver.firstChild) === 'self';
  return receiver.name === 'VariableName';
}

/** The class `receiver` is an instance of. */
function receiverClass(ctx: FileContext, receiver: SyntaxNode, at: SyntaxNode): ClassRef | undefined {
  if (receiver.name === 'VariableName') {
    const name = textOf(ctx, receiver);
    if (name === 'self' || name === 'cls') {
      const cls = enclosingClass(at);
      return cls && { ctx, cls };
    }
    const className = ctx.instances.get(name) ?? localInstances(ctx).get(name);
    if (className && className !== name) {
      const cls = resolveClass(ctx, className);
      if (cls) return cls;
    }
    const imported = importedName(ctx, name);
    const instance = imported?.module.instances.get(imported.exported);
    return instance ? resolveClass(imported!.module, instance) : undefined;
  }
  if (receiver.name === 'CallExpression') {
    const made = constructedClass(ctx, receiver);
    return made ? resolveClass(ctx, made) : undefined;
  }
  if (receiver.name === 'MemberExpression' && receiver.firstChild?.name === 'VariableName' && textOf(ctx, receiver.firstChild) === 'self') {
    const property = receiver.getChild('PropertyName');
    const cls = property && enclosingClass(at);
    const className = cls && attributeClass(ctx, cls, textOf(ctx, property!));
    return className ? resolveClass(ctx, className) : undefined;
  }
  return undefined;
}

/** A class by the name it has in `ctx`: defined there, or imported from a relative module. */
export function resolveClass(ctx: FileContext, name: string): ClassRef | undefined {
  const local = ctx.classes.get(name);
  if (local) return { ctx, cls: local };
  const imported = importedName(ctx, name);
  const cls = imported?.module.classes.get(imported.exported);
  return imported && cls ? { ctx: imported.module, cls } : undefined;
}

/** `from .repo import X` → the module `.repo` and "X". */
function importedName(ctx: FileContext, name: string): { module: FileContext; exported: string } | undefined {
  const bound = ctx.modules.get(name);
  if (!bound?.startsWith('.') || !ctx.importModule) return undefined;
  const dot = bound.lastIndexOf('.');
  const module = ctx.importModule(bound.slice(0, dot) || '.');
  return module && { module, exported: bound.slice(dot + 1) };
}

function findMethod(owner: ClassRef, name: string, viaInstance: boolean, depth: number): MethodRef | undefined {
  const { ctx, cls } = owner;
  const body = cls.getChild('Body');
  for (const member of body ? children(body) : []) {
    const fn = member.name === 'FunctionDefinition' ? member : member.name === 'DecoratedStatement' ? member.getChild('FunctionDefinition') : null;
    const fnName = fn?.getChild('VariableName');
    if (!fn || !fnName || textOf(ctx, fnName) !== name) continue;
    const decorators = member.name === 'DecoratedStatement' ? member.getChildren('Decorator').map((d) => textOf(ctx, d).trim()) : [];
    const isStatic = decorators.includes('@staticmethod');
    const isClassMethod = decorators.includes('@classmethod');
    // A plain method called on the class gets its instance as the first argument.
    const bound = !isStatic && (viaInstance || isClassMethod);
    return { fnCtx: ctx, fn, name: `${className(ctx, cls)}.${name}`, bound };
  }
  const base = cls.getChild('ArgList')?.getChild('VariableName');
  if (!base || depth >= MAX_INHERITANCE) return undefined;
  const parent = resolveClass(ctx, textOf(ctx, base));
  return parent && findMethod(parent, name, viaInstance, depth + 1);
}

function className(ctx: FileContext, cls: SyntaxNode): string {
  const name = cls.getChild('VariableName');
  return name ? textOf(ctx, name) : 'class';
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.name === 'ClassDefinition') return n;
  return undefined;
}

/** `self.repo = Repo(…)` in a method, `repo = Repo()` or `repo: Repo` in the class body. */
function attributeClass(ctx: FileContext, cls: SyntaxNode, attribute: string): string | undefined {
  const found = new Set<string>();
  const walk = (node: SyntaxNode): void => {
    if (node.name === 'AssignStatement') {
      const [target, second, third] = children(node);
      const value = second?.name === 'AssignOp' ? third : undefined;
      const selfAttribute = target?.name === 'MemberExpression' && target.firstChild?.name === 'VariableName' && textOf(ctx, target.firstChild) === 'self' && target.getChild('PropertyName') !== null && textOf(ctx, target.getChild('PropertyName')!) === attribute;
      const classAttribute = target?.name === 'VariableName' && textOf(ctx, target) === attribute && node.parent?.parent === cls;
      if (selfAttribute || classAttribute) {
        const made = value && constructedClass(ctx, value);
        const annotation = second?.name === 'TypeDef' ? textOf(ctx, second).replace(/^:\s*/, '') : undefined;
        const name = made ?? (annotation && /^\w+$/.test(annotation) ? annotation : undefined);
        if (name) found.add(name);
      }
    }
    for (const child of children(node)) if (child.name !== 'ClassDefinition') walk(child);
  };
  const body = cls.getChild('Body');
  if (body) walk(body);
  return found.size === 1 ? [...found][0] : undefined;
}

/** Names given one class anywhere in the module (`repo = Repo()`, `repo: Repo`, parameters included), read once. */
function localInstances(ctx: FileContext): ReadonlyMap<string, string> {
  if (ctx.localInstances) return ctx.localInstances;
  const seen = new Map<string, string | null>();
  const note = (name: string, cls: string | undefined) => {
    if (!cls) return;
    const before = seen.get(name);
    seen.set(name, before === undefined || before === cls ? cls : null);
  };
  const cursor = ctx.top.cursor();
  do {
    if (cursor.name === 'AssignStatement') {
      const [target, op, value] = children(cursor.node);
      if (target?.name === 'VariableName' && op?.name === 'AssignOp' && value) note(textOf(ctx, target), constructedClass(ctx, value));
    } else if (cursor.name === 'ParamList') {
      const kids = children(cursor.node);
      kids.forEach((kid, i) => {
        const annotation = kids[i + 1]?.name === 'TypeDef' ? textOf(ctx, kids[i + 1]).replace(/^:\s*/, '') : undefined;
        if (kid.name === 'VariableName' && annotation && /^\w+$/.test(annotation)) note(textOf(ctx, kid), annotation);
      });
    }
  } while (cursor.next());
  const found = new Map<string, string>();
  for (const [name, cls] of seen) if (cls) found.set(name, cls);
  ctx.localInstances = found;
  return found;
}
