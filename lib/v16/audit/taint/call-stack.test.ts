import { describe, expect, it } from 'vitest';
import { CallStack, MAX_CALL_DEPTH } from './call-stack';

describe('the call stack of one audit', () => {
  it('bounds the depth of calls followed and refuses to enter a function already active', () => {
    const calls = new CallStack<string>();
    const depth = (n: number): number => (calls.canEnter(`f${n}`) ? calls.call(`f${n}`, `f${n}`, () => 1 + depth(n + 1)) : 0);
    expect(depth(0)).toBe(MAX_CALL_DEPTH);
    calls.call('f', 'f', () => {
      expect(calls.canEnter('f')).toBe(false);
      expect(calls.canEnter('g')).toBe(true);
      expect(calls.innermost).toBe('f');
    });
    expect(calls.canEnter('f')).toBe(true);
  });

  it('is left as it was by a call that throws', () => {
    const calls = new CallStack<string>(1);
    expect(() => calls.call('f', 'f', () => { throw new Error('boom'); })).toThrow('boom');
    expect(calls.canEnter('f')).toBe(true);
    expect(calls.innermost).toBeUndefined();
  });
});
