import { randomUUID } from 'node:crypto';
import { chmod, copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { extractArchive, type ExtractResult } from './extract';
import type { SnapshotLimits } from './limits';

/** Where snapshot zips live: a local directory, or any BlobStore (S3) through BlobSnapshotStore. */
export interface SnapshotStore {
  /** Takes ownership of `tmpZipPath` and stores it under a content-addressed key. */
  put(tmpZipPath: string, sha256: string): Promise<{ key: string }>;
  /** Extracts a stored snapshot into `destDir`, with the same checks as an upload. */
  materialize(key: string, destDir: string, limits?: Partial<SnapshotLimits>): Promise<ExtractResult>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEY = /^([0-9a-f]{2})\/([0-9a-f]{64})\.zip$/;

/** "ab/abcd….zip": the same string serves as a relative path and as an object key. */
export function snapshotKey(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}.zip`;
}

/** Keys are checked strictly: they come back from the database, not from the store. */
export function checkSnapshotKey(key: string): string {
  const match = KEY.exec(key);
  if (match === null || !match[2].startsWith(match[1])) throw new Error(`not a snapshot key: ${key}`);
  return key;
}

export class LocalSnapshotStore implements SnapshotStore {
  constructor(private readonly rootDir: string) {}

  pathFor(key: string): string {
    return join(this.rootDir, ...checkSnapshotKey(key).split('/'));
  }

  async put(tmpZipPath: string, sha256: string): Promise<{ key: string }> {
    const key = snapshotKey(sha256);
    const target = this.pathFor(key);
    if (await exists(target)) {
      await rm(tmpZipPath, { force: true });
      return { key };
    }
    await mkdir(dirname(target), { recursive: true });
    await chmod(tmpZipPath, 0o444);
    await moveAtomically(tmpZipPath, target);
    return { key };
  }

  async open(key: string): Promise<Readable> {
    const handle = await open(this.pathFor(key), 'r');
    return handle.createReadStream();
  }

  materialize(key: string, destDir: string, limits?: Partial<SnapshotLimits>): Promise<ExtractResult> {
    return extractArchive(this.pathFor(key), destDir, 'zip', limits);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Readers never see a partial file: rename, or copy beside the target then rename. */
async function moveAtomically(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const staging = `${to}.${randomUUID()}.tmp`;
  try {
    await copyFile(from, staging);
    await rename(staging, to);
  } finally {
    await rm(staging, { force: true });
  }
  await rm(from, { force: true });
}
