import type { ScanStatus } from './schema';

// The sets of scan statuses, defined once. Pure (no imports at run time), so
// the browser's live view can use them too; the transitions between them are
// lib/scans/lifecycle.ts's.

export const ACTIVE = ['claimed', 'running', 'needs_input'] as const satisfies readonly ScanStatus[];
export const TERMINAL = ['completed', 'failed', 'cancelled'] as const satisfies readonly ScanStatus[];
/** Not finished: waiting for a worker, or held by an attempt. */
export const UNFINISHED = ['queued', ...ACTIVE] as const satisfies readonly ScanStatus[];

export type ActiveStatus = (typeof ACTIVE)[number];
export type TerminalStatus = (typeof TERMINAL)[number];

export const isActive = (s: string): s is ActiveStatus => (ACTIVE as readonly string[]).includes(s);
export const isTerminal = (s: string): s is TerminalStatus => (TERMINAL as readonly string[]).includes(s);
export const isUnfinished = (s: string): s is (typeof UNFINISHED)[number] => (UNFINISHED as readonly string[]).includes(s);
