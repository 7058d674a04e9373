// Calls where request input becomes dangerous in JavaScript/TypeScript, and
// which of their arguments matter. Safe forms are decided here: execFile /
// spawn with an argv array and no shell, a SQL call whose text argument is
// constant (values bound separately), res.sendFile with a `root`.

import ts from 'typescript';
import type { TaintRuleId } from '../rules';
import { constValue, resolveCallee, unwrap, type Callee } from './modules';

export interface SinkMatch {
  rule: TaintRuleId;
  /** Arguments whose taint makes the call vulnerable. */
  args: readonly ts.Expression[];
  /** What the argument is to the sink, for messages: "SQL query". */
  what: string;
  /** The class whose sanitizers make the argument safe, when not `rule` itself ($where text is code). */
  checkAs?: TaintRuleId;
}

const SHELL_COMMAND = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec']);
const PROCESS_SPAWN = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync']);
const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;
const CODE_EVAL = new Set([
  'eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script', 'setTimeout', 'setInterval',
  // Expression languages and sandboxes that have been escaped: the expression is code.
  'mathjs.evaluate', 'mathjs.eval', 'mathjs.compile', 'mathjs.parse', 'expr-eval.Parser.evaluate', 'expr-eval.Parser.parse',
]);
/** Objects whose methods evaluate their argument: `new VM().run(code)`, `new Parser().parse(expr)`. */
const EVALUATING_METHODS = new Map([
  ['vm2.VM', ['run']],
  ['vm2.NodeVM', ['run']],
  ['vm2.VMScript', []],
  ['expr-eval.Parser', ['parse', 'evaluate']],
]);
/** Options of SQL ORMs (Sequelize, TypeORM, Prisma, Objection): `findOne({ where: … })` is not a MongoDB filter. */
const SQL_ORM_OPTIONS = ['where', 'include', 'attributes', 'select', 'relations'];
const FS_PATH_FUNCTIONS = new Set([
  'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
  'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync',
  'copyFile', 'copyFileSync', 'rename', 'renameSync', 'readJson', 'readJSON', 'outputFile', 'remove',
]);
const RESPONSE_FILE_METHODS = new Set(['sendFile', 'sendfile', 'download']);
/** SQL entry points whose name alone says "raw SQL". */
const RAW_SQL_METHODS = new Set(['$queryRawUnsafe', '$executeRawUnsafe', 'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw']);
/** SQL entry points with common names: only on something that looks like a database handle. */
const SQL_METHODS = new Set(['query', 'execute', 'exec', 'run', 'all', 'prepare', 'each', 'unsafe', 'literal', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone']);
const DATABASE_NAME = /^(?:db|sql|pg|pool|conn|connection|client|knex|sequelize|prisma|database|trx|tx|transaction|sqlite|mysql|cursor|queryrunner|datasource|manager|em)$|(?:db|sql|pool|conn|connection|client|database)$/i;

export function looksLikeDatabase(receiver: ts.Expression | undefined): boolean {
  const name = receiver && receiverName(receiver);
  return name !== undefined && DATABASE_NAME.test(name);
}

const SSRF_FUNCTIONS = new Set([
  'fetch', 'node-fetch', 'axios', 'axios.get', 'axios.post', 'axios.put', 'axios.patch', 'axios.delete', 'axios.head',
  'axios.request', 'got', 'got.get', 'got.post', 'got.stream', 'http.get', 'http.request', 'https.get', 'https.request',
  'needle', 'needle.get', 'superagent.get', 'superagent.post', 'request', 'request.get', 'request.post', 'undici.request',
  'undici.fetch', 'ky', 'ky.get', 'ky.post',
]);
const TEMPLATE_COMPILERS = new Set([
  'ejs.render', 'ejs.compile', 'pug.render', 'pug.compile', 'jade.render', 'jade.compile', 'handlebars.compile',
  'Handlebars.compile', 'nunjucks.renderString', 'nunjucks.compile', 'mustache.render', 'lodash.template', 'underscore.template',
  'dot.template', 'doT.template', 'eta.renderString', 'liquidjs.parseAndRender', 'twig.twig', 'hogan.js.compile', 'vue.compile',
]);
const DESERIALIZERS = new Set(['node-serialize.unserialize', 'serialize-to-js.deserialize', 'v8.deserialize', 'funcster.deepDeserialize']);
const HTML_RESPONSE_METHODS = new Set(['send', 'write', 'end']);
/** Browser APIs that parse their argument as HTML (or, for Angular's bypasses, mark it trusted as such). */
const DOM_HTML_WRITERS = new Set(['document.write', 'document.writeln', 'window.document.write', 'window.document.writeln']);
const ANGULAR_BYPASSES = new Set(['bypassSecurityTrustHtml', 'bypassSecurityTrustScript', 'bypassSecurityTrustUrl', 'bypassSecurityTrustResourceUrl', 'bypassSecurityTrustStyle']);
const JQUERY_HTML_METHODS = new Set(['html', 'append', 'prepend', 'after', 'before', 'replaceWith']);
const RESPONSE_RECEIVER = /^(?:res|response|resp|reply|ctx\.res|ctx\.response)$/;
const REDIRECTS = new Set(['next/navigation.redirect', 'next/navigation.permanentRedirect', 'next/server.NextResponse.redirect', 'NextResponse.redirect', 'Response.redirect']);
const XPATH_FUNCTIONS = new Set(['xpath.select', 'xpath.select1', 'xpath.evaluate', 'xpath.parse', 'document.evaluate', 'xpath.useNamespaces']);
const MONGO_METHODS = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne',
  'deleteMany', 'countDocuments', 'count', 'distinct', 'aggregate', 'replaceOne', 'findById', 'where', 'exists',
]);
const MONGO_RECEIVER = /collection|coll$|model|^users?$|^accounts?$|^orders?$|^products?$|^docs?$|^items?$/i;
const POLLUTING_HELPERS = new Set([
  'lodash.set', 'lodash.setWith', 'lodash.merge', 'lodash.mergeWith', 'lodash.defaultsDeep', 'lodash.zipObjectDeep',
  'dot-prop.set', 'set-value', 'deep-extend', 'merge', 'merge-deep', 'mixin-deep', 'deepmerge', 'object-path.set', 'jquery.extend',
]);

export function matchSink(callee: Callee, call: ts.CallExpression | ts.NewExpression, modules?: ReadonlyMap<string, string>): SinkMatch | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const qualified = callee.qualified ?? callee.name;

  if (SHELL_COMMAND.has(qualified)) return sink('injection.command', [args[0]], 'shell command');
  if (DOM_HTML_WRITERS.has(qualified)) return sink('xss', [...args], 'HTML written into the page');
  if (callee.receiver && callee.name === 'insertAdjacentHTML') return sink('xss', [args[1]], 'HTML inserted into the page');
  if (callee.receiver && ANGULAR_BYPASSES.has(callee.name)) return sink('xss', [args[0]], 'value marked safe for the page');
  if (callee.receiver && JQUERY_HTML_METHODS.has(callee.name) && isJQuerySelection(callee.receiver)) return sink('xss', [args[0]], 'HTML given to jQuery');
  if (PROCESS_SPAWN.has(qualified)) return spawnSink(args);
  if (CODE_EVAL.has(qualified)) {
    return sink('injection.code', qualified === 'Function' ? [...args] : [args[0]], 'code to evaluate');
  }
  if (qualified.startsWith('fs.') && FS_PATH_FUNCTIONS.has(callee.name)) {
    const twoPaths = /^(copyFile|rename)/.test(callee.name);
    return sink('path.traversal', twoPaths ? [args[0], args[1]] : [args[0]], 'file path');
  }
  if (callee.receiver && RESPONSE_FILE_METHODS.has(callee.name) && !hasRootOption(args[1])) {
    return sink('path.traversal', [args[0]], 'file path');
  }
  const databaseCall =
    RAW_SQL_METHODS.has(callee.name) ||
    (SQL_METHODS.has(callee.name) && (looksLikeDatabase(callee.receiver) || importedFromDatabaseModule(callee)));
  if (databaseCall && args[0] && isStringLike(args[0])) return sink('injection.sql', [args[0]], 'SQL query');
  return moreSinks(callee, qualified, args, modules ?? NO_MODULES);
}

/** A match for the arguments that are present (a closure per call would cost more than the check). */
function sink(rule: TaintRuleId, matched: readonly (ts.Expression | undefined)[], what: string): SinkMatch | undefined {
  const present = matched.filter((a): a is ts.Expression => a !== undefined);
  return present.length ? { rule, args: present, what } : undefined;
}

/** The classes added with the data-flow audits: SSRF, redirects, XSS, templates, NoSQL, LDAP, XPath, … */
const NO_MODULES: ReadonlyMap<string, string> = new Map();

/** A bare name is a library's only when the file imports it under that name (a local merge() is the project's own). */
function isImported(qualified: string, modules: ReadonlyMap<string, string>): boolean {
  return qualified.includes('.') || qualified === 'fetch' || [...modules.values()].includes(qualified);
}

function moreSinks(callee: Callee, qualified: string, args: ts.NodeArray<ts.Expression>, modules: ReadonlyMap<string, string>): SinkMatch | undefined {
  const name = callee.name;
  const receiver = callee.receiver && receiverText(callee.receiver);
  if ((SSRF_FUNCTIONS.has(qualified) || (qualified.endsWith('.default') && SSRF_FUNCTIONS.has(qualified.slice(0, -8)))) && isImported(qualified, modules)) {
    const first = args[0] && ts.isObjectLiteralExpression(args[0]) ? propertyValue(args[0], 'url') : args[0];
    return sink('ssrf', [first], 'URL the server requests');
  }
  if (TEMPLATE_COMPILERS.has(qualified) || (name === 'compile' && /^handlebars$/i.test(receiver ?? ''))) return sink('injection.template', [args[0]], 'template source');
  if (DESERIALIZERS.has(qualified)) return sink('deserialization', [args[0]], 'serialized data');
  if (qualified === 'js-yaml.load' && args[1] && /FULL|DEFAULT_FULL|unsafe/i.test(args[1].getText())) return sink('deserialization', [args[0]], 'YAML with a full schema');
  if (REDIRECTS.has(qualified) || (name === 'redirect' && /^(?:res|response|reply|ctx)$/.test(receiver ?? ''))) {
    return sink('redirect.open', [args[args.length - 1]], 'redirect target');
  }
  if (name === 'redirect' && !callee.receiver && qualified === 'redirect' && args.length) return sink('redirect.open', [args[0]], 'redirect target');
  if (HTML_RESPONSE_METHODS.has(name) && RESPONSE_RECEIVER.test(receiver ?? '')) {
    const body = args[0];
    return body && isStringLike(body) ? sink('xss', [body], 'HTML response body') : undefined;
  }
  if (XPATH_FUNCTIONS.has(qualified)) return sink('injection.xpath', [args[0]], 'XPath expression');
  if (name === 'search' && [...modules.values()].some((m) => /^ldap/i.test(m))) {
    const options = args[1];
    const filter = options && ts.isObjectLiteralExpression(options) ? propertyValue(options, 'filter') : options;
    return sink('injection.ldap', [filter], 'LDAP filter');
  }
  if ((qualified === 'RegExp' || qualified === 'new RegExp') && args[0]) return sink('regex.injection', [args[0]], 'regular expression');
  if (POLLUTING_HELPERS.has(qualified) && isImported(qualified, modules)) {
    const setter = /\.set(With)?$|^set-value$/.test(qualified);
    return sink('prototype.pollution', setter ? [args[1]] : args.slice(1), setter ? 'property path' : 'object merged into another');
  }
  if (callee.receiver && EVALUATING_METHODS.get(constructedAs(callee.receiver, modules) ?? '')?.includes(name)) return sink('injection.code', [args[0]], 'code to evaluate');
  if (MONGO_METHODS.has(name) && callee.receiver) {
    const filter = args[0];
    const literal = filter && ts.isObjectLiteralExpression(unwrap(filter));
    if (literal && SQL_ORM_OPTIONS.some((key) => propertyValue(unwrap(filter) as ts.ObjectLiteralExpression, key))) return undefined;
    // A `$where` filter is MongoDB's whatever the collection is called.
    const where = literal ? propertyValue(unwrap(filter) as ts.ObjectLiteralExpression, '$where') : undefined;
    if (where) return { rule: 'injection.nosql', args: [where], what: '$where JavaScript', checkAs: 'injection.code' };
    if (!filter || (!literal && !looksLikeCollection(callee.receiver))) return undefined;
    if (literal && !looksLikeCollection(callee.receiver) && name === 'find') return undefined;
    if (ts.isFunctionLike(filter)) return undefined;
    return sink('injection.nosql', [filter], 'query filter');
  }
  return undefined;
}

/** The class a receiver was made from (`new VM(…)`, directly or through a const), with imports resolved. */
function constructedAs(receiver: ts.Expression, modules: ReadonlyMap<string, string>): string | undefined {
  const made = constValue(receiver);
  return made && ts.isNewExpression(made) ? resolveCallee(made, modules).qualified : undefined;
}

function looksLikeCollection(receiver: ts.Expression): boolean {
  const e = unwrap(receiver);
  if (ts.isCallExpression(e)) {
    const target = unwrap(e.expression);
    return ts.isPropertyAccessExpression(target) && /^(?:collection|model)$/.test(target.name.text);
  }
  const name = receiverName(e);
  if (!name) return false;
  return MONGO_RECEIVER.test(name) || (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(name) && ts.isIdentifier(e));
}

function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of object.properties) {
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (name !== key) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

function receiverText(receiver: ts.Expression): string | undefined {
  const e = unwrap(receiver);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return undefined;
}

/** execFile/spawn run argv directly unless a shell is asked for, explicitly or as the program. */
function spawnSink(
  args: ts.NodeArray<ts.Expression>,
): SinkMatch | undefined {
  const options = args.find(ts.isObjectLiteralExpression);
  const shellOption = options?.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'shell');
  const shellOn = shellOption !== undefined && !(ts.isPropertyAssignment(shellOption) && shellOption.initializer.kind === ts.SyntaxKind.FalseKeyword);
  if (shellOn) return sink('injection.command', [args[0], args[1] && !ts.isObjectLiteralExpression(args[1]) ? args[1] : undefined], 'shell command');
  const [program, argv] = args;
  if (program && ts.isStringLiteralLike(program) && SHELLS.test(program.text) && argv && ts.isArrayLiteralExpression(argv)) {
    const runsScript = argv.elements.some((e) => ts.isStringLiteralLike(e) && /^[-/]c$/i.test(e.text));
    if (runsScript) return sink('injection.command', [argv], 'shell command');
  }
  return undefined;
}

function hasRootOption(options: ts.Expression | undefined): boolean {
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'root')
  );
}

/** `query(sql)` imported from the project's db module. */
function importedFromDatabaseModule(callee: Callee): boolean {
  if (callee.receiver || !callee.qualified?.includes('.')) return false;
  const module = callee.qualified.slice(0, callee.qualified.lastIndexOf('.'));
  return /(?:^|[/.@-])(?:db|database|sql|pg|postgres|mysql|mysql2|sqlite3?|knex)(?:$|[/.-])/i.test(module);
}

/** Query text, not a config object (apollo `client.query({ … })`) or a callback. */
function isStringLike(arg: ts.Expression): boolean {
  const e = unwrap(arg);
  return !(ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || ts.isFunctionLike(e));
}

function receiverName(receiver: ts.Expression): string | undefined {
  const e = unwrap(receiver);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) return receiverName(e.expression);
  return undefined;
}

/** `$(…)` or `jQuery(…)`, possibly through a chain of its methods: `$('#x').find('p')`. */
function isJQuerySelection(receiver: ts.Expression): boolean {
  let e = unwrap(receiver);
  for (let depth = 0; depth < 6 && ts.isCallExpression(e); depth++) {
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee)) return callee.text === '$' || callee.text === 'jQuery';
    if (!ts.isPropertyAccessExpression(callee)) return false;
    e = unwrap(callee.expression);
  }
  return false;
}
