// Calls where request input becomes dangerous in JavaScript/TypeScript, and
// which of their arguments matter. Safe forms are decided here: execFile /
// spawn with an argv array and no shell, a SQL call whose text argument is
// constant (values bound separately), res.sendFile with a `root`.

import ts from 'typescript';
import type { TaintRuleId } from '../rules';
import { unwrap, type Callee } from './modules';

export interface SinkMatch {
  rule: TaintRuleId;
  /** Arguments whose taint makes the call vulnerable. */
  args: readonly ts.Expression[];
  /** What the argument is to the sink, for messages: "SQL query". */
  what: string;
}

const SHELL_COMMAND = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec']);
const PROCESS_SPAWN = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync']);
const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;
const CODE_EVAL = new Set(['eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script', 'setTimeout', 'setInterval']);
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

export function matchSink(callee: Callee, call: ts.CallExpression | ts.NewExpression): SinkMatch | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const qualified = callee.qualified ?? callee.name;
  const sink = (rule: TaintRuleId, matched: readonly (ts.Expression | undefined)[], what: string): SinkMatch | undefined => {
    const present = matched.filter((a): a is ts.Expression => a !== undefined);
    return present.length ? { rule, args: present, what } : undefined;
  };

  if (SHELL_COMMAND.has(qualified)) return sink('injection.command', [args[0]], 'shell command');
  if (PROCESS_SPAWN.has(qualified)) return spawnSink(args, sink);
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
  return undefined;
}

/** execFile/spawn run argv directly unless a shell is asked for, explicitly or as the program. */
function spawnSink(
  args: ts.NodeArray<ts.Expression>,
  sink: (rule: TaintRuleId, matched: readonly (ts.Expression | undefined)[], what: string) => SinkMatch | undefined,
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
