import { isCollection } from '../../lang/python/calls';
import type { PyCall, PyRuleSpec, PySink } from '../../lang/python/sink-spec';

/** The statement, as text (a constant one binds its values separately), not a list of statements. */
const statement = ({ args }: PyCall) => {
  const text = args.positional[0] ?? args.keywords.get('sql') ?? args.keywords.get('query');
  return text !== undefined && !isCollection(text) ? { args: [text], what: 'SQL query' } : undefined;
};

const sinks: readonly PySink[] = [
  { names: ['execute', 'executemany', 'executescript', 'mogrify', 'raw'], when: ({ callee }) => callee.receiver !== undefined, what: 'SQL query', form: statement },
  { calls: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'pandas.read_sql', 'pandas.read_sql_query', 'django.db.models.expressions.RawSQL'], what: 'SQL query', form: statement },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'psycopg2.sql.Identifier', 'psycopg2.sql.Literal', 'psycopg.sql.Identifier', 'psycopg.sql.Literal',
  ],
};
