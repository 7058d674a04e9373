// Packs a listed tree as a manifest plus one new pack holding only the
// contents the previous revision's packs do not already hold. A pack is a
// plain gzip stream of blobs end to end (`zcat` reads it): one stream, not
// one deflate per file, which is what made a zip of many small files slow.

import { createHash } from 'node:crypto';
import { closeSync, constants, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import type { SourceFile } from '../list-files';
import { MANIFEST_FORMAT, type Manifest, type PackRef, type TreeEntry } from './manifest';
import { Pacer } from '../../v16/planner/pace';

/** Level 1: about twice as fast as gzip's default for about a tenth more bytes on source code. */
const GZIP_LEVEL = 1;
/** A previous revision spread over more packs than this, or mostly dead bytes, is not built on: the new one is packed whole. */
export const MAX_PACKS = 16;
export const MIN_LIVE_FRACTION = 0.5;

export interface PackedTree {
  manifest: Manifest;
  /** The pack written to `packPath`, or null when every file was already stored. */
  newPack: { sha256: string; storedBytes: number } | null;
  newFiles: number;
  reusedFiles: number;
  sourceBytes: number;
}

interface Location {
  pack: PackRef;
  offset: number;
}

/** Whether building on `previous` keeps later materializations cheap: few packs, mostly live bytes. */
export function worthBuildingOn(previous: Manifest): boolean {
  if (previous.packs.length > MAX_PACKS) return false;
  const live = new Map<string, number>();
  for (const f of previous.files) live.set(`${f.pack}:${f.offset}`, f.size);
  let liveBytes = 0;
  for (const size of live.values()) liveBytes += size;
  const total = previous.packs.reduce((n, p) => n + p.bytes, 0);
  return total === 0 || liveBytes / total >= MIN_LIVE_FRACTION;
}

export async function packTree(srcDir: string, files: readonly SourceFile[], previous: Manifest | null, packPath: string): Promise<PackedTree> {
  const known = new Map<string, Location>();
  if (previous && worthBuildingOn(previous)) {
    for (const f of previous.files) known.set(f.sha256, { pack: previous.packs[f.pack], offset: f.offset });
  }
  const newPack: PackRef = { sha256: '', bytes: 0 };
  const packs: PackRef[] = [];
  const packIndex = new Map<PackRef, number>();
  const indexOf = (p: PackRef) => {
    let i = packIndex.get(p);
    if (i === undefined) {
      i = packs.push(p) - 1;
      packIndex.set(p, i);
    }
    return i;
  };

  const gzip = createGzip({ level: GZIP_LEVEL });
  const out = createWriteStream(packPath, { flags: 'wx' });
  const hash = createHash('sha256');
  let storedBytes = 0;
  gzip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    storedBytes += chunk.length;
  });
  gzip.pipe(out);
  const failed = Promise.race([once(gzip, 'error'), once(out, 'error')]).then(([error]) => {
    throw error;
  });
  failed.catch(() => {});

  const entries: TreeEntry[] = [];
  let newFiles = 0;
  let sourceBytes = 0;
  const pacer = new Pacer();
  try {
    for (const file of files) {
      await pacer.pace();
      const data = readListed(srcDir, file);
      sourceBytes += data.length;
      const sha256 = createHash('sha256').update(data).digest('hex');
      let at = known.get(sha256);
      if (!at) {
        at = { pack: newPack, offset: newPack.bytes };
        newPack.bytes += data.length;
        known.set(sha256, at);
        newFiles++;
        if (!gzip.write(data)) await Promise.race([once(gzip, 'drain'), failed]);
      }
      entries.push({ path: file.relPath, sha256, size: data.length, pack: indexOf(at.pack), offset: at.offset });
    }
    gzip.end();
    await Promise.race([once(out, 'close'), failed]);
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  }
  newPack.sha256 = hash.digest('hex');
  return {
    manifest: { format: MANIFEST_FORMAT, packs, files: entries, depth: 0 },
    newPack: newFiles > 0 ? { sha256: newPack.sha256, storedBytes } : null,
    newFiles,
    reusedFiles: files.length - newFiles,
    sourceBytes,
  };
}

/**
 * The file as listed: never through a link (O_NOFOLLOW), and refused when it
 * changed size since it was listed and charged to the budget. Reads are
 * synchronous: on trees of small files the per-file promise costs more than
 * the read, and the pacer lets other work run between slices.
 */
function readListed(srcDir: string, file: SourceFile): Buffer {
  const fd = openSync(join(srcDir, file.relPath), constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const { size } = fstatSync(fd);
    if (size !== file.size) throw new Error(`${file.relPath} changed while the snapshot was being taken`);
    const data = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) throw new Error(`${file.relPath} changed while the snapshot was being taken`);
      read += n;
    }
    return data;
  } finally {
    closeSync(fd);
  }
}
