// Shapes of a call the sink declarations ask about (lib/v16/rules/*/js.ts):
// a receiver's name, an options object's property, whether an argument is
// text. Kept apart from the analyzer so rules can use them.

import ts from 'typescript';
import { constValue, resolveCallee, unwrap } from './modules';

/** The value of `key` in an object literal (a shorthand property's name). */
export function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of object.properties) {
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (name !== key) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

/** Whether an object literal has the property `key` (`{ root: … }`). */
export function hasProperty(options: ts.Expression | undefined, key: string): boolean {
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === key)
  );
}

/** `res`, `ctx.res`: an identifier or a property of one, as written. */
export function receiverText(receiver: ts.Expression): string | undefined {
  const e = unwrap(receiver);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return undefined;
}

/** The last name of a receiver: `db` of `this.db`, `collection` of `db.collection('x')`. */
export function receiverName(receiver: ts.Expression): string | undefined {
  const e = unwrap(receiver);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) return receiverName(e.expression);
  return undefined;
}

/** Text, not a config object (apollo `client.query({ … })`), a list or a callback. */
export function isStringLike(arg: ts.Expression): boolean {
  const e = unwrap(arg);
  return !(ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || ts.isFunctionLike(e));
}

/** A bare name is a library's only when the file imports it under that name (a local merge() is the project's own). */
export function isImported(qualified: string, modules: ReadonlyMap<string, string>): boolean {
  return qualified.includes('.') || qualified === 'fetch' || [...modules.values()].includes(qualified);
}

/** Whether the file imports a module matching `pattern`. */
export function importsModule(modules: ReadonlyMap<string, string>, pattern: RegExp): boolean {
  return [...modules.values()].some((m) => pattern.test(m));
}

/** The class a receiver was made from (`new VM(…)`, directly or through a const), with imports resolved. */
export function constructedAs(receiver: ts.Expression, modules: ReadonlyMap<string, string>): string | undefined {
  const made = constValue(receiver);
  return made && ts.isNewExpression(made) ? resolveCallee(made, modules).qualified : undefined;
}

/** The pattern and flags of a regular expression written in the code: a literal, a const bound to one, `new RegExp('…', 'g')` of literals. */
export function regexOf(expr: ts.Expression | undefined): { source: string; flags: string } | undefined {
  const e = expr && constValue(expr);
  if (!e) return undefined;
  if (ts.isRegularExpressionLiteral(e)) {
    const end = e.text.lastIndexOf('/');
    return { source: e.text.slice(1, end), flags: e.text.slice(end + 1) };
  }
  if ((ts.isNewExpression(e) || ts.isCallExpression(e)) && ts.isIdentifier(e.expression) && e.expression.text === 'RegExp') {
    const [pattern, flags] = e.arguments ?? [];
    if (pattern && ts.isStringLiteralLike(pattern) && (!flags || ts.isStringLiteralLike(flags))) return { source: pattern.text, flags: flags ? (flags as ts.StringLiteralLike).text : '' };
  }
  return undefined;
}
