import { constructedAs } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

/** Objects whose methods evaluate their argument: `new VM().run(code)`, `new Parser().parse(expr)`. */
const EVALUATING_METHODS = new Map([
  ['vm2.VM', ['run']],
  ['vm2.NodeVM', ['run']],
  ['expr-eval.Parser', ['parse', 'evaluate']],
]);

const sinks: readonly JsSink[] = [
  { calls: ['Function'], args: ['all'], what: 'code to evaluate' },
  {
    calls: [
      'eval', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script', 'setTimeout', 'setInterval',
      // Expression languages and sandboxes that have been escaped: the expression is code.
      'mathjs.evaluate', 'mathjs.eval', 'mathjs.compile', 'mathjs.parse', 'expr-eval.Parser.evaluate', 'expr-eval.Parser.parse',
    ],
    what: 'code to evaluate',
  },
  {
    names: ['run', 'parse', 'evaluate'],
    when: ({ callee, modules }) => callee.receiver !== undefined && (EVALUATING_METHODS.get(constructedAs(callee.receiver, modules) ?? '')?.includes(callee.name) ?? false),
    what: 'code to evaluate',
  },
];

export const js: JsRuleSpec = { sinks };
