import { isCollection } from '../../lang/python/calls';
import type { PyArg, PyCall, PyRuleSpec, PySink } from '../../lang/python/sink-spec';

const TEXT: readonly PyArg[] = [0, { keyword: 'sql' }, { keyword: 'query' }];
/** The statement is text (a constant one binds its values separately), not a list of statements. */
const isText = ({ args }: PyCall) => {
  const text = args.positional[0] ?? args.keywords.get('sql') ?? args.keywords.get('query');
  return text !== undefined && !isCollection(text);
};

const sinks: readonly PySink[] = [
  { names: ['execute', 'executemany', 'executescript', 'mogrify', 'raw'], when: (call) => call.callee.receiver !== undefined && isText(call), arg: TEXT, what: 'SQL query' },
  { calls: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'pandas.read_sql', 'pandas.read_sql_query', 'django.db.models.expressions.RawSQL'], when: isText, arg: TEXT, what: 'SQL query' },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'psycopg2.sql.Identifier', 'psycopg2.sql.Literal', 'psycopg.sql.Identifier', 'psycopg.sql.Literal',
  ],
};
