import { describe, expect, it } from 'vitest';
import { classify, type DiffFacts } from './diff-classify';

const facts = (f: Partial<DiffFacts>): DiffFacts => ({
  inScan: null,
  inBase: null,
  latestSinceBase: null,
  reopenedSinceBase: false,
  firstSeenSinceBase: false,
  ...f,
});

describe('classify (scan diff buckets)', () => {
  it('found by both scans is persisting', () => {
    expect(classify(facts({ inScan: 'seen', inBase: 'new' }))).toBe('persisting');
  });
  it('first found since the base is new', () => {
    expect(classify(facts({ inScan: 'new', firstSeenSinceBase: true, latestSinceBase: 'new' }))).toBe('new');
  });
  it('brought back from fixed since the base is reopened', () => {
    expect(classify(facts({ inScan: 'reopened', latestSinceBase: 'reopened', reopenedSinceBase: true }))).toBe('reopened');
    expect(classify(facts({ inScan: 'seen', reopenedSinceBase: true }))).toBe('reopened');
  });
  it('fixed by the scan, or fixed since a base that saw it, is fixed', () => {
    expect(classify(facts({ inScan: 'fixed', inBase: 'seen', latestSinceBase: 'fixed' }))).toBe('fixed');
    expect(classify(facts({ inBase: 'seen', latestSinceBase: 'fixed' }))).toBe('fixed');
  });
  it('missed by a scan that did not cover it is in no bucket', () => {
    expect(classify(facts({ inBase: 'seen' }))).toBeNull();
    expect(classify(facts({ inBase: 'seen', latestSinceBase: 'seen' }))).toBeNull();
  });
  it('found by the scan only, known from before the base (which did not look there), is persisting', () => {
    expect(classify(facts({ inScan: 'seen' }))).toBe('persisting');
  });
});
