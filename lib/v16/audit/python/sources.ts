// Where request input enters Python code: attributes of the request object
// (Flask, Django, DRF, Starlette/FastAPI) and parameters of route handlers
// (Flask URL variables, FastAPI query/path/body parameters, Django URL kwargs).

import { PYTHON_WEB_IMPORT } from '../../lang/frameworks';
import { qualifiedName } from '../../lang/python/modules';
import { shorten } from '../source-text';
import type { Scope } from '../taint/scope';
import { ARGV_DORMANT, CI_DORMANT, envVariableKind } from '../taint/process-inputs';
import { sanitize, sourceTaint, type Confidence, type Taint } from '../taint/taint';
import type { ModuleBindings } from '../../lang/python/modules';
import { children, locate, textOf, unwrap, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

const REQUEST_NAMES = new Set(['request', 'req']);
const INPUT_ATTRIBUTES = new Set([
  // Flask / Werkzeug
  'args', 'form', 'values', 'json', 'data', 'files', 'cookies', 'headers', 'get_json', 'get_data', 'view_args',
  'path', 'full_path', 'url', 'query_string', 'stream',
  // Django, Django REST framework
  'GET', 'POST', 'body', 'COOKIES', 'META', 'FILES', 'query_params',
  // Starlette / FastAPI
  'path_params',
]);
const ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'websocket']);
/** Injected by the framework, not sent by the client. */
const FRAMEWORK_PARAMS = new Set(['self', 'cls', 'request', 'req', 'db', 'session', 'background_tasks', 'response']);
const INJECTED_DEFAULTS = /^(?:Depends|Security)\(/;
const INJECTED_TYPES = /^(?:Request|Response|WebSocket|Session|AsyncSession|BackgroundTasks|HTTPConnection)\b/;

export interface Param {
  name: string;
  node: SyntaxNode;
  annotation?: string;
  default?: string;
}

export function parametersOf(ctx: FileContext, fn: SyntaxNode): Param[] {
  const list = fn.getChild('ParamList');
  if (!list) return [];
  const params: Param[] = [];
  const kids = children(list);
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].name !== 'VariableName') continue;
    const param: Param = { name: textOf(ctx, kids[i]), node: kids[i] };
    if (kids[i + 1]?.name === 'TypeDef') param.annotation = textOf(ctx, kids[++i]).replace(/^:\s*/, '');
    if (kids[i + 1]?.name === 'AssignOp' && kids[i + 2]) {
      param.default = textOf(ctx, kids[i + 2]);
      i += 2;
    }
    params.push(param);
  }
  return params;
}

export interface FunctionInputs {
  taintedParams: Param[];
  confidence: Confidence;
  /** A library's caller, when the parameters are its public function's. */
  origin?: 'caller';
}

export function functionInputs(ctx: FileContext, params: Param[], decorators: SyntaxNode[], libraryApi = false): FunctionInputs {
  const isRoute = decorators.some((d) => isRouteDecorator(ctx, d));
  // A library's public function: its callers' arguments are input (every parameter but self and cls).
  if (libraryApi && !isRoute) return { taintedParams: params.filter((p) => p.name !== 'self' && p.name !== 'cls'), confidence: 'medium', origin: 'caller' };
  const clientParams = params.filter(
    (p) => !FRAMEWORK_PARAMS.has(p.name) && !INJECTED_DEFAULTS.test(p.default ?? '') && !INJECTED_TYPES.test(p.annotation ?? ''),
  );
  if (isRoute) return { taintedParams: clientParams, confidence: 'high' };
  // Django views: view(request, slug) — the parameters after the request are URL captures.
  const request = params.findIndex((p) => p.name === 'request');
  if (request !== -1) {
    return { taintedParams: clientParams.filter((p) => params.indexOf(p) > request), confidence: ctx.webFramework ? 'medium' : 'low' };
  }
  return { taintedParams: [], confidence: 'high' };
}

/** `@app.route(...)`, `@bp.get(...)`, `@router.post(...)`. */
export function isRouteDecorator(ctx: FileContext, decorator: SyntaxNode): boolean {
  const names = children(decorator).filter((n) => n.name === 'VariableName');
  const last = names[names.length - 1];
  return names.length >= 2 && last !== undefined && ROUTE_DECORATORS.has(textOf(ctx, last));
}

/** How sure we are that `node` is the incoming HTTP request; undefined when it is not. */
export function isRequestObject(ctx: FileContext, scope: Scope, node: SyntaxNode): Confidence | undefined {
  const n = unwrap(node);
  // `flask.request`, with the module imported whole.
  if (n.name === 'MemberExpression') return /^(?:flask|quart)\.request$/.test(qualifiedName(ctx, n) ?? '') ? 'high' : undefined;
  if (n.name !== 'VariableName') return undefined;
  const name = textOf(ctx, n);
  // Flask's `request` is a module global; Django and Starlette pass it as a parameter of that name.
  // Without a web framework import it may as well be an outgoing request (requests, urllib3).
  if (!REQUEST_NAMES.has(name) || scope.env.lookup(name).bound) return undefined;
  return ctx.webFramework ? 'high' : 'low';
}

export function importsWebFramework(modules: ModuleBindings): boolean {
  return [...modules.values()].some((target) => PYTHON_WEB_IMPORT.test(target));
}

/** Attributes whose values are strings (or dicts of strings): never parsed JSON that could hold operators. */
const STRING_ATTRIBUTES = new Set(['args', 'form', 'values', 'cookies', 'headers', 'view_args', 'path', 'full_path', 'url', 'query_string', 'GET', 'POST', 'COOKIES', 'META', 'query_params', 'path_params']);

export function isStringAttribute(name: string): boolean {
  return STRING_ATTRIBUTES.has(name);
}

export function isInputAttribute(name: string): boolean {
  return INPUT_ATTRIBUTES.has(name);
}

export function requestSource(ctx: FileContext, node: SyntaxNode, confidence: Confidence): Taint {
  return sourceTaint(locate(ctx, node), shorten(textOf(ctx, inputRead(node))), confidence);
}

/** `sys.argv`, `argv` from sys, `parser.parse_args()`: see taint/process-inputs.ts. */
export function argvSource(ctx: FileContext, node: SyntaxNode): Taint {
  return sourceTaint(locate(ctx, node), shorten(textOf(ctx, inputRead(node))), 'medium', 'argv', ARGV_DORMANT);
}

/** `os.environ["NAME"]`, `os.getenv("NAME")` when NAME holds input (CGI request data, CI text); undefined for configuration. */
export function envSource(ctx: FileContext, node: SyntaxNode, name: string): Taint | undefined {
  const kind = envVariableKind(name);
  if (!kind) return undefined;
  const read = shorten(textOf(ctx, node));
  if (kind === 'request') return sanitize(sourceTaint(locate(ctx, node), `${read} (CGI)`, 'medium'), ['injection.nosql']);
  return sourceTaint(locate(ctx, node), read, 'high', 'env', CI_DORMANT);
}

/** The whole read the input arrives through, for the trace: `request.args.get("q")`, `request.form["host"]`. */
function inputRead(node: SyntaxNode): SyntaxNode {
  let read = node;
  for (let depth = 0; depth < 3; depth++) {
    const parent = read.parent;
    const head = parent?.firstChild;
    const continues = (parent?.name === 'MemberExpression' || parent?.name === 'CallExpression') && head?.from === read.from && head.to === read.to;
    if (!continues) break;
    read = parent!;
  }
  return read;
}

export function paramSource(ctx: FileContext, param: Param, confidence: Confidence, origin?: 'caller'): Taint {
  if (origin === 'caller') return sourceTaint(locate(ctx, param.node), `argument ${param.name} of a public function (library API)`, confidence, 'caller');
  return sourceTaint(locate(ctx, param.node), `route parameter ${param.name}`, confidence);
}
