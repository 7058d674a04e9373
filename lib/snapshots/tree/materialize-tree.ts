// Writes a manifest's tree under a directory: each pack is read once, start
// to end, and every file is checked against its sha256 before it is written.
// Names get the same checks as an upload's entries (the store is trusted to
// hold what we wrote, not more), and files are created with O_EXCL and
// O_NOFOLLOW, so nothing is written through a link or over another file.

import { createHash } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TreeBudget } from '../budget';
import { normalizeEntryPath } from '../entry-path';
import { resolveLimits, type SnapshotLimits } from '../limits';
import { SnapshotCorrupt, type Manifest, type TreeEntry } from './manifest';
import { Pacer } from '../../v16/planner/pace';

export interface MaterializeResult {
  files: number;
  bytes: number;
}

/** One blob of a pack and the paths that hold it (equal files are stored once). */
interface Range {
  offset: number;
  size: number;
  sha256: string;
  paths: string[];
}

const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export async function materializeTree(
  manifest: Manifest,
  destDir: string,
  openPack: (sha256: string) => Promise<Readable>,
  limits?: Partial<SnapshotLimits>,
): Promise<MaterializeResult> {
  const budget = new TreeBudget(resolveLimits(limits));
  const rangesByPack = planRanges(manifest.files, budget);
  await mkdir(destDir, { recursive: true });
  const made = new Set<string>([destDir]);
  const write = (path: string, data: Buffer) => {
    const target = join(destDir, path);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const fd = openSync(target, WRITE_FLAGS, 0o644);
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    } finally {
      closeSync(fd);
    }
  };
  const pacer = new Pacer();
  for (const [pack, ranges] of rangesByPack) {
    const sha256 = manifest.packs[pack].sha256;
    const emit = (range: Range, data: Buffer) => {
      if (createHash('sha256').update(data).digest('hex') !== range.sha256) {
        throw new SnapshotCorrupt(`the stored snapshot does not match its manifest at ${JSON.stringify(range.paths[0])}`);
      }
      for (const path of range.paths) {
        try {
          write(path, data);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw new SnapshotCorrupt(`the stored snapshot lists ${JSON.stringify(path)} twice or under a file`);
          throw error;
        }
      }
    };
    const raw = await openPack(sha256);
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    try {
      await readRanges(raw.pipe(gunzip), ranges, emit, pacer);
    } finally {
      raw.destroy();
    }
  }
  return { files: budget.files, bytes: budget.bytes };
}

/** Every path checked and charged up front; each pack's distinct blobs in offset order. */
function planRanges(files: readonly TreeEntry[], budget: TreeBudget): Map<number, Range[]> {
  const directories = new Set<string>();
  const byPack = new Map<number, Map<string, Range>>();
  for (const f of files) {
    if (f.path === '' || normalizeEntryPath(f.path) !== f.path) throw new SnapshotCorrupt(`the stored snapshot has a non-canonical path ${JSON.stringify(f.path)}`);
    for (let d = dirname(f.path); d !== '.' && !directories.has(d); d = dirname(d)) {
      directories.add(d);
      budget.addEntry(d, 'directory');
    }
    budget.addEntry(f.path, 'file');
    budget.chargeKnownSize(f.path, f.size);
    let ranges = byPack.get(f.pack);
    if (!ranges) byPack.set(f.pack, (ranges = new Map()));
    // Keyed by place and length: an empty file shares its offset with the blob after it.
    const at = `${f.offset}:${f.size}`;
    const range = ranges.get(at);
    if (!range) ranges.set(at, { offset: f.offset, size: f.size, sha256: f.sha256, paths: [f.path] });
    else if (range.size === f.size && range.sha256 === f.sha256) range.paths.push(f.path);
    else throw new SnapshotCorrupt(`the stored snapshot has two different files at one place in a pack (${JSON.stringify(f.path)})`);
  }
  const out = new Map<number, Range[]>();
  for (const [pack, ranges] of byPack) {
    const sorted = [...ranges.values()].sort((a, b) => a.offset - b.offset || a.size - b.size);
    sorted.forEach((r, i) => {
      if (i > 0 && sorted[i - 1].offset + sorted[i - 1].size > r.offset) throw new SnapshotCorrupt('the stored snapshot has overlapping files in a pack');
    });
    out.set(pack, sorted);
  }
  return out;
}

/** Streams an uncompressed pack, cutting out the ranges (skipping the bytes no file of this revision uses). */
async function readRanges(stream: Readable, ranges: Range[], emit: (r: Range, data: Buffer) => void, pacer: Pacer): Promise<void> {
  let next = 0;
  let parts: Buffer[] = [];
  let have = 0;
  let pos = 0;
  const flushEmpty = () => {
    while (next < ranges.length && ranges[next].size === 0 && ranges[next].offset <= pos) emit(ranges[next++], Buffer.alloc(0));
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let c = chunk;
      let at = pos;
      pos += chunk.length;
      while (next < ranges.length) {
        flushEmpty();
        if (next >= ranges.length) break;
        const r = ranges[next];
        if (have === 0) {
          if (r.offset >= at + c.length) break;
          if (r.offset > at) {
            c = c.subarray(r.offset - at);
            at = r.offset;
          }
        }
        const take = c.subarray(0, r.size - have);
        parts.push(take);
        have += take.length;
        c = c.subarray(take.length);
        at += take.length;
        if (have < r.size) break;
        emit(r, parts.length === 1 ? parts[0] : Buffer.concat(parts, have));
        next++;
        parts = [];
        have = 0;
        await pacer.pace();
      }
      if (next >= ranges.length) break;
    }
  } finally {
    stream.destroy();
  }
  flushEmpty();
  if (next < ranges.length) throw new SnapshotCorrupt('a stored pack ends before the files its snapshot lists');
}
