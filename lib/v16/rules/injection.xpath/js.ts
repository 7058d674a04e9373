import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [
  { calls: ['xpath.select', 'xpath.select1', 'xpath.evaluate', 'xpath.parse', 'document.evaluate', 'xpath.useNamespaces'], what: 'XPath expression' },
];

export const js: JsRuleSpec = { sinks };
