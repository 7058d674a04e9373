import { resolveCallee } from '../../lang/python/modules';
import { isPolynomial } from '../../lang/regex-backtracking';
import type { PyCall, PyRuleSpec, PySink } from '../../lang/python/sink-spec';
import { children, stringBody, textOf, unwrap, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

/** A string literal's pattern as `re` reads it (a raw string as written; in others, `\\` is one backslash). */
function patternOf(ctx: FileContext, node: SyntaxNode | undefined): string | undefined {
  const n = node && unwrap(node);
  const body = n && stringBody(ctx, n);
  if (body === undefined) return undefined;
  return /^[a-zA-Z]*[rR]/.test(textOf(ctx, n!)) ? body : body.replace(/\\\\/g, '\\');
}

/** Module-level names bound to `re.compile("…")`, by file. */
const compiled = new WeakMap<FileContext, Map<string, string>>();

function compiledPatterns(ctx: FileContext): Map<string, string> {
  let found = compiled.get(ctx);
  if (found) return found;
  found = new Map();
  compiled.set(ctx, found);
  for (const statement of children(ctx.top)) {
    if (statement.name !== 'AssignStatement') continue;
    const [target, op, value] = children(statement);
    if (target?.name !== 'VariableName' || op?.name !== 'AssignOp' || value?.name !== 'CallExpression') continue;
    if (!/^(?:re|regex)\.compile$/.test(resolveCallee(ctx, value).qualified ?? '')) continue;
    const args = value.getChild('ArgList');
    const first = args ? children(args).find((c) => c.name === 'String') : undefined;
    const pattern = patternOf(ctx, first ?? undefined);
    if (pattern !== undefined) found.set(textOf(ctx, target), pattern);
  }
  return found;
}

const polynomial = (pattern: string | undefined) => pattern !== undefined && isPolynomial(pattern, '', 'python');

const REGEX_MODULE = /^(?:re|regex)\./;
const what = 'text a super-linear regular expression scans';
const literalPattern = ({ ctx, qualified, args }: PyCall) => REGEX_MODULE.test(qualified) && polynomial(patternOf(ctx, args.positional[0] ?? args.keywords.get('pattern')));
/** `NAME.match(text)` where NAME = re.compile("…") at the top of the module. */
const compiledPattern = ({ ctx, callee }: PyCall) =>
  callee.receiver !== undefined && unwrap(callee.receiver).name === 'VariableName' && polynomial(compiledPatterns(ctx).get(textOf(ctx, callee.receiver)));

const sinks: readonly PySink[] = [
  // re.match(r"\s+$", text), re.split(r"\s*,\s*", text)
  { names: ['match', 'search', 'fullmatch', 'findall', 'finditer', 'split'], when: literalPattern, arg: [1, { keyword: 'string' }], what },
  // re.sub(r"\s+$", "", text)
  { names: ['sub', 'subn'], when: literalPattern, arg: [2, { keyword: 'string' }], what },
  // TRAILING.sub("", text), TRAILING.match(text)
  { names: ['match', 'search', 'fullmatch', 'findall', 'finditer', 'split'], when: compiledPattern, arg: [0, { keyword: 'string' }], what },
  { names: ['sub', 'subn'], when: compiledPattern, arg: [1, { keyword: 'string' }], what },
];

export const python: PyRuleSpec = { sinks };
