import { createHash } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { TreeBudget } from './budget';
import { SnapshotError } from './errors';
import { listFiles, statFiles, type SourceFile } from './list-files';
import { resolveLimits, type SnapshotLimits } from './limits';

export interface PackResult {
  /** sha256 (hex) of the zip bytes. */
  sha256: string;
  /** Size of the zip. */
  bytes: number;
  files: number;
  /** Uncompressed size of the packed files. */
  sourceBytes: number;
}

// Every entry gets the same timestamp and mode so the same tree always yields
// the same zip, hence the same sha256. yazl converts dates to DOS time with
// local-time getters, so a local-time date gives identical bytes in every
// time zone.
const FIXED_MTIME = new Date(1980, 0, 1);
const FILE_MODE = 0o100644;
/** Files up to this size are read whole, up to READ_AHEAD of them ahead of the entry being written; larger ones are streamed. */
const BUFFERED_MAX = 256 * 1024;
const READ_AHEAD = 64;

/**
 * Zips the regular files under `srcDir` into a deterministic archive.
 * Symlinks, special files and `.git` are skipped (never followed), and
 * directories are implied by file paths, so empty ones are dropped.
 */
export interface PackSelection {
  /** Pack only these paths (relative, `/`-separated; e.g. what `git ls-files` lists); links and missing files are skipped. */
  only?: readonly string[];
  /** Directory names skipped wherever they are (e.g. node_modules). */
  skipDirectories?: readonly string[];
}

export async function packDirectory(
  srcDir: string,
  outZipPath: string,
  limits?: Partial<SnapshotLimits>,
  select: PackSelection = {},
): Promise<PackResult> {
  const budget = new TreeBudget(resolveLimits(limits));
  const files = select.only ? await statFiles(srcDir, select.only, budget) : await listFiles(srcDir, budget, new Set(select.skipDirectories ?? []));
  if (files.length === 0) {
    throw new SnapshotError('source_empty', 'The source contains no files.');
  }

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as NodeJS.ReadableStream & { destroy(error?: Error): void };
  // yazl reports failures on the ZipFile and ignores the file streams'
  // errors; route both to the output so the pipeline below rejects.
  const fail = (error: Error) => output.destroy(error);
  zip.on('error', fail);
  // yazl asks for each entry's data when it reaches it, one at a time.
  // Small files are read ahead a window beyond the entry it is at, so the
  // reads overlap with the compression instead of following it (a stream
  // opened per small file costs more than the file); memory stays bounded
  // by the window. Large files are streamed as they are reached.
  const open_ = (file: SourceFile) =>
    // O_NOFOLLOW: a file swapped for a symlink after listing is refused, not followed.
    open(join(srcDir, file.relPath), constants.O_RDONLY | constants.O_NOFOLLOW);
  const read = (file: SourceFile) =>
    open_(file).then(async (handle) => {
      try {
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    });
  const ahead = new Map<number, Promise<Buffer>>();
  const readAhead = (from: number) => {
    for (let k = from; k < Math.min(files.length, from + READ_AHEAD); k++) {
      if (ahead.has(k) || files[k].size > BUFFERED_MAX) continue;
      const pending = read(files[k]);
      // Awaited when its entry is reached; a failure before then (the pack already failed) is not an unhandled rejection.
      pending.catch(() => {});
      ahead.set(k, pending);
    }
  };
  const options = { mtime: FIXED_MTIME, mode: FILE_MODE, forceDosTimestamp: true };
  files.forEach((file, i) => {
    // `size` makes yazl fail if the file changed since it was listed.
    zip.addReadStreamLazy(file.relPath, { ...options, size: file.size }, (callback) => {
      readAhead(i);
      const buffered = ahead.get(i);
      ahead.delete(i);
      const stream: Promise<Readable> = buffered
        ? buffered.then((data) => Readable.from([data]))
        : open_(file).then((handle) => handle.createReadStream());
      stream.then((s) => {
        s.on('error', fail);
        callback(null, s);
      }, fail);
    });
  });
  zip.end();

  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(
    output,
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    }),
    createWriteStream(outZipPath, { flags: 'wx' }),
  );
  return { sha256: hash.digest('hex'), bytes, files: files.length, sourceBytes: budget.bytes };
}
