import { importsModule, isCollection } from '../../lang/python/calls';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [
  { names: ['xpath'], when: ({ callee }) => callee.receiver !== undefined, arg: [0, { keyword: '_path' }], what: 'XPath expression' },
  { calls: ['lxml.etree.XPath', 'etree.XPath'], what: 'XPath expression' },
  // ElementTree's find('…') takes an ElementPath expression.
  {
    names: ['find', 'findall', 'findtext', 'iterfind'],
    when: ({ ctx, callee, qualified, args }) =>
      callee.receiver !== undefined &&
      !qualified.startsWith('re.') &&
      importsModule(ctx, /^(?:xml\.etree|lxml|defusedxml)/) &&
      args.positional[0] !== undefined &&
      !isCollection(args.positional[0]),
    what: 'ElementPath expression',
  },
];

export const python: PyRuleSpec = { sinks };
