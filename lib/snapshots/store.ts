import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BlobStore } from '../storage/blob-store';
import { SnapshotError } from './errors';
import { extractArchive, type ExtractResult } from './extract';
import type { SnapshotLimits } from './limits';
import type { SourceFile } from './list-files';
import { encodeManifest, resolveManifest, storedForm, treeId, type Manifest } from './tree/manifest';
import { materializeTree } from './tree/materialize-tree';
import { packTree } from './tree/pack-tree';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A tree manifest (`.tree`), or a whole-tree zip written before manifests existed (`.zip`, read only). */
const KEY = /^([0-9a-f]{2})\/([0-9a-f]{64})\.(tree|zip)$/;

/** "ab/abcd….tree": the snapshot's id (its tree id) as a relative path and an object key. */
export function snapshotKey(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256}.tree`;
}

/** Keys are checked strictly: they come back from the database, not from the store. */
export function checkSnapshotKey(key: string): string {
  const match = KEY.exec(key);
  if (match === null || !match[2].startsWith(match[1])) throw new Error(`not a snapshot key: ${key}`);
  return key;
}

const packKey = (sha256: string) => `packs/${sha256.slice(0, 2)}/${sha256}.pack`;

export interface StoredTree {
  key: string;
  /** The tree id: sha256 over every file's path, sha256 and size. */
  sha256: string;
  /** What this revision added to the store: its manifest (or its changes to the previous one) and the pack of files no earlier revision stored. */
  bytes: number;
  files: number;
  sourceBytes: number;
  /** Files stored by this revision; the others were already in the previous revision's packs. */
  newFiles: number;
}

/**
 * Snapshots in a BlobStore (a directory, or S3 at `<prefix>/snapshots/`):
 * `<id>.tree` manifests and `packs/<sha>.pack` packs, all content-addressed
 * and never rewritten. A revision built on the previous one stores only the
 * files that changed (see tree/pack-tree.ts).
 */
export class SnapshotStore {
  constructor(
    private readonly blobs: BlobStore,
    /** Scratch space for packs being written and legacy zips being read. */
    private readonly workDir: string,
  ) {}

  /** Stores the listed files of `srcDir` as a snapshot, reusing what `previousKey`'s revision already stored. */
  async putTree(srcDir: string, files: readonly SourceFile[], options: { previousKey?: string | null } = {}): Promise<StoredTree> {
    if (files.length === 0) throw new SnapshotError('source_empty', 'The source contains no files.');
    // A previous revision that cannot be read (a legacy zip, gone, corrupt) is simply not built on.
    const previousKey = options.previousKey && options.previousKey.endsWith('.tree') ? options.previousKey : null;
    const previous = previousKey ? await this.readManifest(previousKey).catch(() => null) : null;
    await mkdir(this.workDir, { recursive: true });
    const tmp = await mkdtemp(join(this.workDir, 'pack-'));
    try {
      const packPath = join(tmp, 'pack');
      const packed = await packTree(srcDir, files, previous, packPath);
      let bytes = 0;
      // The pack first: a manifest in the store never names a pack that is not.
      if (packed.newPack && (await this.putOnce(packKey(packed.newPack.sha256), packPath, packed.newPack.sha256, 'application/gzip'))) {
        bytes += packed.newPack.storedBytes;
      }
      const id = treeId(packed.manifest.files);
      const key = snapshotKey(id);
      const manifestPath = join(tmp, 'manifest');
      // The same tree as the previous revision is already stored under its id: nothing to add (and never a delta on itself).
      const base = previous && previousKey ? { id: KEY.exec(previousKey)![2], manifest: previous } : null;
      const { stored } = storedForm(packed.manifest, base && base.id !== id ? base : null);
      const manifest = gzipSync(encodeManifest(stored));
      await writeFile(manifestPath, manifest, { flag: 'wx' });
      if (await this.putOnce(key, manifestPath, id, 'application/gzip')) bytes += manifest.length;
      return { key, sha256: id, bytes, files: files.length, sourceBytes: packed.sourceBytes, newFiles: packed.newFiles };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** The whole tree of a stored snapshot (its chain of deltas applied), checked against its id. */
  async readManifest(key: string): Promise<Manifest> {
    const match = KEY.exec(checkSnapshotKey(key))!;
    if (match[3] !== 'tree') throw new Error(`${key} is a whole-tree zip, not a manifest`);
    return resolveManifest(match[2], async (id) => {
      const blob = await this.blobs.get(snapshotKey(id));
      if (!blob) throw new Error(`snapshot not found in the store: ${snapshotKey(id)}`);
      return gunzipSync(await buffer(blob.body));
    });
  }

  /** Writes a stored snapshot's files under `destDir`, with the same checks as an upload. */
  async materialize(key: string, destDir: string, limits?: Partial<SnapshotLimits>): Promise<ExtractResult> {
    if (checkSnapshotKey(key).endsWith('.zip')) return this.extractLegacyZip(key, destDir, limits);
    const manifest = await this.readManifest(key);
    return materializeTree(
      manifest,
      destDir,
      async (sha256) => {
        const blob = await this.blobs.get(packKey(sha256));
        if (!blob) throw new Error(`pack ${sha256} of snapshot ${key} is missing from the store`);
        return blob.body;
      },
      limits,
    );
  }

  /** Whether it was stored now (false: it already was). */
  private async putOnce(key: string, file: string, sha256: string, contentType: string): Promise<boolean> {
    // Same content, same key: an object already there is this very one.
    if ((await this.blobs.head(key)) !== null) return false;
    await this.blobs.putFile(key, file, { sha256, contentType });
    return true;
  }

  /** Snapshots taken before manifests: one zip each, extracted like an upload (it needs random access, so a local copy). */
  private async extractLegacyZip(key: string, destDir: string, limits?: Partial<SnapshotLimits>): Promise<ExtractResult> {
    const blob = await this.blobs.get(key);
    if (!blob) throw new Error(`snapshot not found in the store: ${key}`);
    await mkdir(this.workDir, { recursive: true });
    const dir = await mkdtemp(join(this.workDir, 'snapshot-'));
    try {
      const zip = join(dir, 'snapshot.zip');
      await pipeline(blob.body, createWriteStream(zip));
      return await extractArchive(zip, destDir, 'zip', limits);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
