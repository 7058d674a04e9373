// The taint of a Python expression under the current bindings. Pure: it
// reads the scope, never changes it (the analyzer does).

import type { Scope } from '../taint/scope';
import { addStep, capConfidence, joinAll, joinTaint, sanitize, type Taint } from '../taint/taint';
import { resolveCallee } from './modules';
import { callEffect } from './propagation';
import { isInputAttribute, isRequestObject, isStringAttribute, requestSource } from './sources';
import { allArgs, callArgs, children, isExpression, stepAt, stringBody, textOf, unwrap, type FileContext, type SyntaxNode } from './syntax';
import { DESTINATION_RULES, fixesDestination } from '../taint/guards';

export function taintOf(ctx: FileContext, scope: Scope, node: SyntaxNode): Taint | undefined {
  const n = unwrap(node);
  switch (n.name) {
    case 'VariableName':
      return scope.env.get(textOf(ctx, n));
    case 'MemberExpression': {
      const object = n.firstChild!;
      const property = n.getChild('PropertyName');
      // Subscripts (`request.args["q"]`, `rows[0]`) read from the container.
      return property ? memberTaint(ctx, scope, object, textOf(ctx, property), n) : taintOf(ctx, scope, object);
    }
    case 'CallExpression':
      return callTaint(ctx, scope, n);
    case 'FormatString': {
      const parts = joinAll(n.getChildren('FormatReplacement').map((r) => joinAll(children(r).filter(isExpression).map((e) => taintOf(ctx, scope, e)))));
      const built = parts && addStep(parts, stepAt(ctx, n, 'interpolated into an f-string'));
      const head = /^[a-zA-Z]*("{1,3}|'{1,3})([^{]*)/.exec(textOf(ctx, n))?.[2] ?? '';
      return built && fixesDestination(head) ? sanitize(built, DESTINATION_RULES) : built;
    }
    case 'BinaryExpression':
      return binaryTaint(ctx, scope, n);
    case 'ConditionalExpression': {
      // a if condition else b
      const [whenTrue, , whenFalse] = children(n).filter(isExpression);
      return joinTaint(whenTrue && taintOf(ctx, scope, whenTrue), whenFalse && taintOf(ctx, scope, whenFalse));
    }
    case 'AwaitExpression':
    case 'NamedExpression':
      return taintOf(ctx, scope, children(n).filter(isExpression).pop()!);
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'SetExpression':
    case 'DictionaryExpression':
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression':
      // Containers are tracked as a whole: one tainted element taints the container.
      return joinAll(children(n).filter(isExpression).map((e) => taintOf(ctx, scope, e)));
    default:
      return undefined;
  }
}

/** `object.name`: request input on a request object, else what was stored there, else the object's taint. */
export function memberTaint(ctx: FileContext, scope: Scope, object: SyntaxNode, name: string, at: SyntaxNode): Taint | undefined {
  const request = isRequestObject(ctx, scope, object);
  if (request) {
    if (!isInputAttribute(name)) return undefined;
    const source = requestSource(ctx, at, request);
    return isStringAttribute(name) ? sanitize(source, ['injection.nosql']) : source;
  }
  const key = pathKey(ctx, object);
  if (key !== undefined) {
    const stored = scope.env.lookup(`${key}.${name}`);
    if (stored.bound) return stored.taint;
  }
  return taintOf(ctx, scope, object);
}

/** "self.cmd" for name / attribute chains: the keys of member bindings. */
export function pathKey(ctx: FileContext, node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.name === 'VariableName') return textOf(ctx, n);
  if (n.name === 'MemberExpression') {
    const property = n.getChild('PropertyName');
    const base = property && pathKey(ctx, n.firstChild!);
    return base === undefined || !property ? undefined : `${base}.${textOf(ctx, property)}`;
  }
  return undefined;
}

function binaryTaint(ctx: FileContext, scope: Scope, n: SyntaxNode): Taint | undefined {
  const [left, op, right] = children(n);
  const operator = op && textOf(ctx, op);
  const joined = () => joinTaint(taintOf(ctx, scope, left), right && taintOf(ctx, scope, right));
  switch (operator) {
    case '+': {
      const t = joined();
      const built = t && addStep(t, stepAt(ctx, n, 'concatenated into a string'));
      let first = left;
      while (first?.name === 'BinaryExpression') first = first.firstChild!;
      const prefix = first && stringBody(ctx, first);
      return built && prefix !== undefined && fixesDestination(prefix) ? sanitize(built, DESTINATION_RULES) : built;
    }
    case '%': {
      // printf-style formatting; on numbers (`n % 2`) this over-approximates harmlessly.
      const t = joined();
      return t && addStep(t, stepAt(ctx, n, 'formatted into a string with %'));
    }
    case 'and':
    case 'or':
      return joined();
    default:
      return undefined;
  }
}

function callTaint(ctx: FileContext, scope: Scope, call: SyntaxNode): Taint | undefined {
  const callee = resolveCallee(ctx, call);
  const effect = callEffect(callee);
  if (effect.kind === 'clean') return undefined;

  const target = call.firstChild!;
  // A method of tainted data (name.strip()) or of the request (request.get_json()).
  const fromCallee = target.name === 'MemberExpression' ? taintOf(ctx, scope, target) : undefined;
  const args = callArgs(ctx, call);
  const positional = args.positional.map((a) => taintOf(ctx, scope, a));
  const keywords = new Map([...args.keywords].map(([k, v]) => [k, taintOf(ctx, scope, v)] as const));
  const fromArgs = joinAll([...positional, ...keywords.values()]);
  if (!fromArgs) return fromCallee;
  if (effect.kind === 'unknown' && ctx.callProject) {
    const project = ctx.callProject(call, { positional, keywords });
    if (project) return project.taint;
  }

  const passed = addStep(fromArgs, stepAt(ctx, call, `passed through ${callee.qualified ?? callee.name}()`));
  if (effect.kind === 'sanitize') return joinTaint(fromCallee, sanitize(passed, effect.rules));
  return joinTaint(fromCallee, effect.kind === 'propagate' ? passed : capConfidence(passed, 'low'));
}
