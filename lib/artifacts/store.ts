import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../storage/blob-store';
import { artifactStore } from '../storage';
import { sha256Of } from '../storage/sha256';

import { ARTIFACT_NAMES, RUNNER_ARTIFACTS, type ArtifactName } from './names';

export { ARTIFACT_NAMES, RUNNER_ARTIFACTS, type ArtifactName };

const CONTENT_TYPES: Record<ArtifactName, string> = {
  'v16-report.json': 'application/json',
  'runner-summary.json': 'application/json',
  'v16-events.jsonl': 'application/x-ndjson',
  'v16-debug-bundle.zip': 'application/zip',
  'evidence.json': 'application/json',
};

export const isArtifactName = (name: string): name is ArtifactName => (ARTIFACT_NAMES as readonly string[]).includes(name);

const keyOf = (scanId: string, name: ArtifactName) => `${scanId}/${name}`;

/**
 * Uploads what the runner wrote in its scratch directory. Files it did not
 * get to write are skipped: a failed scan still publishes what it has.
 */
export async function uploadArtifacts(scanId: string, dir: string, store: BlobStore = artifactStore()) {
  for (const name of RUNNER_ARTIFACTS) {
    const file = join(dir, name);
    const sha256 = await sha256Of(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (sha256) await store.putFile(keyOf(scanId, name), file, { sha256, contentType: CONTENT_TYPES[name] });
  }
}

/** Name, size and sha256 of each artifact the scan has, from metadata alone. */
export async function listArtifacts(scanId: string, store: BlobStore = artifactStore()) {
  const found = await Promise.all(
    ARTIFACT_NAMES.map(async (name) => {
      const info = await store.head(keyOf(scanId, name));
      if (!info) return null;
      // An object put there by hand has no digest stored with it: read it once.
      const sha256 = info.sha256 ?? (await digestOf(store, keyOf(scanId, name)));
      return { name, size_bytes: info.size, sha256, content_type: CONTENT_TYPES[name] };
    }),
  );
  return found.filter((a) => a !== null);
}

async function digestOf(store: BlobStore, key: string): Promise<string> {
  const blob = await store.get(key);
  const hash = createHash('sha256');
  if (blob) for await (const chunk of blob.body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Stores a file the server wrote itself (the sealed envelope) as one of the scan's artifacts. */
export async function putArtifact(scanId: string, name: ArtifactName, file: string, sha256: string, store: BlobStore = artifactStore()) {
  await store.putFile(keyOf(scanId, name), file, { sha256, contentType: CONTENT_TYPES[name] });
}

/** A download: the artifact as a web stream, or null when the scan has no such artifact. */
export async function openArtifact(scanId: string, name: ArtifactName, store: BlobStore = artifactStore()) {
  const blob = await store.get(keyOf(scanId, name));
  if (!blob) return null;
  return {
    size: blob.size,
    contentType: CONTENT_TYPES[name],
    body: Readable.toWeb(blob.body) as ReadableStream<Uint8Array>,
  };
}

/** A scan's artifacts with their download URLs (the API's listing, the admin page). */
export async function listArtifactsWithUrls(scan: { id: string; repositoryId: string }) {
  const items = await listArtifacts(scan.id);
  return items.map((a) => ({ ...a, url: `/v1/repositories/${scan.repositoryId}/scans/${scan.id}/artifacts/${a.name}` }));
}
