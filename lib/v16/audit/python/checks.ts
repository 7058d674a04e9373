// Python rules that need no data flow: credential-like literals bound to
// credential-like names, and passwords fed to MD5/SHA-1.

import type { DraftFinding } from '../finding';
import { mentionsPassword, namedSecretDraft } from '../secrets/heuristics';
import { resolveCallee, type Callee } from '../../lang/python/modules';
import { children, stringBody, stepAt, textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

const WEAK_HASHES = new Map([
  ['hashlib.md5', 'md5'],
  ['hashlib.sha1', 'sha1'],
  ['Crypto.Hash.MD5.new', 'md5'],
  ['Crypto.Hash.SHA1.new', 'sha1'],
]);
const WEAK_ALGORITHM_NAMES = new Set(['md5', 'sha1', 'md4']);

/** `NAME = "literal"`, `self.NAME = "literal"`, `f(NAME="literal")`, `{"NAME": "literal"}`. */
export function checkSecretBinding(ctx: FileContext, nameNode: SyntaxNode, value: SyntaxNode): void {
  const name = bindingName(ctx, nameNode);
  const literal = stringBody(ctx, unwrap(value));
  if (!name || !literal) return;
  const draft = namedSecretDraft({ name, value: literal, start: value.from, end: value.to, lines: ctx.lines, path: ctx.path });
  if (draft) ctx.drafts.push(draft);
}

function bindingName(ctx: FileContext, node: SyntaxNode): string | undefined {
  switch (node.name) {
    case 'VariableName':
      return textOf(ctx, node);
    case 'MemberExpression': {
      const property = node.getChild('PropertyName');
      if (property) return textOf(ctx, property);
      const key = children(node).find((c) => c.name === 'String');
      return key && stringBody(ctx, key);
    }
    case 'String':
      return stringBody(ctx, node);
    default:
      return undefined;
  }
}

/** hashlib.md5(password), hashlib.new("sha1", password), hashlib.md5().update(password). */
export function checkWeakPasswordHash(ctx: FileContext, call: SyntaxNode, callee: Callee, args: CallArgs): void {
  let algorithm = callee.qualified ? WEAK_HASHES.get(callee.qualified) : undefined;
  let input = args.positional[0];
  if (callee.qualified === 'hashlib.new') {
    const name = args.positional[0] && stringBody(ctx, args.positional[0])?.toLowerCase();
    algorithm = name && WEAK_ALGORITHM_NAMES.has(name) ? name : undefined;
    input = args.positional[1] ?? args.keywords.get('data');
  } else if (!algorithm && callee.name === 'update' && callee.receiver?.name === 'CallExpression') {
    const hash = resolveCallee(ctx, callee.receiver).qualified;
    algorithm = hash ? WEAK_HASHES.get(hash) : undefined;
  }
  if (!algorithm || !input) return;
  const password = passwordNameIn(ctx, input);
  if (!password) return;
  const draft: DraftFinding = {
    ruleId: 'crypto.weak-password-hash',
    start: call.from,
    end: call.to,
    context: textOf(ctx, call),
    detail: `\`${password}\` is hashed with ${algorithm.toUpperCase()}, a fast general-purpose hash that is unsuitable for passwords.`,
    trace: [stepAt(ctx, input, `${password} hashed with ${algorithm.toUpperCase()}`)],
    confidence: 'high',
    severity: algorithm === 'sha1' ? 'medium' : undefined,
  };
  ctx.drafts.push(draft);
}

/** The first password-like name inside an expression: `password`, `user.passwd`, `form["password"]`. */
function passwordNameIn(ctx: FileContext, node: SyntaxNode): string | undefined {
  const cursor = node.cursor();
  const end = node.to;
  do {
    const name =
      cursor.name === 'VariableName' || cursor.name === 'PropertyName'
        ? ctx.lines.text.slice(cursor.from, cursor.to)
        : cursor.name === 'String'
          ? stringBody(ctx, cursor.node)
          : undefined;
    if (name !== undefined && /^\w+$/.test(name) && mentionsPassword(name)) return name;
  } while (cursor.next() && cursor.from < end);
  return undefined;
}
