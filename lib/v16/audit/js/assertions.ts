// An assertion helper's guards in JavaScript/TypeScript (taint/assertions.ts):
// read once per function, applied to the caller's arguments after a call
// made as a statement.

import ts from 'typescript';
import { TaintEnv } from '../taint/env';
import { AssertionCollector, assertedKey, type Assertion } from '../taint/assertions';
import type { Fact } from '../taint/guards';
import type { FileContext, Scope } from './context';
import { factsWhen, type TaintOf } from './facts';
import { pathKey } from './path-key';
import { unwrap } from '../../lang/js/modules';

const summaries = new WeakMap<ts.Node, readonly Assertion[]>();

/** The facts the function asserts on its parameters: guards that throw, at its top or inside an `if` that does not return. */
export function assertionsOf(ctx: FileContext, fn: ts.FunctionLikeDeclaration, taintOf: TaintOf): readonly Assertion[] {
  const known = summaries.get(fn);
  if (known) return known;
  const params = new Map<string, number>();
  fn.parameters.forEach((p, i) => ts.isIdentifier(p.name) && params.set(p.name.text, i));
  const found = new AssertionCollector(params);
  // Set before the body is read: a recursive call finds none.
  summaries.set(fn, found.assertions);
  const scope: Scope = { env: TaintEnv.root(), requestObjects: new Map() };
  const collect = (statements: readonly ts.Statement[]): boolean => {
    for (const st of statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const from = d.initializer && pathKey(d.initializer);
          if (ts.isIdentifier(d.name) && from !== undefined) found.alias(d.name.text, from);
        }
        continue;
      }
      if (ts.isIfStatement(st) && !st.elseStatement) {
        if (throws(st.thenStatement)) {
          found.assert(factsWhen(ctx, scope, st.expression, false, taintOf));
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
  if (fn.body && ts.isBlock(fn.body) && params.size > 0) collect(fn.body.statements);
  return found.assertions;
}

/** The facts a call made as a statement leaves on the caller's arguments (each with the argument and the member it is about). */
export function factsAfterCall(call: ts.CallExpression, assertions: readonly Assertion[]): (Fact & { arg: ts.Expression; member: string })[] {
  return assertions.flatMap((a) => {
    const arg = call.arguments[a.param];
    const key = arg && pathKey(unwrap(arg));
    return key === undefined ? [] : [{ key: assertedKey(key, a), rules: a.rules, arg, member: a.member }];
  });
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
