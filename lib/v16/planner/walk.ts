// Lists a snapshot's files without following symlinks (a snapshot must not
// reach outside itself) and without descending into directories that hold
// no project source: dependencies, vendored code, build output.

import { lstatSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { Pacer } from './pace';
import path from 'node:path';

export interface WalkedFile {
  /** Relative to the snapshot root, posix separators. */
  path: string;
  size: number;
}

export interface Skip {
  path: string;
  reason: string;
}

/** Version-control metadata: not the project's code, not worth a line in the plan. */
const IGNORED_DIRS = new Set(['.git', '.hg', '.svn']);

const PRUNED_DIRS = new Map<string, string>([
  ['node_modules', 'dependencies'],
  ['bower_components', 'dependencies'],
  ['site-packages', 'dependencies'],
  ['vendor', 'vendored code'],
  ['third_party', 'vendored code'],
  ['dist', 'build output'],
  ['build', 'build output'],
  ['out', 'build output'],
  ['.next', 'build output'],
  ['.nuxt', 'build output'],
  ['.svelte-kit', 'build output'],
  ['.turbo', 'build output'],
  ['coverage', 'build output'],
  ['__pycache__', 'build output'],
  ['.pytest_cache', 'build output'],
  ['.mypy_cache', 'build output'],
  ['.tox', 'virtual environment'],
  ['.venv', 'virtual environment'],
  ['venv', 'virtual environment'],
]);

/** Every regular file, in a stable order (directories depth-first, names sorted). */
export async function walkSnapshot(root: string): Promise<{ files: WalkedFile[]; skipped: Skip[] }> {
  const files: WalkedFile[] = [];
  const skipped: Skip[] = [];
  const pacer = new Pacer();
  const visit = async (dir: string): Promise<void> => {
    await pacer.pace();
    const entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        skipped.push({ path: rel, reason: 'symbolic link (not followed)' });
      } else if (entry.isDirectory()) {
        if (IGNORED_DIRS.has(entry.name)) continue;
        const pruned = PRUNED_DIRS.get(entry.name);
        if (pruned) skipped.push({ path: `${rel}/`, reason: `directory skipped: ${pruned}` });
        else await visit(rel);
      } else if (entry.isFile()) {
        files.push({ path: rel, size: lstatSync(path.join(root, rel)).size });
      }
    }
  };
  await visit('');
  return { files, skipped };
}

/** How many files the snapshot holds (VCS metadata aside), for the scan's first event. */
export async function countSnapshotFiles(root: string): Promise<number> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const inIgnoredDir = (dir: string) => path.relative(root, dir).split(path.sep).some((segment) => IGNORED_DIRS.has(segment));
  return entries.filter((e) => e.isFile() && !inIgnoredDir(e.parentPath)).length;
}
