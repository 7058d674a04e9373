import type { ScanFindingChange } from '../db/schema';

export type DiffBucket = 'new' | 'persisting' | 'fixed' | 'reopened';

/** What the two scans, and the scans between them, recorded for one finding. */
export interface DiffFacts {
  /** What the compared scan did to it (null: nothing). */
  inScan: ScanFindingChange | null;
  /** What the base did to it (null: nothing, or no base). */
  inBase: ScanFindingChange | null;
  /** The latest change recorded after the base, up to and including the scan. */
  latestSinceBase: ScanFindingChange | null;
  /** Some scan after the base (up to the scan) reopened it. */
  reopenedSinceBase: boolean;
  /** First seen after the base (always true without a base). */
  firstSeenSinceBase: boolean;
}

const found = (c: ScanFindingChange | null) => c !== null && c !== 'fixed';

/**
 * Pure. Found by both: persisting. Found by the scan only: reopened if a scan
 * since the base brought it back from fixed, new if it first appeared since
 * the base, else persisting (the base did not look where it is). Found by the
 * base only: fixed if the latest change since is "fixed"; otherwise the scan
 * did not cover it and it is in no bucket: not looked at is not fixed.
 */
export function classify(f: DiffFacts): DiffBucket | null {
  if (found(f.inScan)) {
    if (found(f.inBase)) return 'persisting';
    if (f.reopenedSinceBase || f.inScan === 'reopened') return 'reopened';
    return f.firstSeenSinceBase ? 'new' : 'persisting';
  }
  if (f.inScan === 'fixed' || (found(f.inBase) && f.latestSinceBase === 'fixed')) return 'fixed';
  return null;
}
