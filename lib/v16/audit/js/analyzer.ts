// One pass over a JavaScript/TypeScript file. Statements are evaluated in
// order per function, updating the taint bindings; every call is checked
// against the sinks and the non-flow rules as it is met, so the tree is
// walked once for all rules.

import ts from 'typescript';
import { randomBindingDetail, taintDraft } from '../finding';
import { shorten } from '../source-text';
import { TaintEnv } from '../taint/env';
import { branches, fallThrough, type Branch } from '../taint/scope';
import { applyFact, applyFacts } from '../taint/guards';
import { factsWhen } from './facts';
import { assertionsOf, factsAfterCall } from './assertions';
import { addStep, isWeakRandom, joinAll, reaches, type Taint } from '../taint/taint';
import { followProjectCall, mayCallProject, resolveProjectFunction, type ProjectCallSyntax } from '../taint/project-calls';
import { isSecurityName } from '../patterns';
import { checkSecretBinding, checkWeakPasswordHash } from './checks';
import { collectClassStatement, finishDeclarations, mayBeMethodCall, resolveMethod } from './classes';
import { codeOf, stepAt, type FileContext, type Scope } from './context';
import { memberTaint, pathKey, taintOf } from './evaluate';
import { resolveCallee, unwrap, type Callee } from '../../lang/js/modules';
import { renderDrafts } from '../templates';
import { checkPatternAssignment, checkPatternCall, checkPatternProperty, checkRegexLiteral } from './patterns';
import { MUTATING_METHODS } from './propagation';
import { hasSourceMarkers } from './markers';
import { matchSinks } from './sinks';
import { functionInputs, isDestructuredRequest, isInputMember, isRequestObject, paramSource, requestSource } from './sources';


/** Runs every rule over the file: the taint walk when a source may be in it, else the pattern rules alone. */
export function analyzeScript(ctx: FileContext): void {
  // No source, no flow starts here (calls from files that have one still analyze this file's
  // functions with their taint): only the pattern rules need the walk.
  if (!ctx.libraryInputs && !hasSourceMarkers(ctx.lines.text)) {
    for (const statement of ctx.sourceFile.statements) {
      setParent(statement, ctx.sourceFile);
      walkPatterns(ctx, statement);
    }
    return;
  }
  prepareScript(ctx);
  const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map() };
  for (const statement of ctx.sourceFile.statements) visit(ctx, scope, statement);
}

/** The pattern walk may get a tree parsed without parent pointers (`parseScript`): it sets them going down. */
function setParent(node: ts.Node, parent: ts.Node): void {
  (node as { parent: ts.Node }).parent = parent;
}

/** The pattern rules alone, for files where no request input can enter. Sets `parent` on everything it walks. */
function walkPatterns(ctx: FileContext, node: ts.Node): void {
  const kind = node.kind;
  if (kind <= ts.SyntaxKind.LastToken) {
    if (kind === ts.SyntaxKind.RegularExpressionLiteral) checkRegexLiteral(ctx, node as ts.RegularExpressionLiteral);
    return;
  }
  if (isInert(kind)) return;
  if (ts.isVariableDeclaration(node)) checkSecretBinding(ctx, node.name, node.initializer);
  else if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
    checkSecretBinding(ctx, node.left, node.right);
    checkPatternAssignment(ctx, node.left, node.right, node);
  } else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
    checkSecretBinding(ctx, node.name, node.initializer);
    if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) checkPatternProperty(ctx, node.name.text, node.initializer, node);
  }
  ts.forEachChild(node, (child) => {
    setParent(child, node);
    walkPatterns(ctx, child);
  });
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = resolveCallee(node, ctx.modules);
    checkPatternCall(ctx, node, callee, false);
    if (ts.isCallExpression(node)) checkWeakPasswordHash(ctx, node, callee);
  }
}

/** Makes a file ready to be called into: its functions and constants known, project calls followed. */
export function prepareScript(ctx: FileContext): void {
  collectDeclarations(ctx);
  ctx.callProject = (call, args) => callProject(ctx, call, args);
}

/** Top-level functions (declarations and `const f = () => …`), classes, instances, exports under other names, literal constants. */
function collectDeclarations(ctx: FileContext): void {
  const aliases: [string, ts.Expression][] = [];
  for (const statement of ctx.sourceFile.statements) {
    collectClassStatement(ctx, statement, aliases);
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      if (statement.name) ctx.functions.set(statement.name.text, statement);
      const modifiers = ts.getModifiers(statement) ?? [];
      if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) ctx.functions.set('default', statement);
    } else if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const init = unwrap(decl.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ctx.functions.set(decl.name.text, init);
        else if (isConst) {
          const value = literalValue(init);
          if (value.known) ctx.constants.set(decl.name.text, value.value);
        }
      }
    }
  }
  finishDeclarations(ctx, aliases);
}

function literalValue(e: ts.Expression): { known: boolean; value?: unknown } {
  if (e.kind === ts.SyntaxKind.TrueKeyword) return { known: true, value: true };
  if (e.kind === ts.SyntaxKind.FalseKeyword) return { known: true, value: false };
  if (e.kind === ts.SyntaxKind.NullKeyword) return { known: true, value: null };
  if (ts.isNumericLiteral(e)) return { known: true, value: Number(e.text) };
  if (ts.isStringLiteralLike(e)) return { known: true, value: e.text };
  return { known: false };
}

/** Whether a condition is the same on every run: `false`, `0`, `!true`, a constant flag. */
function constantTruth(ctx: FileContext, expr: ts.Expression): boolean | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    if (e.text === 'undefined') return false;
    return ctx.constants.has(e.text) ? Boolean(ctx.constants.get(e.text)) : undefined;
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = constantTruth(ctx, e.operand);
    return inner === undefined ? undefined : !inner;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const left = constantTruth(ctx, e.left);
    const right = constantTruth(ctx, e.right);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return left === false || right === false ? false : left && right ? true : undefined;
    if (op === ts.SyntaxKind.BarBarToken) return left === true || right === true ? true : left === false && right === false ? false : undefined;
    return undefined;
  }
  const literal = literalValue(e);
  return literal.known ? Boolean(literal.value) : undefined;
}

/** How JavaScript and TypeScript calls reach the project's functions, for the shared driver (taint/project-calls.ts). */
const PROJECT_CALLS: ProjectCallSyntax<FileContext, ts.FunctionLikeDeclaration, ts.CallExpression | ts.NewExpression> = {
  callee(_ctx, call) {
    const target = unwrap(call.expression);
    if (ts.isIdentifier(target)) return { name: target.text };
    return ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) ? { name: target.expression.text, member: target.name.text } : undefined;
  },
  // `import f from './x'` binds f to './x' (its default export); `import { f } from './x'` to './x.f'.
  importedFunction: (ctx, bound) => (ctx.importModule?.(bound) ? [bound, 'default'] : [bound.slice(0, bound.lastIndexOf('.')), bound.slice(bound.lastIndexOf('.') + 1)]),
  resolveMethod,
  methodReceiver(_ctx, call) {
    if (!mayBeMethodCall(call)) return undefined;
    return unwrap((unwrap(call.expression) as ts.PropertyAccessExpression).expression).kind === ts.SyntaxKind.ThisKeyword ? 'self' : 'other';
  },
  site: (ctx, call) => ({ start: call.getStart(ctx.sourceFile), end: call.end, code: codeOf(ctx, call) }),
  key: (target) => target.fn,
  walked: (target) => target.fn,
};

/**
 * A call into a function of the project, analyzed with the caller's argument
 * taints (context-sensitive, bounded depth, no recursion): findings inside it
 * are reported, and the taint of what it returns flows back to the caller.
 */
function callProject(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, args: (Taint | undefined)[]): { taint: Taint | undefined } | undefined {
  const target = resolveProjectFunction(PROJECT_CALLS, ctx, call);
  if (!target) return undefined;
  // A request reaches a JavaScript function only as an argument: with none tainted, nothing flows.
  if (!args.some(Boolean)) return { taint: undefined };
  const { fnCtx, fn, name } = target;
  const passed = args.map((t, i) => t && addStep(t, stepAt(ctx, call.arguments?.[i] ?? call, `passed to ${name}()`)));
  const taint = followProjectCall(PROJECT_CALLS, ctx, call, target, () => {
    const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map(), returns: [] };
    // TypeScript's `this` parameter is a type, not an argument.
    const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    params.forEach((param, i) => {
      const taint = param.dotDotDotToken ? joinAll(passed.slice(i)) : passed[i];
      bindPattern(fnCtx, scope, param.name, taint ?? (param.initializer && taintOf(fnCtx, scope, param.initializer)));
    });
    const body = fn.body!;
    visit(fnCtx, scope, body);
    if (!ts.isBlock(body)) scope.returns!.push(taintOf(fnCtx, scope, body));
    return scope.returns!;
  });
  return { taint };
}

/** Calls itself by name, or as `this.name(…)` for a method. */
function isRecursive(fn: ts.FunctionLikeDeclaration): boolean {
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  if (!name || !fn.body) return false;
  const method = ts.isMethodDeclaration(fn);
  const callsItself = (callee: ts.Expression) =>
    (ts.isIdentifier(callee) && callee.text === name) ||
    (method && ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name);
  const calls = (node: ts.Node): boolean => (ts.isCallExpression(node) && callsItself(node.expression)) || (ts.forEachChild(node, calls) ?? false);
  return calls(fn.body);
}

/** Nodes with nothing to analyze inside: types, interfaces, imports (resolved separately). */
function isInert(kind: ts.SyntaxKind): boolean {
  return (
    (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) ||
    kind === ts.SyntaxKind.InterfaceDeclaration ||
    kind === ts.SyntaxKind.TypeAliasDeclaration ||
    kind === ts.SyntaxKind.ImportDeclaration ||
    kind === ts.SyntaxKind.ExportDeclaration
  );
}

function visit(ctx: FileContext, scope: Scope, node: ts.Node): void {
  const kind = node.kind;
  // Tokens (names, keywords, literals) have no children; only regex literals are checked.
  if (kind <= ts.SyntaxKind.LastToken) {
    if (kind === ts.SyntaxKind.RegularExpressionLiteral) checkRegexLiteral(ctx, node as ts.RegularExpressionLiteral);
    return;
  }
  if (isInert(kind)) return;
  if (ts.isFunctionLike(node)) {
    if (hasBody(node)) enterFunction(ctx, scope, node);
    return;
  }
  if (ts.isVariableDeclaration(node)) {
    if (node.initializer) visit(ctx, scope, node.initializer);
    const taint = node.initializer && taintOf(ctx, scope, node.initializer);
    bindPattern(ctx, scope, node.name, taint, node.initializer);
    if (ts.isIdentifier(node.name)) checkRandomBinding(ctx, node.name.text, taint, node);
    checkSecretBinding(ctx, node.name, node.initializer);
    return;
  }
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
    visit(ctx, scope, node.right);
    visitTargetParts(ctx, scope, node.left);
    checkStore(ctx, scope, node);
    const target = unwrap(node.left);
    const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
    // The right side's taint is only worth computing here for a name that must be unguessable.
    if (isSecurityName(name) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) checkRandomBinding(ctx, name!, taintOf(ctx, scope, node.right), node);
    assign(ctx, scope, node);
    checkSecretBinding(ctx, node.left, node.right);
    checkPatternAssignment(ctx, node.left, node.right, node);
    return;
  }
  if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
    if (node.initializer) visit(ctx, scope, node.initializer);
    checkSecretBinding(ctx, node.name, node.initializer);
    if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) checkPatternProperty(ctx, node.name.text, node.initializer, node);
    return;
  }
  if (ts.isReturnStatement(node)) {
    if (node.expression) {
      visit(ctx, scope, node.expression);
      checkHtmlResult(ctx, scope, node.expression);
      scope.returns?.push(taintOf(ctx, scope, node.expression));
    }
    return;
  }
  if (ts.isIfStatement(node)) return visitIf(ctx, scope, node);
  if (ts.isWhileStatement(node) && constantTruth(ctx, node.expression) === false) return;
  if (ts.isIterationStatement(node, false)) return visitLoop(ctx, scope, node);
  if (ts.isSwitchStatement(node)) {
    visit(ctx, scope, node.expression);
    const clauses = node.caseBlock.clauses.map((clause) => ({ run: (s: Scope) => clause.statements.forEach((st) => visit(ctx, s, st)) }));
    return branches(scope, [...clauses, fallThrough]);
  }
  if (ts.isExpressionStatement(node)) {
    visit(ctx, scope, node.expression);
    // `assertSafeName(name);` a project function that throws on a bad value leaves the caller's value checked.
    const call = unwrap(node.expression);
    if (!ts.isCallExpression(call) || call.arguments.every((a) => pathKey(a) === undefined)) return;
    const target = resolveProjectFunction(PROJECT_CALLS, ctx, call);
    for (const { key, rules, arg, member } of target ? factsAfterCall(call, assertionsOf(target.fnCtx, target.fn, taintOf)) : []) {
      // A value read from the request or an object literal has no binding of its own yet: it gets one, checked.
      const current = scope.env.get(key) ?? (member === '' ? taintOf(ctx, scope, arg) : member.includes('.') ? undefined : memberTaint(ctx, scope, arg, member, arg));
      if (current) scope.env.set(key, applyFact(current, { key, rules }));
    }
    return;
  }
  if (ts.isTryStatement(node)) {
    visit(ctx, scope, node.tryBlock);
    const handler = node.catchClause;
    if (handler) branches(scope, [{ run: (s) => visit(ctx, s, handler.block) }, fallThrough]);
    if (node.finallyBlock) visit(ctx, scope, node.finallyBlock);
    return;
  }
  ts.forEachChild(node, (child) => visit(ctx, scope, child));
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) checkCall(ctx, scope, node);
  else if (ts.isJsxAttribute(node)) checkJsxHtml(ctx, scope, node);
}

function hasBody(fn: ts.SignatureDeclaration): fn is ts.FunctionLikeDeclaration & { body: ts.ConciseBody } {
  return (fn as ts.FunctionLikeDeclaration).body !== undefined;
}

function enterFunction(ctx: FileContext, outer: Scope, fn: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): void {
  const inputs = functionInputs(ctx, fn);
  const scope: Scope = {
    env: outer.env.child(),
    requestObjects: new Map([...outer.requestObjects, ...inputs.requestObjects]),
  };
  for (const param of fn.parameters) {
    if (param.initializer) visit(ctx, scope, param.initializer);
    if (inputs.taintedParams.includes(param)) {
      bindPattern(ctx, scope, param.name, paramSource(ctx, param, inputs.taintedAs, inputs.origin));
    } else if (isDestructuredRequest(fn, param)) {
      bindRequestPattern(ctx, scope, param.name as ts.ObjectBindingPattern);
    } else if (!(ts.isIdentifier(param.name) && scope.requestObjects.has(param.name.text))) {
      // Parameters shadow same-named variables of the enclosing function.
      bindPattern(ctx, scope, param.name, param.initializer && taintOf(ctx, scope, param.initializer));
    }
  }
  ctx.calls.walk(fn, () => visit(ctx, scope, fn.body!));
}

/** Binds every name in `name` to `taint`; object patterns read members of `init` when known. */
function bindPattern(ctx: FileContext, scope: Scope, name: ts.BindingName, taint: Taint | undefined, init?: ts.Expression): void {
  if (ts.isIdentifier(name)) {
    scope.env.set(name.text, taint && addStep(taint, stepAt(ctx, name, `assigned to ${name.text}`)));
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    let member = taint;
    const key = el.propertyName ?? el.name;
    if (init && ts.isObjectBindingPattern(name) && !el.dotDotDotToken && (ts.isIdentifier(key) || ts.isStringLiteral(key))) {
      member = memberTaint(ctx, scope, init, key.text, el);
    }
    if (el.initializer) {
      visit(ctx, scope, el.initializer);
      member = member ?? taintOf(ctx, scope, el.initializer);
    }
    bindPattern(ctx, scope, el.name, member);
  }
}

/** `({ query, body }, res) => …`: the destructured input members are sources. */
function bindRequestPattern(ctx: FileContext, scope: Scope, pattern: ts.ObjectBindingPattern): void {
  for (const el of pattern.elements) {
    const key = el.propertyName ?? el.name;
    const input = ts.isIdentifier(key) && isInputMember(key.text);
    bindPattern(ctx, scope, el.name, input ? requestSource(ctx, el) : undefined);
  }
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function assign(ctx: FileContext, scope: Scope, node: ts.BinaryExpression): void {
  const replaces = node.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  const right = taintOf(ctx, scope, node.right);
  const target = unwrap(node.left);
  const key = pathKey(target);
  if (key !== undefined) {
    const taint = right && addStep(right, stepAt(ctx, node, `assigned to ${key}`));
    if (replaces) scope.env.set(key, taint);
    else scope.env.add(key, taint);
  }
  // Storing into a member or element taints the container (`cmd.args[i] = x`).
  const container = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? pathKey(target.expression) : undefined;
  if (container !== undefined) scope.env.add(container, right);
  if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
    forEachIdentifier(target, (id) => scope.env.set(id.text, right));
  }
}

function forEachIdentifier(node: ts.Node, fn: (id: ts.Identifier) => void): void {
  if (ts.isIdentifier(node)) fn(node);
  else ts.forEachChild(node, (child) => forEachIdentifier(child, fn));
}

function visitIf(ctx: FileContext, scope: Scope, node: ts.IfStatement): void {
  visit(ctx, scope, node.expression);
  // A branch that can never run is not analyzed: its sinks are unreachable.
  const truth = constantTruth(ctx, node.expression);
  if (truth === false) {
    if (node.elseStatement) visit(ctx, scope, node.elseStatement);
    return;
  }
  if (truth === true) return visit(ctx, scope, node.thenStatement);
  // Facts (containment, allow-lists) are applied per branch; branches that exit do not reach the join, so
  // `if (!target.startsWith(base)) return …` leaves target contained afterwards.
  const whenTrue = factsWhen(ctx, scope, node.expression, true, taintOf);
  const whenFalse = factsWhen(ctx, scope, node.expression, false, taintOf);
  const paths: Branch[] = [
    {
      run: (s) => {
        applyFacts(s, whenTrue);
        visit(ctx, s, node.thenStatement);
      },
      exits: exitsAbruptly(node.thenStatement),
    },
    {
      run: (s) => {
        applyFacts(s, whenFalse);
        if (node.elseStatement) visit(ctx, s, node.elseStatement);
      },
      exits: node.elseStatement !== undefined && exitsAbruptly(node.elseStatement),
    },
  ];
  branches(scope, paths);
}

function exitsAbruptly(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exitsAbruptly(last);
  }
  if (ts.isIfStatement(statement)) {
    return statement.elseStatement !== undefined && exitsAbruptly(statement.thenStatement) && exitsAbruptly(statement.elseStatement);
  }
  // break/continue leave the branch but not the loop or switch, whose join must see them.
  // continue skips the rest of a loop body, which is all the join inside the body needs to know.
  if (ts.isExpressionStatement(statement)) return isProcessExit(statement.expression);
  return ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement);
}

/** `process.exit(1)`: a command-line program's way of refusing its input. */
function isProcessExit(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (!ts.isCallExpression(e)) return false;
  const target = unwrap(e.expression);
  return ts.isPropertyAccessExpression(target) && target.name.text === 'exit' && ts.isIdentifier(target.expression) && target.expression.text === 'process';
}

/** The body may run zero times; one pass over it is enough for the flows we track. */
function visitLoop(ctx: FileContext, scope: Scope, node: ts.IterationStatement): void {
  const body = (run: (s: Scope) => void) => branches(scope, [{ run }, fallThrough]);
  if (ts.isForStatement(node)) {
    if (node.initializer) visit(ctx, scope, node.initializer);
    return body((s) => [node.condition, node.statement, node.incrementor].forEach((part) => part && visit(ctx, s, part)));
  }
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    visit(ctx, scope, node.expression);
    // Elements (for-of) and keys (for-in) of request data are both attacker-chosen.
    const element = taintOf(ctx, scope, node.expression);
    return body((s) => {
      bindLoopVariable(ctx, s, node.initializer, element);
      visit(ctx, s, node.statement);
    });
  }
  const loop = node as ts.WhileStatement | ts.DoStatement;
  body((s) => {
    visit(ctx, s, loop.expression);
    visit(ctx, s, loop.statement);
  });
}

function bindLoopVariable(ctx: FileContext, scope: Scope, initializer: ts.ForInitializer, element: Taint | undefined): void {
  if (ts.isVariableDeclarationList(initializer)) {
    for (const decl of initializer.declarations) bindPattern(ctx, scope, decl.name, element);
    return;
  }
  const key = pathKey(initializer);
  if (key !== undefined) scope.env.set(key, element);
}

function checkCall(ctx: FileContext, scope: Scope, call: ts.CallExpression | ts.NewExpression): void {
  const callee = resolveCallee(call, ctx.modules);
  // A method of the project's own classes is analyzed from its body, not guessed from its name (users.find(), db.query()).
  const sinks = matchSinks(callee, call, ctx.modules);
  for (const sink of sinks.length > 0 && !(mayBeMethodCall(call) && resolveMethod(ctx, call)) ? sinks : []) {
    for (const arg of sink.args) {
      const taint = taintOf(ctx, scope, arg);
      if (!reaches(taint, sink.checkAs ?? sink.rule)) continue;
      const start = call.getStart(ctx.sourceFile);
      const line = ctx.lines.lineOf(start);
      ctx.drafts.push(
        taintDraft({
          ruleId: sink.rule,
          taint,
          sink: { path: ctx.path, start, end: call.end, line, code: codeOf(ctx, call), name: shorten(codeOf(ctx, call.expression), 40), what: sink.what },
        }),
      );
      break;
    }
  }
  checkPatternCall(ctx, call, callee, false);
  checkRender(ctx, scope, call, callee);
  // A predictable random value as a cookie's value (res.cookie(name, value)): it is sent back as proof of who the browser is.
  if (callee.name === 'cookie' && callee.receiver && call.arguments && call.arguments.length >= 2) {
    const value = taintOf(ctx, scope, call.arguments[1]);
    if (isWeakRandom(value)) ctx.drafts.push(taintDraft({ ruleId: 'random.insecure', taint: value, sink: sinkAt(ctx, call, 'cookie value', shorten(codeOf(ctx, call.expression), 40)) }));
  }
  // A project function is analyzed with tainted arguments even when its result is not used (or not a sink's).
  // Only tainted arguments make a difference (the receiver's own calls are checked where they are visited).
  if (mayCallProject(PROJECT_CALLS, ctx, call) && call.arguments?.some((a) => !ts.isFunctionLike(a) && taintOf(ctx, scope, a))) taintOf(ctx, scope, call);
  if (ts.isCallExpression(call)) {
    checkWeakPasswordHash(ctx, call, callee);
    recordMutation(ctx, scope, call, callee.name, callee.receiver);
  }
}

/** `args.push(req.query.x)` makes `args` carry request input. */
function recordMutation(ctx: FileContext, scope: Scope, call: ts.CallExpression, method: string, receiver: ts.Expression | undefined): void {
  if (!receiver || !MUTATING_METHODS.has(method)) return;
  const key = pathKey(receiver);
  if (key === undefined) return;
  for (const arg of call.arguments) scope.env.add(key, taintOf(ctx, scope, arg));
}

/** Visits the computed parts of an assignment target (`a[f(x)] = …`) so calls in them are checked. */
function visitTargetParts(ctx: FileContext, scope: Scope, target: ts.Expression): void {
  const t = unwrap(target);
  if (ts.isElementAccessExpression(t)) {
    visitTargetParts(ctx, scope, t.expression);
    visit(ctx, scope, t.argumentExpression);
  } else if (ts.isPropertyAccessExpression(t)) visitTargetParts(ctx, scope, t.expression);
}

/** The sink of a finding at `node` (a store, a result, an attribute): where it is, what it is called, what the value is to it. */
/** `res.render('view', { name: … })`: request input the template writes unescaped (templates.ts). */
function checkRender(ctx: FileContext, scope: Scope, call: ts.CallExpression | ts.NewExpression, callee: Callee): void {
  const [view, locals] = call.arguments ?? [];
  if (callee.name !== 'render' || !callee.receiver || !view || !locals) return;
  const name = unwrap(view);
  const object = unwrap(locals);
  if (!ts.isStringLiteralLike(name) || !ts.isObjectLiteralExpression(object)) return;
  const values = object.properties.flatMap((p) => {
    if (ts.isShorthandPropertyAssignment(p)) return [{ name: p.name.text, taint: taintOf(ctx, scope, p.name) }];
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return [{ name: p.name.text, taint: taintOf(ctx, scope, p.initializer) }];
    return [];
  });
  ctx.drafts.push(...renderDrafts({ read: ctx.readFile, from: ctx.path, view: name.text, values, sink: sinkAt(ctx, call, 'view', shorten(codeOf(ctx, call.expression), 40)) }));
}

function sinkAt(ctx: FileContext, node: ts.Node, what: string, name: string) {
  const start = node.getStart(ctx.sourceFile);
  return { path: ctx.path, start, end: node.end, line: ctx.lines.lineOf(start), code: codeOf(ctx, node), name, what };
}

function inSession(scope: Scope, e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'session' && isRequestObject(scope, x.expression) !== undefined;
}

/**
 * A serverless function's HTTP result (`return { statusCode, headers, body }`)
 * whose body is HTML: served as text/html, or built from markup. Request
 * input in it is reflected into the page.
 */
function checkHtmlResult(ctx: FileContext, scope: Scope, expr: ts.Expression): void {
  const result = unwrap(expr);
  if (!ts.isObjectLiteralExpression(result)) return;
  const prop = (name: string) =>
    result.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
  const body = prop('body');
  if (!body || !prop('statusCode')) return;
  const headers = prop('headers');
  const servedAsHtml = headers !== undefined && /text\/html/i.test(codeOf(ctx, headers.initializer));
  const markup = /<[a-z!/]/i.test(literalText(body.initializer));
  if (!servedAsHtml && !markup) return;
  const value = taintOf(ctx, scope, body.initializer);
  if (!reaches(value, 'xss')) return;
  ctx.drafts.push(taintDraft({ ruleId: 'xss', taint: value, sink: sinkAt(ctx, body, 'HTML response body', 'the HTTP result') }));
}

/** The literal parts of a string built from literals, templates and concatenation. */
function literalText(e: ts.Expression): string {
  const x = unwrap(e);
  if (ts.isStringLiteralLike(x)) return x.text;
  if (ts.isTemplateExpression(x)) return x.head.text + x.templateSpans.map((s) => s.literal.text).join(' ');
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) return `${literalText(x.left)} ${literalText(x.right)}`;
  return '';
}

/** Element properties whose value the browser parses as HTML. */
const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML']);

/**
 * React's `dangerouslySetInnerHTML={{ __html: value }}`: the value is the
 * element's HTML, unescaped.
 */
function checkJsxHtml(ctx: FileContext, scope: Scope, attribute: ts.JsxAttribute): void {
  if (!ts.isIdentifier(attribute.name) || attribute.name.text !== 'dangerouslySetInnerHTML') return;
  const init = attribute.initializer;
  const object = init && ts.isJsxExpression(init) && init.expression ? unwrap(init.expression) : undefined;
  if (!object || !ts.isObjectLiteralExpression(object)) return;
  for (const p of object.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== '__html') continue;
    const value = taintOf(ctx, scope, p.initializer);
    if (!reaches(value, 'xss')) continue;
    ctx.drafts.push(taintDraft({ ruleId: 'xss', taint: value, sink: sinkAt(ctx, attribute, 'HTML of a React element', 'dangerouslySetInnerHTML') }));
  }
}

/**
 * Stores that are sinks themselves: request input into `req.session.*`
 * (trust boundary), and writes through input-chosen keys (`o[a][b] = v`, or
 * `target[key] = …` in a recursive merge) that can reach Object.prototype.
 */
function checkStore(ctx: FileContext, scope: Scope, node: ts.BinaryExpression): void {
  const target = unwrap(node.left);
  if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return;
  const holder = unwrap(target.expression);
  if (ts.isPropertyAccessExpression(target) && HTML_PROPERTIES.has(target.name.text)) {
    const value = taintOf(ctx, scope, node.right);
    if (reaches(value, 'xss')) ctx.drafts.push(taintDraft({ ruleId: 'xss', taint: value, sink: sinkAt(ctx, node, 'HTML of a page element', target.name.text) }));
    return;
  }
  if (inSession(scope, holder)) {
    const value = taintOf(ctx, scope, node.right);
    if (isWeakRandom(value)) {
      ctx.drafts.push(taintDraft({ ruleId: 'random.insecure', taint: value, sink: sinkAt(ctx, node, 'session value', 'the session store') }));
      return;
    }
    // Through calls we cannot see (a password check, a lookup) the stored value is rarely the input itself.
    if (reaches(value, 'session.untrusted') && value.confidence !== 'low') {
      ctx.drafts.push(taintDraft({ ruleId: 'session.untrusted', taint: value, sink: sinkAt(ctx, node, 'session value', 'the session store') }));
    }
    return;
  }
  if (!ts.isElementAccessExpression(target)) return;
  const key = taintOf(ctx, scope, target.argumentExpression);
  if (!reaches(key, 'prototype.pollution')) return;
  const nested = ts.isElementAccessExpression(holder) && reaches(taintOf(ctx, scope, holder.argumentExpression), 'prototype.pollution');
  // Recursion makes merge helpers pollute prototypes.
  const fn = ctx.calls.innermost;
  if (nested || (fn && isRecursive(fn))) {
    ctx.drafts.push(taintDraft({ ruleId: 'prototype.pollution', taint: key, sink: sinkAt(ctx, node, 'property key', 'an object property write') }));
  }
}

/**
 * A predictable random value, turned into text or arithmetic on the way,
 * bound to a name that says it must be unguessable (`const state = String(r)`).
 * The call bound directly (`const token = Math.random()`) is the pattern rule's.
 */
function checkRandomBinding(ctx: FileContext, name: string, taint: Taint | undefined, at: ts.Node): void {
  if (!isWeakRandom(taint) || taint.steps.length < 2 || !isSecurityName(name)) return;
  const sink = sinkAt(ctx, at, 'value that must be unguessable', `\`${name}\``);
  ctx.drafts.push({ ...taintDraft({ ruleId: 'random.insecure', taint, sink }), detail: randomBindingDetail(taint, name, sink.line) });
}
