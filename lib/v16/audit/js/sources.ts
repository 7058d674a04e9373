// Where request input enters JavaScript/TypeScript code: members of request
// objects (Express, Koa, Fastify, Next.js), and parameters of functions that
// are request handlers or server actions.

import { JS_SERVER_IMPORT } from '../../lang/frameworks';
import { libraryApiName } from './library-api';
import ts from 'typescript';
import { shorten } from '../source-text';
import { ARGV_DORMANT, CI_DORMANT, envVariableKind } from '../taint/process-inputs';
import { sanitize, sourceTaint, type Confidence, type Origin, type Taint } from '../taint/taint';
import { codeOf, locate, type FileContext, type Scope } from './context';
import { unwrap, type ModuleBindings } from '../../lang/js/modules';
import { EVENT_PARAMS, HANDLER_EXPORT, REQUEST_NAMES, RESPONSE_NAMES, ROUTE_HANDLER_EXPORTS } from './source-names';


/**
 * Members of a request object that carry client-controlled data. Methods
 * (json, formData, get, header) count too: calling them yields the input.
 */
const INPUT_MEMBERS = new Set([
  'query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'payload', 'querystring',
  'url', 'originalUrl', 'path', 'hostname', 'nextUrl', 'json', 'formData', 'text', 'arrayBuffer', 'blob',
  'get', 'header', 'param',
]);
/** Members whose values are always strings (or string lookups), never parsed objects. */
const STRING_MEMBERS = new Set(['params', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'hostname', 'nextUrl', 'text', 'get', 'header', 'param', 'querystring', 'formData']);

export function isStringInput(name: string): boolean {
  return STRING_MEMBERS.has(name);
}

/** Members that are themselves request objects (Koa's ctx.request, ctx.req). */
const NESTED_REQUEST_MEMBERS = new Set(['request', 'req']);

export interface FunctionInputs {
  requestObjects: [name: string, confidence: Confidence][];
  /** Parameters holding client data outright (route params, server action arguments). */
  taintedParams: ts.ParameterDeclaration[];
  /** What those parameters are, for the trace. */
  taintedAs: string;
  /** Where their values come from, when not a request (a library's caller). */
  origin?: Origin;
}

export function functionInputs(ctx: FileContext, fn: ts.SignatureDeclaration): FunctionInputs {
  const params = fn.parameters;
  const [first, second] = params;
  const exported = exportedName(fn);
  const routeExport = exported !== undefined && ROUTE_HANDLER_EXPORTS.has(exported);
  const handlerShape = second !== undefined && ts.isIdentifier(second.name) && RESPONSE_NAMES.has(second.name.text);
  // A parameter merely named `request` could be an outgoing HTTP request; the file's imports or the handler's shape settle it.
  const byName: Confidence = handlerShape || routeExport || ctx.webFramework ? 'high' : 'medium';
  const requestObjects = params.flatMap((p): [string, Confidence][] =>
    ts.isIdentifier(p.name) && REQUEST_NAMES.has(p.name.text) ? [[p.name.text, byName]] : [],
  );
  if (first && ts.isIdentifier(first.name) && (handlerShape || routeExport)) requestObjects.push([first.name.text, 'high']);
  if (routeExport) {
    // Next.js passes `{ params }` second: the dynamic route segments.
    return { requestObjects, taintedParams: second ? [second] : [], taintedAs: 'route segments' };
  }
  if (first && isMessageListener(fn)) {
    return { requestObjects, taintedParams: [first], taintedAs: 'postMessage event' };
  }
  if (isServerlessHandler(fn, exported)) {
    return { requestObjects, taintedParams: [first], taintedAs: 'serverless function event' };
  }
  if ((exported && ctx.serverActions) || hasUseServerBody(fn)) {
    return { requestObjects, taintedParams: [...params], taintedAs: 'server action argument' };
  }
  if (ctx.libraryInputs && params.length > 0) {
    const api = libraryApiName(fn);
    if (api !== undefined) return { requestObjects, taintedParams: [...params], taintedAs: `argument of ${api === 'default' ? 'the module\'s exported function' : `the exported ${api}()`} (library API)`, origin: 'caller' };
  }
  return { requestObjects, taintedParams: [], taintedAs: '' };
}

/**
 * A window's message listener: `addEventListener('message', (event) => …)`
 * or `onmessage = (event) => …`. Any page can post to it; its event's data
 * is the sender's.
 */
function isMessageListener(fn: ts.SignatureDeclaration): boolean {
  const parent = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  if (ts.isCallExpression(parent) && parent.arguments[1] === fn) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    const kind = parent.arguments[0];
    return name === 'addEventListener' && kind !== undefined && ts.isStringLiteralLike(kind) && kind.text === 'message';
  }
  return (
    ts.isBinaryExpression(parent) &&
    parent.right === fn &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ((ts.isPropertyAccessExpression(parent.left) && parent.left.name.text === 'onmessage') || (ts.isIdentifier(parent.left) && parent.left.text === 'onmessage'))
  );
}

/** Types that say so: aws-lambda's `APIGatewayProxyEvent`, `SQSEvent`, …, `Handler` and `APIGatewayProxyHandler`. */
const EVENT_TYPE = /(?:Event|EventV2)$/;
const HANDLER_TYPE = /Handler(?:V2)?$/;

/**
 * A serverless function's entry point: exported (`exports.handler = …`,
 * `module.exports.handler = …`, `export const handler`, `export function
 * handler`) under a name the platform calls, whose first parameter is the
 * event, by name, by type, or by the handler's own type. Its event carries
 * the caller's data as a request does.
 */
function isServerlessHandler(fn: ts.SignatureDeclaration, exported: string | undefined): boolean {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name)) return false;
  const name = exported ?? commonJsExportName(fn);
  if (name === undefined || !HANDLER_EXPORT.test(name)) return false;
  if (EVENT_PARAMS.has(first.name.text)) return true;
  if (first.type && ts.isTypeReferenceNode(first.type) && EVENT_TYPE.test(typeNameOf(first.type))) return true;
  const decl = fn.parent;
  return ts.isVariableDeclaration(decl) && decl.type !== undefined && ts.isTypeReferenceNode(decl.type) && HANDLER_TYPE.test(typeNameOf(decl.type));
}

/** `APIGatewayProxyEvent`, also written `lambda.APIGatewayProxyEvent`. */
function typeNameOf(type: ts.TypeReferenceNode): string {
  return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}

/** `exports.name = fn` or `module.exports.name = fn`: the name; undefined otherwise. */
function commonJsExportName(fn: ts.SignatureDeclaration): string | undefined {
  const parent = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBinaryExpression(parent) || parent.right !== fn) return undefined;
  if (parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(parent.left)) return undefined;
  const target = parent.left.expression;
  const isExports =
    (ts.isIdentifier(target) && target.text === 'exports') ||
    (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports');
  return isExports ? parent.left.name.text : undefined;
}

/** Request-object parameters written as patterns: `({ query, body }, res) => …`. */
export function isDestructuredRequest(fn: ts.SignatureDeclaration, param: ts.ParameterDeclaration): boolean {
  const [first, second] = fn.parameters;
  return (
    param === first &&
    ts.isObjectBindingPattern(param.name) &&
    second !== undefined &&
    ts.isIdentifier(second.name) &&
    RESPONSE_NAMES.has(second.name.text)
  );
}

/** How sure we are that `expr` is an HTTP request object; undefined when it is not one. */
export function isRequestObject(scope: Scope, expr: ts.Expression): Confidence | undefined {
  expr = unwrap(expr);
  if (ts.isIdentifier(expr)) return scope.env.lookup(expr.text).bound ? undefined : scope.requestObjects.get(expr.text);
  if (ts.isPropertyAccessExpression(expr) && NESTED_REQUEST_MEMBERS.has(expr.name.text)) return isRequestObject(scope, expr.expression);
  return undefined;
}

export function importsWebFramework(modules: ModuleBindings): boolean {
  return [...modules.values()].some((target) => JS_SERVER_IMPORT.test(target));
}

export function isInputMember(name: string): boolean {
  return INPUT_MEMBERS.has(name);
}

export function requestSource(ctx: FileContext, node: ts.Node, confidence: Confidence = 'high'): Taint {
  return sourceTaint(locate(ctx, node), shorten(codeOf(ctx, inputRead(node))), confidence);
}

/** Parts of the page's URL and the window an attacker chooses: `location.hash`, `document.URL`, `document.referrer`, `window.name`. */
const LOCATION_PARTS = new Set(['hash', 'search', 'href', 'pathname', 'toString']);
const DOCUMENT_INPUTS = new Set(['URL', 'documentURI', 'baseURI', 'referrer', 'cookie']);

/** A browser global, not hidden by a local binding or an import of that name. */
function isGlobal(scope: Scope, e: ts.Expression, name: string): boolean {
  return ts.isIdentifier(e) && e.text === name && !scope.env.lookup(name).bound;
}

/** `location`, `window.location`, `document.location`. */
function isLocation(scope: Scope, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (isGlobal(scope, e, 'location')) return true;
  return ts.isPropertyAccessExpression(e) && e.name.text === 'location' && (isGlobal(scope, unwrap(e.expression), 'window') || isGlobal(scope, unwrap(e.expression), 'document'));
}

const URL_HOOKS = new Set([
  'next/navigation.useSearchParams', 'next/navigation.useParams', 'next/navigation.usePathname',
  'react-router-dom.useSearchParams', 'react-router-dom.useParams', 'react-router-dom.useLocation',
  'react-router.useSearchParams', 'react-router.useParams', 'react-router.useLocation',
]);

export function isUrlHook(qualified: string | undefined): boolean {
  return qualified !== undefined && URL_HOOKS.has(qualified);
}

/** An Angular route's parameters: `route.snapshot.queryParamMap`, `this.route.snapshot.params`. */
const ROUTE_SNAPSHOT_PARTS = new Set(['queryParamMap', 'queryParams', 'paramMap', 'params', 'fragment']);

export function isBrowserInput(scope: Scope, object: ts.Expression, name: string): boolean {
  if (LOCATION_PARTS.has(name) && isLocation(scope, object)) return true;
  const o = unwrap(object);
  if (ROUTE_SNAPSHOT_PARTS.has(name) && ts.isPropertyAccessExpression(o) && o.name.text === 'snapshot') return true;
  if (DOCUMENT_INPUTS.has(name) && isGlobal(scope, o, 'document')) return true;
  return name === 'name' && isGlobal(scope, o, 'window');
}

/** The page's URL, referrer or window name in browser code: whoever sends the link chooses them. */
export function browserSource(ctx: FileContext, node: ts.Node): Taint {
  return sanitize(sourceTaint(locate(ctx, node), shorten(codeOf(ctx, inputRead(node))), 'high'), ['injection.nosql']);
}

/** `process.argv` (or `argv` from 'node:process'): see taint/process-inputs.ts. */
export function argvSource(ctx: FileContext, node: ts.Node): Taint {
  return sourceTaint(locate(ctx, node), shorten(codeOf(ctx, inputRead(node))), 'medium', 'argv', ARGV_DORMANT);
}

/** `process.env.NAME` when NAME holds input (CGI request data, CI text); undefined for configuration. */
export function envSource(ctx: FileContext, node: ts.Node, name: string): Taint | undefined {
  const kind = envVariableKind(name);
  if (!kind) return undefined;
  const read = shorten(codeOf(ctx, inputRead(node)));
  // CGI variables are strings: they cannot smuggle query operators.
  if (kind === 'request') return sanitize(sourceTaint(locate(ctx, node), `${read} (CGI)`, 'medium'), ['injection.nosql']);
  return sourceTaint(locate(ctx, node), read, 'high', 'env', CI_DORMANT);
}

/** The whole read the input arrives through, for the trace: `req.query.name`, `searchParams.get('q')`. */
function inputRead(node: ts.Node): ts.Node {
  let read = node;
  for (let depth = 0; depth < 3; depth++) {
    const parent = read.parent;
    const continues =
      parent !== undefined &&
      (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) &&
      parent.expression === read;
    if (!continues) break;
    read = parent;
  }
  return read;
}

export function paramSource(ctx: FileContext, param: ts.ParameterDeclaration, what: string, origin: Origin = 'request'): Taint {
  return sourceTaint(locate(ctx, param), `${what} ${shorten(codeOf(ctx, param.name))}`, 'high', origin);
}

function exportedName(fn: ts.SignatureDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return hasExport(fn) ? fn.name?.text : undefined;
  // export const POST = async (request) => …
  const decl = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
    const statement = decl.parent?.parent;
    return statement && ts.isVariableStatement(statement) && hasExport(statement) ? decl.name.text : undefined;
  }
  return undefined;
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasUseServerBody(fn: ts.SignatureDeclaration): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return body !== undefined && ts.isBlock(body) && hasUseServer(body.statements);
}

export function hasUseServer(statements: ts.NodeArray<ts.Statement>): boolean {
  const first = statements[0];
  return first !== undefined && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server';
}
