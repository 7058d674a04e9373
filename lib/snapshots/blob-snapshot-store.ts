import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../storage/blob-store';
import { extractArchive, type ExtractResult } from './extract';
import type { SnapshotLimits } from './limits';
import { checkSnapshotKey, snapshotKey, type SnapshotStore } from './store';

/**
 * Snapshots kept in a BlobStore (S3: `<prefix>/snapshots/<key>`), same
 * content-addressed keys as on disk. Materializing downloads the zip to a
 * temp file first: the extractor checks every entry and needs random access
 * to the zip's central directory, which a stream cannot give.
 */
export class BlobSnapshotStore implements SnapshotStore {
  constructor(
    private readonly blobs: BlobStore,
    /** Scratch space for downloaded zips. */
    private readonly workDir: string,
  ) {}

  async put(tmpZipPath: string, sha256: string): Promise<{ key: string }> {
    const key = snapshotKey(sha256);
    try {
      // Same content, same key: an object already there is this very zip.
      if ((await this.blobs.head(key)) === null) {
        await this.blobs.putFile(key, tmpZipPath, { sha256, contentType: 'application/zip' });
      }
      return { key };
    } finally {
      await rm(tmpZipPath, { force: true });
    }
  }

  async materialize(key: string, destDir: string, limits?: Partial<SnapshotLimits>): Promise<ExtractResult> {
    const blob = await this.blobs.get(checkSnapshotKey(key));
    if (!blob) throw new Error(`snapshot not found in the store: ${key}`);
    const dir = await mkdtemp(path.join(this.workDir, 'snapshot-'));
    try {
      const zip = path.join(dir, 'snapshot.zip');
      await pipeline(blob.body, createWriteStream(zip));
      return await extractArchive(zip, destDir, 'zip', limits);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
