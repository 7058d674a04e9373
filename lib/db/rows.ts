import { getTableColumns, SQL, sql, type InferSelectModel, type Table } from 'drizzle-orm';

// For statements the builder cannot say (data-modifying CTEs, NOTIFY in the
// same statement): rows of `returning *` come back as the driver gives them
// and are mapped by the schema's own column definitions, as drizzle maps its
// builder's results, so there is no hand-written row mapper to keep in step.

type ColumnOf = ReturnType<typeof getTableColumns>[string];

/**
 * Whether postgres.js already hands over a column's value as the schema types
 * it (then the column's own mapping, a copy at best, is skipped: it is most of
 * the cost of mapping a row). Timestamps are Dates (lib/db/client.ts restores
 * that parser), jsonb is parsed, int4 is a number; text, uuid, enums, booleans
 * are as they come.
 */
function alreadyTyped(column: ColumnOf, value: unknown): boolean {
  switch (column.columnType) {
    case 'PgTimestamp':
      return value instanceof Date;
    case 'PgJsonb':
    case 'PgJson':
      return typeof value !== 'string';
    case 'PgInteger':
    case 'PgSerial':
    case 'PgSmallInt':
      return typeof value === 'number';
    case 'PgUUID':
    case 'PgText':
    case 'PgEnumColumn':
    case 'PgBoolean':
      return true;
    default:
      return false;
  }
}

const shapes = new WeakMap<Table, [string, ColumnOf][]>();

/** Rows of `table` (all its columns, by their SQL names) as the schema types them. */
export function rowsOf<T extends Table>(table: T, rows: readonly Record<string, unknown>[]): InferSelectModel<T>[] {
  let columns = shapes.get(table);
  if (!columns) shapes.set(table, (columns = Object.entries(getTableColumns(table))));
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[column.name];
      out[key] = value === null || value === undefined ? null : alreadyTyped(column, value) ? value : column.mapFromDriverValue(value);
    }
    return out as InferSelectModel<T>;
  });
}

/** Column values for an UPDATE's SET: a value (encoded by its column) or an SQL expression. */
export type Changes<T extends Table> = { [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL };

/**
 * An array as one parameter (for `= any(…)`): drizzle's sql template spreads
 * a bare JS array into a list, `($1, $2, …)`.
 */
export const arrayParam = (values: readonly unknown[]) => sql.param(values);
