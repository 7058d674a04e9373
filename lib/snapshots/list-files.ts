// The regular files of a tree, as every packer lists them: sorted by path,
// links and special files skipped (never followed), `.git` left out, each
// charged to the tree's budget as it is found.
import { lstatSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TreeBudget } from './budget';
import { normalizeEntryPath } from './entry-path';

export interface SourceFile {
  relPath: string;
  size: number;
}

/** Regular files under `root`, sorted by path, charged to `budget` as found. */
export async function listFiles(root: string, budget: TreeBudget, skip: ReadonlySet<string> = new Set()): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const pendingDirs = [''];
  for (let relDir = pendingDirs.pop(); relDir !== undefined; relDir = pendingDirs.pop()) {
    for (const dirent of await readdir(join(root, relDir), { withFileTypes: true })) {
      // VCS metadata: a directory, or a file in submodule checkouts.
      if (dirent.name === '.git') continue;
      if (dirent.isDirectory() && skip.has(dirent.name)) continue;
      // The same name rules as for archives: whatever is packed must extract again.
      const relPath = normalizeEntryPath(relDir === '' ? dirent.name : `${relDir}/${dirent.name}`);
      if (dirent.isDirectory()) {
        budget.addEntry(relPath, 'directory');
        pendingDirs.push(relPath);
      } else if (dirent.isFile()) {
        budget.addEntry(relPath, 'file');
        // Synchronous: one lstat is a few microseconds, a promise for it costs more than that.
        const { size } = lstatSync(join(root, relPath));
        budget.chargeKnownSize(relPath, size);
        files.push({ relPath, size });
      }
    }
  }
  return sortByPath(files);
}

const sortByPath = (files: SourceFile[]) => files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));

/** The listed paths that are regular files (not links, not gone), charged to `budget`. */
export async function statFiles(root: string, paths: readonly string[], budget: TreeBudget): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const realRoot = await realpath(root);
  for (const raw of new Set(paths)) {
    if (raw === '' || raw.split('/').includes('.git')) continue;
    const relPath = normalizeEntryPath(raw);
    const info = await lstat(join(root, relPath)).catch(() => null);
    if (!info?.isFile()) continue;
    // Never through a linked directory: its parent must be where the path says.
    const parent = dirname(relPath);
    if (parent !== '.' && (await realpath(join(root, parent)).catch(() => '')) !== join(realRoot, parent)) continue;
    budget.addEntry(relPath, 'file');
    budget.chargeKnownSize(relPath, info.size);
    files.push({ relPath, size: info.size });
  }
  return sortByPath(files);
}
