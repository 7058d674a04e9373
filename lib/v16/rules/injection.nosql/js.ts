import ts from 'typescript';
import { propertyValue, receiverName } from '../../lang/js/calls';
import { unwrap } from '../../lang/js/modules';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

/** Options of SQL ORMs (Sequelize, TypeORM, Prisma, Objection): `findOne({ where: … })` is not a MongoDB filter. */
const SQL_ORM_OPTIONS = ['where', 'include', 'attributes', 'select', 'relations'];
const MONGO_RECEIVER = /collection|coll$|model|^users?$|^accounts?$|^orders?$|^products?$|^docs?$|^items?$/i;

const sinks: readonly JsSink[] = [
  {
    names: [
      'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne',
      'deleteMany', 'countDocuments', 'count', 'distinct', 'aggregate', 'replaceOne', 'findById', 'where', 'exists',
    ],
    when: ({ callee }) => callee.receiver !== undefined,
    what: 'query filter',
    form: ({ callee, args }) => {
      const filter = args[0];
      const receiver = callee.receiver!;
      const object = filter && unwrap(filter);
      const literal = object !== undefined && ts.isObjectLiteralExpression(object) ? object : undefined;
      if (literal && SQL_ORM_OPTIONS.some((key) => propertyValue(literal, key))) return undefined;
      // A `$where` filter is MongoDB's whatever the collection is called; its text is code.
      const where = literal ? propertyValue(literal, '$where') : undefined;
      if (where) return { args: [where], what: '$where JavaScript', checkAs: 'injection.code' };
      if (!filter || (!literal && !looksLikeCollection(receiver))) return undefined;
      if (literal && !looksLikeCollection(receiver) && callee.name === 'find') return undefined;
      if (ts.isFunctionLike(filter)) return undefined;
      return { args: [filter], what: 'query filter' };
    },
  },
];

function looksLikeCollection(receiver: ts.Expression): boolean {
  const e = unwrap(receiver);
  if (ts.isCallExpression(e)) {
    const target = unwrap(e.expression);
    return ts.isPropertyAccessExpression(target) && /^(?:collection|model)$/.test(target.name.text);
  }
  const name = receiverName(e);
  if (!name) return false;
  return MONGO_RECEIVER.test(name) || (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(name) && ts.isIdentifier(e));
}

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'String', 'mongo-sanitize',
  ],
};
