// The taint of a Python expression under the current bindings. Pure: it
// reads the scope, never changes it (the analyzer does).

import type { Scope } from '../taint/scope';
import { PLACED_UNDER_DIRECTORY } from '../taint/process-inputs';
import { addStep, capConfidence, isWeakRandom, joinAll, joinTaint, sanitize, wake, weakRandom, type Taint } from '../taint/taint';
import { foldConstant } from './fold';
import { resolveCallee } from '../../lang/python/modules';
import { RANDOM_FUNCTIONS } from './patterns';
import { callEffect } from './propagation';
import { argvSource, envSource, isInputAttribute, isRequestObject, isStringAttribute, requestSource } from './sources';
import { callArgs, children, isExpression, locate, stepAt, stringBody, textOf, unwrap, type FileContext, type SyntaxNode } from '../../lang/python/syntax';
import { applyFact, DESTINATION_RULES, fixesDestination, type Fact } from '../taint/guards';

export function taintOf(ctx: FileContext, scope: Scope, node: SyntaxNode): Taint | undefined {
  const n = unwrap(node);
  switch (n.name) {
    case 'VariableName': {
      const name = textOf(ctx, n);
      const found = scope.env.lookup(name);
      if (found.bound) return found.taint;
      return ctx.modules.get(name) === 'sys.argv' ? argvSource(ctx, n) : undefined;
    }
    case 'MemberExpression': {
      const object = n.firstChild!;
      const property = n.getChild('PropertyName');
      if (!property && moduleValue(ctx, scope, object) === 'os.environ') {
        // os.environ["QUERY_STRING"]
        const key = children(n).find((c) => c.name === 'String');
        const name = key && stringBody(ctx, key);
        return name === undefined ? undefined : envSource(ctx, n, name);
      }
      if (property) return memberTaint(ctx, scope, object, textOf(ctx, property), n);
      // A key stored on its own (`m["keyA"] = …`) reads back its own taint.
      const key = pathKey(ctx, n);
      const stored = key !== undefined ? scope.env.lookup(key) : undefined;
      if (stored?.bound && !isRequestObject(ctx, scope, object)) return stored.taint;
      const element = listElement(ctx, n);
      if (element) return element.node && taintOf(ctx, scope, element.node);
      // Other subscripts (`request.args["q"]`, `rows[0]`) read from the container.
      return taintOf(ctx, scope, object);
    }
    case 'CallExpression':
      return callTaint(ctx, scope, n);
    case 'FormatString': {
      const replacements = n.getChildren('FormatReplacement').map((r) => joinAll(children(r).filter(isExpression).map((e) => taintOf(ctx, scope, e))));
      const parts = joinAll(replacements);
      let built = parts && addStep(parts, stepAt(ctx, n, 'interpolated into an f-string'));
      const head = /^[a-zA-Z]*("{1,3}|'{1,3})([^{]*)/.exec(textOf(ctx, n))?.[2] ?? '';
      // f"/srv/{name}", f"{ROOT}/{name}": the value is placed under something fixed.
      if (built && (head !== '' || !replacements[0])) built = wake(built, PLACED_UNDER_DIRECTORY);
      return built && fixesDestination(head) ? sanitize(built, DESTINATION_RULES) : built;
    }
    case 'BinaryExpression':
      return binaryTaint(ctx, scope, n);
    case 'ConditionalExpression': {
      // a if condition else b
      const [whenTrue, condition, whenFalse] = children(n).filter(isExpression);
      const branch = (value: SyntaxNode | undefined, outcome: boolean) => value && guarded(ctx, scope, value, condition && ctx.factsWhen?.(scope, condition, outcome));
      // A condition of constants (`(7 * 42) - num > 200`) takes one branch only.
      const folded = condition && foldConstant(ctx, condition);
      if (folded !== undefined) return folded ? branch(whenTrue, true) : branch(whenFalse, false);
      return joinTaint(branch(whenTrue, true), branch(whenFalse, false));
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
  if (name === 'argv' && moduleValue(ctx, scope, object) === 'sys') return argvSource(ctx, at);
  const key = pathKey(ctx, object);
  if (key !== undefined) {
    const stored = scope.env.lookup(`${key}.${name}`);
    if (stored.bound) return stored.taint;
  }
  return taintOf(ctx, scope, object);
}

/** `sys`, `os.environ`, … when `node` names an imported module or a member of one (not a local variable that hides it). */
function moduleValue(ctx: FileContext, scope: Scope, node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.name === 'VariableName') {
    const name = textOf(ctx, n);
    return scope.env.lookup(name).bound ? undefined : ctx.modules.get(name);
  }
  const property = n.name === 'MemberExpression' ? n.getChild('PropertyName') : null;
  const base = property && moduleValue(ctx, scope, n.firstChild!);
  return base ? `${base}.${textOf(ctx, property!)}` : undefined;
}

const PATH_BUILDERS = new Set(['os.path.join', 'posixpath.join']);

/** Reads of the environment by name: `os.environ.get("X")`, `os.getenv("X")`. */
const ENV_READS = new Set(['os.environ.get', 'os.getenv', 'os.environ.__getitem__']);

/** "self.cmd" for name / attribute chains: the keys of member bindings. */
export function pathKey(ctx: FileContext, node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.name === 'VariableName') return textOf(ctx, n);
  if (n.name === 'MemberExpression') {
    const property = n.getChild('PropertyName');
    const name = property ? textOf(ctx, property) : literalKey(ctx, n);
    const base = name !== undefined ? pathKey(ctx, n.firstChild!) : undefined;
    return base === undefined ? undefined : `${base}.${name}`;
  }
  return undefined;
}

/**
 * `m["keyA"]`: a subscript by a string literal, as a member path ("m.keyA"),
 * so a dict filled key by key keeps each key's own taint. Keys with a dot
 * would read as deeper paths: not tracked.
 */
function literalKey(ctx: FileContext, subscript: SyntaxNode): string | undefined {
  const parts = children(subscript);
  if (parts.length !== 4 || parts[1].name !== '[' || parts[2].name !== 'String') return undefined;
  const key = stringBody(ctx, parts[2]);
  return key !== undefined && DICT_KEY.test(key) ? key : undefined;
}

/** A dict key tracked on its own (a member path part: no dots). */
export const DICT_KEY = /^[\w-]{1,100}$/;

function binaryTaint(ctx: FileContext, scope: Scope, n: SyntaxNode): Taint | undefined {
  const [left, op, right] = children(n);
  const operator = op && textOf(ctx, op);
  const joined = () => joinTaint(taintOf(ctx, scope, left), right && taintOf(ctx, scope, right));
  switch (operator) {
    case '+': {
      const leftTaint = taintOf(ctx, scope, left);
      const t = joinTaint(leftTaint, right && taintOf(ctx, scope, right));
      let built = t && addStep(t, stepAt(ctx, n, 'concatenated into a string'));
      if (built && !leftTaint) built = wake(built, PLACED_UNDER_DIRECTORY);
      let first = left;
      while (first?.name === 'BinaryExpression') first = first.firstChild!;
      const prefix = first && stringBody(ctx, first);
      return built && prefix !== undefined && fixesDestination(prefix) ? sanitize(built, DESTINATION_RULES) : built;
    }
    case '%': {
      // printf-style formatting; on numbers (`n % 2`) this over-approximates harmlessly.
      const t = joined();
      const built = t && addStep(t, stepAt(ctx, n, 'formatted into a string with %'));
      // "/srv/%s" % name: placed under a directory unless the format starts with the value.
      return built && !/^%/.test(stringBody(ctx, left) ?? '%') ? wake(built, PLACED_UNDER_DIRECTORY) : built;
    }
    case 'and':
    case 'or':
      return joined();
    case '*':
    case '-':
    case '/':
    case '//':
    case '|':
    case '^': {
      // Arithmetic makes numbers, which carry no input; a predictable number scaled is still predictable.
      const random = [taintOf(ctx, scope, left), right && taintOf(ctx, scope, right)].find(isWeakRandom);
      return random && addStep(random, stepAt(ctx, n, 'scaled'));
    }
    default:
      return undefined;
  }
}

function callTaint(ctx: FileContext, scope: Scope, call: SyntaxNode): Taint | undefined {
  const callee = resolveCallee(ctx, call);
  if (callee.qualified && ENV_READS.has(callee.qualified)) {
    const [first] = callArgs(ctx, call).positional;
    const name = first && stringBody(ctx, first);
    if (name !== undefined) return envSource(ctx, call, name);
  }
  // random.random(), randint(…): a predictable number, followed to where it is used.
  if (callee.qualified && RANDOM_FUNCTIONS.test(callee.qualified)) return weakRandom(locate(ctx, call), `${callee.qualified}()`);
  // argparse reads sys.argv when it is given no list of its own.
  if ((callee.name === 'parse_args' || callee.name === 'parse_known_args') && callee.receiver && callArgs(ctx, call).positional.length === 0) return argvSource(ctx, call);
  const effect = callEffect(callee);
  if (effect.kind === 'clean') return NUMBER_TO_TEXT.has(callee.qualified ?? callee.name) ? weakRandomArgument(ctx, scope, call) : undefined;

  const target = call.firstChild!;
  // `m.get("keyA", default)` of a key stored on its own: that key's taint (or the default's).
  if (callee.name === 'get' && callee.receiver) {
    const [key, fallback] = callArgs(ctx, call).positional;
    const name = key?.name === 'String' ? stringBody(ctx, key) : undefined;
    const base = name !== undefined && DICT_KEY.test(name) ? pathKey(ctx, callee.receiver) : undefined;
    const stored = base !== undefined ? scope.env.lookup(`${base}.${name}`) : undefined;
    if (stored?.bound) return joinTaint(stored.taint, fallback && taintOf(ctx, scope, fallback));
  }
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

  let passed = addStep(fromArgs, stepAt(ctx, call, `passed through ${callee.qualified ?? callee.name}()`));
  // os.path.join(BASE, name): with a base that is not input, name is placed under a directory.
  if (PATH_BUILDERS.has(callee.qualified ?? '') && !positional[0]) passed = wake(passed, PLACED_UNDER_DIRECTORY);
  if (effect.kind === 'sanitize') return joinTaint(fromCallee, sanitize(passed, effect.rules));
  return joinTaint(fromCallee, effect.kind === 'propagate' ? passed : capConfidence(passed, 'low'));
}

/** A branch of `a if c else b` that is the value the condition checked (`role if role in ROLES else …`): the check holds for it. */
function guarded(ctx: FileContext, scope: Scope, value: SyntaxNode, facts: readonly Fact[] | undefined): Taint | undefined {
  const taint = taintOf(ctx, scope, value);
  const key = taint && facts?.length ? pathKey(ctx, unwrap(value)) : undefined;
  const fact = key === undefined ? undefined : facts!.find((f) => f.key === key);
  return fact ? applyFact(taint!, fact) : taint;
}

/** Calls that cannot carry input but keep a number's predictability: `int(random.random() * n)`, `hex(n)`. */
const NUMBER_TO_TEXT = new Set(['int', 'str', 'float', 'hex', 'oct', 'bin', 'abs', 'round', 'format', 'math.floor', 'math.ceil', 'math.trunc']);

function weakRandomArgument(ctx: FileContext, scope: Scope, call: SyntaxNode): Taint | undefined {
  for (const arg of callArgs(ctx, call).positional) {
    const taint = taintOf(ctx, scope, arg);
    if (isWeakRandom(taint)) return addStep(taint, stepAt(ctx, call, `passed through ${textOf(ctx, call.firstChild!)}()`));
  }
  return undefined;
}

/**
 * `lst[i]` of a list built in the same block by literal steps (`lst = []`,
 * `append`, `insert`, `extend` of a literal list, `pop`): the element at i,
 * as the steps leave it. Anything else done with the list in between (a call
 * it is passed to, a loop, a branch) and the whole list's taint is used.
 */
function listElement(ctx: FileContext, subscript: SyntaxNode): { node: SyntaxNode | undefined } | undefined {
  const parts = children(subscript);
  if (parts.length !== 4 || parts[0].name !== 'VariableName' || parts[1].name !== '[') return undefined;
  const index = listIndex(ctx, parts[2]);
  if (index === undefined) return undefined;
  const name = textOf(ctx, parts[0]);
  let statement: SyntaxNode | null = subscript;
  while (statement?.parent && statement.parent.name !== 'Body' && statement.parent.name !== 'Script') statement = statement.parent;
  const block = statement?.parent;
  if (!statement || !block) return undefined;
  const before = children(block).filter((s) => s.to <= statement!.from);
  const word = new RegExp(`\\b${name}\\b`);
  const mentions = (s: SyntaxNode) => word.test(textOf(ctx, s));
  let start = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    const s = before[i];
    if (!mentions(s)) continue;
    const [target, op, value] = children(s);
    if (s.name === 'AssignStatement' && target?.name === 'VariableName' && textOf(ctx, target) === name && op?.name === 'AssignOp' && value?.name === 'ArrayExpression') {
      start = i;
      break;
    }
    if (s.name !== 'ExpressionStatement') return undefined;
  }
  if (start < 0) return undefined;
  let elements: SyntaxNode[] = children(children(before[start])[2]).filter(isExpression);
  for (const s of before.slice(start + 1)) {
    if (!mentions(s)) continue;
    const call = s.firstChild;
    if (call?.name !== 'CallExpression' || call.firstChild?.name !== 'MemberExpression') return undefined;
    const member = call.firstChild;
    const method = member.getChild('PropertyName');
    if (member.firstChild?.name !== 'VariableName' || textOf(ctx, member.firstChild) !== name || !method) return undefined;
    const args = callArgs(ctx, call).positional;
    if (args.some(mentions)) return undefined;
    switch (textOf(ctx, method)) {
      case 'append':
        if (args.length !== 1) return undefined;
        elements = [...elements, args[0]];
        break;
      case 'extend': {
        const list = args[0] && unwrap(args[0]);
        if (args.length !== 1 || list.name !== 'ArrayExpression') return undefined;
        elements = [...elements, ...children(list).filter(isExpression)];
        break;
      }
      case 'insert': {
        const at = args[0] && listIndex(ctx, args[0]);
        if (args.length !== 2 || at === undefined) return undefined;
        elements = [...elements];
        elements.splice(at < 0 ? Math.max(0, elements.length + at) : at, 0, args[1]);
        break;
      }
      case 'pop': {
        const at = args.length === 0 ? -1 : listIndex(ctx, args[0]);
        if (at === undefined || elements.length === 0) return undefined;
        elements = [...elements];
        elements.splice(at < 0 ? elements.length + at : at, 1);
        break;
      }
      default:
        return undefined;
    }
  }
  return { node: elements.at(index) };
}

/** A literal index: `0`, `-1`. */
function listIndex(ctx: FileContext, node: SyntaxNode): number | undefined {
  const text = textOf(ctx, unwrap(node)).replace(/\s+/g, '');
  return /^-?\d{1,6}$/.test(text) ? Number(text) : undefined;
}
