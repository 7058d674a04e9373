// Calls where request input becomes dangerous in Python, and which of their
// arguments matter. Safe forms are decided here: subprocess without
// shell=True, execute() with a constant SQL string and bound parameters.

import type { TaintRuleId } from '../rules';
import { resolveCallee, type Callee } from './modules';
import { children, isExpression, stringBody, textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from './syntax';

export interface SinkMatch {
  rule: TaintRuleId;
  args: readonly SyntaxNode[];
  /** What the argument is to the sink, for messages: "SQL query". */
  what: string;
  /** The class whose sanitizers make the argument safe, when not `rule` itself ($where text is code). */
  checkAs?: TaintRuleId;
  /** Only request input matters here (a command line naming the program to run is its invoker's choice). */
  requestOnly?: boolean;
}

const SHELL_COMMAND = new Set(['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'asyncio.create_subprocess_shell']);
const PROCESS_SPAWN = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const CODE_EVAL = new Set(['eval', 'exec', 'compile']);
const FILE_FUNCTIONS = new Set([
  'open', 'io.open', 'codecs.open', 'flask.send_file', 'os.remove', 'os.unlink', 'os.rmdir', 'os.listdir',
  'shutil.rmtree', 'shutil.copy', 'shutil.copyfile', 'shutil.move', 'fastapi.responses.FileResponse',
  'starlette.responses.FileResponse', 'django.http.FileResponse',
  // Names as used after a star import.
  'send_file', 'FileResponse',
]);
const PATH_METHODS = new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'unlink']);
const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'Path']);
const SQL_METHODS = new Set(['execute', 'executemany', 'executescript', 'mogrify', 'raw']);
const SQL_FUNCTIONS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'pandas.read_sql', 'pandas.read_sql_query', 'django.db.models.expressions.RawSQL']);

export function matchSink(ctx: FileContext, callee: Callee, args: CallArgs): SinkMatch | undefined {
  const qualified = callee.qualified ?? callee.name;
  const [first] = args.positional;
  const sink = (rule: TaintRuleId, node: SyntaxNode | undefined, what: string): SinkMatch | undefined =>
    node ? { rule, args: [node], what } : undefined;

  if (SHELL_COMMAND.has(qualified)) return sink('injection.command', first, 'shell command');
  if (PROCESS_SPAWN.has(qualified)) {
    const shell = args.keywords.get('shell');
    const command = first ?? args.keywords.get('args');
    if (shell && textOf(ctx, shell) !== 'False') return sink('injection.command', command, 'shell command');
    return command && argvSink(ctx, command);
  }
  if (CODE_EVAL.has(qualified)) return sink('injection.code', first, 'code to evaluate');
  if (FILE_FUNCTIONS.has(qualified)) {
    return sink('path.traversal', first ?? args.keywords.get('file') ?? args.keywords.get('path'), 'file path');
  }
  // Path(user_input).read_text()
  if (callee.receiver && PATH_METHODS.has(callee.name) && isPathConstruction(ctx, callee.receiver)) {
    return sink('path.traversal', callee.receiver, 'file path');
  }
  const sqlText = first ?? args.keywords.get('sql') ?? args.keywords.get('query');
  if ((callee.receiver && SQL_METHODS.has(callee.name)) || SQL_FUNCTIONS.has(qualified)) {
    return sqlText && !isCollection(sqlText) ? sink('injection.sql', sqlText, 'SQL query') : undefined;
  }
  return moreSinks(ctx, callee, qualified, args, sink);
}

const SSRF_FUNCTIONS = /^(?:requests|httpx)\.(?:get|post|put|patch|delete|head|options|stream)$|^urllib\.request\.(?:urlopen|Request)$|^urllib2\.urlopen$|^aiohttp\.request$/;
const HTTP_CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream']);
const REDIRECTS = new Set([
  'flask.redirect', 'redirect', 'django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect',
  'HttpResponseRedirect', 'starlette.responses.RedirectResponse', 'fastapi.responses.RedirectResponse', 'RedirectResponse', 'werkzeug.utils.redirect',
]);
const HTML_RESPONSES = new Set(['django.http.HttpResponse', 'HttpResponse', 'flask.make_response', 'make_response', 'markupsafe.Markup', 'flask.Markup', 'Markup', 'starlette.responses.HTMLResponse', 'fastapi.responses.HTMLResponse', 'HTMLResponse']);
const TEMPLATES = new Set(['flask.render_template_string', 'render_template_string', 'jinja2.Template', 'mako.template.Template', 'django.template.Template', 'jinja2.Environment.from_string']);
const DESERIALIZERS = new Set([
  'pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', '_pickle.loads', 'dill.loads', 'dill.load', 'marshal.loads',
  'jsonpickle.decode', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'shelve.open', 'joblib.load', 'torch.load', 'pandas.read_pickle',
]);
const LDAP_METHODS = new Set(['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'search_paged']);
/** python-ldap's search methods: (base, scope, filterstr, …); no other client is known to use these names. */
const PYTHON_LDAP_METHODS = new Set(['search_s', 'search_st', 'search_ext_s']);
const LOCAL_LDAP_IMPORT = /^[ \t]*(?:import|from)[ \t]+ldap3?\b/m;
/** Programs that run their `-c` argument as a shell command. */
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|zsh|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;
const ELEMENT_PATH_METHODS = new Set(['find', 'findall', 'findtext', 'iterfind']);
const MONGO_METHODS = new Set(['find', 'find_one', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'update_one', 'update_many', 'delete_one', 'delete_many', 'count_documents', 'replace_one', 'aggregate', 'distinct']);
const REGEX_FUNCTIONS = new Set(['re.compile', 're.match', 're.search', 're.fullmatch', 're.findall', 're.finditer', 're.sub', 're.subn', 're.split', 'regex.compile', 'regex.match', 'regex.search']);

function imports(ctx: FileContext, pattern: RegExp): boolean {
  return [...ctx.modules.values()].some((m) => pattern.test(m));
}

function moreSinks(
  ctx: FileContext,
  callee: Callee,
  qualified: string,
  args: CallArgs,
  sink: (rule: TaintRuleId, node: SyntaxNode | undefined, what: string) => SinkMatch | undefined,
): SinkMatch | undefined {
  const [first, second, third] = args.positional;
  if (SSRF_FUNCTIONS.test(qualified)) return sink('ssrf', first ?? args.keywords.get('url'), 'URL the server requests');
  // A client or session object of an HTTP library: httpx.AsyncClient(), requests.Session(), aiohttp.ClientSession().
  if (callee.receiver && HTTP_CLIENT_METHODS.has(callee.name) && /client|session|http/i.test(textOf(ctx, callee.receiver)) && imports(ctx, /^(?:requests|httpx|aiohttp|urllib3)/)) {
    return sink('ssrf', first ?? args.keywords.get('url'), 'URL the server requests');
  }
  if (/^(?:requests|httpx)\.request$/.test(qualified)) return sink('ssrf', second ?? args.keywords.get('url'), 'URL the server requests');
  if (REDIRECTS.has(qualified)) return sink('redirect.open', first ?? args.keywords.get('location') ?? args.keywords.get('url'), 'redirect target');
  if (HTML_RESPONSES.has(qualified)) return first && !isCollection(first) ? sink('xss', first, 'HTML response body') : undefined;
  if (TEMPLATES.has(qualified) || (callee.name === 'from_string' && callee.receiver)) return sink('injection.template', first ?? args.keywords.get('source'), 'template source');
  if (DESERIALIZERS.has(qualified)) return sink('deserialization', first, 'serialized data');
  if (qualified === 'yaml.load' || qualified === 'yaml.load_all') {
    const loader = args.keywords.get('Loader') ?? second;
    return loader && /Safe|BaseLoader/.test(textOf(ctx, loader)) ? undefined : sink('deserialization', first ?? args.keywords.get('stream'), 'YAML with an unsafe loader');
  }
  if (qualified === 'numpy.load' && args.keywords.get('allow_pickle') && textOf(ctx, args.keywords.get('allow_pickle')!) === 'True') return sink('deserialization', first, 'serialized data');
  // python-ldap's search_s(base, scope, filterstr, …) names are its own; ldap3's search(base, filter)
  // is an LDAP search when the file imports an LDAP module (at the top or in a function).
  if (callee.receiver && (PYTHON_LDAP_METHODS.has(callee.name) || (LDAP_METHODS.has(callee.name) && (imports(ctx, /^ldap/) || LOCAL_LDAP_IMPORT.test(ctx.lines.text))))) {
    const keyword = args.keywords.get('filterstr') ?? args.keywords.get('search_filter');
    const scoped = PYTHON_LDAP_METHODS.has(callee.name) || (second !== undefined && /SCOPE/.test(textOf(ctx, second)));
    return sink('injection.ldap', keyword ?? (scoped ? third : second), 'LDAP filter');
  }
  if (callee.receiver && callee.name === 'xpath') return sink('injection.xpath', first ?? args.keywords.get('_path'), 'XPath expression');
  if (qualified === 'lxml.etree.XPath' || qualified === 'etree.XPath') return sink('injection.xpath', first, 'XPath expression');
  if (callee.receiver && ELEMENT_PATH_METHODS.has(callee.name) && !qualified.startsWith('re.') && imports(ctx, /^(?:xml\.etree|lxml|defusedxml)/) && first && !isCollection(first)) {
    return sink('injection.xpath', first, 'ElementPath expression');
  }
  if (REGEX_FUNCTIONS.has(qualified)) return sink('regex.injection', first ?? args.keywords.get('pattern'), 'regular expression');
  if (callee.receiver && MONGO_METHODS.has(callee.name) && first) {
    const filter = unwrap(first);
    if (filter.name !== 'DictionaryExpression' && (callee.name === 'find' || filter.name !== 'VariableName')) return undefined;
    const where = filter.name === 'DictionaryExpression' ? dictValue(ctx, filter, '$where') : undefined;
    if (where) return { rule: 'injection.nosql', args: [where], what: '$where JavaScript', checkAs: 'injection.code' };
    return sink('injection.nosql', first, 'query filter');
  }
  return undefined;
}

function dictValue(ctx: FileContext, dict: SyntaxNode, key: string): SyntaxNode | undefined {
  const parts = children(dict);
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i].name === 'String' && parts[i + 1].name === ':' && stringBody(ctx, parts[i]) === key) return parts[i + 2];
  }
  return undefined;
}

function isPathConstruction(ctx: FileContext, receiver: SyntaxNode): boolean {
  const node = unwrap(receiver);
  return node.name === 'CallExpression' && PATH_CLASSES.has(resolveCallee(ctx, node).qualified ?? '');
}

function isCollection(node: SyntaxNode): boolean {
  return ['ArrayExpression', 'TupleExpression', 'DictionaryExpression', 'SetExpression'].includes(unwrap(node).name);
}

/**
 * subprocess without a shell, given an argument list: a `sh -c` list runs its
 * third element as a shell command; otherwise the program itself (the first
 * element) must not be chosen by the input. A list bound to a name earlier in
 * the function is read from that assignment.
 */
function argvSink(ctx: FileContext, command: SyntaxNode): SinkMatch | undefined {
  const list = listLiteral(ctx, unwrap(command));
  if (!list) return undefined;
  const items = children(list).filter(isExpression);
  const literal = (n: SyntaxNode | undefined) => (n ? stringBody(ctx, unwrap(n)) : undefined);
  const program = literal(items[0]);
  if (program !== undefined && SHELLS.test(program) && /^[-/]c$/i.test(literal(items[1]) ?? '')) {
    return items[2] ? { rule: 'injection.command', args: [items[2]], what: 'shell command' } : undefined;
  }
  return items[0] && program === undefined ? { rule: 'injection.command', args: [items[0]], what: 'program to run', requestOnly: true } : undefined;
}

/** `[...]` at the call, or the list a name was last bound to before the call in the same function. */
function listLiteral(ctx: FileContext, node: SyntaxNode): SyntaxNode | undefined {
  if (node.name === 'ArrayExpression') return node;
  if (node.name !== 'VariableName') return undefined;
  const name = textOf(ctx, node);
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  const body = fn?.getChild('Body');
  if (!body) return undefined;
  let found: SyntaxNode | undefined;
  for (const statement of children(body)) {
    if (statement.from >= node.from) break;
    if (statement.name !== 'AssignStatement') continue;
    const parts = children(statement);
    if (parts.length === 3 && parts[0].name === 'VariableName' && textOf(ctx, parts[0]) === name) found = parts[2].name === 'ArrayExpression' ? parts[2] : undefined;
  }
  return found;
}
