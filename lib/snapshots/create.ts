import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { SnapshotError } from './errors';
import { quote } from './entry-path';
import { detectArchiveKind, extractArchive } from './extract';
import { cloneGit } from './git';
import { TreeBudget } from './budget';
import { resolveLimits, type SnapshotLimits } from './limits';
import { listFiles } from './list-files';
import type { SnapshotStore } from './store';
import { unwrapSingleTopDirectory } from './unwrap';

export type SnapshotSource =
  | { type: 'archive'; path: string; filename: string }
  | { type: 'git'; url: string; ref?: string }
  | { type: 'local'; path: string };

export interface CreateSnapshotOptions {
  store: SnapshotStore;
  /** Scratch space; a private directory is created inside and always removed. */
  workDir: string;
  limits?: Partial<SnapshotLimits>;
  /** Accept `local` sources (directories on the server). */
  allowLocal: boolean;
  /** Accept file:// git URLs. */
  allowFileGit: boolean;
  gitTimeoutMs?: number;
  gitBinary?: string;
  /** Stops a fetch in flight (a cancelled scan). */
  signal?: AbortSignal;
  /** Basic-auth credential for the git remote (through GIT_ASKPASS). */
  gitCredential?: { username: string; password: string };
  gitSslCaFile?: string;
  /** The repository's newest snapshot: files it already stored are not stored again. */
  previousKey?: string | null;
}

export interface SnapshotResult {
  key: string;
  /** The tree id (store.ts): sha256 over every file's path, sha256 and size. */
  sha256: string;
  /** What the snapshot added to the store (its manifest, and the files no earlier revision stored), compressed. */
  bytes: number;
  files: number;
  /** Files stored by this snapshot; the rest were unchanged since `previousKey`'s. */
  newFiles: number;
  /** Uncompressed size of the files. */
  sourceBytes: number;
  /** The cloned commit, for git sources. */
  commitSha?: string;
  /** The remote's default branch, for a git source cloned without a ref. */
  defaultBranch?: string;
}

const DEFAULT_GIT_TIMEOUT_MS = 120_000;

/**
 * Turns an upload, a git URL or a server directory into an immutable,
 * content-addressed snapshot (a tree manifest and the packs of its files). Throws SnapshotError for anything the user
 * can fix.
 */
export async function createSnapshot(source: SnapshotSource, options: CreateSnapshotOptions): Promise<SnapshotResult> {
  if (source.type === 'local' && !options.allowLocal) {
    throw new SnapshotError('source_not_allowed', 'Snapshots of server directories are disabled on this server.');
  }
  await mkdir(options.workDir, { recursive: true });
  const tempDir = await mkdtemp(join(options.workDir, 'snapshot-'));
  try {
    const { treeDir, commitSha, defaultBranch } = await prepareTree(source, tempDir, options);
    const files = await listFiles(treeDir, new TreeBudget(resolveLimits(options.limits)));
    const stored = await options.store.putTree(treeDir, files, { previousKey: options.previousKey });
    return { ...stored, ...(commitSha === undefined ? {} : { commitSha }), ...(defaultBranch === undefined ? {} : { defaultBranch }) };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

async function prepareTree(
  source: SnapshotSource,
  tempDir: string,
  options: CreateSnapshotOptions,
): Promise<{ treeDir: string; commitSha?: string; defaultBranch?: string }> {
  const treeDir = join(tempDir, 'tree');
  switch (source.type) {
    case 'archive': {
      const kind = await detectArchiveKind(source.path);
      if (kind === null) {
        throw new SnapshotError('archive_unsupported_type', `${quote(source.filename)} is not a .zip or .tar.gz archive.`);
      }
      await extractArchive(source.path, treeDir, kind, options.limits);
      await unwrapSingleTopDirectory(treeDir);
      return { treeDir };
    }
    case 'git': {
      const cloned = await cloneGit(source.url, source.ref, treeDir, {
        allowFile: options.allowFileGit,
        timeoutMs: options.gitTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
        gitBinary: options.gitBinary,
        signal: options.signal,
        credential: options.gitCredential,
        sslCaFile: options.gitSslCaFile,
      });
      return { treeDir, ...cloned };
    }
    case 'local':
      // Packed in place: packDirectory never follows links or writes to the
      // tree, so a copy would only double the I/O.
      return { treeDir: await resolveLocalDirectory(source.path) };
  }
}

async function resolveLocalDirectory(path: string): Promise<string> {
  const notFound = (why: string) => new SnapshotError('source_not_found', `Directory ${quote(path)} ${why}.`);
  if (!isAbsolute(path)) throw notFound('is not an absolute path');
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch {
    throw notFound('does not exist');
  }
  if (!(await stat(resolved)).isDirectory()) throw notFound('is not a directory');
  return resolved;
}
