// One pass over a Python file, the counterpart of the JavaScript analyzer:
// statements in order per function update the bindings; every call is
// checked against the sinks and the non-flow rules as it is met.

import { randomBindingDetail, taintDraft } from '../finding';
import { shorten } from '../source-text';
import { TaintEnv } from '../taint/env';
import { branches, fallThrough, type Branch, type Scope } from '../taint/scope';
import { BOUNDED, CONTAINED, NOT_DENIED, NO_TRAVERSAL, TRAVERSAL_MARKERS, applyFacts, boundsLength, isContainmentCheckName, isDenyList, type Fact } from '../taint/guards';
import { addStep, isWeakRandom, reaches, type Taint } from '../taint/taint';
import { followProjectCall, mayCallProject, resolveProjectFunction, type ProjectCallSyntax } from '../taint/project-calls';
import { AssertionCollector, assertedKey, type Assertion } from '../taint/assertions';
import { isSecurityName } from '../patterns';
import { checkSecretBinding, checkWeakPasswordHash } from './checks';
import { collectClassStatement, mayBeMethodCall, resolveMethod } from './classes';
import { checkKeySetting } from './key-uses';
import { checkPatternAssignment, checkPatternCall, checkRouteDecorators } from './patterns';
import { sanitize } from '../taint/taint';
import { DICT_KEY, pathKey, taintOf } from './evaluate';
import { foldConstant, literalConstant } from './fold';
import { qualifiedName, resolveCallee, type Callee } from '../../lang/python/modules';
import { renderDrafts } from '../templates';
import { MUTATING_METHODS } from './propagation';
import { matchSinks } from './sinks';
import { functionInputs, isRequestObject, isRouteDecorator, paramSource, parametersOf } from './sources';
import { allArgs, callArgs, children, isExpression, stepAt, stringBody, textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

const REQUEST_PARAMS = new Set(['request', 'req']);
/** Calls that never return normally: a branch ending in one does not reach the join. */
const ABORTS = new Set(['abort', 'flask.abort', 'sys.exit', 'exit']);

export function analyzePython(ctx: FileContext, top: SyntaxNode): void {
  preparePython(ctx);
  // Python's request object is recognised by name (see sources.ts), not tracked per scope.
  visit(ctx, { env: TaintEnv.root(), requestObjects: new Map() }, top);
}

/** Makes a module ready to be called into: its functions and constants known, project calls followed. */
export function preparePython(ctx: FileContext): void {
  collectConstants(ctx, ctx.top);
  for (const statement of children(ctx.top)) {
    const fn = statement.name === 'FunctionDefinition' ? statement : statement.name === 'DecoratedStatement' ? statement.getChild('FunctionDefinition') : null;
    const name = fn?.getChild('VariableName');
    if (fn && name) ctx.functions.set(textOf(ctx, name), fn);
    else collectClassStatement(ctx, statement);
  }
  ctx.callProject = (call, args) => callProject(ctx, call, args);
  ctx.factsWhen = (scope, condition, outcome) => factsWhen(ctx, scope, condition, outcome);
}

/** How Python calls reach the project's functions, for the shared driver (taint/project-calls.ts). */
const PROJECT_CALLS: ProjectCallSyntax<FileContext, SyntaxNode, SyntaxNode> = {
  callee(ctx, call) {
    const target = call.firstChild!;
    if (target.name === 'VariableName') return { name: textOf(ctx, target) };
    const property = target.name === 'MemberExpression' && target.firstChild?.name === 'VariableName' ? target.getChild('PropertyName') : null;
    return property ? { name: textOf(ctx, target.firstChild!), member: textOf(ctx, property) } : undefined;
  },
  // `from .repo import find` binds find to '.repo.find'; `from . import find` to '.find' (module '.').
  importedFunction: (_ctx, bound) => [bound.slice(0, bound.lastIndexOf('.')) || '.', bound.slice(bound.lastIndexOf('.') + 1)],
  resolveMethod,
  methodReceiver(ctx, call) {
    if (!mayBeMethodCall(ctx, call)) return undefined;
    const receiver = call.firstChild!.firstChild!;
    const name = receiver.name === 'VariableName' ? textOf(ctx, receiver) : undefined;
    return name === 'self' || name === 'cls' ? 'self' : 'other';
  },
  site: (ctx, call) => ({ start: call.from, end: call.to, code: textOf(ctx, call) }),
  // Lezer's nodes are made anew on each visit: a function is known by its file and offset.
  key: (target) => `${target.fnCtx.path}:${target.fn.from}`,
  walked: () => undefined,
};

const projectCallCache = new WeakMap<object, { key: (Taint | undefined)[]; taint: Taint | undefined }>();

/** A module-level function of this file or of a relative import, or a method, analyzed with the caller's argument taints. */
function callProject(ctx: FileContext, call: SyntaxNode, args: { positional: (Taint | undefined)[]; keywords: Map<string, Taint | undefined> }): { taint: Taint | undefined } | undefined {
  const target = resolveProjectFunction(PROJECT_CALLS, ctx, call);
  if (!target) return undefined;
  const { fnCtx, fn, name, bound } = target;
  const key = [...args.positional, ...args.keywords.values()];
  const cached = projectCallCache.get(call);
  if (cached && cached.key.length === key.length && cached.key.every((t, i) => t === key[i])) return { taint: cached.taint };
  const step = (t: Taint | undefined) => t && addStep(t, stepAt(ctx, call, `passed to ${name}()`));
  // Flask's `request` is a module global: a function given nothing tainted may still return input, so it is entered anyway.
  const taint = followProjectCall(PROJECT_CALLS, ctx, call, target, () => {
    const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map(), returns: [] };
    // A method's first parameter (self, cls) is not one of the call's arguments.
    parametersOf(fnCtx, fn).slice(bound ? 1 : 0).forEach((param, i) => {
      const taint = args.keywords.has(param.name) ? args.keywords.get(param.name) : args.positional[i];
      scope.env.set(param.name, step(taint));
    });
    const body = fn.getChild('Body');
    if (body) visit(fnCtx, scope, body);
    return scope.returns!;
  });
  projectCallCache.set(call, { key, taint });
  return { taint };
}

/** Module-level names bound exactly once to a literal (`DEBUG_SQL = False`): conditions on them are decided. */
function collectConstants(ctx: FileContext, top: SyntaxNode): void {
  const counts = new Map<string, number>();
  for (const statement of children(top)) {
    if (statement.name !== 'AssignStatement') continue;
    const [target, op, value] = children(statement);
    if (target?.name !== 'VariableName' || op?.name !== 'AssignOp' || !value) continue;
    const name = textOf(ctx, target);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const literal = literalConstant(textOf(ctx, value));
    if (literal !== undefined) ctx.constants.set(name, literal);
  }
  for (const [name, n] of counts) if (n > 1) ctx.constants.delete(name);
}

/** Whether a condition is always true or always false (fold.ts): literals, constants, arithmetic and comparisons of them. */
function constantTruth(ctx: FileContext, node: SyntaxNode): boolean | undefined {
  const folded = foldConstant(ctx, node);
  return folded === undefined ? undefined : Boolean(folded);
}

function visit(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  switch (node.name) {
    case 'FunctionDefinition':
      return enterFunction(ctx, scope, node, []);
    case 'DecoratedStatement': {
      const decorators = node.getChildren('Decorator');
      checkRouteDecorators(ctx, decorators);
      const target = node.getChild('FunctionDefinition') ?? node.getChild('ClassDefinition');
      if (target?.name === 'FunctionDefinition') return enterFunction(ctx, scope, target, decorators);
      if (target) visit(ctx, scope, target);
      return;
    }
    case 'ClassDefinition':
    case 'LambdaExpression':
      // Class attributes and lambda parameters live in their own namespace.
      return visitChildren(ctx, { ...scope, env: scope.env.child() }, node);
    case 'AssignStatement':
      return visitAssign(ctx, scope, node);
    case 'UpdateStatement': {
      visitChildren(ctx, scope, node);
      const [target, , value] = children(node);
      const key = pathKey(ctx, target);
      if (key !== undefined && value) scope.env.add(key, taintOf(ctx, scope, value));
      return;
    }
    case 'NamedExpression': {
      visitChildren(ctx, scope, node);
      const [target, value] = children(node).filter(isExpression);
      if (target && value) bind(ctx, scope, target, taintOf(ctx, scope, value));
      return;
    }
    case 'IfStatement':
      return visitIf(ctx, scope, node);
    case 'ExpressionStatement': {
      visitChildren(ctx, scope, node);
      // `assert_safe_name(name)`: a project function that raises on a bad value leaves the caller's value checked.
      const call = node.firstChild;
      const target = call?.name === 'CallExpression' ? resolveProjectFunction(PROJECT_CALLS, ctx, call) : undefined;
      if (call && target) applyFacts(scope, factsAfterCall(ctx, call, assertionsOf(target.fnCtx, target.fn, target.bound ?? false)));
      return;
    }
    case 'ReturnStatement': {
      visitChildren(ctx, scope, node);
      const value = children(node).find(isExpression);
      if (value) checkReturn(ctx, scope, value);
      return;
    }
    case 'ForStatement':
    case 'WhileStatement':
      return visitLoop(ctx, scope, node);
    case 'TryStatement':
      return visitTry(ctx, scope, node);
    case 'WithStatement':
      return visitWith(ctx, scope, node);
    case 'CallExpression':
      visitChildren(ctx, scope, node);
      return checkCall(ctx, scope, node);
    case 'ArgList':
    case 'DictionaryExpression':
      visitChildren(ctx, scope, node);
      return checkSecretPairs(ctx, node);
    default:
      return visitChildren(ctx, scope, node);
  }
}

function visitChildren(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  const cursor = node.cursor();
  if (!cursor.firstChild()) return;
  do visit(ctx, scope, cursor.node);
  while (cursor.nextSibling());
}

/**
 * A library's public function (the threat profile's kind "library"): defined
 * at the top of a public module (not `_private.py`; `__init__.py` is the
 * package's face), its name not starting with `_`.
 */
function isPublicFunction(ctx: FileContext, fn: SyntaxNode): boolean {
  const holder = fn.parent?.name === 'DecoratedStatement' ? fn.parent.parent : fn.parent;
  if (holder?.name !== 'Script') return false;
  const module = ctx.path.slice(ctx.path.lastIndexOf('/') + 1);
  if (module.startsWith('_') && module !== '__init__.py') return false;
  const name = fn.getChild('VariableName');
  return name !== null && !textOf(ctx, name).startsWith('_');
}

function enterFunction(ctx: FileContext, outer: Scope, fn: SyntaxNode, decorators: SyntaxNode[]): void {
  for (const decorator of decorators) visit(ctx, outer, decorator);
  const params = parametersOf(ctx, fn);
  const inputs = functionInputs(ctx, params, decorators, ctx.libraryInputs === true && isPublicFunction(ctx, fn));
  const scope: Scope = { ...outer, env: outer.env.child(), returns: undefined, returnsResponse: decorators.some((d) => isRouteDecorator(ctx, d)) };
  for (const param of params) {
    // `request` stays unbound so it keeps meaning the request object.
    if (REQUEST_PARAMS.has(param.name)) continue;
    let taint = inputs.taintedParams.includes(param) ? paramSource(ctx, param, inputs.confidence, inputs.origin) : undefined;
    // URL captures and scalar query parameters are strings: they cannot carry query operators.
    if (taint && (!param.annotation || /^(?:str|int|float|bool|UUID|uuid\.UUID)\b/.test(param.annotation))) taint = sanitize(taint, ['injection.nosql']);
    scope.env.set(param.name, taint);
  }
  const body = fn.getChild('Body');
  if (body) visit(ctx, scope, body);
}

function visitAssign(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  const parts = children(node);
  const value = parts[parts.length - 1];
  visit(ctx, scope, value);
  // `a = b = v`, `a, b = v`: every name left of the last `=` is a target.
  const lastAssign = parts.map((p) => p.name).lastIndexOf('AssignOp');
  if (lastAssign === -1) return;
  const taint = taintOf(ctx, scope, value);
  const targets = parts.slice(0, lastAssign).filter(isExpression);
  for (const target of targets) {
    checkSessionStore(ctx, scope, target, value, node);
    checkRandomBinding(ctx, target, taint, node);
    bind(ctx, scope, target, taint);
    bindDictKeys(ctx, scope, target, value);
    checkSecretBinding(ctx, target, value);
    checkKeySetting(ctx, target, value, node);
    checkPatternAssignment(ctx, targetName(ctx, target), value, node);
  }
}

/** `m = {"keyA": "a", "keyB": param}`: each literal key keeps its own taint (read back by `m["keyA"]`, `m.get("keyA")`). */
function bindDictKeys(ctx: FileContext, scope: Scope, target: SyntaxNode, value: SyntaxNode): void {
  const dict = unwrap(value);
  const base = dict.name === 'DictionaryExpression' ? pathKey(ctx, target) : undefined;
  if (base === undefined) return;
  const parts = children(dict);
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i].name !== 'String' || parts[i + 1].name !== ':') continue;
    const key = stringBody(ctx, parts[i]);
    if (key !== undefined && DICT_KEY.test(key)) scope.env.set(`${base}.${key}`, taintOf(ctx, scope, parts[i + 2]));
  }
}

function bind(ctx: FileContext, scope: Scope, target: SyntaxNode, taint: Taint | undefined): void {
  const t = unwrap(target);
  if (t.name === 'TupleExpression' || t.name === 'ArrayExpression') {
    for (const element of children(t).filter(isExpression)) bind(ctx, scope, element, taint);
    return;
  }
  const key = pathKey(ctx, t);
  if (key !== undefined) scope.env.set(key, taint && addStep(taint, stepAt(ctx, t, `assigned to ${key}`)));
  // Storing into an attribute or item taints the container (`cmd["args"] = x`).
  if (t.name === 'MemberExpression') {
    const container = pathKey(ctx, t.firstChild!);
    if (container !== undefined) scope.env.add(container, taint);
  }
}

/** By module context (one audit's parse of a file), then by function offset: nothing outlives the audit. */
const assertionSummaries = new WeakMap<FileContext, Map<string, readonly Assertion[]>>();

/**
 * What a function asserts on its parameters (taint/assertions.ts): `if
 * <cond>: raise …` at its top, or inside an `if` that does not return; read
 * once per function.
 */
function assertionsOf(ctx: FileContext, fn: SyntaxNode, bound: boolean): readonly Assertion[] {
  let byFunction = assertionSummaries.get(ctx);
  if (!byFunction) assertionSummaries.set(ctx, (byFunction = new Map()));
  const id = `${fn.from}:${bound}`;
  const known = byFunction.get(id);
  if (known) return known;
  const params = new Map(parametersOf(ctx, fn).slice(bound ? 1 : 0).map((p, i) => [p.name, i] as const));
  const found = new AssertionCollector(params);
  // Set before the body is read: a recursive call finds none.
  byFunction.set(id, found.assertions);
  const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map() };
  const hasReturn = (node: SyntaxNode): boolean => {
    if (node.name === 'ReturnStatement') return true;
    if (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition' || node.name === 'LambdaExpression') return false;
    return children(node).some(hasReturn);
  };
  const collect = (body: SyntaxNode): boolean => {
    for (const st of children(body).filter(isExpression)) {
      if (st.name === 'AssignStatement') {
        const [target, op, value] = children(st);
        const from = value && pathKey(ctx, value);
        if (target?.name === 'VariableName' && op?.name === 'AssignOp' && from !== undefined) found.alias(textOf(ctx, target), from);
        continue;
      }
      if (st.name === 'IfStatement') {
        const parts = children(st);
        const bodies = parts.filter((p) => p.name === 'Body');
        if (bodies.length === 1 && parts[0]?.name === 'if' && !hasReturn(bodies[0])) {
          const statements = children(bodies[0]).filter(isExpression);
          if (statements[statements.length - 1]?.name === 'RaiseStatement') found.assert(factsWhen(ctx, scope, parts[1], false));
          else if (!collect(bodies[0])) return false;
          continue;
        }
      }
      // Anything that may return ends what is certain to have run.
      if (hasReturn(st)) return false;
    }
    return true;
  };
  const body = fn.getChild('Body');
  if (body && params.size > 0) collect(body);
  return found.assertions;
}

/** The facts a call made as a statement leaves on the caller's arguments. */
function factsAfterCall(ctx: FileContext, call: SyntaxNode, assertions: readonly Assertion[]): Fact[] {
  if (assertions.length === 0) return [];
  const { positional } = callArgs(ctx, call);
  return assertions.flatMap((a) => {
    const arg = positional[a.param];
    const key = arg && pathKey(ctx, arg);
    return key === undefined ? [] : [{ key: assertedKey(key, a), rules: a.rules }];
  });
}

function visitIf(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  // if c1: B1 elif c2: B2 else: B3 — a body runs when its condition holds and the earlier ones failed.
  // Containment facts are applied per branch; branches that exit do not reach the join, so
  // `if not target.startswith(base): abort(403)` leaves target contained afterwards.
  const parts = children(node);
  const paths: Branch[] = [];
  const failed: Fact[] = [];
  let hasElse = false;
  let decided = false;
  parts.forEach((part, i) => {
    if (part.name !== 'Body' || decided) return;
    const condition = parts[i - 1]?.name === 'else' ? undefined : parts[i - 1];
    if (condition) visit(ctx, scope, condition);
    // A body behind a condition that is always false never runs; one behind an always-true one ends the chain.
    const truth = condition && constantTruth(ctx, condition);
    if (truth === false) return;
    if (truth === true) decided = true;
    const facts = [...failed, ...(condition ? factsWhen(ctx, scope, condition, true) : [])];
    paths.push({
      run: (s) => {
        applyFacts(s, facts);
        visit(ctx, s, part);
      },
      exits: exitsAbruptly(ctx, part),
    });
    if (condition) failed.push(...factsWhen(ctx, scope, condition, false));
    else hasElse = true;
  });
  if (!hasElse && !decided) paths.push({ run: (s) => applyFacts(s, failed) });
  if (!paths.length) return;
  branches(scope, paths);
}

/** `len(x) > 100` failing (or `len(x) <= 100` holding, either side): the key of x, whose length is then bounded. */
function lengthBound(ctx: FileContext, leftSide: SyntaxNode | undefined, operator: string, rightSide: SyntaxNode | undefined, outcome: boolean): string | undefined {
  const lengthOf = (side: SyntaxNode | undefined) => {
    const u = side && unwrap(side);
    if (u?.name !== 'CallExpression' || resolveCallee(ctx, u).qualified !== 'len') return undefined;
    const [arg] = callArgs(ctx, u).positional;
    return arg && pathKey(ctx, arg);
  };
  const number = (side: SyntaxNode | undefined) => (side && unwrap(side).name === 'Number' ? Number(textOf(ctx, side)) : undefined);
  const left = lengthOf(leftSide);
  const key = left ?? lengthOf(rightSide);
  const limit = number(left !== undefined ? rightSide : leftSide);
  return key !== undefined && limit !== undefined && boundsLength(operator, left !== undefined, limit, outcome) ? key : undefined;
}

/** What `condition` having the value `outcome` proves: containment (`p.startswith(base)`), allow-lists (`x in ALLOWED`, `x == "a"`). */
function factsWhen(ctx: FileContext, scope: Scope, condition: SyntaxNode, outcome: boolean): Fact[] {
  const n = unwrap(condition);
  const parts = children(n);
  if (n.name === 'UnaryExpression' && parts[0]?.name === 'not') return factsWhen(ctx, scope, parts[1], !outcome);
  if (n.name === 'BinaryExpression') {
    const op = parts[1]?.name;
    const both = (op === 'and' && outcome) || (op === 'or' && !outcome);
    if (both) return [...factsWhen(ctx, scope, parts[0], outcome), ...factsWhen(ctx, scope, parts[2], outcome)];
    // `x in ALLOWED` / `x not in ALLOWED`: membership in a constant collection.
    const negated = op === 'not' && parts[2]?.name === 'in';
    if (op === 'in' || negated) {
      const collection = parts[negated ? 3 : 2];
      // `".." in name` failing: no traversal out of where name is joined.
      const marker = parts[0]?.name === 'String' ? stringBody(ctx, parts[0]) : undefined;
      if (marker !== undefined) {
        const tested = collection && pathKey(ctx, collection);
        const found = negated ? !outcome : outcome;
        return tested !== undefined && !found && TRAVERSAL_MARKERS.has(marker) ? [{ key: tested, rules: NO_TRAVERSAL }] : [];
      }
      const key = pathKey(ctx, parts[0]);
      if (key === undefined || !collection || taintOf(ctx, scope, collection)) return [];
      const holds = negated ? !outcome : outcome;
      const denied = isDenyList(textOf(ctx, collection));
      if (holds && !denied) return [{ key, rules: 'all' }];
      if (!holds && denied) return [{ key, rules: NOT_DENIED }];
      return [];
    }
    if (op === 'CompareOp') {
      const operator = textOf(ctx, parts[1]);
      // `os.path.commonpath([base, p]) == base` holding (or `!=` failing): p is inside base.
      if ((operator === '==' && outcome) || (operator === '!=' && !outcome)) {
        const contained = commonpathContained(ctx, parts[0], parts[2]) ?? commonpathContained(ctx, parts[2], parts[0]);
        if (contained) return contained;
      }
      const bounded = lengthBound(ctx, parts[0], operator, parts[2], outcome);
      if (bounded !== undefined) return [{ key: bounded, rules: BOUNDED }];
      const [variable, literal] = parts[2]?.name === 'String' ? [parts[0], parts[2]] : parts[0]?.name === 'String' ? [parts[2], parts[0]] : [];
      const key = variable && pathKey(ctx, variable);
      if (key === undefined || !literal) return [];
      if ((operator === '==' && outcome) || (operator === '!=' && !outcome)) return [{ key, rules: 'all' }];
    }
    return [];
  }
  // `os.path.relpath(p, base).startswith("..")` failing: p is inside base.
  if (!outcome && n.name === 'CallExpression') {
    const callee = resolveCallee(ctx, n);
    const [prefix] = callArgs(ctx, n).positional;
    const relpath = callee.name === 'startswith' && callee.receiver ? unwrap(callee.receiver) : undefined;
    if (relpath?.name === 'CallExpression' && prefix?.name === 'String' && /^\.\.[/\\]?$/.test(stringBody(ctx, prefix) ?? '') && resolveCallee(ctx, relpath).name === 'relpath') {
      const [target] = callArgs(ctx, relpath).positional;
      const key = target && pathKey(ctx, target);
      return key === undefined ? [] : [{ key, rules: CONTAINED }];
    }
    return [];
  }
  if (outcome && n.name === 'CallExpression') {
    const callee = resolveCallee(ctx, n);
    // `isinstance(x, int)`: a number carries no payload.
    if (callee.qualified === 'isinstance' || callee.name === 'isinstance') {
      const [value, types] = callArgs(ctx, n).positional;
      const key = value && pathKey(ctx, value);
      return key !== undefined && types && isNumericTypes(ctx, types) ? [{ key, rules: 'all' }] : [];
    }
    // Django's redirect check (and its old name): the URL stays on the allowed hosts.
    if (callee.name === 'url_has_allowed_host_and_scheme' || callee.name === 'is_safe_url') {
      const url = callArgs(ctx, n).positional[0] ?? callArgs(ctx, n).keywords.get('url');
      const key = url && pathKey(ctx, url);
      return key === undefined ? [] : [{ key, rules: CONTAINED }];
    }
    // The project's own containment check, by name: `is_safe_path(base, p)`, `within_directory(p)`.
    if (isContainmentCheckName(callee.name)) {
      return allArgs(callArgs(ctx, n)).flatMap((a) => {
        const key = pathKey(ctx, a);
        return key === undefined ? [] : [{ key, rules: CONTAINED }];
      });
    }
    const key = callee.name === 'startswith' && callee.receiver ? pathKey(ctx, callee.receiver) : undefined;
    return key === undefined ? [] : [{ key, rules: CONTAINED }];
  }
  return [];
}

/** `os.path.commonpath([base, p])` compared with `base`: facts that the list's other paths are contained; undefined when it is not that. */
function commonpathContained(ctx: FileContext, call: SyntaxNode | undefined, base: SyntaxNode | undefined): Fact[] | undefined {
  const c = call && unwrap(call);
  if (!c || !base || c.name !== 'CallExpression' || resolveCallee(ctx, c).name !== 'commonpath') return undefined;
  const [list] = callArgs(ctx, c).positional;
  if (!list || (list.name !== 'ArrayExpression' && list.name !== 'TupleExpression')) return undefined;
  const baseText = textOf(ctx, unwrap(base));
  return children(list)
    .filter(isExpression)
    .filter((item) => textOf(ctx, unwrap(item)) !== baseText)
    .flatMap((item) => {
      const key = pathKey(ctx, item);
      return key === undefined ? [] : [{ key, rules: CONTAINED }];
    });
}

const NUMERIC_TYPES = new Set(['int', 'float', 'bool', 'complex', 'decimal.Decimal', 'Decimal', 'uuid.UUID', 'UUID']);

/** `int`, `(int, float)`: types whose values are numbers. */
function isNumericTypes(ctx: FileContext, node: SyntaxNode): boolean {
  const n = unwrap(node);
  if (n.name === 'TupleExpression') {
    const types = children(n).filter(isExpression);
    return types.length > 0 && types.every((t) => isNumericTypes(ctx, t));
  }
  return NUMERIC_TYPES.has(textOf(ctx, n));
}

function exitsAbruptly(ctx: FileContext, body: SyntaxNode): boolean {
  const statements = children(body).filter(isExpression);
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (last.name === 'ReturnStatement' || last.name === 'RaiseStatement') return true;
  const call = last.name === 'ExpressionStatement' ? last.firstChild : null;
  return call?.name === 'CallExpression' && ABORTS.has(resolveCallee(ctx, call).qualified ?? '');
}

/** The body may run zero times; one pass over it is enough for the flows we track. */
function visitLoop(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  const parts = children(node);
  const bodies = parts.filter((p) => p.name === 'Body');
  if (node.name === 'WhileStatement') {
    const condition = parts.find(isExpression);
    const run = (s: Scope) => [condition, ...bodies].forEach((part) => part && visit(ctx, s, part));
    return branches(scope, [{ run }, fallThrough]);
  }
  // for a, b in iterable: Body [else: Body]
  const inAt = parts.findIndex((p) => p.name === 'in');
  const targets = parts.slice(1, inAt).filter(isExpression);
  const iterable = parts.slice(inAt + 1).find(isExpression);
  if (iterable) visit(ctx, scope, iterable);
  const element = iterable && taintOf(ctx, scope, iterable);
  const run = (s: Scope) => {
    for (const target of targets) bind(ctx, s, target, element);
    for (const body of bodies) visit(ctx, s, body);
  };
  branches(scope, [{ run }, fallThrough]);
}

/** try: B except …: H1 … else: E finally: F — handlers are alternatives, else and finally run after. */
function visitTry(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  let clause = 'try';
  const handlers: Branch[] = [];
  const after: SyntaxNode[] = [];
  for (const part of children(node)) {
    if (['try', 'except', 'else', 'finally'].includes(part.name)) clause = part.name;
    if (part.name !== 'Body') continue;
    if (clause === 'try') visit(ctx, scope, part);
    else if (clause === 'except') handlers.push({ run: (s) => visit(ctx, s, part) });
    else after.push(part);
  }
  branches(scope, [...handlers, fallThrough]);
  for (const part of after) visit(ctx, scope, part);
}

/** `with open(path) as f:` binds f to what the context manager was built from. */
function visitWith(ctx: FileContext, scope: Scope, node: SyntaxNode): void {
  const parts = children(node);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].name === 'as' && parts[i - 1] && parts[i + 1]) bind(ctx, scope, parts[i + 1], taintOf(ctx, scope, parts[i - 1]));
    else if (parts[i].name !== 'as' && isExpression(parts[i]) && parts[i - 1]?.name !== 'as') visit(ctx, scope, parts[i]);
  }
}

function checkCall(ctx: FileContext, scope: Scope, call: SyntaxNode): void {
  // A project function is analyzed with tainted arguments even when its result is unused.
  if (ctx.callProject && mayCallProject(PROJECT_CALLS, ctx, call)) taintOf(ctx, scope, call);
  const callee = resolveCallee(ctx, call);
  const args = callArgs(ctx, call);
  // A method of the project's own classes is analyzed from its body, not guessed from its name.
  const sinks = matchSinks(ctx, callee, args);
  for (const sink of sinks.length > 0 && !(mayBeMethodCall(ctx, call) && resolveMethod(ctx, call)) ? sinks : []) {
    for (const arg of sink.args) {
      const taint = taintOf(ctx, scope, arg);
      if (!reaches(taint, sink.checkAs ?? sink.rule) || (sink.requestOnly && taint.origin !== undefined)) continue;
      ctx.drafts.push(taintDraft({ ruleId: sink.rule, taint, sink: sinkAt(ctx, call, sink.what, shorten(textOf(ctx, call.firstChild!), 40)) }));
      break;
    }
  }
  checkWeakPasswordHash(ctx, call, callee, args);
  checkPatternCall(ctx, call, callee, args);
  checkRender(ctx, scope, call, callee, args);
  // A predictable random value as a cookie's value: it is sent back as proof of who the browser is.
  if (callee.name === 'set_cookie' && callee.receiver) {
    const value = args.positional[1] ?? args.keywords.get('value');
    const taint = value && taintOf(ctx, scope, value);
    if (isWeakRandom(taint)) ctx.drafts.push(taintDraft({ ruleId: 'random.insecure', taint, sink: sinkAt(ctx, call, 'cookie value', shorten(textOf(ctx, call.firstChild!), 40)) }));
  }
  // `args.append(request.args["x"])` makes `args` carry request input.
  if (callee.receiver && MUTATING_METHODS.has(callee.name)) {
    const key = pathKey(ctx, callee.receiver);
    if (key !== undefined) for (const arg of allArgs(args)) scope.env.add(key, taintOf(ctx, scope, arg));
  }
}

/** Django's render(request, view, context), render_to_string(view, context), TemplateResponse(request, view, context). */
const DJANGO_RENDERS: Readonly<Record<string, number>> = {
  'django.shortcuts.render': 1,
  'django.shortcuts.render_to_response': 0,
  'django.template.loader.render_to_string': 0,
  'django.template.response.TemplateResponse': 1,
};

/**
 * `render_template("hello.html", name=…)` (Flask) and Django's renders with a
 * dict literal: request input the template writes unescaped (templates.ts).
 */
function checkRender(ctx: FileContext, scope: Scope, call: SyntaxNode, callee: Callee, args: CallArgs): void {
  const qualified = callee.qualified ?? callee.name;
  let view: SyntaxNode | undefined;
  let values: { name: string; taint: Taint | undefined }[] = [];
  if (qualified === 'flask.render_template' || qualified === 'render_template') {
    view = args.positional[0] ?? args.keywords.get('template_name_or_list');
    values = [...args.keywords].map(([name, value]) => ({ name, taint: taintOf(ctx, scope, value) }));
  } else if (Object.hasOwn(DJANGO_RENDERS, qualified)) {
    const at = DJANGO_RENDERS[qualified];
    view = args.positional[at] ?? args.keywords.get('template_name');
    const context = args.positional[at + 1] ?? args.keywords.get('context');
    const dict = context && unwrap(context);
    if (dict?.name !== 'DictionaryExpression') return;
    const parts = children(dict);
    for (let i = 0; i + 2 < parts.length; i++) {
      const key = parts[i].name === 'String' && parts[i + 1].name === ':' ? stringBody(ctx, parts[i]) : undefined;
      if (key !== undefined) values.push({ name: key, taint: taintOf(ctx, scope, parts[i + 2]) });
    }
  }
  const name = view && stringBody(ctx, unwrap(view));
  if (name === undefined) return;
  ctx.drafts.push(...renderDrafts({ read: ctx.readFile, from: ctx.path, view: name, values, sink: sinkAt(ctx, call, 'view', shorten(textOf(ctx, call.firstChild!), 40)) }));
}

/** Keyword arguments and dict entries that bind a literal to a name: `connect(password="…")`, `{"api_key": "…"}`. */
function checkSecretPairs(ctx: FileContext, node: SyntaxNode): void {
  const parts = children(node);
  for (let i = 0; i + 2 < parts.length; i++) {
    const separator = parts[i + 1].name;
    const keyword = node.name === 'ArgList' && parts[i].name === 'VariableName' && separator === 'AssignOp';
    const entry = node.name === 'DictionaryExpression' && parts[i].name === 'String' && separator === ':';
    if (keyword || entry) checkSecretBinding(ctx, parts[i], parts[i + 2]);
  }
}

function targetName(ctx: FileContext, target: SyntaxNode): string | undefined {
  const t = unwrap(target);
  if (t.name === 'VariableName') return textOf(ctx, t);
  if (t.name !== 'MemberExpression') return undefined;
  const property = t.getChild('PropertyName');
  if (property) return textOf(ctx, property);
  const key = children(t).find((c) => c.name === 'String');
  return key ? textOf(ctx, key).replace(/^['"]|['"]$/g, '') : undefined;
}

/**
 * `session["k"] = request…` (Flask, `flask.session`), `request.session["k"] = …`
 * (Django) and a store imported from a sessions module: request input
 * crosses into the session. A predictable random value stored there is a
 * weak-randomness finding (a session value is trusted as unguessable).
 */
function checkSessionStore(ctx: FileContext, scope: Scope, target: SyntaxNode, value: SyntaxNode, at: SyntaxNode): void {
  const t = unwrap(target);
  if (t.name !== 'MemberExpression') return;
  const holder = unwrap(t.firstChild!);
  const requestSession =
    holder.name === 'MemberExpression' && holder.getChild('PropertyName') !== null && textOf(ctx, holder.getChild('PropertyName')!) === 'session' && isRequestObject(ctx, scope, holder.firstChild!) !== undefined;
  if (!requestSession && !isSessionModuleValue(ctx, holder)) return;
  const taint = taintOf(ctx, scope, value);
  const sink = sinkAt(ctx, at, 'session value', 'the session store');
  if (isWeakRandom(taint)) {
    ctx.drafts.push(taintDraft({ ruleId: 'random.insecure', taint, sink }));
    return;
  }
  // Through calls we cannot see (a password check, a lookup) the stored value is rarely the input itself.
  if (!reaches(taint, 'session.untrusted') || taint.confidence === 'low') return;
  ctx.drafts.push(taintDraft({ ruleId: 'session.untrusted', taint, sink }));
}

/** Modules whose `session` is a database or HTTP client's, not a user's. */
const NOT_USER_SESSIONS = /^(?:sqlalchemy|requests|aiohttp|httpx|boto3|botocore|tensorflow|onnxruntime)\b/;

/** `session` from flask, `flask.session`, or a name imported from a module called session(s): a per-user store. */
function isSessionModuleValue(ctx: FileContext, holder: SyntaxNode): boolean {
  const qualified = qualifiedName(ctx, holder);
  if (!qualified || !qualified.includes('.') || NOT_USER_SESSIONS.test(qualified.replace(/^\.+/, ''))) return false;
  // The module path, not the name itself: `from .sessions import store`, `flask.session`.
  const segments = qualified.split('.').filter(Boolean);
  return segments.some((s) => s === 'session' || s === 'sessions');
}

/**
 * A predictable random value, turned into text or arithmetic on the way,
 * bound to a name that says it must be unguessable (`reset_key = f"{n}"`).
 * The call bound directly (`token = random.random()`) is the pattern rule's.
 */
function checkRandomBinding(ctx: FileContext, target: SyntaxNode, taint: Taint | undefined, at: SyntaxNode): void {
  if (!isWeakRandom(taint) || taint.steps.length < 2) return;
  const name = targetName(ctx, target);
  if (!isSecurityName(name)) return;
  const sink = sinkAt(ctx, at, 'value that must be unguessable', `\`${name}\``);
  ctx.drafts.push({ ...taintDraft({ ruleId: 'random.insecure', taint, sink }), detail: randomBindingDetail(taint, name!, sink.line) });
}

/** A view's returned string is the HTML response (Flask): request input in it is reflected XSS. */
function checkReturn(ctx: FileContext, scope: Scope, value: SyntaxNode): void {
  scope.returns?.push(taintOf(ctx, scope, value));
  if (!scope.returnsResponse) return;
  const v = unwrap(value);
  if (!['FormatString', 'BinaryExpression', 'String', 'VariableName', 'ContinuedString'].includes(v.name)) return;
  const taint = taintOf(ctx, scope, v);
  // Through calls we cannot see (low confidence) the returned text is too often not the input itself.
  if (!reaches(taint, 'xss') || taint.confidence === 'low') return;
  ctx.drafts.push(taintDraft({ ruleId: 'xss', taint, sink: sinkAt(ctx, value, 'HTML response body', 'the view’s return') }));
}

/** Where a flow ends, for its finding: the node, its code, what the value is to it and what it is called. */
function sinkAt(ctx: FileContext, node: SyntaxNode, what: string, name: string) {
  return { path: ctx.path, start: node.from, end: node.to, line: ctx.lines.lineOf(node.from), code: textOf(ctx, node), name, what };
}
