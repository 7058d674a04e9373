// Calls where request input becomes dangerous in Python, and which of their
// arguments matter. Safe forms are decided here: subprocess without
// shell=True, execute() with a constant SQL string and bound parameters.

import type { TaintRuleId } from '../rules';
import { resolveCallee, type Callee } from './modules';
import { textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from './syntax';

export interface SinkMatch {
  rule: TaintRuleId;
  args: readonly SyntaxNode[];
  /** What the argument is to the sink, for messages: "SQL query". */
  what: string;
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
    return shell && textOf(ctx, shell) !== 'False' ? sink('injection.command', first ?? args.keywords.get('args'), 'shell command') : undefined;
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
  return undefined;
}

function isPathConstruction(ctx: FileContext, receiver: SyntaxNode): boolean {
  const node = unwrap(receiver);
  return node.name === 'CallExpression' && PATH_CLASSES.has(resolveCallee(ctx, node).qualified ?? '');
}

function isCollection(node: SyntaxNode): boolean {
  return ['ArrayExpression', 'TupleExpression', 'DictionaryExpression', 'SetExpression'].includes(unwrap(node).name);
}
