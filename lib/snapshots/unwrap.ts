import { randomUUID } from 'node:crypto';
import { readdir, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * When everything in `dir` sits under one top-level directory (GitHub's
 * "repo-main/" archives), moves that directory's contents up so `dir` is the
 * project root. Only for uploads: a stored snapshot is already unwrapped, and
 * unwrapping it again would strip a real folder.
 */
export async function unwrapSingleTopDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length !== 1 || !entries[0].isDirectory()) return;
  // Park the wrapper under a fresh name first: it may contain an entry
  // with its own name ("repo/repo/…").
  const wrapper = join(dir, `.unwrap-${randomUUID()}`);
  await rename(join(dir, entries[0].name), wrapper);
  for (const child of await readdir(wrapper)) {
    await rename(join(wrapper, child), join(dir, child));
  }
  await rmdir(wrapper);
}
