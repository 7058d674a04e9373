// What a condition proves about a value on each side of it: containment
// checks (`p.startsWith(base)`), allow-lists (`SET.has(x)`, `x === 'a'`),
// deny-lists, and patterns that only match identifiers
// (`/^[\w-]+$/.test(x)`). Used for `if` branches and for the arms of `?:`.

import ts from 'typescript';
import { BOUNDED, CONTAINED, NOT_DENIED, NO_TRAVERSAL, TRAVERSAL_MARKERS, isContainmentCheckName, isDenyList, isPollutingKey, boundsLength, type Fact } from '../taint/guards';
import { codeOf, type FileContext, type Scope } from './context';
import type { Taint } from '../taint/taint';
import { pathKey } from './path-key';
import { unwrap } from '../../lang/js/modules';

/** The evaluator's taint of an expression (evaluate.ts's taintOf, passed in: it asks this module about conditions). */
export type TaintOf = (ctx: FileContext, scope: Scope, expr: ts.Expression) => Taint | undefined;

/** What `condition` having the value `outcome` proves: containment checks, allow-lists, deny-lists. */
export function factsWhen(ctx: FileContext, scope: Scope, condition: ts.Expression, outcome: boolean, taintOf: TaintOf): Fact[] {
  const e = unwrap(condition);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return factsWhen(ctx, scope, e.operand, !outcome, taintOf);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const both = (op === ts.SyntaxKind.AmpersandAmpersandToken && outcome) || (op === ts.SyntaxKind.BarBarToken && !outcome);
    if (both) return [...factsWhen(ctx, scope, e.left, outcome, taintOf), ...factsWhen(ctx, scope, e.right, outcome, taintOf)];
    // `x.indexOf('..') === -1` (and `< 0`, `!== -1`, `>= 0`, `> -1`): whether x holds a traversal marker.
    const holds = markerIndexTest(e, op);
    if (holds !== undefined) return holds.found !== outcome ? [{ key: holds.key, rules: NO_TRAVERSAL }] : [];
    const equality = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const inequality = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (equality || inequality) {
      const [variable, literal] = ts.isStringLiteralLike(e.right) ? [e.left, e.right] : ts.isStringLiteralLike(e.left) ? [e.right, e.left] : [];
      const key = variable && pathKey(variable);
      if (key === undefined || !literal) return [];
      const equal = equality === outcome;
      if (equal) return [{ key, rules: 'all' }];
      return isPollutingKey(literal.text) ? [{ key, rules: NOT_DENIED }] : [];
    }
    const bounded = lengthBound(e, op, outcome);
    if (bounded !== undefined) return [{ key: bounded, rules: BOUNDED }];
    if (op === ts.SyntaxKind.InKeyword && outcome) {
      const key = pathKey(e.left);
      return key === undefined ? [] : [{ key, rules: 'all' }];
    }
    return [];
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    const receiver = e.expression.expression;
    const tested = outcome ? identifierPatternTest(e) : undefined;
    if (tested) {
      const key = pathKey(tested);
      return key === undefined ? [] : [{ key, rules: 'all' }];
    }
    if (outcome && method === 'startsWith') {
      const key = pathKey(receiver);
      return key === undefined ? [] : [{ key, rules: CONTAINED }];
    }
    // `path.relative(base, p).startsWith('..')` failing (also through `const rel = path.relative(base, p)`): p is inside base.
    const prefix = e.arguments[0] && unwrap(e.arguments[0]);
    if (!outcome && method === 'startsWith' && prefix && ts.isStringLiteralLike(prefix) && (prefix.text === '..' || prefix.text === '../')) {
      const target = relativeTarget(receiver);
      const key = target && pathKey(target);
      return key === undefined ? [] : [{ key, rules: CONTAINED }];
    }
    // `x.includes('..')` failing: no traversal out of where x is joined.
    const marker = e.arguments[0] && unwrap(e.arguments[0]);
    if (!outcome && method === 'includes' && marker && ts.isStringLiteralLike(marker) && TRAVERSAL_MARKERS.has(marker.text)) {
      const key = pathKey(receiver);
      return key === undefined ? [] : [{ key, rules: NO_TRAVERSAL }];
    }
    if (!outcome && method === 'test' && marker && isTraversalPattern(receiver)) {
      const key = pathKey(marker);
      return key === undefined ? [] : [{ key, rules: NO_TRAVERSAL }];
    }
    if ((method === 'has' || method === 'includes') && e.arguments[0]) {
      const key = pathKey(e.arguments[0]);
      if (key === undefined || taintOf(ctx, scope, receiver)) return [];
      const denied = isDenyList(codeOf(ctx, receiver));
      if (outcome && !denied) return [{ key, rules: 'all' }];
      if (!outcome && denied) return [{ key, rules: NOT_DENIED }];
    }
  }
  // The project's own containment check, by name: `allowPath(p)`, `utils.isPathInside(p, root)`.
  if (outcome && ts.isCallExpression(e)) {
    const target = unwrap(e.expression);
    const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
    if (name && isContainmentCheckName(name)) {
      return e.arguments.flatMap((a) => {
        const key = pathKey(a);
        return key === undefined ? [] : [{ key, rules: CONTAINED }];
      });
    }
  }
  return [];
}

/** The path `path.relative(base, p)` is taken of: `p`, for the call itself or a const bound to it earlier in an enclosing block. */
function relativeTarget(receiver: ts.Expression): ts.Expression | undefined {
  const r = unwrap(receiver);
  const call = ts.isCallExpression(r) ? r : ts.isIdentifier(r) ? constInitializer(r) : undefined;
  if (!call || !ts.isCallExpression(call) || call.arguments.length !== 2) return undefined;
  const callee = unwrap(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return name === 'relative' ? call.arguments[1] : undefined;
}

/** `const name = <expr>` declared before `id` in a block enclosing it, within its function. */
function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isBlock(n) || ts.isSourceFile(n)) {
      for (const statement of n.statements) {
        if (statement.pos > id.pos) break;
        if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer) return unwrap(d.initializer);
      }
    }
    if (ts.isFunctionLike(n)) return undefined;
  }
  return undefined;
}

/** `x.indexOf('..') === -1` and its forms: the tested key and whether the condition means "found". */
function markerIndexTest(e: ts.BinaryExpression, op: ts.SyntaxKind): { key: string; found: boolean } | undefined {
  const call = unwrap(e.left);
  const bound = unwrap(e.right);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'indexOf') return undefined;
  const marker = call.arguments[0] && unwrap(call.arguments[0]);
  if (!marker || !ts.isStringLiteralLike(marker) || !TRAVERSAL_MARKERS.has(marker.text)) return undefined;
  const value = ts.isPrefixUnaryExpression(bound) && bound.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(bound.operand) ? -Number(bound.operand.text) : ts.isNumericLiteral(bound) ? Number(bound.text) : undefined;
  const key = pathKey(call.expression.expression);
  if (key === undefined || value === undefined) return undefined;
  const K = ts.SyntaxKind;
  if (value === -1 && (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken)) return { key, found: false };
  if (value === -1 && (op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.GreaterThanToken)) return { key, found: true };
  if (value === 0 && op === K.LessThanToken) return { key, found: false };
  if (value === 0 && op === K.GreaterThanEqualsToken) return { key, found: true };
  return undefined;
}

/** `/\.\./`, `/\.\.|\//`: a regular expression literal that finds `..`. */
function isTraversalPattern(receiver: ts.Expression): boolean {
  const regex = unwrap(receiver);
  return ts.isRegularExpressionLiteral(regex) && /^\/(?:\^)?\\\.\\\.(?:[|/\\].*)?\/[a-z]*$/.test(regex.text);
}

/**
 * `/^[\w-]+$/.test(x)`: the expression a regular expression literal tests,
 * when everything it can match is letters, digits, `_` and `-` (anchored at
 * both ends, no `m` flag, no dot, slash, quote or space): such a value is safe
 * in every sink we know. A `?? ''` or `|| ''` default around it is looked
 * through.
 */
export function identifierPatternTest(call: ts.CallExpression): ts.Expression | undefined {
  const target = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'test' || !call.arguments[0]) return undefined;
  const regex = unwrap(target.expression);
  if (!ts.isRegularExpressionLiteral(regex) || !isIdentifierPattern(regex.text)) return undefined;
  let tested = unwrap(call.arguments[0]);
  if (ts.isBinaryExpression(tested) && (tested.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || tested.operatorToken.kind === ts.SyntaxKind.BarBarToken) && ts.isStringLiteralLike(unwrap(tested.right))) {
    tested = unwrap(tested.left);
  }
  return tested;
}

function isIdentifierPattern(literal: string): boolean {
  const slash = literal.lastIndexOf('/');
  const body = literal.slice(1, slash);
  const flags = literal.slice(slash + 1);
  if (flags.includes('m') || !body.startsWith('^') || !body.endsWith('$') || body.endsWith('\\$')) return false;
  // Letters, digits, _ and - as characters, \w and \d, classes of them, and quantifiers: nothing else.
  const piece = /\\[wd]|\[[^\]]*\]|[A-Za-z0-9_]|\\-|[+*?]|\{\d+(?:,\d*)?\}/y;
  const inner = body.slice(1, -1);
  let at = 0;
  while (at < inner.length) {
    piece.lastIndex = at;
    const m = piece.exec(inner);
    if (!m || (m[0].startsWith('[') && !isIdentifierClass(m[0].slice(1, -1)))) return false;
    at += m[0].length;
  }
  return inner.length > 0;
}

/** `[a-z0-9_-]`, `[\w-]`: ranges stay inside one of a-z, A-Z, 0-9 (so not `[0-z]`, which holds quotes and slashes). */
function isIdentifierClass(content: string): boolean {
  const same = (a: string, b: string) => [/[a-z]/, /[A-Z]/, /[0-9]/].some((re) => re.test(a) && re.test(b)) && a <= b;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') {
      if (!/[wd-]/.test(content[i + 1] ?? '')) return false;
      i++;
    } else if (/[A-Za-z0-9_]/.test(c) && content[i + 1] === '-' && i + 2 < content.length) {
      if (!same(c, content[i + 2])) return false;
      i += 2;
    } else if (!/[A-Za-z0-9_-]/.test(c)) {
      return false;
    }
  }
  return content.length > 0;
}

/** The comparison operators a length check is written with. */
const COMPARISONS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: '<',
  [ts.SyntaxKind.LessThanEqualsToken]: '<=',
  [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=',
};

/** `x.length > 100` failing (or `x.length <= 100` holding, either side): the key of x, whose length is then bounded. */
function lengthBound(e: ts.BinaryExpression, op: ts.SyntaxKind, outcome: boolean): string | undefined {
  const operator = COMPARISONS[op];
  if (operator === undefined) return undefined;
  const lengthOf = (side: ts.Expression) => {
    const u = unwrap(side);
    return ts.isPropertyAccessExpression(u) && u.name.text === 'length' ? pathKey(u.expression) : undefined;
  };
  const number = (side: ts.Expression) => {
    const u = unwrap(side);
    return ts.isNumericLiteral(u) ? Number(u.text) : undefined;
  };
  const left = lengthOf(e.left);
  const key = left ?? lengthOf(e.right);
  const limit = number(left !== undefined ? e.right : e.left);
  return key !== undefined && limit !== undefined && boundsLength(operator, left !== undefined, limit, outcome) ? key : undefined;
}
