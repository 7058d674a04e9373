import { fillPlaceholders, SQL, sql, StringChunk, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

// drizzle renders an `sql` template anew on every call: each chunk is tested
// against a dozen entity kinds, and each nested fragment copies the render
// config. For the statements a worker sends per scan (ingest's lock, the
// lifecycle's write with its event CTEs) that was about a sixth of the
// worker's CPU. Their fixed parts have no parameters, so they are rendered
// once, here, and spliced in as text.

const dialect = new PgDialect();

/** A fragment without parameters, rendered to its SQL text once (columns, tables and identifiers escaped as drizzle would). */
export function frozen(fragment: SQL): SQL {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length > 0) throw new Error(`a frozen fragment takes no parameters, this one has ${params.length}: ${text}`);
  return sql.raw(text);
}

/** A text constant (a channel name, a label) as an SQL string literal. */
export function literal(value: string): SQL {
  return sql.raw(`'${value.replaceAll("'", "''")}'`);
}

/**
 * A statement rendered once: every run of the returned SQL sends the same
 * text and parameters without rendering it again. For a statement a process
 * sends unchanged many times (a worker's claim); its parameters are fixed
 * when it is made (`now()` and the like are still evaluated by each run).
 */
export function renderedOnce(statement: SQL): SQL {
  return rendered(dialect.sqlToQuery(statement));
}

/** An SQL whose rendering is `query`: drizzle renders a statement by calling its toQuery (db.execute, every driver). */
function rendered(query: Query): SQL {
  const out = new SQL([new StringChunk(query.sql)]);
  out.toQuery = () => query;
  return out;
}

/**
 * Statements of a few shapes sent many times with other values (a runner's
 * batch writes): each shape is rendered once, with placeholders
 * (`sql.placeholder`) where its values go, and each run fills them in. The
 * shape key must name everything the text depends on; a value that is not a
 * placeholder is fixed by the first render of its shape.
 */
export class ShapeCache {
  private readonly shapes = new Map<string, Query>();
  constructor(private readonly max = 512) {}

  statement(shape: string, render: () => SQL, values: Record<string, unknown>): SQL {
    let query = this.shapes.get(shape);
    if (!query) {
      query = dialect.sqlToQuery(render());
      if (this.shapes.size >= this.max) this.shapes.clear();
      this.shapes.set(shape, query);
    }
    return rendered({ sql: query.sql, params: fillPlaceholders(query.params, values) });
  }
}
