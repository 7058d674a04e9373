import type ts from 'typescript';
import { isStringLike, receiverName } from '../../lang/js/calls';
import type { Callee } from '../../lang/js/modules';
import type { JsCall, JsRuleSpec, JsSink } from '../../lang/js/sink-spec';

/** SQL entry points with common names: only on something that looks like a database handle. */
const DATABASE_NAME = /^(?:db|sql|pg|pool|conn|connection|client|knex|sequelize|prisma|database|trx|tx|transaction|sqlite|mysql|cursor|queryrunner|datasource|manager|em)$|(?:db|sql|pool|conn|connection|client|database)$/i;

export function looksLikeDatabase(receiver: ts.Expression | undefined): boolean {
  const name = receiver && receiverName(receiver);
  return name !== undefined && DATABASE_NAME.test(name);
}

/** `query(sql)` imported from the project's db module. */
function importedFromDatabaseModule(callee: Callee): boolean {
  if (callee.receiver || !callee.qualified?.includes('.')) return false;
  const module = callee.qualified.slice(0, callee.qualified.lastIndexOf('.'));
  return /(?:^|[/.@-])(?:db|database|sql|pg|postgres|mysql|mysql2|sqlite3?|knex)(?:$|[/.-])/i.test(module);
}

/** The statement's text is the first argument, not a config object or a callback. */
const textFirst = ({ args }: JsCall) => args[0] !== undefined && isStringLike(args[0]);

const sinks: readonly JsSink[] = [
  // Names that alone say "raw SQL".
  { names: ['$queryRawUnsafe', '$executeRawUnsafe', 'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw'], when: textFirst, what: 'SQL query' },
  {
    names: ['query', 'execute', 'exec', 'run', 'all', 'prepare', 'each', 'unsafe', 'literal', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone'],
    when: (call) => (looksLikeDatabase(call.callee.receiver) || importedFromDatabaseModule(call.callee)) && textFirst(call),
    what: 'SQL query',
  },
];

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'sqlstring.escape', 'sqlstring.format', 'mysql.escape', 'mysql2.escape', 'mysql.format', 'mysql2.format',
  ],
};
