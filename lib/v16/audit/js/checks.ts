// JavaScript/TypeScript rules that need no data flow: credential-like
// literals bound to credential-like names, and passwords fed to MD5/SHA-1.

import ts from 'typescript';
import type { DraftFinding } from '../finding';
import { mentionsPassword, namedSecretDraft } from '../secrets/heuristics';
import { codeOf, stepAt, type FileContext } from './context';
import { resolveCallee, unwrap, type Callee } from '../../lang/js/modules';

const WEAK_ALGORITHMS = new Set(['md5', 'sha1', 'md4', 'sha-1']);
/** Libraries whose whole purpose is one weak hash. */
const WEAK_HASH_FUNCTIONS = new Map([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['crypto-js.MD5', 'md5'],
  ['crypto-js.SHA1', 'sha1'],
  ['crypto-js/md5', 'md5'],
  ['crypto-js/sha1', 'sha1'],
  ['CryptoJS.MD5', 'md5'],
  ['CryptoJS.SHA1', 'sha1'],
]);

/** The name a value is bound to: `apiKey = …`, `{ apiKey: … }`, `this.apiKey = …`, `config['api_key'] = …`. */
function bindingName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** `name = "literal"` (or `name = process.env.X || "literal"`) where both look like a credential. */
export function checkSecretBinding(ctx: FileContext, nameNode: ts.Node, value: ts.Expression | undefined): void {
  const name = bindingName(nameNode);
  if (!name || !value) return;
  let literal = unwrap(value);
  let fallback = false;
  if (ts.isBinaryExpression(literal) && isDefaulting(literal.operatorToken.kind)) {
    literal = unwrap(literal.right);
    fallback = true;
  }
  if (!ts.isStringLiteral(literal) && !ts.isNoSubstitutionTemplateLiteral(literal)) return;
  // The raw text between the quotes: what masking must find in the snippet.
  const start = literal.getStart(ctx.sourceFile);
  const raw = ctx.lines.text.slice(start + 1, literal.end - 1);
  const draft = namedSecretDraft({ name, value: raw, start, end: literal.end, lines: ctx.lines, path: ctx.path, fallback });
  if (draft) ctx.drafts.push(draft);
}

function isDefaulting(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** crypto.createHash('md5').update(password), md5(password), CryptoJS.SHA1(password). */
export function checkWeakPasswordHash(ctx: FileContext, call: ts.CallExpression, callee: Callee): void {
  let algorithm = callee.qualified ? WEAK_HASH_FUNCTIONS.get(callee.qualified) : undefined;
  if (!algorithm && callee.name === 'update' && callee.receiver && ts.isCallExpression(unwrap(callee.receiver))) {
    algorithm = createHashAlgorithm(ctx, unwrap(callee.receiver) as ts.CallExpression);
  }
  const input = call.arguments[0];
  if (!algorithm || !input) return;
  const password = passwordNameIn(input);
  if (!password) return;
  const draft: DraftFinding = {
    ruleId: 'crypto.weak-password-hash',
    start: call.getStart(ctx.sourceFile),
    end: call.end,
    context: codeOf(ctx, call),
    detail: `\`${password}\` is hashed with ${algorithm.toUpperCase()}, a fast general-purpose hash that is unsuitable for passwords.`,
    trace: [stepAt(ctx, input, `${password} hashed with ${algorithm.toUpperCase()}`)],
    confidence: 'high',
    severity: algorithm === 'sha1' ? 'medium' : undefined,
  };
  ctx.drafts.push(draft);
}

function createHashAlgorithm(ctx: FileContext, call: ts.CallExpression): string | undefined {
  const callee = resolveCallee(call, ctx.modules);
  if (callee.qualified !== 'crypto.createHash' && callee.qualified !== 'createHash') return undefined;
  const [arg] = call.arguments;
  const algorithm = arg && ts.isStringLiteralLike(arg) ? arg.text.toLowerCase() : undefined;
  return algorithm && WEAK_ALGORITHMS.has(algorithm) ? algorithm.replace('-', '') : undefined;
}

/** The first password-like name inside an expression: `password`, `user.passwd`, `body['password']`. */
function passwordNameIn(expr: ts.Node): string | undefined {
  const named = ts.isIdentifier(expr) || ts.isPrivateIdentifier(expr) || (ts.isStringLiteralLike(expr) && /^\w+$/.test(expr.text));
  if (named && mentionsPassword(expr.text)) return expr.text;
  return ts.forEachChild(expr, passwordNameIn);
}
