// One pass over a JavaScript/TypeScript file. Statements are evaluated in
// order per function, updating the taint bindings; every call is checked
// against the sinks and the non-flow rules as it is met, so the tree is
// walked once for all rules.

import ts from 'typescript';
import { taintDraft } from '../finding';
import { shorten } from '../source-text';
import { TaintEnv } from '../taint/env';
import { branches, fallThrough, markContained } from '../taint/scope';
import { addStep, reaches, type Taint } from '../taint/taint';
import { checkSecretBinding, checkWeakPasswordHash } from './checks';
import { codeOf, stepAt, type FileContext, type Scope } from './context';
import { memberTaint, pathKey, taintOf } from './evaluate';
import { resolveCallee, unwrap } from './modules';
import { MUTATING_METHODS } from './propagation';
import { matchSink } from './sinks';
import { functionInputs, isDestructuredRequest, isInputMember, paramSource, requestSource } from './sources';

export function analyzeScript(ctx: FileContext): void {
  const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map() };
  for (const statement of ctx.sourceFile.statements) visit(ctx, scope, statement);
}

function visit(ctx: FileContext, scope: Scope, node: ts.Node): void {
  if (ts.isFunctionLike(node)) {
    if (hasBody(node)) enterFunction(ctx, scope, node);
    return;
  }
  if (ts.isVariableDeclaration(node)) {
    if (node.initializer) visit(ctx, scope, node.initializer);
    bindPattern(ctx, scope, node.name, node.initializer && taintOf(ctx, scope, node.initializer), node.initializer);
    checkSecretBinding(ctx, node.name, node.initializer);
    return;
  }
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
    visit(ctx, scope, node.right);
    assign(ctx, scope, node);
    checkSecretBinding(ctx, node.left, node.right);
    return;
  }
  if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
    if (node.initializer) visit(ctx, scope, node.initializer);
    checkSecretBinding(ctx, node.name, node.initializer);
    return;
  }
  if (ts.isIfStatement(node)) return visitIf(ctx, scope, node);
  if (ts.isIterationStatement(node, false)) return visitLoop(ctx, scope, node);
  if (ts.isSwitchStatement(node)) {
    visit(ctx, scope, node.expression);
    const clauses = node.caseBlock.clauses.map((clause) => ({ run: (s: Scope) => clause.statements.forEach((st) => visit(ctx, s, st)) }));
    return branches(scope, [...clauses, fallThrough]);
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
      bindPattern(ctx, scope, param.name, paramSource(ctx, param, inputs.taintedAs));
    } else if (isDestructuredRequest(fn, param)) {
      bindRequestPattern(ctx, scope, param.name as ts.ObjectBindingPattern);
    } else if (!(ts.isIdentifier(param.name) && scope.requestObjects.has(param.name.text))) {
      // Parameters shadow same-named variables of the enclosing function.
      bindPattern(ctx, scope, param.name, param.initializer && taintOf(ctx, scope, param.initializer));
    }
  }
  visit(ctx, scope, fn.body);
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
  // Containment facts are applied per branch; branches that exit do not reach the join, so
  // `if (!target.startsWith(base)) return …` leaves target contained afterwards.
  const whenTrue = containedWhen(node.expression, true);
  const whenFalse = containedWhen(node.expression, false);
  branches(scope, [
    {
      run: (s) => {
        markContained(s, whenTrue);
        visit(ctx, s, node.thenStatement);
      },
      exits: exitsAbruptly(node.thenStatement),
    },
    {
      run: (s) => {
        markContained(s, whenFalse);
        if (node.elseStatement) visit(ctx, s, node.elseStatement);
      },
      exits: node.elseStatement !== undefined && exitsAbruptly(node.elseStatement),
    },
  ]);
}

/** Paths known to have passed a containment check (`p.startsWith(base)`) when `condition` is `outcome`. */
function containedWhen(condition: ts.Expression, outcome: boolean): string[] {
  const e = unwrap(condition);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return containedWhen(e.operand, !outcome);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const both = (op === ts.SyntaxKind.AmpersandAmpersandToken && outcome) || (op === ts.SyntaxKind.BarBarToken && !outcome);
    return both ? [...containedWhen(e.left, outcome), ...containedWhen(e.right, outcome)] : [];
  }
  if (outcome && ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'startsWith') {
    const key = pathKey(e.expression.expression);
    return key === undefined ? [] : [key];
  }
  return [];
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
  return ts.isReturnStatement(statement) || ts.isThrowStatement(statement);
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
  const sink = matchSink(callee, call);
  if (sink) {
    for (const arg of sink.args) {
      const taint = taintOf(ctx, scope, arg);
      if (!reaches(taint, sink.rule)) continue;
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
