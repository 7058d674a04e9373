// Caps applied to every tree that becomes a snapshot, whatever its source.
// Values come from the caller (configuration is read elsewhere), these are
// only the defaults.

export interface SnapshotLimits {
  /** Total uncompressed bytes of all files. */
  maxTotalBytes: number;
  /** Number of files (and, separately, of directories). */
  maxFiles: number;
  /** Uncompressed bytes of any single file. */
  maxFileBytes: number;
  /** Uncompressed:compressed ratio above which an entry is treated as a bomb… */
  maxCompressionRatio: number;
  /** …once it has expanded past this many bytes (small files compress freely). */
  compressionRatioMinBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_SNAPSHOT_LIMITS: Readonly<SnapshotLimits> = Object.freeze({
  maxTotalBytes: 200 * MiB,
  maxFiles: 20_000,
  maxFileBytes: 50 * MiB,
  maxCompressionRatio: 200,
  compressionRatioMinBytes: 1 * MiB,
});

export function resolveLimits(overrides: Partial<SnapshotLimits> = {}): SnapshotLimits {
  const limits = { ...DEFAULT_SNAPSHOT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof SnapshotLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`snapshot limit ${key} must be a positive number, got ${value}`);
    }
    limits[key] = value;
  }
  return limits;
}

export function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;
}
