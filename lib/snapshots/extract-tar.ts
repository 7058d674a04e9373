import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { SnapshotError, asArchiveError } from './errors';
import { normalizeEntryPath, quote } from './entry-path';
import { formatBytes, type SnapshotLimits } from './limits';
import type { TreeWriter } from './tree-writer';

// Room for tar's own framing (512-byte headers, PAX and long-name records,
// block padding) on top of file content when capping the decompressed stream.
const TAR_OVERHEAD_PER_ENTRY = 4096;

/**
 * tar's Parser is used only to read headers; files are written by TreeWriter
 * so every entry gets the same checks as a zip entry. Refusals name the entry
 * instead of being skipped with a warning, which is what tar's own extract does.
 */
export async function extractTarGz(archivePath: string, writer: TreeWriter): Promise<void> {
  // brotli/zstd off: the input is already gunzipped, never sniff it again.
  const parser = new Parser({ strict: true, brotli: false, zstd: false });
  const abort = failureSignal();
  const writes: Promise<void>[] = [];

  parser.on('entry', (entry: ReadEntry) => {
    const write = extractEntry(entry, writer);
    writes.push(write);
    write.catch(abort.fail);
  });
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    abort.fail(
      new SnapshotError('archive_unsupported_type', `Archive entry ${quote(entry.path)} has unsupported type ${entry.type}.`),
    );
  });
  parser.on('error', abort.fail);
  let sawEndMarker = false;
  parser.on('eof', () => {
    sawEndMarker = true;
  });

  const guard = inflationGuard(writer.budget.limits);
  try {
    await pipeline(
      createReadStream(archivePath),
      guard.compressed,
      createGunzip(),
      guard.expanded,
      async (tar: AsyncIterable<Buffer>) => {
        // A refused entry is never consumed, so the parser stops draining:
        // every wait races the failure instead of hanging on 'drain'.
        for await (const chunk of tar) {
          // Past the end-of-archive marker the parser would buffer everything
          // it is given; the rest only has to get through the inflation guard.
          if (sawEndMarker) continue;
          if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), abort.failed]);
        }
        const parsed = once(parser, 'end');
        parser.end();
        await Promise.race([parsed, abort.failed]);
        await Promise.race([Promise.all(writes), abort.failed]);
      },
    );
  } catch (error) {
    // Leaving the loop early tears the pipeline down with an AbortError that
    // would mask the refusal which caused it.
    throw asArchiveError(abort.reason ?? error, 'tar.gz');
  }
}

async function extractEntry(entry: ReadEntry, writer: TreeWriter): Promise<void> {
  const name = entry.path;
  const relPath = normalizeEntryPath(name);
  switch (entry.type) {
    case 'SymbolicLink':
      throw new SnapshotError('archive_symlink', `Archive entry ${quote(name)} is a symbolic link; links are not allowed.`);
    case 'Link':
      throw new SnapshotError('archive_symlink', `Archive entry ${quote(name)} is a hard link; links are not allowed.`);
    case 'Directory':
    case 'GNUDumpDir':
      entry.resume();
      if (relPath !== '') await writer.directory(relPath);
      return;
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      if (relPath === '') {
        throw new SnapshotError('archive_invalid_path', `Archive entry ${quote(name)} has no file name.`);
      }
      writer.budget.checkDeclaredSize(relPath, entry.size);
      // Readable.from iterates the entry instead of piping it, so a failed
      // write pauses the entry rather than destroying it under the parser.
      await writer.file(relPath, () => Readable.from(entry));
      return;
    default:
      throw new SnapshotError(
        'archive_unsupported_type',
        `Archive entry ${quote(name)} is a ${entry.type}, not a regular file or directory.`,
      );
  }
}

/**
 * Caps the whole decompressed stream, not just file contents: padding, huge
 * headers or junk after the end-of-archive marker can be a gzip bomb too.
 */
function inflationGuard(limits: SnapshotLimits): { compressed: Transform; expanded: Transform } {
  const maxExpanded = limits.maxTotalBytes + limits.maxFiles * TAR_OVERHEAD_PER_ENTRY;
  let compressedBytes = 0;
  let expandedBytes = 0;
  const compressed = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      compressedBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const expanded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      expandedBytes += chunk.length;
      if (expandedBytes > maxExpanded) {
        callback(new SnapshotError('archive_too_large', `The archive expands to more than ${formatBytes(maxExpanded)}.`));
      } else if (
        expandedBytes > limits.compressionRatioMinBytes &&
        expandedBytes > compressedBytes * limits.maxCompressionRatio
      ) {
        callback(
          new SnapshotError(
            'archive_too_large',
            `The archive expands more than ${limits.maxCompressionRatio}:1; refusing a likely gzip bomb.`,
          ),
        );
      } else {
        callback(null, chunk);
      }
    },
  });
  return { compressed, expanded };
}

/** A promise that rejects with the first failure reported from any callback. */
function failureSignal(): { failed: Promise<never>; fail: (error: unknown) => void; reason: unknown } {
  let reject!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, rejectFailed) => {
    reject = rejectFailed;
  });
  // Only observed through Promise.race; without this an early failure would
  // count as an unhandled rejection.
  failed.catch(() => undefined);
  const signal = {
    failed,
    reason: undefined as unknown,
    fail: (error: unknown) => {
      signal.reason ??= error;
      reject(error);
    },
  };
  return signal;
}
