// The taint of a JavaScript/TypeScript expression under the current
// bindings. Pure: it reads the scope, never changes it (the analyzer does).

import ts from 'typescript';
import { PLACED_UNDER_DIRECTORY } from '../taint/process-inputs';
import { addStep, capConfidence, isWeakRandom, joinAll, joinTaint, sanitize, wake, weakRandom, type Taint } from '../taint/taint';
import { BOUNDED, DESTINATION_RULES, MAX_BOUNDED_LENGTH, applyFacts, fixesDestination, sanitizedByName } from '../taint/guards';
import { factsWhen, identifierPatternTest } from './facts';
import { pathKey } from './path-key';
import { codeOf, locate, stepAt, type FileContext, type Scope } from './context';
import { resolveCallee, unwrap } from '../../lang/js/modules';
import { callEffect } from './propagation';
import { looksLikeDatabase } from './sinks';
import { argvSource, browserSource, envSource, isBrowserInput, isInputMember, isRequestObject, isStringInput, isUrlHook, requestSource } from './sources';

export { pathKey };

export function taintOf(ctx: FileContext, scope: Scope, expr: ts.Expression): Taint | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return identifierTaint(ctx, scope, e);
  if (ts.isPropertyAccessExpression(e)) return memberTaint(ctx, scope, e.expression, e.name.text, e);
  if (ts.isElementAccessExpression(e)) {
    const index = e.argumentExpression;
    if (ts.isStringLiteralLike(index)) return memberTaint(ctx, scope, e.expression, index.text, e);
    return taintOf(ctx, scope, e.expression);
  }
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return callTaint(ctx, scope, e);
  if (ts.isTemplateExpression(e)) {
    const spans = e.templateSpans.map((span) => taintOf(ctx, scope, span.expression));
    const parts = joinAll(spans);
    let built = parts && addStep(parts, stepAt(ctx, e, 'interpolated into a template literal'));
    // `/srv/${name}`, `${ROOT}/${name}`: the value is placed under something fixed.
    if (built && (e.head.text !== '' || !spans[0])) built = wake(built, PLACED_UNDER_DIRECTORY);
    return built && fixesDestination(e.head.text) ? sanitize(built, DESTINATION_RULES) : built;
  }
  if (ts.isBinaryExpression(e)) return binaryTaint(ctx, scope, e);
  if (ts.isConditionalExpression(e)) return joinTaint(armTaint(ctx, scope, e.condition, true, e.whenTrue), armTaint(ctx, scope, e.condition, false, e.whenFalse));
  if (ts.isArrayLiteralExpression(e)) return joinAll(e.elements.map((el) => taintOf(ctx, scope, el)));
  if (ts.isSpreadElement(e)) return taintOf(ctx, scope, e.expression);
  if (ts.isObjectLiteralExpression(e)) return joinAll(e.properties.map((p) => propertyTaint(ctx, scope, p)));
  return undefined;
}

/**
 * One arm of `c ? a : b`, with what `c` proves on that side: `SET.has(x) ? x : 'default'`,
 * `/^[\w-]+$/.test(argv[2]) ? argv[2] : undefined` (the tested expression itself need not be a variable).
 */
function armTaint(ctx: FileContext, scope: Scope, condition: ts.Expression, outcome: boolean, arm: ts.Expression): Taint | undefined {
  const c = unwrap(condition);
  const tested = outcome && ts.isCallExpression(c) ? identifierPatternTest(c) : undefined;
  if (tested && codeOf(ctx, tested) === codeOf(ctx, unwrap(arm))) return undefined;
  const facts = factsWhen(ctx, scope, condition, outcome, taintOf);
  if (!facts.length) return taintOf(ctx, scope, arm);
  const narrowed = { ...scope, env: scope.env.fork() };
  applyFacts(narrowed, facts);
  return taintOf(ctx, narrowed, arm);
}

/**
 * `object.name` (also `const { name } = object`): request input when object
 * is a request, else whatever was stored at that path, else the object's
 * own taint (a property of tainted data is tainted).
 */
export function memberTaint(ctx: FileContext, scope: Scope, object: ts.Expression, name: string, at: ts.Node): Taint | undefined {
  const request = isRequestObject(scope, object);
  if (request) {
    if (!isInputMember(name)) return undefined;
    const source = requestSource(ctx, at, request);
    // Route params, headers and URLs are always strings: they cannot smuggle query operators.
    return isStringInput(name) ? sanitize(source, ['injection.nosql']) : source;
  }
  if (name === 'length') return undefined;
  if (isBrowserInput(scope, object, name)) return browserSource(ctx, at);
  const processPart = processMember(ctx, scope, object);
  if (processPart === 'process' && name === 'argv') return argvSource(ctx, at);
  if (processPart === 'process.env') return envSource(ctx, at, name);
  const key = pathKey(object);
  if (key !== undefined) {
    const stored = scope.env.lookup(`${key}.${name}`);
    if (stored.bound) return stored.taint;
  }
  return taintOf(ctx, scope, object);
}



/**
 * `process` or `process.env` (the global, or imported from 'node:process'),
 * unless a local variable of that name hides it.
 */
function processMember(ctx: FileContext, scope: Scope, expr: ts.Expression): 'process' | 'process.env' | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    if (scope.env.lookup(e.text).bound) return undefined;
    const bound = ctx.modules.get(e.text);
    if (bound === 'process' || bound === 'process.env') return bound;
    return bound === undefined && e.text === 'process' ? 'process' : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'env') return processMember(ctx, scope, e.expression) === 'process' ? 'process.env' : undefined;
  return undefined;
}

function identifierTaint(ctx: FileContext, scope: Scope, id: ts.Identifier): Taint | undefined {
  const found = scope.env.lookup(id.text);
  if (found.bound) return found.taint;
  if (ctx.modules.get(id.text) === 'process.argv') return argvSource(ctx, id);
  // Next.js pages receive `searchParams` as a prop; client code gets it from useSearchParams().
  if (id.text === 'searchParams') return requestSource(ctx, id, 'medium');
  return undefined;
}

function binaryTaint(ctx: FileContext, scope: Scope, e: ts.BinaryExpression): Taint | undefined {
  switch (e.operatorToken.kind) {
    case ts.SyntaxKind.PlusToken: {
      const left = taintOf(ctx, scope, e.left);
      const joined = joinTaint(left, taintOf(ctx, scope, e.right));
      let built = joined && addStep(joined, stepAt(ctx, e, 'concatenated into a string'));
      if (built && !left) built = wake(built, PLACED_UNDER_DIRECTORY);
      const prefix = leftmostLiteral(e);
      return built && prefix !== undefined && fixesDestination(prefix) ? sanitize(built, DESTINATION_RULES) : built;
    }
    case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken:
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return joinTaint(taintOf(ctx, scope, e.left), taintOf(ctx, scope, e.right));
    case ts.SyntaxKind.CommaToken:
      return taintOf(ctx, scope, e.right);
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
    case ts.SyntaxKind.BarToken: {
      // Arithmetic makes numbers, which carry no input; a predictable number scaled is still predictable.
      const random = [taintOf(ctx, scope, e.left), taintOf(ctx, scope, e.right)].find(isWeakRandom);
      return random && addStep(random, stepAt(ctx, e, 'scaled'));
    }
    default:
      // Comparisons produce booleans.
      return undefined;
  }
}

function propertyTaint(ctx: FileContext, scope: Scope, p: ts.ObjectLiteralElementLike): Taint | undefined {
  if (ts.isPropertyAssignment(p)) return taintOf(ctx, scope, p.initializer);
  if (ts.isShorthandPropertyAssignment(p)) return taintOf(ctx, scope, p.name);
  if (ts.isSpreadAssignment(p)) return taintOf(ctx, scope, p.expression);
  return undefined;
}

/** The string literal a concatenation chain starts with: `'https://api.x.com/' + a + b`. */
function leftmostLiteral(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isStringLiteralLike(x)) return x.text;
  if (ts.isTemplateExpression(x)) return x.head.text;
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) return leftmostLiteral(x.left);
  return undefined;
}

/** `path.join(base, x)`: with a base that is not input, x is placed under a directory. */
const PATH_BUILDERS = new Set(['path.join', 'path.resolve']);

/** Calls are evaluated more than once per statement (binding, then sink checks): project calls are analyzed once per argument taints. */
const projectCallCache = new WeakMap<ts.Node, { args: (Taint | undefined)[]; taint: Taint | undefined }>();

function callTaint(ctx: FileContext, scope: Scope, call: ts.CallExpression | ts.NewExpression): Taint | undefined {
  const callee = resolveCallee(call, ctx.modules);
  // Client components read the page's URL through hooks: Next's useSearchParams() / useParams(), React Router's.
  if (isUrlHook(callee.qualified)) return browserSource(ctx, call);
  // Math.random(): a predictable number, followed to where it is used (taint.ts weakRandom).
  if (callee.qualified === 'Math.random') return weakRandom(locate(ctx, call), 'Math.random()');
  const effect = callEffect(callee, looksLikeDatabase(callee.receiver));
  if (effect.kind === 'clean') return NUMBER_TO_TEXT.has(callee.qualified ?? '') ? weakRandomArgument(ctx, scope, call) : undefined;
  // new URL(path, base): the path decides where it points; the base is usually the request's own origin.
  if (callee.qualified === 'URL' && ts.isNewExpression(call) && call.arguments && call.arguments.length === 2) return taintOf(ctx, scope, call.arguments[0]);
  const target = unwrap(call.expression);
  // A method of tainted data (name.trim(), form.get('q')) or of the request (request.json()).
  const fromCallee = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? taintOf(ctx, scope, target) : undefined;
  const args = (call.arguments ?? []).map((a) => (ts.isFunctionLike(a) ? undefined : taintOf(ctx, scope, a)));
  const fromArgs = joinAll(args);
  // text.slice(0, 100): at most that long, no long run for a super-linear pattern to retry.
  if (fromCallee && !fromArgs && callee.receiver && isBoundingSlice(callee.name, call.arguments)) return sanitize(fromCallee, BOUNDED);
  // Most calls carry no request input: nothing more to learn about them.
  if (!fromArgs) return fromCallee;

  const byName = effect.kind === 'unknown' ? sanitizedByName(callee.name) : undefined;
  if (effect.kind === 'unknown' && !byName && ctx.callProject) {
    const cached = projectCallCache.get(call);
    if (cached && cached.args.length === args.length && cached.args.every((t, i) => t === args[i])) return cached.taint;
    const result = ctx.callProject(call, args);
    if (result) {
      projectCallCache.set(call, { args, taint: result.taint });
      return result.taint;
    }
  }

  const name = callee.qualified ?? callee.name;
  let passed = addStep(fromArgs, stepAt(ctx, call, `passed through ${name}()`));
  if (PATH_BUILDERS.has(name) && !args[0]) passed = wake(passed, PLACED_UNDER_DIRECTORY);
  if (effect.kind === 'sanitize') return joinTaint(fromCallee, sanitize(passed, effect.rules));
  if (byName) return sanitize(passed, byName);
  return joinTaint(fromCallee, effect.kind === 'propagate' ? passed : capConfidence(passed, 'low'));
}

/** Calls that cannot carry input but keep a number's predictability: `Math.floor(Math.random() * n)`, `String(n)`. */
const NUMBER_TO_TEXT = new Set(['Math.floor', 'Math.round', 'Math.ceil', 'Math.trunc', 'Math.abs', 'String', 'Number', 'parseInt', 'parseFloat']);

function weakRandomArgument(ctx: FileContext, scope: Scope, call: ts.CallExpression | ts.NewExpression): Taint | undefined {
  for (const arg of call.arguments ?? []) {
    const taint = taintOf(ctx, scope, arg);
    if (isWeakRandom(taint)) return addStep(taint, stepAt(ctx, call, `passed through ${codeOf(ctx, call.expression)}()`));
  }
  return undefined;
}

/** `slice(0, n)`, `substring(0, n)`, `substr(0, n)` with a literal n of at most MAX_BOUNDED_LENGTH. */
function isBoundingSlice(method: string, args: ts.NodeArray<ts.Expression> | undefined): boolean {
  if (!['slice', 'substring', 'substr'].includes(method) || !args || args.length !== 2) return false;
  const [start, end] = args.map(unwrap);
  return ts.isNumericLiteral(start) && Number(start.text) === 0 && ts.isNumericLiteral(end) && Number(end.text) <= MAX_BOUNDED_LENGTH;
}
