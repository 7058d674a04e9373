import ts from 'typescript';
import { unwrap } from '../../lang/js/modules';

/** "a.b.c" for identifier / this / property chains, the keys of member bindings. */
export function pathKey(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const base = pathKey(e.expression);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  return undefined;
}
