import { SnapshotError } from './errors';

// The longest name most filesystems accept for a single path segment, in bytes.
const MAX_SEGMENT_BYTES = 255;

/**
 * Turns an archive entry name into a safe relative POSIX path, or throws a
 * SnapshotError naming the entry. Returns "" for entries that denote the
 * archive root itself ("./"). Runs before anything touches the disk, so a
 * hostile name never reaches `path.join`.
 */
export function normalizeEntryPath(name: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point of this check
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw new SnapshotError('archive_invalid_path', `Archive entry ${quote(name)} contains control characters.`);
  }
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) {
    throw new SnapshotError('archive_absolute_path', `Archive entry ${quote(name)} is an absolute path.`);
  }
  // Split on both separators so "..\\evil" is caught as traversal, not merely as an odd name.
  if (name.split(/[\\/]/).includes('..')) {
    throw new SnapshotError('archive_path_traversal', `Archive entry ${quote(name)} points outside the archive (".." segment).`);
  }
  // On Windows a backslash is a separator; on the server it is not: refuse the ambiguity.
  if (name.includes('\\')) {
    throw new SnapshotError('archive_invalid_path', `Archive entry ${quote(name)} contains a backslash.`);
  }
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  const tooLong = segments.find((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES);
  if (tooLong !== undefined) {
    throw new SnapshotError('archive_invalid_path', `Archive entry ${quote(name)} has a name longer than ${MAX_SEGMENT_BYTES} bytes.`);
  }
  return segments.join('/');
}

/** Quotes a name for an error message, escaping what would garble it. */
export function quote(name: string): string {
  return JSON.stringify(name.length > 300 ? `${name.slice(0, 300)}…` : name);
}
