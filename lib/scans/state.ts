import type { ScanStatus } from '../db/schema';

export const TERMINAL: readonly ScanStatus[] = ['completed', 'failed', 'cancelled'];
export const ACTIVE: readonly ScanStatus[] = ['claimed', 'running', 'needs_input'];

export const isTerminal = (s: ScanStatus) => TERMINAL.includes(s);

/**
 * The scan state machine (ARCHITECTURE §3). Every transition is applied as a
 * compare-and-set UPDATE … WHERE status = <from>, so this table is what any
 * racing worker, cancel or recovery loop can ever achieve; terminal states
 * never change.
 */
const TRANSITIONS: Record<ScanStatus, readonly ScanStatus[]> = {
  queued: ['claimed', 'cancelled', 'failed'],
  claimed: ['running', 'queued', 'completed', 'failed', 'cancelled'],
  running: ['needs_input', 'queued', 'completed', 'failed', 'cancelled'],
  needs_input: ['running', 'queued', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: ScanStatus, to: ScanStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Which statuses may move to `to` (the WHERE status IN (…) of a CAS update). */
export function fromStatesFor(to: ScanStatus): ScanStatus[] {
  return (Object.keys(TRANSITIONS) as ScanStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}
