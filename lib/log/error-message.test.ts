import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import { errorMessage } from './error-message';

describe('errorMessage', () => {
  it("keeps the driver's reason of a query error, not the statement and its parameters", () => {
    const err = new DrizzleQueryError('insert into scan_events values ($1, …)', ['x'.repeat(100_000)], new Error('duplicate key value'));
    expect(errorMessage(err)).toBe('duplicate key value');
  });

  it('clips what is too long to keep, and says so', () => {
    const out = errorMessage(new Error('y'.repeat(5000)));
    expect(out).toHaveLength(2000);
    expect(out.endsWith('…')).toBe(true);
  });

  it('describes what is not an Error', () => {
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});
