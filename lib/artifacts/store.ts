import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { artifactDir } from '../storage';

/** The artifacts a scan can have, in the order users want them. Nothing else is ever served. */
export const ARTIFACT_NAMES = ['v16-report.json', 'runner-summary.json', 'v16-events.jsonl', 'v16-debug-bundle.zip'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

const CONTENT_TYPES: Record<ArtifactName, string> = {
  'v16-report.json': 'application/json',
  'runner-summary.json': 'application/json',
  'v16-events.jsonl': 'application/x-ndjson',
  'v16-debug-bundle.zip': 'application/zip',
};

export const isArtifactName = (name: string): name is ArtifactName => (ARTIFACT_NAMES as readonly string[]).includes(name);

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function listArtifacts(scanId: string) {
  const dir = artifactDir(scanId);
  const found = [];
  for (const name of ARTIFACT_NAMES) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) found.push({ name, size_bytes: info.size, sha256: await sha256Of(file), content_type: CONTENT_TYPES[name] });
  }
  return found;
}

/** A download: the artifact as a web stream, or null when the scan has no such artifact. */
export async function openArtifact(scanId: string, name: ArtifactName) {
  const file = path.join(artifactDir(scanId), name);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return {
    size: info.size,
    contentType: CONTENT_TYPES[name],
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
  };
}
