import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { SnapshotError } from './errors';
import { packDirectory } from './pack';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-pack-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeTree(root: string): Promise<void> {
  await mkdir(join(root, 'src/lib'), { recursive: true });
  await writeFile(join(root, 'README.md'), '# demo\n');
  await writeFile(join(root, 'src/index.ts'), 'export const x = 1;\n');
  await writeFile(join(root, 'src/lib/util.ts'), 'export const y = 2;\n');
}

function zipEntryNames(zipPath: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function refusal(promise: Promise<unknown>): Promise<SnapshotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('packDirectory', () => {
  it('packs regular files in sorted order and reports sizes and the zip sha256', async () => {
    const tree = join(dir, 'tree');
    await makeTree(tree);
    const out = join(dir, 'out.zip');
    const result = await packDirectory(tree, out);
    const zipBytes = await readFile(out);
    expect(result).toEqual({
      sha256: createHash('sha256').update(zipBytes).digest('hex'),
      bytes: zipBytes.length,
      files: 3,
      sourceBytes: 7 + 20 + 20,
    });
    expect(await zipEntryNames(out)).toEqual(['README.md', 'src/index.ts', 'src/lib/util.ts']);
  });

  it('gives the same sha256 for the same tree, whatever the mtimes or creation order', async () => {
    const first = join(dir, 'first');
    await makeTree(first);
    const second = join(dir, 'second');
    await cp(first, second, { recursive: true });
    await utimes(join(second, 'README.md'), new Date('2001-02-03'), new Date('2001-02-03'));
    const a = await packDirectory(first, join(dir, 'a.zip'));
    const b = await packDirectory(second, join(dir, 'b.zip'));
    expect(b.sha256).toBe(a.sha256);

    await writeFile(join(second, 'README.md'), '# changed\n');
    const c = await packDirectory(second, join(dir, 'c.zip'));
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('skips symlinks, special files and .git without following them', async () => {
    const tree = join(dir, 'tree');
    await makeTree(tree);
    await mkdir(join(tree, '.git'));
    await writeFile(join(tree, '.git/config'), '[core]\n');
    await symlink('/etc/passwd', join(tree, 'passwd'));
    await symlink(dir, join(tree, 'loop'));
    execFileSync('mkfifo', [join(tree, 'pipe')]);
    const out = join(dir, 'out.zip');
    const result = await packDirectory(tree, out);
    expect(result.files).toBe(3);
    expect(await zipEntryNames(out)).toEqual(['README.md', 'src/index.ts', 'src/lib/util.ts']);
  });

  it('refuses an empty tree', async () => {
    const tree = join(dir, 'empty');
    await mkdir(join(tree, 'only-dirs'), { recursive: true });
    const error = await refusal(packDirectory(tree, join(dir, 'out.zip')));
    expect(error.code).toBe('source_empty');
  });

  it('applies the same caps as extraction, before writing the zip', async () => {
    const tree = join(dir, 'tree');
    await makeTree(tree);
    expect((await refusal(packDirectory(tree, join(dir, 'a.zip'), { maxFiles: 2 }))).code).toBe('archive_too_many_files');
    expect((await refusal(packDirectory(tree, join(dir, 'b.zip'), { maxTotalBytes: 30 }))).code).toBe('archive_too_large');
    expect((await refusal(packDirectory(tree, join(dir, 'c.zip'), { maxFileBytes: 10 }))).code).toBe('archive_too_large');
  });

  it('refuses names that could not be extracted again', async () => {
    const tree = join(dir, 'tree');
    await mkdir(tree);
    await writeFile(join(tree, 'back\\slash.txt'), 'x');
    expect((await refusal(packDirectory(tree, join(dir, 'out.zip')))).code).toBe('archive_invalid_path');
  });
});

describe('packDirectory, selected', () => {
  it('packs only the listed regular files, never through a linked directory or to a missing one', async () => {
    const tree = join(dir, 'tree');
    await makeTree(tree);
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'no\n');
    await symlink(outside, join(tree, 'linked'));
    const zip = join(dir, 'only.zip');
    const r = await packDirectory(tree, zip, undefined, { only: ['README.md', 'src/index.ts', 'linked/secret.txt', 'gone.txt', '.git/config'] });
    expect(await zipEntryNames(zip)).toEqual(['README.md', 'src/index.ts']);
    expect(r.files).toBe(2);
  });

  it('skips named directories wherever they are', async () => {
    const tree = join(dir, 'tree');
    await makeTree(tree);
    await mkdir(join(tree, 'src/node_modules/pkg'), { recursive: true });
    await writeFile(join(tree, 'src/node_modules/pkg/index.js'), 'x\n');
    const zip = join(dir, 'skip.zip');
    await packDirectory(tree, zip, undefined, { skipDirectories: ['node_modules'] });
    expect(await zipEntryNames(zip)).toEqual(['README.md', 'src/index.ts', 'src/lib/util.ts']);
  });
});
