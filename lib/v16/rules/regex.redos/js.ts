import type ts from 'typescript';
import { regexOf } from '../../lang/js/calls';
import { isPolynomial } from '../../lang/regex-backtracking';
import type { JsRuleSpec, JsSink } from '../../lang/js/sink-spec';

/** A pattern written in the code (regexOf) that is slow on some long input, not exponentially (lang/regex-backtracking.ts). */
function polynomial(expr: ts.Expression | undefined): boolean {
  const regex = regexOf(expr);
  return regex !== undefined && isPolynomial(regex.source, regex.flags, 'js');
}

const what = 'text a super-linear regular expression scans';

const sinks: readonly JsSink[] = [
  // text.replace(/\s+$/, ''), text.split(/\s*,\s*/)
  { names: ['replace', 'replaceAll', 'match', 'matchAll', 'search', 'split'], when: ({ callee, args }) => callee.receiver !== undefined && polynomial(args[0]), args: ['receiver'], what },
  // DURATION.test(text), /\s+$/.exec(text)
  { names: ['test', 'exec'], when: ({ callee }) => callee.receiver !== undefined && polynomial(callee.receiver), what },
];

export const js: JsRuleSpec = { sinks };
