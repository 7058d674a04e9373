import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { frozen, literal, renderedOnce } from './frozen';
import { scans } from './schema';

const dialect = new PgDialect();

describe('frozen fragments', () => {
  it('render a fragment without parameters to the text drizzle would send', () => {
    const fragment = sql`select ${scans.id} from ${scans} where ${scans.status} = 'queued'`;
    expect(dialect.sqlToQuery(sql`${frozen(fragment)} and id = ${'x'}`)).toEqual({
      sql: `select "scans"."id" from "scans" where "scans"."status" = 'queued' and id = $1`,
      params: ['x'],
      typings: ['none'],
    });
  });

  it('refuse a fragment with a parameter: its value would be fixed into the text', () => {
    expect(() => frozen(sql`select ${1}`)).toThrow(/no parameters/);
  });

  it('quote a literal', () => {
    expect(dialect.sqlToQuery(literal("it's")).sql).toBe("'it''s'");
  });
});

describe('renderedOnce', () => {
  it('sends the same text and parameters on every run, rendering the statement once', () => {
    const statement = sql`update scans set claimed_by = ${'w1'} where id in (${sql`select id from scans limit 1`})`;
    const once = renderedOnce(statement);
    const first = dialect.sqlToQuery(once);
    expect(first).toEqual(dialect.sqlToQuery(statement));
    expect(dialect.sqlToQuery(once)).toBe(first);
  });
});
