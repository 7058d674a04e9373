import type { JsSink } from '../../lang/js/sink-spec';

export const js: readonly JsSink[] = [
  { calls: ['xpath.select', 'xpath.select1', 'xpath.evaluate', 'xpath.parse', 'document.evaluate', 'xpath.useNamespaces'], what: 'XPath expression' },
];
