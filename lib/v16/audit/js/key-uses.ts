// Literal keys handed to the APIs of secrets/key-uses.ts (JavaScript and
// TypeScript): `jwt.sign(p, 'some-secret')`, `session({ secret: 'keyboard
// cat' })`, `createHmac('sha256', KEY)` with `const KEY = '…'`.

import ts from 'typescript';
import { JS_KEY_USES, keyUseDraft, type KeyUse } from '../secrets/key-uses';
import type { FileContext } from './context';
import { constValue, type Callee } from '../../lang/js/modules';

const BY_CALLEE = new Map<string, KeyUse[]>();
for (const use of JS_KEY_USES) BY_CALLEE.set(use.callee, [...(BY_CALLEE.get(use.callee) ?? []), use]);

export function checkKeyUse(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, callee: Callee): void {
  const name = callee.qualified ?? callee.name;
  const uses = BY_CALLEE.get(name);
  if (!uses) return;
  const useLine = ctx.lines.lineOf(call.getStart(ctx.sourceFile));
  for (const use of uses) {
    const arg = call.arguments?.[use.arg];
    if (!arg) continue;
    const at = use.option ? optionValue(arg, use.option.split('.')) : arg;
    if (!at) continue;
    for (const literal of literalsOf(ctx, at, 0)) {
      const start = literal.getStart(ctx.sourceFile) + 1;
      const value = ctx.lines.text.slice(start, literal.end - 1);
      // The name rule may have seen the same literal (`const jwtSecret = '…'`): one finding.
      if (ctx.drafts.some((d) => d.ruleId === 'secrets.hardcoded' && d.start <= start && d.end >= literal.end - 1)) continue;
      const draft = keyUseDraft({ use, name, value, start, end: literal.end - 1, useLine, lines: ctx.lines, path: ctx.path });
      if (draft) ctx.drafts.push(draft);
    }
  }
}

/** `{ connection: { password: … } }` at `path`, through consts bound to object literals. */
function optionValue(expr: ts.Expression, path: string[]): ts.Expression | undefined {
  let node: ts.Expression | undefined = constValue(expr);
  for (const key of path) {
    if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
    const prop: ts.ObjectLiteralElementLike | undefined = node.properties.find(
      (p) => p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
    );
    node = prop && ts.isPropertyAssignment(prop) ? constValue(prop.initializer) : prop && ts.isShorthandPropertyAssignment(prop) ? constValue(prop.name) : undefined;
  }
  return node;
}

/** The string literals a key expression is: itself, an array's, `Buffer.from(…)`'s, an env lookup's fallback, a const's. */
function literalsOf(ctx: FileContext, expr: ts.Expression, depth: number): (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[] {
  if (depth > 4) return [];
  const e = constValue(expr, depth);
  if (!e) return [];
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e];
  if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((x) => literalsOf(ctx, x, depth + 1));
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return literalsOf(ctx, e.right, depth + 1);
  }
  if (ts.isCallExpression(e) && e.arguments.length >= 1 && ts.isPropertyAccessExpression(e.expression) && e.expression.getText(ctx.sourceFile) === 'Buffer.from') {
    return literalsOf(ctx, e.arguments[0], depth + 1);
  }
  return [];
}
