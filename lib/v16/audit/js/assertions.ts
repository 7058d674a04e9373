// What a project function guarantees about its arguments when it returns:
// an assertion helper refuses a value by throwing (`if (name.includes('..'))
// throw …`), so a caller that goes on past `assertSafeName(name)` holds a
// name without traversal. Its facts (facts.ts) are read once per function,
// on its parameters or their members, and applied to the caller's arguments
// after a call made as a statement.

import ts from 'typescript';
import { TaintEnv } from '../taint/env';
import type { Fact } from '../taint/guards';
import type { FileContext, Scope } from './context';
import { factsWhen, type TaintOf } from './facts';
import { pathKey } from './path-key';
import { unwrap } from '../../lang/js/modules';

/** A fact on a parameter (or a member of it: `options.name`) that holds once the function returned. */
export interface Assertion {
  param: number;
  member: string;
  rules: Fact['rules'];
}

const summaries = new WeakMap<ts.Node, readonly Assertion[]>();

/** The facts the function asserts on its parameters: guards that throw, at its top or inside an `if` that does not return. */
export function assertionsOf(ctx: FileContext, fn: ts.FunctionLikeDeclaration, taintOf: TaintOf): readonly Assertion[] {
  let found = summaries.get(fn);
  if (found) return found;
  found = [];
  summaries.set(fn, found);
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return found;
  const params = new Map<string, number>();
  fn.parameters.forEach((p, i) => ts.isIdentifier(p.name) && params.set(p.name.text, i));
  if (params.size === 0) return found;
  /** Local names bound to a parameter or a member of one (`const name = options.name`). */
  const aliases = new Map<string, string>();
  const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map() };
  const out: Assertion[] = [];
  const onParam = (key: string): { param: number; member: string } | undefined => {
    const [head, ...rest] = key.split('.');
    const resolved = aliases.get(head) ? [aliases.get(head)!, ...rest].join('.') : key;
    const [root, ...member] = resolved.split('.');
    const param = params.get(root);
    return param === undefined ? undefined : { param, member: member.join('.') };
  };
  const collect = (statements: readonly ts.Statement[]): boolean => {
    for (const st of statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const from = d.initializer && pathKey(d.initializer);
          if (ts.isIdentifier(d.name) && from !== undefined && onParam(from)) aliases.set(d.name.text, from.includes('.') || !aliases.has(from) ? from : aliases.get(from)!);
        }
        continue;
      }
      if (ts.isIfStatement(st) && !st.elseStatement) {
        if (throws(st.thenStatement)) {
          for (const fact of factsWhen(ctx, scope, st.expression, false, taintOf)) {
            const at = onParam(fact.key);
            if (at) out.push({ ...at, rules: fact.rules });
          }
          continue;
        }
        // A block that may not run (`if (options.name !== undefined) { … }`): what it asserts holds if it ran, and the value is absent if not.
        if (returns(st.thenStatement)) return false;
        const inner = ts.isBlock(st.thenStatement) ? st.thenStatement.statements : [st.thenStatement];
        if (!collect(inner)) return false;
        continue;
      }
      // Anything that may return ends what is certain to have run.
      if (returns(st)) return false;
    }
    return true;
  };
  collect(body.statements);
  found = out;
  summaries.set(fn, found);
  return found;
}

/** The facts a call made as a statement leaves on the caller's arguments (each with the argument and the member it is about). */
export function factsAfterCall(call: ts.CallExpression, assertions: readonly Assertion[]): (Fact & { arg: ts.Expression; member: string })[] {
  const out: (Fact & { arg: ts.Expression; member: string })[] = [];
  for (const a of assertions) {
    const arg = call.arguments[a.param];
    const key = arg && pathKey(unwrap(arg));
    if (key !== undefined) out.push({ key: a.member ? `${key}.${a.member}` : key, rules: a.rules, arg, member: a.member });
  }
  return out;
}

function throws(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && throws(last) && !statement.statements.some(returns);
  }
  return false;
}

function returns(node: ts.Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => (returns(child) ? true : undefined)) ?? false;
}
