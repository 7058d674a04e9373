// JavaScript/TypeScript pattern rules: weak hashes and ciphers, Math.random
// for secrets, cookie flags, disabled TLS verification, XML parsers that
// resolve entities, regular expressions that backtrack catastrophically.

import ts from 'typescript';
import type { DraftFinding } from '../finding';
import type { RuleId } from '../../rules';
import { CSRF_DEFENCE, SAME_SITE_COOKIE, WEAK_HASH_NAMES, exponentialBacktracking, isNonSecurityHashName, isScriptReadableByDesign, isSecurityName, isSensitiveCookie, isWeakCipherName } from '../patterns';
import { codeOf, stepAt, type FileContext } from './context';
import { checkKeyUse } from './key-uses';
import { unwrap, type Callee } from '../../lang/js/modules';

const CIPHER_FUNCTIONS = new Set(['crypto.createCipheriv', 'crypto.createDecipheriv', 'crypto.createCipher', 'crypto.createDecipher', 'createCipheriv', 'createCipher']);
const HASH_FUNCTIONS = new Set(['crypto.createHash', 'createHash', 'crypto.createHmac', 'createHmac']);
const XML_PARSERS = new Set(['libxmljs.parseXml', 'libxmljs.parseXmlString', 'libxmljs2.parseXml', 'libxmljs2.parseXmlString', 'libxmljs.parseXmlAsync']);

function draft(ctx: FileContext, ruleId: RuleId, node: ts.Node, detail: string, confidence: DraftFinding['confidence'] = 'high'): void {
  ctx.drafts.push({
    ruleId,
    start: node.getStart(ctx.sourceFile),
    end: node.end,
    context: codeOf(ctx, node),
    detail,
    trace: [stepAt(ctx, node, detail)],
    confidence,
  });
}

export function checkPatternCall(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, callee: Callee, weakPasswordHashReported: boolean): void {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const qualified = callee.qualified ?? callee.name;
  const first = args[0] && unwrap(args[0]);
  const literal = first && ts.isStringLiteralLike(first) ? first.text : undefined;
  checkKeyUse(ctx, call, callee);
  if (HASH_FUNCTIONS.has(qualified) && literal && WEAK_HASH_NAMES.has(literal.toLowerCase()) && !weakPasswordHashReported) {
    const hmac = /Hmac$/.test(qualified);
    if (!hmac && !isNonSecurityHashName(enclosingName(call))) draft(ctx, 'crypto.weak-hash', call, `${literal.toUpperCase()} is used as a hash here.`, 'medium');
  }
  if (CIPHER_FUNCTIONS.has(qualified) && literal && isWeakCipherName(literal)) {
    draft(ctx, 'crypto.weak-cipher', call, `The cipher "${literal}" is broken or used in ECB mode.`);
  }
  if (qualified === 'Math.random' && isSecurityName(enclosingName(call))) {
    draft(ctx, 'random.insecure', call, `Math.random() feeds \`${enclosingName(call)}\`, a value that must be unguessable.`);
  }
  if (callee.name === 'cookie' && callee.receiver && args.length >= 1 && literal !== undefined) checkCookie(ctx, call, literal, args[2]);
  if ((qualified === 'express-session' || qualified === 'cookie-session') && args[0] && ts.isObjectLiteralExpression(unwrap(args[0]))) {
    const cookie = property(unwrap(args[0]) as ts.ObjectLiteralExpression, 'cookie');
    if (cookie && ts.isObjectLiteralExpression(unwrap(cookie))) checkCookieOptions(ctx, call, 'session', unwrap(cookie) as ts.ObjectLiteralExpression, false);
  }
  if (qualified === 'express-session' || qualified === 'cookie-session') checkCsrfDefence(ctx, call, first);
  if (qualified === 'cors' && args[0] && ts.isObjectLiteralExpression(unwrap(args[0]))) checkCorsOptions(ctx, call, unwrap(args[0]) as ts.ObjectLiteralExpression);
  if (callee.receiver && (callee.name === 'setHeader' || callee.name === 'header' || callee.name === 'set') && args.length >= 2 && literal?.toLowerCase() === 'access-control-allow-origin') {
    checkReflectedOrigin(ctx, call, args[1]);
  }
  if (qualified === 'errorhandler' && !isConditional(call)) {
    draft(ctx, 'config.debug', call, 'errorhandler() sends every error\'s stack trace to the browser, and runs here in every environment.');
  }
  if (XML_PARSERS.has(qualified) && args[1] && ts.isObjectLiteralExpression(unwrap(args[1]))) {
    const noent = property(unwrap(args[1]) as ts.ObjectLiteralExpression, 'noent');
    if (noent && noent.kind === ts.SyntaxKind.TrueKeyword) draft(ctx, 'xml.external-entities', call, 'The XML parser is asked to substitute entities (noent: true).');
  }
}

/**
 * res.cookie(name, value, options): a session or token cookie needs Secure
 * and HttpOnly; any cookie whose options turn one of them off is reported.
 */
function checkCookie(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, name: string, options: ts.Expression | undefined): void {
  const sensitive = isSensitiveCookie(name);
  if (options === undefined) {
    if (!sensitive) return;
    draft(ctx, 'cookie.insecure', call, `Cookie "${name}" is set without the Secure flag.`);
    if (!isScriptReadableByDesign(name)) draft(ctx, 'cookie.httponly', call, `Cookie "${name}" is set without the HttpOnly flag.`);
    return;
  }
  const o = unwrap(options);
  if (ts.isObjectLiteralExpression(o)) checkCookieOptions(ctx, call, name, o, true, sensitive);
}

function checkCookieOptions(ctx: FileContext, at: ts.Node, name: string, options: ts.ObjectLiteralExpression, httpOnlyDefaultsOff: boolean, sensitive = true): void {
  if (options.properties.some(ts.isSpreadAssignment)) return;
  const secure = property(options, 'secure');
  const httpOnly = property(options, 'httpOnly');
  // A flag left out matters for cookies that carry a session or a credential; one turned off, for any cookie.
  if (secure ? secure.kind === ts.SyntaxKind.FalseKeyword : sensitive) draft(ctx, 'cookie.insecure', at, `Cookie "${name}" is set without the Secure flag.`);
  const httpOnlyOff = httpOnly ? httpOnly.kind === ts.SyntaxKind.FalseKeyword : httpOnlyDefaultsOff && sensitive;
  if (httpOnlyOff && !isScriptReadableByDesign(name)) draft(ctx, 'cookie.httponly', at, `Cookie "${name}" is readable by scripts (no HttpOnly).`);
}

/** `cors({ origin: true | '*', credentials: true })`: every origin, with the user's cookies. */
function checkCorsOptions(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, options: ts.ObjectLiteralExpression): void {
  const origin = property(options, 'origin');
  const credentials = property(options, 'credentials');
  const anyOrigin = origin && (origin.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteralLike(origin) && origin.text === '*'));
  if (anyOrigin && credentials?.kind === ts.SyntaxKind.TrueKeyword) {
    draft(ctx, 'cors.credentials-any-origin', call, 'CORS reflects every origin (origin: true) and allows credentials.');
  }
}

/**
 * `res.setHeader('Access-Control-Allow-Origin', req.headers.origin)` in a
 * function that also sends `Access-Control-Allow-Credentials: true`.
 */
function checkReflectedOrigin(ctx: FileContext, call: ts.CallExpression | ts.NewExpression, value: ts.Expression): void {
  const v = unwrap(value);
  if (ts.isStringLiteralLike(v) || !/origin/i.test(codeOf(ctx, v))) return;
  let scope: ts.Node = call;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!/access-control-allow-credentials['"`]\s*,\s*['"`]?true/i.test(codeOf(ctx, scope))) return;
  draft(ctx, 'cors.credentials-any-origin', call, "The request's own Origin is sent back as Access-Control-Allow-Origin, with Access-Control-Allow-Credentials: true.");
}

/**
 * Express with cookie sessions (express-session, cookie-session), a browser
 * app (it parses forms or renders views) that changes state on POST / PUT /
 * PATCH / DELETE routes, and no CSRF defence in the file: a form on any site
 * can make the user's browser send those requests with the session cookie.
 * Not when the session cookie is SameSite Strict or Lax. Low confidence: a
 * defence set up in another module is not seen.
 */
function checkCsrfDefence(ctx: FileContext, call: ts.Node, options: ts.Expression | undefined): void {
  const text = ctx.sourceFile.text;
  if (ctx.drafts.some((d) => d.ruleId === 'csrf.missing') || CSRF_DEFENCE.test(text)) return;
  if (options && SAME_SITE_COOKIE.test(codeOf(ctx, options))) return;
  if (!STATE_CHANGING_ROUTE.test(text) || !BROWSER_APP.test(text)) return;
  draft(ctx, 'csrf.missing', call, 'Sessions ride in a cookie and routes change state on POST/PUT/PATCH/DELETE, with no CSRF token check.', 'low');
}
/** `app.post('/…'`, `router.delete("/…"`, a route's path as its first argument. */
const STATE_CHANGING_ROUTE = /\.\s*(?:post|put|patch|delete)\s*\(\s*['"`]\//;
/** Form bodies or server-rendered views: pages a browser uses, not only an API. */
const BROWSER_APP = /\burlencoded\s*\(|\bmulter\b|\bformidable\b|\bbusboy\b|\.render\s*\(/;

/** Inside an `if`, `?:`, `&&` or `||`: run only in some environments (`if (env === 'development')`). */
function isConditional(node: ts.Node): boolean {
  for (let n = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n)) return true;
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return true;
  }
  return false;
}

/** `{ rejectUnauthorized: false }` anywhere (https.Agent, tls.connect, axios, got, pg, …). */
export function checkPatternProperty(ctx: FileContext, name: string, value: ts.Expression | undefined, at: ts.Node): void {
  if (!value) return;
  const v = unwrap(value);
  if (name === 'rejectUnauthorized' && (v.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(v) && v.text === '0'))) {
    draft(ctx, 'tls.disabled', at, 'TLS certificate verification is turned off (rejectUnauthorized: false).');
  }
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` turns verification off for the whole process. */
export function checkPatternAssignment(ctx: FileContext, target: ts.Expression, value: ts.Expression, at: ts.Node): void {
  const t = unwrap(target);
  const name = ts.isPropertyAccessExpression(t) ? t.name.text : ts.isElementAccessExpression(t) && ts.isStringLiteralLike(t.argumentExpression) ? t.argumentExpression.text : undefined;
  const v = unwrap(value);
  if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' && ((ts.isStringLiteralLike(v) && v.text === '0') || (ts.isNumericLiteral(v) && v.text === '0'))) {
    draft(ctx, 'tls.disabled', at, 'NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate verification for every connection of the process.');
  }
  if (name) checkPatternProperty(ctx, name, value, at);
}

export function checkRegexLiteral(ctx: FileContext, node: ts.RegularExpressionLiteral): void {
  const end = node.text.lastIndexOf('/');
  const message = exponentialBacktracking(node.text.slice(1, end), node.text.slice(end + 1), 'js', node.text);
  if (message) draft(ctx, 'regex.redos', node, message, 'medium');
}

function property(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key && ts.isPropertyAssignment(p)) return unwrap(p.initializer);
  }
  return undefined;
}

/** The variable, property, or function a value ends up in: what the code calls it. */
export function enclosingName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
    if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) return n.name.text;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = unwrap(n.left);
      if (ts.isIdentifier(left)) return left.text;
      if (ts.isPropertyAccessExpression(left)) return left.name.text;
    }
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name && ts.isIdentifier(n.name)) return n.name.text;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return n.parent.name.text;
    if (ts.isBlock(n) && ts.isSourceFile(n.parent)) return undefined;
  }
  return undefined;
}
