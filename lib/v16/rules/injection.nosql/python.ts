import { dictValue } from '../../lang/python/calls';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { unwrap } from '../../lang/python/syntax';

const sinks: readonly PySink[] = [
  {
    names: ['find', 'find_one', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'update_one', 'update_many', 'delete_one', 'delete_many', 'count_documents', 'replace_one', 'aggregate', 'distinct'],
    when: ({ callee, args }) => callee.receiver !== undefined && args.positional[0] !== undefined,
    what: 'query filter',
    form: ({ ctx, callee, args }) => {
      const first = args.positional[0];
      const filter = unwrap(first);
      // A dict literal, or (except for find(), whose argument is often a pattern) a variable holding the filter.
      if (filter.name !== 'DictionaryExpression' && (callee.name === 'find' || filter.name !== 'VariableName')) return undefined;
      // A `$where` filter's text is code.
      const where = filter.name === 'DictionaryExpression' ? dictValue(ctx, filter, '$where') : undefined;
      if (where) return { args: [where], what: '$where JavaScript', checkAs: 'injection.code' };
      return { args: [first], what: 'query filter' };
    },
  },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'str',
  ],
};
