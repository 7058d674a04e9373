import { open, mkdir } from 'node:fs/promises';
import { TreeBudget } from './budget';
import { resolveLimits, type SnapshotLimits } from './limits';
import { TreeWriter } from './tree-writer';
import { extractZip } from './extract-zip';
import { extractTarGz } from './extract-tar';

export type ArchiveKind = 'zip' | 'tar.gz';

export interface ExtractResult {
  files: number;
  bytes: number;
}

/** Identifies an upload by its magic bytes; the file name is user input. */
export async function detectArchiveKind(archivePath: string): Promise<ArchiveKind | null> {
  const handle = await open(archivePath, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    const magic = buffer.subarray(0, bytesRead);
    // PK\x03\x04 starts a zip with entries, PK\x05\x06 an empty one.
    if (magic.equals(Buffer.from('PK\x03\x04', 'latin1')) || magic.equals(Buffer.from('PK\x05\x06', 'latin1'))) {
      return 'zip';
    }
    if (magic[0] === 0x1f && magic[1] === 0x8b) return 'tar.gz';
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Extracts an untrusted archive into `destDir` exactly as stored (no
 * unwrapping: see unwrap.ts), refusing unsafe names, links, special files
 * and anything over `limits` with a SnapshotError that names the entry.
 * On failure `destDir` may hold a partial tree; the caller removes it.
 */
export async function extractArchive(
  archivePath: string,
  destDir: string,
  kind: ArchiveKind,
  limits?: Partial<SnapshotLimits>,
): Promise<ExtractResult> {
  await mkdir(destDir, { recursive: true });
  const writer = new TreeWriter(destDir, new TreeBudget(resolveLimits(limits)));
  if (kind === 'zip') {
    await extractZip(archivePath, writer);
  } else {
    await extractTarGz(archivePath, writer);
  }
  return { files: writer.budget.files, bytes: writer.budget.bytes };
}
