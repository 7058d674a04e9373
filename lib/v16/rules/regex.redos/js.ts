import type ts from 'typescript';
import { regexOf } from '../../lang/js/calls';
import { backtracking } from '../../lang/regex-backtracking';
import type { JsRuleSpec, JsSink } from '../../lang/js/sink-spec';

/**
 * A pattern that is slow on some long input but not exponentially so
 * (`\s+$`, `\s*,\s*`): harmless on the code's own strings, a denial of
 * service on input. An exponential one is reported where it is written,
 * whatever it is given (the pattern rule, js/patterns.ts).
 */
function polynomial(expr: ts.Expression | undefined): boolean {
  const regex = regexOf(expr);
  const verdict = regex && backtracking(regex.source, regex.flags, 'js');
  return verdict !== undefined && verdict !== null && !verdict.exponential;
}

const what = 'text a super-linear regular expression scans';

const sinks: readonly JsSink[] = [
  // text.replace(/\s+$/, ''), text.split(/\s*,\s*/)
  { names: ['replace', 'replaceAll', 'match', 'matchAll', 'search', 'split'], when: ({ callee, args }) => callee.receiver !== undefined && polynomial(args[0]), args: ['receiver'], what },
  // DURATION.test(text), /\s+$/.exec(text)
  { names: ['test', 'exec'], when: ({ callee }) => callee.receiver !== undefined && polynomial(callee.receiver), what },
];

export const js: JsRuleSpec = { sinks };
