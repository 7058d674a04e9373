import { isCollection } from '../../lang/python/calls';
import type { PyArg, PyCall, PySink } from '../../lang/python/sink-spec';

const TEXT: readonly PyArg[] = [0, { keyword: 'sql' }, { keyword: 'query' }];
/** The statement is text (a constant one binds its values separately), not a list of statements. */
const isText = ({ args }: PyCall) => {
  const text = args.positional[0] ?? args.keywords.get('sql') ?? args.keywords.get('query');
  return text !== undefined && !isCollection(text);
};

export const python: readonly PySink[] = [
  { names: ['execute', 'executemany', 'executescript', 'mogrify', 'raw'], when: (call) => call.callee.receiver !== undefined && isText(call), arg: TEXT, what: 'SQL query' },
  { calls: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'pandas.read_sql', 'pandas.read_sql_query', 'django.db.models.expressions.RawSQL'], when: isText, arg: TEXT, what: 'SQL query' },
];
