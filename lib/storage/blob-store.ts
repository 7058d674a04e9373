import type { Readable } from 'node:stream';

/** What a listing needs without reading the bytes. */
export interface BlobInfo {
  size: number;
  /** Stored with the blob at upload; null for one written by something else. */
  sha256: string | null;
}

/**
 * Where artifacts and (with S3) snapshots live: a local directory or an S3
 * prefix. Keys are relative, `/`-separated, and always built by our code.
 */
export interface BlobStore {
  /** Uploads a local file; the caller keeps (and removes) the file. */
  putFile(key: string, file: string, meta: { sha256: string; contentType: string }): Promise<void>;
  /** Size and digest, or null when there is no such blob. */
  head(key: string): Promise<BlobInfo | null>;
  /** The bytes as a stream, or null when there is no such blob. */
  get(key: string): Promise<{ size: number; body: Readable } | null>;
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses anything but plain relative segments: no `..`, no absolute paths, no empty parts. */
export function checkBlobKey(key: string): string {
  const parts = key.split('/');
  if (parts.some((p) => !SEGMENT.test(p) || p === '.' || p === '..')) throw new Error(`not a blob key: ${key}`);
  return key;
}
