import path from 'node:path';

export type StorageLocation = { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; prefix: string };

const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/**
 * Reads `VEGA_ARTIFACTS`: a directory (default `<dataDir>/artifacts`) or
 * `s3://bucket/prefix`. A malformed s3:// URL is an error rather than a
 * directory that happens to be called "s3:".
 */
export function parseStorageLocation(value: string | undefined, dataDir: string): StorageLocation {
  if (!value) return { kind: 'local', dir: path.resolve(dataDir, 'artifacts') };
  if (!value.startsWith('s3://')) return { kind: 'local', dir: path.resolve(value) };
  const match = S3_URL.exec(value);
  if (!match) throw new Error(`VEGA_ARTIFACTS: not an s3://bucket/prefix URL: ${value}`);
  return { kind: 's3', bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** `prefix/child`, without a leading slash when the prefix is empty. */
export function joinPrefix(prefix: string, child: string): string {
  return prefix ? `${prefix}/${child}` : child;
}
