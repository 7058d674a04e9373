import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStorageLocation } from './location';

describe('parseStorageLocation', () => {
  it('defaults to <data dir>/artifacts', () => {
    expect(parseStorageLocation(undefined, 'data')).toEqual({ kind: 'local', dir: path.resolve('data/artifacts') });
    expect(parseStorageLocation('/srv/artifacts', 'data')).toEqual({ kind: 'local', dir: '/srv/artifacts' });
  });

  it('reads s3://bucket/prefix, with or without a prefix', () => {
    expect(parseStorageLocation('s3://vega-prod/env/one/', 'data')).toEqual({ kind: 's3', bucket: 'vega-prod', prefix: 'env/one' });
    expect(parseStorageLocation('s3://vega-prod', 'data')).toEqual({ kind: 's3', bucket: 'vega-prod', prefix: '' });
  });

  it('refuses a malformed s3 URL', () => {
    expect(() => parseStorageLocation('s3://', 'data')).toThrow(/VEGA_ARTIFACTS/);
    expect(() => parseStorageLocation('s3://Bad_Bucket/x', 'data')).toThrow(/VEGA_ARTIFACTS/);
  });
});
