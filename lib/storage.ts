import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env } from './env';
import { LocalSnapshotStore } from './snapshots/store';

const g = globalThis as unknown as { __vegaSnapshots?: LocalSnapshotStore };

/** Where snapshots live: `<VEGA_DATA_DIR>/snapshots`, content-addressed zips. */
export function snapshotStore(): LocalSnapshotStore {
  g.__vegaSnapshots ??= new LocalSnapshotStore(path.resolve(env().VEGA_DATA_DIR, 'snapshots'));
  return g.__vegaSnapshots;
}

/** Scratch space for uploads, clones and extracted snapshots. */
export function workDir(): string {
  const dir = path.resolve(env().VEGA_DATA_DIR, 'tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Per-scan artifacts: `<VEGA_ARTIFACTS>/<scan id>/` (default `<VEGA_DATA_DIR>/artifacts`). */
export function artifactDir(scanId: string): string {
  const e = env();
  const dir = path.resolve(e.VEGA_ARTIFACTS ?? path.join(e.VEGA_DATA_DIR, 'artifacts'), scanId);
  mkdirSync(dir, { recursive: true });
  return dir;
}
