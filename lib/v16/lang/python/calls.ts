// Shapes of a Python call the sink declarations ask about (lib/v16/rules/*/python.ts).

import { children, stringBody, unwrap, type FileContext, type SyntaxNode } from './syntax';

/** Whether the file imports a module matching `pattern`. */
export function importsModule(ctx: FileContext, pattern: RegExp): boolean {
  return [...ctx.modules.values()].some((m) => pattern.test(m));
}

/** A literal list, tuple, dict or set: data, not text. */
export function isCollection(node: SyntaxNode): boolean {
  return ['ArrayExpression', 'TupleExpression', 'DictionaryExpression', 'SetExpression'].includes(unwrap(node).name);
}

/** The value of the string key `key` in a dict literal. */
export function dictValue(ctx: FileContext, dict: SyntaxNode, key: string): SyntaxNode | undefined {
  const parts = children(dict);
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i].name === 'String' && parts[i + 1].name === ':' && stringBody(ctx, parts[i]) === key) return parts[i + 2];
  }
  return undefined;
}
