// Literal keys handed to the APIs of secrets/key-uses.ts (Python):
// `jwt.encode(p, "secret")`, `hmac.new(KEY, …)` with `KEY = b"…"`, and the
// settings that are an application's signing key (`app.secret_key = "dev"`,
// `app.config["SECRET_KEY"] = …`, `app.config.update(SECRET_KEY=…)`,
// `SECRET_KEY = …` in settings or a config class).

import { KEY_SETTINGS, keyUseDraft, PYTHON_KEY_USES, type KeyUse } from '../secrets/key-uses';
import type { Callee } from '../../lang/python/modules';
import { children, stringBodyRange, textOf, unwrap, type CallArgs, type FileContext, type SyntaxNode } from '../../lang/python/syntax';

const BY_CALLEE = new Map<string, KeyUse[]>();
for (const use of PYTHON_KEY_USES) BY_CALLEE.set(use.callee, [...(BY_CALLEE.get(use.callee) ?? []), use]);

export function checkKeyUseCall(ctx: FileContext, call: SyntaxNode, callee: Callee, args: CallArgs): void {
  const name = callee.qualified ?? callee.name;
  for (const use of BY_CALLEE.get(name) ?? []) {
    const arg = (use.arg >= 0 ? args.positional[use.arg] : undefined) ?? (use.keyword ? args.keywords.get(use.keyword) : undefined);
    if (arg) report(ctx, use, name, arg, call);
  }
  // `app.config.update(SECRET_KEY="…")`, `app.config.from_mapping(…)`.
  if ((callee.name === 'update' || callee.name === 'from_mapping') && callee.receiver && /(?:^|\.)config$/.test(textOf(ctx, callee.receiver))) {
    for (const [keyword, value] of args.keywords) {
      const what = KEY_SETTINGS.get(keyword);
      if (what && keyword !== 'secret_key') report(ctx, { what }, `${textOf(ctx, callee.receiver)}.${callee.name}`, value, call);
    }
  }
}

/** `x.secret_key = …`, `x.config["SECRET_KEY"] = …`, and `SECRET_KEY = …` as a module or class setting. */
export function checkKeySetting(ctx: FileContext, target: SyntaxNode, value: SyntaxNode, at: SyntaxNode): void {
  const t = unwrap(target);
  let name: string | undefined;
  if (t.name === 'VariableName') name = textOf(ctx, t) === 'secret_key' ? undefined : textOf(ctx, t);
  else if (t.name === 'MemberExpression') {
    const property = t.getChild('PropertyName');
    const key = children(t).find((c) => c.name === 'String');
    name = property ? textOf(ctx, property) : key ? textOf(ctx, key).replace(/^['"]|['"]$/g, '') : undefined;
    // `self.SECRET_KEY`, `config["SECRET_KEY"]` and `app.secret_key` alike; not `secret_key` as a plain variable.
  }
  const what = name ? KEY_SETTINGS.get(name) : undefined;
  if (what) report(ctx, { what }, name!, value, at);
}

function report(ctx: FileContext, use: Pick<KeyUse, 'what'>, name: string, arg: SyntaxNode, at: SyntaxNode): void {
  const literal = stringLiteralOf(ctx, arg, 0);
  const range = literal && stringBodyRange(ctx, literal);
  if (!range) return;
  const { start, end } = range;
  if (ctx.drafts.some((d) => d.ruleId === 'secrets.hardcoded' && d.start <= start && d.end >= end)) return;
  const draft = keyUseDraft({ use, name, value: ctx.lines.text.slice(start, end), start, end, useLine: ctx.lines.lineOf(at.from), lines: ctx.lines, path: ctx.path });
  if (draft) ctx.drafts.push(draft);
}

/**
 * The string literal an expression is: itself, `"…".encode()`, or a name the
 * enclosing function (or else the module) binds once, to one of those.
 */
function stringLiteralOf(ctx: FileContext, node: SyntaxNode, depth: number): SyntaxNode | undefined {
  const n = unwrap(node);
  if (n.name === 'String') return /^[rRbBuU]*['"]/.test(textOf(ctx, n)) ? n : undefined;
  if (depth > 3) return undefined;
  if (n.name === 'CallExpression') {
    const fn = n.firstChild;
    const property = fn?.name === 'MemberExpression' ? fn.getChild('PropertyName') : null;
    if (fn && property && textOf(ctx, property) === 'encode' && fn.firstChild) return stringLiteralOf(ctx, fn.firstChild, depth + 1);
    return undefined;
  }
  if (n.name !== 'VariableName') return undefined;
  const name = textOf(ctx, n);
  let scope: SyntaxNode | null = n.parent;
  while (scope && scope.name !== 'FunctionDefinition') scope = scope.parent;
  const local = scope?.getChild('Body') ? singleBinding(ctx, scope.getChild('Body')!, name) : undefined;
  if (local === null) return undefined;
  const value = local ?? singleBinding(ctx, ctx.top, name);
  return value ? stringLiteralOf(ctx, value, depth + 1) : undefined;
}

/** The value of the one `name = value` in a body (not inside nested definitions); null when bound more than once. */
function singleBinding(ctx: FileContext, body: SyntaxNode, name: string): SyntaxNode | null | undefined {
  let found: SyntaxNode | null | undefined;
  const walk = (node: SyntaxNode) => {
    for (const child of children(node)) {
      if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition') continue;
      if (child.name === 'AssignStatement') {
        const parts = children(child);
        if (parts.length === 3 && parts[0].name === 'VariableName' && textOf(ctx, parts[0]) === name) found = found === undefined ? parts[2] : null;
      }
      if (child.name !== 'AssignStatement') walk(child);
    }
  };
  walk(body);
  return found;
}
