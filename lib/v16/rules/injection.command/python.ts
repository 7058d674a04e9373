import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { children, isExpression, stringBody, textOf, unwrap, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

/** Programs that run their `-c` argument as a shell command. */
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|zsh|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;

const sinks: readonly PySink[] = [
  { calls: ['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'asyncio.create_subprocess_shell'], what: 'shell command' },
  {
    calls: ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'],
    what: 'shell command',
    form: ({ ctx, args }) => {
      const shell = args.keywords.get('shell');
      const command = args.positional[0] ?? args.keywords.get('args');
      if (!command) return undefined;
      if (shell && textOf(ctx, shell) !== 'False') return { args: [command], what: 'shell command' };
      return argvSink(ctx, command);
    },
  },
];

/**
 * subprocess without a shell, given an argument list: a `sh -c` list runs its
 * third element as a shell command; otherwise the program itself (the first
 * element) must not be chosen by the input. A list bound to a name earlier in
 * the function is read from that assignment.
 */
function argvSink(ctx: FileContext, command: SyntaxNode) {
  const list = listLiteral(ctx, unwrap(command));
  if (!list) return undefined;
  const items = children(list).filter(isExpression);
  const literal = (n: SyntaxNode | undefined) => (n ? stringBody(ctx, unwrap(n)) : undefined);
  const program = literal(items[0]);
  if (program !== undefined && SHELLS.test(program) && /^[-/]c$/i.test(literal(items[1]) ?? '')) {
    return items[2] ? { args: [items[2]], what: 'shell command' } : undefined;
  }
  return items[0] && program === undefined ? { args: [items[0]], what: 'program to run', requestOnly: true } : undefined;
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

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'shlex.quote', 'pipes.quote', 'urllib.parse.quote', 'urllib.parse.quote_plus',
  ],
};
