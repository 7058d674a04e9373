// A snapshot is a tree manifest: every file's path, size and sha256, and
// where its bytes are (a pack and an offset). Packs are written once and
// shared by later revisions, so a file unchanged since the previous revision
// is not stored again; nor is its manifest entry: a manifest may be stored as
// the changes to a base manifest (a delta, at most MAX_DELTA_DEPTH deep).
// The snapshot's id is the tree id: a hash of the paths and file hashes
// alone, so the same tree has the same id however its bytes are stored.

import { createHash } from 'node:crypto';

export const MANIFEST_FORMAT = 'vega-tree/1';

export interface PackRef {
  /** sha256 (hex) of the stored (gzip) pack. */
  sha256: string;
  /** Uncompressed length: the blobs it holds, end to end. */
  bytes: number;
}

export interface TreeEntry {
  path: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  size: number;
  /** Index into `packs`. */
  pack: number;
  /** Where the file starts in the uncompressed pack. */
  offset: number;
}

/** A whole tree, resolved: what the materializer and the packer work with. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  packs: PackRef[];
  /** Sorted by path (byte order of the UTF-16 code units, as the packer sorts). */
  files: TreeEntry[];
  /** How many deltas down from a whole stored manifest this one is (0: stored whole). */
  depth: number;
}

/** As stored: whole, or the files added or changed since `base` and the paths removed. */
export interface StoredManifest {
  format: typeof MANIFEST_FORMAT;
  base: string | null;
  packs: PackRef[];
  files: TreeEntry[];
  removed: string[];
}

/** A delta on a delta on … is read as a chain: this bounds the reads a materialization makes. */
export const MAX_DELTA_DEPTH = 8;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** sha256 over `path \0 sha256 \0 size \n` of every file, in path order. */
export function treeId(files: readonly Pick<TreeEntry, 'path' | 'sha256' | 'size'>[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0${f.sha256}\0${f.size}\n`);
  return hash.digest('hex');
}

/** Compact on the wire: one array per file. */
export function encodeManifest(m: StoredManifest): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: m.format,
      ...(m.base ? { base: m.base, removed: m.removed } : {}),
      packs: m.packs.map((p) => [p.sha256, p.bytes]),
      files: m.files.map((f) => [f.path, f.sha256, f.size, f.pack, f.offset]),
    }),
  );
}

/** The store holds something we never wrote: the server's problem, not the user's (no SnapshotError). */
export class SnapshotCorrupt extends Error {
  override name = 'SnapshotCorrupt';
}
const corrupt = (why: string) => new SnapshotCorrupt(`the stored snapshot manifest is not valid: ${why}`);
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const sorted = (paths: readonly string[]) => paths.every((p, i) => i === 0 || paths[i - 1] < p);

/** Parses a stored manifest and checks its shapes, order and pack bounds (not yet its id: see resolveManifest). */
export function decodeManifest(bytes: Buffer): StoredManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt('not JSON');
  }
  const r = raw as { format?: unknown; base?: unknown; removed?: unknown; packs?: unknown; files?: unknown };
  if (r?.format !== MANIFEST_FORMAT) throw corrupt(`unknown format ${JSON.stringify(r?.format)}`);
  if (!Array.isArray(r.packs) || !Array.isArray(r.files)) throw corrupt('packs and files must be lists');
  const base = r.base === undefined ? null : r.base;
  if (base !== null && (typeof base !== 'string' || !SHA256_HEX.test(base))) throw corrupt('its base is not a tree id');
  const removed = base === null ? [] : r.removed;
  if (!Array.isArray(removed) || !removed.every((p) => typeof p === 'string') || !sorted(removed as string[])) throw corrupt('removed must be a sorted list of paths');
  const packs = r.packs.map((p: unknown): PackRef => {
    if (!Array.isArray(p) || typeof p[0] !== 'string' || !SHA256_HEX.test(p[0]) || !isCount(p[1])) throw corrupt('a pack is malformed');
    return { sha256: p[0], bytes: p[1] };
  });
  const files = r.files.map((f: unknown): TreeEntry => {
    if (!Array.isArray(f) || typeof f[0] !== 'string' || typeof f[1] !== 'string' || !SHA256_HEX.test(f[1]) || !isCount(f[2]) || !isCount(f[3]) || !isCount(f[4])) {
      throw corrupt('a file entry is malformed');
    }
    const [path, sha256, size, pack, offset] = f as [string, string, number, number, number];
    if (pack >= packs.length || offset + size > packs[pack].bytes) throw corrupt(`${JSON.stringify(path)} points outside its pack`);
    return { path, sha256, size, pack, offset };
  });
  if (!sorted(files.map((f) => f.path))) throw corrupt('files are not sorted and unique');
  return { format: MANIFEST_FORMAT, base, packs, files, removed: removed as string[] };
}

/**
 * The whole tree `id` names: its stored manifest, with its chain of bases
 * applied (at most MAX_DELTA_DEPTH), checked to hash to `id`.
 */
export async function resolveManifest(id: string, read: (id: string) => Promise<Buffer>, depthLeft = MAX_DELTA_DEPTH): Promise<Manifest> {
  const stored = decodeManifest(await read(id));
  let whole: Manifest;
  if (stored.base === null) {
    whole = { format: MANIFEST_FORMAT, packs: stored.packs, files: stored.files, depth: 0 };
  } else {
    if (depthLeft === 0) throw corrupt(`its chain of bases is deeper than ${MAX_DELTA_DEPTH}`);
    whole = applyDelta(await resolveManifest(stored.base, read, depthLeft - 1), stored);
  }
  if (treeId(whole.files) !== id) throw corrupt('its files do not hash to the snapshot id');
  return whole;
}

function applyDelta(base: Manifest, delta: StoredManifest): Manifest {
  const packs = [...base.packs];
  const index = new Map(packs.map((p, i) => [p.sha256, i]));
  const remap = delta.packs.map((p) => {
    let i = index.get(p.sha256);
    if (i === undefined) {
      i = packs.push(p) - 1;
      index.set(p.sha256, i);
    }
    return i;
  });
  const files = new Map(base.files.map((f) => [f.path, f]));
  for (const path of delta.removed) if (!files.delete(path)) throw corrupt(`it removes ${JSON.stringify(path)}, which its base does not have`);
  for (const f of delta.files) files.set(f.path, { ...f, pack: remap[f.pack] });
  return { format: MANIFEST_FORMAT, packs, files: sortEntries([...files.values()]), depth: base.depth + 1 };
}

const sortEntries = (files: TreeEntry[]) => files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/**
 * How to store `next`: as the changes since `base` when it is close to it
 * (a delta chain not yet MAX_DELTA_DEPTH deep, and fewer changes than half
 * its files), else whole.
 */
export function storedForm(next: Manifest, base: { id: string; manifest: Manifest } | null): { stored: StoredManifest; depth: number } {
  const whole: { stored: StoredManifest; depth: number } = { stored: { format: MANIFEST_FORMAT, base: null, packs: next.packs, files: next.files, removed: [] }, depth: 0 };
  if (!base || base.manifest.depth >= MAX_DELTA_DEPTH) return whole;
  const before = new Map(base.manifest.files.map((f) => [f.path, f]));
  const changed = next.files.filter((f) => {
    const b = before.get(f.path);
    return !b || b.sha256 !== f.sha256 || b.size !== f.size || b.offset !== f.offset || base.manifest.packs[b.pack].sha256 !== next.packs[f.pack].sha256;
  });
  const present = new Set(next.files.map((f) => f.path));
  const removed = base.manifest.files.filter((f) => !present.has(f.path)).map((f) => f.path);
  if (changed.length + removed.length > next.files.length / 2) return whole;
  // Only the packs the changed entries use, renumbered.
  const packs: PackRef[] = [];
  const index = new Map<number, number>();
  const files = changed.map((f) => {
    let i = index.get(f.pack);
    if (i === undefined) {
      i = packs.push(next.packs[f.pack]) - 1;
      index.set(f.pack, i);
    }
    return { ...f, pack: i };
  });
  return { stored: { format: MANIFEST_FORMAT, base: base.id, packs, files, removed }, depth: base.manifest.depth + 1 };
}
