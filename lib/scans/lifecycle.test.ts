import { describe, expect, it } from 'vitest';
import { canTransition, fromStatesFor, isTerminal, TERMINAL } from './lifecycle';

describe('scan state machine', () => {
  it('walks the happy path queued → claimed → running → completed', () => {
    expect(canTransition('queued', 'claimed')).toBe(true);
    expect(canTransition('claimed', 'running')).toBe(true);
    expect(canTransition('running', 'completed')).toBe(true);
  });

  it('never leaves a terminal state', () => {
    for (const t of TERMINAL) {
      expect(isTerminal(t)).toBe(true);
      for (const to of ['queued', 'claimed', 'running', 'completed', 'failed', 'cancelled'] as const) {
        expect(canTransition(t, to)).toBe(false);
      }
    }
  });

  it('can cancel from every non-terminal state', () => {
    expect(fromStatesFor('cancelled').sort()).toEqual(['claimed', 'needs_input', 'queued', 'running']);
  });

  it('cannot skip the claim', () => {
    expect(canTransition('queued', 'running')).toBe(false);
    expect(canTransition('queued', 'completed')).toBe(false);
  });
});
