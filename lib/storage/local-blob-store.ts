import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkBlobKey, type BlobInfo, type BlobStore } from './blob-store';
import { sha256Of } from './sha256';

/** Blobs as files under a directory: `<root>/<key>`. */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly rootDir: string) {}

  private pathFor(key: string): string {
    return path.join(this.rootDir, ...checkBlobKey(key).split('/'));
  }

  async putFile(key: string, file: string): Promise<void> {
    const target = this.pathFor(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Copied beside the target then renamed, so a reader never sees half a file.
    const staging = `${target}.${randomUUID()}.tmp`;
    try {
      await copyFile(file, staging);
      await rename(staging, target);
    } finally {
      await rm(staging, { force: true });
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    const file = this.pathFor(key);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    // Hashing a local file is cheap enough, and needs no sidecar to keep in step.
    return { size: info.size, sha256: await sha256Of(file) };
  }

  async get(key: string) {
    const handle = await open(this.pathFor(key), 'r').catch(() => null);
    if (!handle) return null;
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return null;
    }
    return { size: info.size, body: handle.createReadStream() };
  }
}
