// Python pattern rules: weak hashes and ciphers, the random module for
// secrets, cookie flags (set_cookie and Django settings), disabled TLS
// verification, XML parsers that resolve entities, catastrophic regexes.

import type { DraftFinding } from '../finding';
import type { RuleId } from '../../rules';
import { CSRF_DEFENCE, SAME_SITE_COOKIE, WEAK_HASH_NAMES, exponentialBacktracking, isNonSecurityHashName, isScriptReadableByDesign, isSecurityName, isSensitiveCookie } from '../patterns';
import type { Callee } from '../../lang/python/modules';
import { stepAt, stringBody, textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from '../../lang/python/syntax';
import { checkKeyUseCall } from './key-uses';

const WEAK_CIPHER_MODULES = /^(?:Crypto|Cryptodome)\.Cipher\.(?:DES|DES3|ARC2|ARC4|Blowfish|CAST)\.new$|algorithms\.(?:TripleDES|ARC4|Blowfish|CAST5|IDEA|SEED)$|^pyDes\.|modes\.ECB$/;
export const RANDOM_FUNCTIONS = /^random\.(?:random|randint|randrange|choice|choices|getrandbits|sample|shuffle|uniform|randbytes)$/;
const REGEX_FUNCTIONS = /^(?:re|regex)\.(?:compile|match|search|fullmatch|findall|finditer|sub|subn|split)$/;
const COOKIE_SETTINGS: Readonly<Record<string, RuleId>> = {
  SESSION_COOKIE_SECURE: 'cookie.insecure',
  CSRF_COOKIE_SECURE: 'cookie.insecure',
  LANGUAGE_COOKIE_SECURE: 'cookie.insecure',
  REMEMBER_COOKIE_SECURE: 'cookie.insecure',
  SESSION_COOKIE_HTTPONLY: 'cookie.httponly',
  REMEMBER_COOKIE_HTTPONLY: 'cookie.httponly',
};

/** The file imports Flask (whole, or names from it). */
const importsFlask = (ctx: FileContext) => [...ctx.modules.values()].some((target) => /^flask(?:$|\.)/i.test(target));

function draft(ctx: FileContext, ruleId: RuleId, node: SyntaxNode, detail: string, confidence: DraftFinding['confidence'] = 'high'): void {
  ctx.drafts.push({ ruleId, start: node.from, end: node.to, context: textOf(ctx, node), detail, trace: [stepAt(ctx, node, detail)], confidence });
}

const isTrue = (ctx: FileContext, node: SyntaxNode | undefined) => node !== undefined && textOf(ctx, node) === 'True';
const isFalse = (ctx: FileContext, node: SyntaxNode | undefined) => node !== undefined && /^(?:False|0|None)$/.test(textOf(ctx, node));

export function checkPatternCall(ctx: FileContext, call: SyntaxNode, callee: Callee, args: CallArgs): void {
  const qualified = callee.qualified ?? callee.name;
  const [first, second] = args.positional;
  checkKeyUseCall(ctx, call, callee, args);
  const hash = /^hashlib\.(md5|sha1|md4)$/.exec(qualified)?.[1] ?? (qualified === 'hashlib.new' && first ? stringBody(ctx, first)?.toLowerCase() : undefined);
  if (hash && WEAK_HASH_NAMES.has(hash) && !isFalse(ctx, args.keywords.get('usedforsecurity')) && !isNonSecurityHashName(enclosingName(ctx, call))) {
    draft(ctx, 'crypto.weak-hash', call, `${hash.toUpperCase()} is used as a hash here.`, 'medium');
  }
  if (WEAK_CIPHER_MODULES.test(qualified) || (/(?:^|\.)AES\.new$/.test(qualified) && args.positional.some((a) => /MODE_ECB/.test(textOf(ctx, a))))) {
    draft(ctx, 'crypto.weak-cipher', call, `${qualified} is a broken cipher or ECB mode.`);
  }
  if (RANDOM_FUNCTIONS.test(qualified) && isSecurityName(enclosingName(ctx, call))) {
    draft(ctx, 'random.insecure', call, `${qualified}() feeds \`${enclosingName(ctx, call)}\`, a value that must be unguessable.`);
  }
  if (callee.name === 'set_cookie' && callee.receiver) {
    const nameNode = first ?? args.keywords.get('key');
    const name = nameNode && stringBody(ctx, unwrap(nameNode));
    const secure = args.keywords.get('secure');
    const httponly = args.keywords.get('httponly');
    // A flag left out matters for cookies that carry a session or a credential; one turned off, for any cookie.
    const sensitive = name !== undefined && isSensitiveCookie(name);
    const label = name === undefined ? 'The cookie' : `Cookie "${name}"`;
    if (isFalse(ctx, secure) || (sensitive && !isTrue(ctx, secure))) draft(ctx, 'cookie.insecure', call, `${label} is set without secure=True.`);
    if (isFalse(ctx, httponly) ? !(name !== undefined && isScriptReadableByDesign(name)) : sensitive && !isTrue(ctx, httponly) && !isScriptReadableByDesign(name!)) {
      draft(ctx, 'cookie.httponly', call, `${label} is set without httponly=True.`);
    }
  }
  const verify = args.keywords.get('verify');
  if (verify && textOf(ctx, verify) === 'False') draft(ctx, 'tls.disabled', call, 'The request is sent with verify=False: any certificate is accepted.');
  const certReqs = args.keywords.get('cert_reqs');
  if (qualified === 'ssl._create_unverified_context' || (certReqs && /CERT_NONE/.test(textOf(ctx, certReqs)))) {
    draft(ctx, 'tls.disabled', call, 'An SSL context that does not verify certificates is used.');
  }
  if (/(?:^|\.)XMLParser$/.test(qualified) && isTrue(ctx, args.keywords.get('resolve_entities'))) {
    draft(ctx, 'xml.external-entities', call, 'The XML parser is created with resolve_entities=True.');
  }
  if (callee.name === 'setFeature' && first && /external_(?:ges|pes)/.test(textOf(ctx, first)) && isTrue(ctx, second)) {
    draft(ctx, 'xml.external-entities', call, 'The SAX parser is told to load external entities.');
  }
  checkCors(ctx, call, qualified, args);
  checkDebugCall(ctx, call, callee, args);
  if (REGEX_FUNCTIONS.test(qualified) && first) {
    const pattern = stringBody(ctx, unwrap(first));
    const message = pattern === undefined ? undefined : exponentialBacktracking(pattern, '', 'python', textOf(ctx, first));
    if (message) draft(ctx, 'regex.redos', first, message, 'medium');
  }
}

/**
 * Every origin with credentials: flask-cors `CORS(app, supports_credentials=True)`
 * (or `@cross_origin(…)`) without its own origins (the default is "*"), and
 * Starlette's `CORSMiddleware` with `allow_origins=["*"]` (it then echoes the
 * request's Origin) or a match-all `allow_origin_regex`, with `allow_credentials=True`.
 */
function checkCors(ctx: FileContext, call: SyntaxNode, qualified: string, args: CallArgs): void {
  if (/(?:^|\.)(?:CORS|cross_origin)$/.test(qualified) && /flask_cors/.test(qualified) && isTrue(ctx, args.keywords.get('supports_credentials'))) {
    const origins = args.keywords.get('origins');
    if (args.keywords.has('resources') || (origins && !/^\[?\s*["']\*["']\s*\]?$/.test(textOf(ctx, origins)))) return;
    draft(ctx, 'cors.credentials-any-origin', call, 'flask-cors allows every origin (the default) together with credentials (supports_credentials=True).');
  }
  const middleware = args.positional[0];
  if (middleware && /(?:^|\.)CORSMiddleware$/.test(textOf(ctx, middleware)) && isTrue(ctx, args.keywords.get('allow_credentials'))) {
    const origins = args.keywords.get('allow_origins');
    const regex = args.keywords.get('allow_origin_regex');
    const everyOrigin = (origins && /["']\*["']/.test(textOf(ctx, origins))) || (regex && /^r?["']\^?\.\*\$?["']$/.test(textOf(ctx, regex)));
    if (everyOrigin) draft(ctx, 'cors.credentials-any-origin', call, 'CORSMiddleware allows every origin together with credentials (allow_credentials=True): the request\'s own Origin is echoed back.');
  }
}

/**
 * `app.run(debug=True)` (Flask; the Werkzeug debugger runs code from its
 * error page), `FastAPI(debug=True)`, `Starlette(debug=True)`.
 */
function checkDebugCall(ctx: FileContext, call: SyntaxNode, callee: Callee, args: CallArgs): void {
  const debug = args.keywords.get('debug');
  if (!debug || !isTrue(ctx, unwrap(debug))) return;
  const qualified = callee.qualified ?? callee.name;
  const flaskRun = callee.name === 'run' && callee.receiver !== undefined && importsFlask(ctx);
  if (flaskRun) draft(ctx, 'config.debug', call, 'The Flask app runs with debug=True: its Werkzeug debugger runs any Python typed into an error page.', 'high');
  else if (/(?:^|\.)(?:FastAPI|Starlette)$/.test(qualified)) draft(ctx, 'config.debug', call, `${qualified}(debug=True) shows stack traces to visitors.`);
}

/**
 * csrf.missing in Flask: a route that changes state (`@bp.post`,
 * `@app.route(…, methods=["POST"])`) in an app that keeps a session
 * (`session`, flask's signed cookie), with no CSRF defence in the file
 * (Flask-WTF's CSRFProtect, FlaskForm, Flask-SeaSurf). Reported once per
 * file, at the first such route; low confidence, since a defence set up in
 * the app factory's module is not seen.
 */
export function checkRouteDecorators(ctx: FileContext, decorators: SyntaxNode[]): void {
  if (decorators.length === 0 || ctx.drafts.some((d) => d.ruleId === 'csrf.missing')) return;
  const route = decorators.find((d) => isStateChangingRoute(ctx, d));
  if (!route || !importsFlask(ctx)) return;
  const text = ctx.lines.text;
  if (!/\bsession\b/.test(text) || CSRF_DEFENCE.test(text) || SAME_SITE_COOKIE.test(text)) return;
  draft(ctx, 'csrf.missing', route, 'The app keeps a cookie session and this route changes state, with no CSRF token check (Flask-WTF CSRFProtect).', 'low');
}

const STATE_CHANGING_METHODS = /^(?:post|put|patch|delete)$/;

function isStateChangingRoute(ctx: FileContext, decorator: SyntaxNode): boolean {
  const text = textOf(ctx, decorator);
  const m = /^@\s*[\w.]+\.(\w+)\s*\(/.exec(text);
  if (!m) return false;
  if (STATE_CHANGING_METHODS.test(m[1])) return true;
  return (m[1] === 'route' || m[1] === 'api_route') && /methods\s*=\s*[[(][^\])]{0,200}['"](?:POST|PUT|PATCH|DELETE)['"]/i.test(text);
}

/** Django's MIDDLEWARE keeps sessions (SessionMiddleware) without CsrfViewMiddleware. */
function checkDjangoMiddleware(ctx: FileContext, value: SyntaxNode, at: SyntaxNode): void {
  const list = textOf(ctx, unwrap(value));
  if (!/SessionMiddleware/.test(list) || /CsrfViewMiddleware/.test(list)) return;
  draft(ctx, 'csrf.missing', at, 'MIDDLEWARE keeps sessions (SessionMiddleware) but leaves out django.middleware.csrf.CsrfViewMiddleware.', 'medium');
}

/** dev.py, local.py, test.py, settings_dev.py: a developer's own settings. */
function isDeveloperSettings(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:dev|develop|development|local|test|tests|testing|ci)(?:_settings)?\.py$|^settings_(?:dev|local|test)\.py$/.test(name);
}

/** A Django settings module that is not a developer's own (settings.py, settings/base.py, production.py; not dev.py, local.py, test.py). */
function isDeployedSettings(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (isDeveloperSettings(path)) return false;
  return name === 'settings.py' || /\/settings\/[\w]+\.py$/.test(path) || /^(?:production|prod)(?:_settings)?\.py$/.test(name);
}

/** django-cors-headers: every origin allowed in a settings module that also allows credentials. */
const CORS_ALLOW_ALL = new Set(['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL']);

/** `SESSION_COOKIE_SECURE = False`, `app.config["SESSION_COOKIE_HTTPONLY"] = False`, `ctx.verify_mode = ssl.CERT_NONE`. */
export function checkPatternAssignment(ctx: FileContext, name: string | undefined, value: SyntaxNode, at: SyntaxNode): void {
  if (!name) return;
  // Own keys only: `constructor = None` is not a cookie setting.
  const rule = Object.hasOwn(COOKIE_SETTINGS, name) ? COOKIE_SETTINGS[name] : undefined;
  if (rule && isFalse(ctx, unwrap(value))) draft(ctx, rule, at, `${name} is turned off.`);
  // `DEBUG = True` in Django's settings, `app.debug = True`, `app.config["DEBUG"] = True`.
  if ((name === 'DEBUG' || name === 'debug') && isTrue(ctx, unwrap(value))) {
    const target = at.firstChild;
    const flask = target?.name === 'MemberExpression' && importsFlask(ctx);
    const django = target?.name === 'VariableName' && name === 'DEBUG' && isDeployedSettings(ctx.path) && at.parent?.name === 'Script';
    if (flask) draft(ctx, 'config.debug', at, 'The Flask app is put in debug mode: its Werkzeug debugger runs any Python typed into an error page.', 'high');
    else if (django) draft(ctx, 'config.debug', at, 'DEBUG = True in Django settings: error pages show settings, source and stack traces to visitors.');
  }
  if (name === 'MIDDLEWARE' && at.parent?.name === 'Script' && !isDeveloperSettings(ctx.path)) checkDjangoMiddleware(ctx, value, at);
  if (CORS_ALLOW_ALL.has(name) && isTrue(ctx, unwrap(value)) && /^CORS_ALLOW_CREDENTIALS\s*=\s*True\b/m.test(ctx.lines.text)) {
    draft(ctx, 'cors.credentials-any-origin', at, `${name} = True in settings that also set CORS_ALLOW_CREDENTIALS = True.`);
  }
  if (name === 'verify_mode' && /CERT_NONE/.test(textOf(ctx, value))) draft(ctx, 'tls.disabled', at, 'The SSL context verifies no certificates (CERT_NONE).');
  if (name === 'check_hostname' && textOf(ctx, value) === 'False') draft(ctx, 'tls.disabled', at, 'The SSL context does not check host names.');
}

/** The variable, attribute or function a value ends up in. */
export function enclosingName(ctx: FileContext, node: SyntaxNode): string | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
      const target = n.firstChild;
      if (target?.name === 'VariableName') return textOf(ctx, target);
      const property = target?.getChild('PropertyName');
      if (property) return textOf(ctx, property);
    }
    if (n.name === 'FunctionDefinition') {
      const name = n.getChild('VariableName');
      return name ? textOf(ctx, name) : undefined;
    }
  }
  return undefined;
}
