import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { SnapshotError, asArchiveError } from './errors';
import { normalizeEntryPath, quote } from './entry-path';
import type { TreeWriter } from './tree-writer';

// yauzl 3 exposes the raw name bytes and its decoder; @types/yauzl (2.x) lags.
interface RawEntry extends Entry {
  fileNameRaw: Buffer;
}
const { getFileNameLowLevel } = yauzl as unknown as {
  getFileNameLowLevel(flags: number, raw: Buffer, extraFields: Entry['extraFields'], strict: boolean): string;
};

// Unix file type bits, stored by Unix zip tools in the high 16 bits of the
// external attributes.
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const PARALLEL_ENTRIES = 16;
const STORED = 0;
const DEFLATED = 8;

export async function extractZip(archivePath: string, writer: TreeWriter): Promise<void> {
  try {
    const zip = await openZip(archivePath);
    try {
      // Fail fast from the central directory; entries are still counted one
      // by one below. Files and directories are each capped at maxFiles.
      const { maxFiles } = writer.budget.limits;
      if (zip.entryCount > 2 * maxFiles) {
        throw new SnapshotError(
          'archive_too_many_files',
          `Too many files: the archive has ${zip.entryCount} entries, the limit is ${maxFiles} files.`,
        );
      }
      // Entries are read in order and written a few at a time: on a tree of
      // small files the per-file open/inflate/write latency, not bytes, is
      // the cost. The first failure stops the rest.
      const inFlight = new Set<Promise<void>>();
      let failed: unknown = null;
      try {
        for (let entry = await nextEntry(zip); entry && failed === null; entry = await nextEntry(zip)) {
          const job: Promise<void> = extractEntry(zip, entry, writer).then(
            () => void inFlight.delete(job),
            (error: unknown) => {
              inFlight.delete(job);
              failed ??= error;
            },
          );
          inFlight.add(job);
          if (inFlight.size >= PARALLEL_ENTRIES) await Promise.race(inFlight);
        }
      } finally {
        // Nothing is still being written when this returns (the caller may remove the tree).
        await Promise.all(inFlight);
      }
      if (failed !== null) throw failed;
    } finally {
      zip.close();
    }
  } catch (error) {
    throw asArchiveError(error, 'zip');
  }
}

async function extractEntry(zip: ZipFile, entry: RawEntry, writer: TreeWriter): Promise<void> {
  // strict: keep backslashes so normalizeEntryPath sees (and refuses) them.
  const name = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const relPath = normalizeEntryPath(name);
  const fileType = (entry.externalFileAttributes >>> 16) & S_IFMT;

  if (fileType === S_IFLNK) {
    throw new SnapshotError('archive_symlink', `Archive entry ${quote(name)} is a symbolic link; links are not allowed.`);
  }
  if (name.endsWith('/') || fileType === S_IFDIR) {
    if (relPath !== '') await writer.directory(relPath);
    return;
  }
  if (fileType !== 0 && fileType !== S_IFREG) {
    throw new SnapshotError('archive_unsupported_type', `Archive entry ${quote(name)} is not a regular file or directory.`);
  }
  if (relPath === '') {
    throw new SnapshotError('archive_invalid_path', `Archive entry ${quote(name)} has no file name.`);
  }
  if (entry.isEncrypted()) {
    throw new SnapshotError('archive_unsupported_type', `Archive entry ${quote(name)} is encrypted.`);
  }
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new SnapshotError(
      'archive_unsupported_type',
      `Archive entry ${quote(name)} uses unsupported compression method ${entry.compressionMethod}.`,
    );
  }
  writer.budget.checkDeclaredSize(relPath, entry.uncompressedSize, entry.compressedSize);
  await writer.file(relPath, () => openReadStream(zip, entry), entry.compressedSize);
}

function openZip(archivePath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false turns off yauzl's own name checks, which abort with
    // a generic error; each name is decoded and validated in extractEntry so
    // the refusal names the entry.
    yauzl.open(
      archivePath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

function nextEntry(zip: ZipFile): Promise<RawEntry | undefined> {
  return new Promise((resolve, reject) => {
    const stopListening = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    const onEntry = (entry: RawEntry) => {
      stopListening();
      resolve(entry);
    };
    const onEnd = () => {
      stopListening();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      stopListening();
      reject(error);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openReadStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}
