import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../db/unavailable';
import { retryingSink, TransientDeliveryError } from './retrying-sink';

const ok = { accepted: true, cancelRequested: false };

describe('retryingSink', () => {
  it('waits out transient failures and delivers the same batch (same sequence number)', async () => {
    const seen: number[] = [];
    let fails = 2;
    const sink = retryingSink(
      {
        async write(_events, seq) {
          seen.push(seq);
          if (fails-- > 0) throw new TransientDeliveryError('HTTP 503');
          return ok;
        },
      },
      { budgetMs: 10_000 },
    );
    await expect(sink.write([], 7)).resolves.toEqual(ok);
    expect(seen).toEqual([7, 7, 7]);
  });

  it('throws a non-transient error at once, and a transient one once the budget is spent', async () => {
    let calls = 0;
    const refusing = retryingSink({ write: async () => (calls++, Promise.reject(new Error('HTTP 400'))) }, { budgetMs: 10_000 });
    await expect(refusing.write([], 1)).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
    const down = retryingSink({ write: () => Promise.reject(new TransientDeliveryError('down')) }, { budgetMs: 500 });
    await expect(down.write([], 1)).rejects.toThrow('down');
  });

  it('treats a database outage as transient when told to', async () => {
    let fails = 1;
    const err = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const sink = retryingSink({ write: async () => (fails-- > 0 ? Promise.reject(err) : ok) }, { budgetMs: 5_000, isTransient: isDatabaseUnavailable });
    await expect(sink.write([], 1)).resolves.toEqual(ok);
  });
});

describe('isDatabaseUnavailable', () => {
  it('knows connection loss from query errors', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '57P03' }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
  });
});
