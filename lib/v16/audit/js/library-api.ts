import ts from 'typescript';

// A library's API (the threat profile's kind "library", app-kind.ts): the
// functions an entry module exports, whose arguments come from callers the
// library does not know — the inputs a CVE in an npm package is about.

const isModuleExports = (e: ts.Expression) =>
  ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
const isExportsObject = (e: ts.Expression) => (ts.isIdentifier(e) && e.text === 'exports') || isModuleExports(e);

const exportedLocals = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * Local names the module exports by reference: `module.exports = f`,
 * `module.exports = { f, g: h }`, `exports.f = f`, `export { f, g as h }`,
 * `export default f`.
 */
function localsExported(file: ts.SourceFile): Set<string> {
  let names = exportedLocals.get(file);
  if (names) return names;
  names = new Set();
  const add = (e: ts.Expression | undefined) => {
    if (e && ts.isIdentifier(e)) names!.add(e.text);
    else if (e && ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isShorthandPropertyAssignment(p)) names!.add(p.name.text);
        else if (ts.isPropertyAssignment(p)) add(p.initializer);
      }
    }
  };
  for (const s of file.statements) {
    if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = s.expression;
      if (isModuleExports(left) || (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression))) add(right);
    } else if (ts.isExportAssignment(s)) add(s.expression);
    else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) names.add((e.propertyName ?? e.name).text);
    }
  }
  exportedLocals.set(file, names);
  return names;
}

const hasExportModifier = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Whether `fn` is a function of the module's exported API; its name, or undefined. */
export function libraryApiName(fn: ts.SignatureDeclaration): string | undefined {
  const file = fn.getSourceFile();
  const parent = fn.parent;
  // function f(…) / export function f(…) / export default function (…)
  if (ts.isFunctionDeclaration(fn)) {
    if (!ts.isSourceFile(parent)) return undefined;
    if (hasExportModifier(fn)) return fn.name?.text ?? 'default';
    return fn.name && localsExported(file).has(fn.name.text) ? fn.name.text : undefined;
  }
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn))) return undefined;
  // const f = (…) => … at the top level, exported by modifier or by reference
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const statement = parent.parent?.parent;
    if (!statement || !ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) return undefined;
    return hasExportModifier(statement) || localsExported(file).has(parent.name.text) ? parent.name.text : undefined;
  }
  // module.exports = function (…) {…}; exports.f = (…) => …; export default (…) => …
  if (ts.isBinaryExpression(parent) && parent.right === fn && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (isModuleExports(parent.left)) return 'default';
    if (ts.isPropertyAccessExpression(parent.left) && isExportsObject(parent.left.expression)) return parent.left.name.text;
    return undefined;
  }
  if (ts.isExportAssignment(parent)) return 'default';
  // module.exports = { f(…) {…}, g: (…) => … }
  const property = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(parent) && parent.initializer === fn ? parent : undefined;
  const object = property?.parent;
  if (!property || !object || !ts.isObjectLiteralExpression(object)) return undefined;
  const holder = object.parent;
  const exportsObject =
    (ts.isBinaryExpression(holder) && holder.right === object && isModuleExports(holder.left)) || ts.isExportAssignment(holder);
  return exportsObject && property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
}

/**
 * Whether the module exports a function with parameters (one `libraryApiName`
 * names): only then does a library's entry have input of its own. Every form
 * `libraryApiName` accepts is written at the top level, so only the top
 * level's declarations and assignments are read (through chains such as
 * `const proto = module.exports = { … }` and `exports = module.exports = fn`),
 * never a function's body. Most modules of a class-based library
 * (drizzle-orm: dialects, sessions, query builders) export classes only and
 * need no taint walk.
 */
export function exportsApiFunction(file: ts.SourceFile): boolean {
  const isApi = (node: ts.Node): boolean => {
    if (ts.isParenthesizedExpression(node)) return isApi(node.expression);
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) {
      return node.parameters.length > 0 && libraryApiName(node) !== undefined;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) return isApi(node.right);
    if (ts.isObjectLiteralExpression(node)) return node.properties.some((p) => isApi(ts.isPropertyAssignment(p) ? p.initializer : p));
    return false;
  };
  return file.statements.some((s) => {
    if (ts.isFunctionDeclaration(s)) return isApi(s);
    if (ts.isVariableStatement(s)) return s.declarationList.declarations.some((d) => d.initializer !== undefined && isApi(d.initializer));
    if (ts.isExportAssignment(s) || ts.isExpressionStatement(s)) return isApi(s.expression);
    return false;
  });
}
