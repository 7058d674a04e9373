import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env } from '../env';
import { SnapshotStore } from '../snapshots/store';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { joinPrefix, parseStorageLocation } from './location';
import { createS3Client, S3BlobStore } from './s3-blob-store';

// The stores are chosen once per process from VEGA_ARTIFACTS: a directory, or
// s3://bucket/prefix holding both `<prefix>/artifacts/` and `<prefix>/snapshots/`.

const g = globalThis as unknown as { __vegaStores?: { snapshots: SnapshotStore; artifacts: BlobStore } };

function stores() {
  if (g.__vegaStores) return g.__vegaStores;
  const e = env();
  const location = parseStorageLocation(e.VEGA_ARTIFACTS, e.VEGA_DATA_DIR);
  if (location.kind === 'local') {
    g.__vegaStores = {
      // Snapshots stay under the data directory, as before S3 existed.
      snapshots: localSnapshotStore(path.resolve(e.VEGA_DATA_DIR, 'snapshots'), workDir()),
      artifacts: new LocalBlobStore(location.dir),
    };
  } else {
    const client = createS3Client({ region: e.VEGA_S3_REGION, endpoint: e.VEGA_S3_ENDPOINT, forcePathStyle: e.VEGA_S3_FORCE_PATH_STYLE });
    g.__vegaStores = {
      snapshots: new SnapshotStore(new S3BlobStore(client, location.bucket, joinPrefix(location.prefix, 'snapshots')), workDir()),
      artifacts: new S3BlobStore(client, location.bucket, joinPrefix(location.prefix, 'artifacts')),
    };
  }
  return g.__vegaStores;
}

/** Content-addressed snapshots: tree manifests and the packs of their files. */
/** Snapshots in a local directory (the data directory's `snapshots/`). */
export function localSnapshotStore(rootDir: string, scratchDir: string): SnapshotStore {
  return new SnapshotStore(new LocalBlobStore(rootDir), scratchDir);
}

export function snapshotStore(): SnapshotStore {
  return stores().snapshots;
}

/** Per-scan artifacts, keyed `<scan id>/<name>`. */
export function artifactStore(): BlobStore {
  return stores().artifacts;
}

/** Scratch space for uploads, clones, extracted snapshots and artifacts being written. */
export function workDir(): string {
  const dir = path.resolve(env().VEGA_DATA_DIR, 'tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}
