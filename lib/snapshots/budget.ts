import { Transform } from 'node:stream';
import { SnapshotError } from './errors';
import { formatBytes, type SnapshotLimits } from './limits';
import { quote } from './entry-path';

/**
 * Running totals for one tree. Archives can lie about sizes, so besides
 * checking declared sizes up front, bytes are charged as they actually stream.
 */
export class TreeBudget {
  files = 0;
  directories = 0;
  bytes = 0;

  constructor(readonly limits: SnapshotLimits) {}

  /** Directories are capped like files, separately: each one costs an inode too. */
  addEntry(name: string, kind: 'file' | 'directory'): void {
    const count = kind === 'file' ? ++this.files : ++this.directories;
    if (count > this.limits.maxFiles) {
      throw new SnapshotError(
        'archive_too_many_files',
        `Too many ${kind === 'file' ? 'files' : 'directories'}: the limit is ${this.limits.maxFiles} (reached at ${quote(name)}).`,
      );
    }
  }

  /** Rejects an entry from its declared size before any of it is read. */
  checkDeclaredSize(name: string, size: number, compressedSize?: number): void {
    this.check(name, size, this.bytes + size, compressedSize);
  }

  /** Charges a file whose size is known exactly (from lstat) before it is read. */
  chargeKnownSize(name: string, size: number): void {
    this.check(name, size, this.bytes + size, undefined);
    this.bytes += size;
  }

  /**
   * A pass-through that charges every chunk to the budget and fails the
   * stream as soon as a cap is crossed. `compressedSize` enables the
   * compression-ratio check (only zip stores it per entry).
   */
  meter(name: string, compressedSize?: number): Transform {
    let fileBytes = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        fileBytes += chunk.length;
        this.bytes += chunk.length;
        try {
          this.check(name, fileBytes, this.bytes, compressedSize);
        } catch (error) {
          callback(error as Error);
          return;
        }
        callback(null, chunk);
      },
    });
  }

  private check(name: string, fileBytes: number, totalBytes: number, compressedSize: number | undefined): void {
    const { maxFileBytes, maxTotalBytes, maxCompressionRatio, compressionRatioMinBytes } = this.limits;
    if (fileBytes > maxFileBytes) {
      throw new SnapshotError(
        'archive_too_large',
        `File ${quote(name)} is larger than the ${formatBytes(maxFileBytes)} per-file limit.`,
      );
    }
    if (totalBytes > maxTotalBytes) {
      throw new SnapshotError(
        'archive_too_large',
        `Total size exceeds the ${formatBytes(maxTotalBytes)} limit (reached at ${quote(name)}).`,
      );
    }
    if (
      compressedSize !== undefined &&
      fileBytes > compressionRatioMinBytes &&
      fileBytes > compressedSize * maxCompressionRatio
    ) {
      throw new SnapshotError(
        'archive_too_large',
        `Entry ${quote(name)} expands more than ${maxCompressionRatio}:1; refusing a likely zip bomb.`,
      );
    }
  }
}
