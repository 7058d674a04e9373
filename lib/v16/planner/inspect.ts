// Decides, file by file, whether the auditor should read it, from its name
// and its first bytes: lockfiles, binaries, minified and generated code are
// noise for a security audit and cost as much as real source.

import fs from 'node:fs';
import path from 'node:path';
import { fileKind, type FileKind } from '../languages';
import type { WalkedFile } from './walk';

export const MAX_FILE_BYTES = 1024 * 1024;
/** Enough to see headers and judge line lengths without reading whole files twice. */
const HEAD_BYTES = 64 * 1024;
/** Enough to tell text from binary (a NUL byte) for files we will not audit anyway. */
const SNIFF_BYTES = 8 * 1024;
const MINIFIED_AVERAGE_LINE = 300;
/** Below this a long line is just a long line, not a bundle. */
const MINIFIED_MIN_BYTES = 4 * 1024;

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'poetry.lock',
  'Pipfile.lock', 'uv.lock', 'pdm.lock', 'composer.lock', 'Gemfile.lock', 'Cargo.lock', 'go.sum',
]);
const BINARY_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.bmp', '.tiff', '.pdf', '.zip', '.gz', '.tgz', '.bz2', '.xz',
  '.7z', '.rar', '.jar', '.war', '.class', '.so', '.dylib', '.dll', '.exe', '.bin', '.o', '.a', '.wasm', '.pyc',
  '.pyo', '.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp3', '.mp4', '.mov', '.avi', '.webm', '.ogg', '.wav',
  '.sqlite', '.db', '.psd',
]);
const GENERATED_MARKER = /@generated|DO NOT EDIT/i;

export type Inspection = { include: true; kind: FileKind; head: string } | { include: false; reason: string };

export function inspectFile(root: string, file: WalkedFile): Inspection {
  const name = path.posix.basename(file.path);
  const ext = path.posix.extname(name).toLowerCase();
  if (LOCKFILES.has(name)) return { include: false, reason: 'lockfile' };
  if (BINARY_EXTENSIONS.has(ext)) return { include: false, reason: 'binary file' };
  if (file.size > MAX_FILE_BYTES) return { include: false, reason: 'larger than 1 MB' };

  let kind = fileKind(file.path);
  // Decided by the name alone: no need to read the file.
  if (kind && /\.d\.[cm]?ts$/.test(name)) return { include: false, reason: 'type declarations only' };
  const head = readHead(path.join(root, file.path), Math.min(file.size, kind ? HEAD_BYTES : SNIFF_BYTES));
  if (head.includes('\0')) return { include: false, reason: 'binary file' };
  // An extension-less script (`bin/cli`) is what its first line says it is.
  kind ??= fileKind(file.path, head);
  if (!kind) return { include: false, reason: 'language not audited' };
  if (/\.min\.[cm]?js$/.test(name) || (kind.kind === 'code' && kind.language !== 'python' && isMinified(head))) {
    return { include: false, reason: 'minified' };
  }
  if (GENERATED_MARKER.test(head.split('\n', 5).join('\n'))) return { include: false, reason: 'generated file' };
  return { include: true, kind, head };
}

function isMinified(head: string): boolean {
  const lines = head.split('\n');
  return head.length >= MINIFIED_MIN_BYTES && head.length / lines.length > MINIFIED_AVERAGE_LINE;
}

/** Synchronous, like every read of the engine (see pace.ts). */
function readHead(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    const bytesRead = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    fs.closeSync(fd);
  }
}
