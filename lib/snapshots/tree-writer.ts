import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { SnapshotError } from './errors';
import { quote } from './entry-path';
import type { TreeBudget } from './budget';

// fs errors caused by the archive's shape (two entries colliding, a file and a
// directory of the same name, a path too deep) rather than by the server.
const MALFORMED_ENTRY = new Map([
  ['EEXIST', 'conflicts with another entry'],
  ['ENOTDIR', 'conflicts with another entry'],
  ['EISDIR', 'conflicts with another entry'],
  ['ENAMETOOLONG', 'has a path that is too long'],
]);

/**
 * Writes validated entries under `root`. Only regular files and directories
 * are ever created, and files are opened with O_EXCL, so nothing written can
 * be redirected through a link or overwrite an earlier entry.
 */
export class TreeWriter {
  /** Directories already made (each file's parent is made once, not once per file). */
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(
    private readonly root: string,
    readonly budget: TreeBudget,
  ) {}

  private makeDir(dir: string): Promise<unknown> {
    let made = this.made.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      this.made.set(dir, made);
    }
    return made;
  }

  async directory(relPath: string): Promise<void> {
    this.budget.addEntry(relPath, 'directory');
    await this.guard(relPath, () => mkdir(join(this.root, relPath), { recursive: true }));
  }

  /**
   * `openContent` is called only once the file can be written: some sources
   * (yauzl) start flowing, and can fail, as soon as they are opened.
   */
  async file(relPath: string, openContent: () => Readable | Promise<Readable>, compressedSize?: number): Promise<void> {
    this.budget.addEntry(relPath, 'file');
    const target = join(this.root, relPath);
    await this.guard(relPath, async () => {
      await this.makeDir(dirname(target));
      await pipeline(
        await openContent(),
        this.budget.meter(relPath, compressedSize),
        createWriteStream(target, { flags: 'wx', mode: 0o644 }),
      );
    });
  }

  private async guard(relPath: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const problem = MALFORMED_ENTRY.get((error as NodeJS.ErrnoException).code ?? '');
      if (problem !== undefined) {
        throw new SnapshotError('archive_invalid', `Archive entry ${quote(relPath)} ${problem}.`);
      }
      throw error;
    }
  }
}
