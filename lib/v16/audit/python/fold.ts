// Constant folding of conditions (`if`, `a if c else b`): `(7 * 42) -
// num > 200` with `num = 86` earlier in the function always takes one
// branch, so the other branch's value never flows (benchmarks and real code
// both write such dead branches; following them was a false positive).

import { children, textOf, unwrap, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

type Constant = number | boolean;

const localConstants = new WeakMap<SyntaxNode, { values: Map<string, Constant>; bound: Set<string> }>();

/** The value of a numeric or boolean expression made of literals and names bound once to a literal, or undefined. */
export function foldConstant(ctx: FileContext, node: SyntaxNode): Constant | undefined {
  return fold(ctx, node, 0);
}

function fold(ctx: FileContext, node: SyntaxNode, depth: number): Constant | undefined {
  if (depth > 20) return undefined;
  const n = unwrap(node);
  const text = textOf(ctx, n);
  if (n.name === 'VariableName') return constantOf(ctx, n, text);
  const literal = literalConstant(text);
  if (literal !== undefined) return literal;
  const parts = children(n);
  if (n.name === 'UnaryExpression') {
    const operand = parts[1] && fold(ctx, parts[1], depth + 1);
    const op = parts[0] && textOf(ctx, parts[0]);
    if (operand === undefined) return undefined;
    if (op === 'not') return !operand;
    if (op === '-' && typeof operand === 'number') return -operand;
    return undefined;
  }
  if (n.name !== 'BinaryExpression' || parts.length !== 3) return undefined;
  const op = textOf(ctx, parts[1]);
  const a = fold(ctx, parts[0], depth + 1);
  if (a === undefined) return undefined;
  if (op === 'and') return a ? fold(ctx, parts[2], depth + 1) : a;
  if (op === 'or') return a ? a : fold(ctx, parts[2], depth + 1);
  const b = fold(ctx, parts[2], depth + 1);
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '%': return b === 0 ? undefined : ((a % b) + b) % b;
    case '**': return b > 64 ? undefined : a ** b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
    default: return undefined;
  }
}

/** The value of a literal (`86`, `True`, `None`) as conditions read it, or undefined. */
export function literalConstant(text: string): Constant | undefined {
  return text === 'True' ? true : text === 'False' || text === 'None' ? false : /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * A name the enclosing function binds exactly once, to a literal, and never
 * takes as a parameter; or, when the function does not bind it at all, a
 * module constant (collectConstants).
 */
function constantOf(ctx: FileContext, at: SyntaxNode, name: string): Constant | undefined {
  let fn: SyntaxNode | null = at.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  let local = fn ? localConstants.get(fn) : undefined;
  if (fn && !local) localConstants.set(fn, (local = collectLocal(ctx, fn)));
  if (local?.bound.has(name)) return local.values.get(name);
  const value = ctx.constants.get(name);
  return typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

function collectLocal(ctx: FileContext, fn: SyntaxNode): { values: Map<string, Constant>; bound: Set<string> } {
  const counts = new Map<string, number>();
  const values = new Map<string, Constant>();
  const params = fn.getChild('ParamList');
  if (params) for (const p of children(params)) if (p.name === 'VariableName') counts.set(textOf(ctx, p), 2);
  const walk = (node: SyntaxNode) => {
    for (const child of children(node)) {
      if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition') continue;
      if (child.name === 'AssignStatement' || child.name === 'UpdateStatement') {
        const parts = children(child);
        const targets = child.name === 'UpdateStatement' ? [parts[0]] : parts.slice(0, -1).filter((p) => p.name === 'VariableName');
        for (const t of targets) if (t?.name === 'VariableName') counts.set(textOf(ctx, t), (counts.get(textOf(ctx, t)) ?? 0) + 1);
        const value = parts[parts.length - 1];
        if (child.name === 'AssignStatement' && parts.length === 3 && parts[0].name === 'VariableName' && value) {
          const literal = literalConstant(textOf(ctx, value));
          if (literal !== undefined) values.set(textOf(ctx, parts[0]), literal);
        }
      } else if (child.name === 'ForStatement' || child.name === 'WithStatement' || child.name === 'TryStatement') {
        // Loop variables, `as` names: bound by the statement, so never constants.
        for (const v of child.getChildren('VariableName')) counts.set(textOf(ctx, v), 2);
      }
      walk(child);
    }
  };
  const body = fn.getChild('Body');
  if (body) walk(body);
  for (const [name, n] of counts) if (n > 1) values.delete(name);
  return { values, bound: new Set(counts.keys()) };
}
