import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packDirectory } from './pack';
import { LocalSnapshotStore, snapshotKey } from './store';
import { SnapshotError } from './errors';
import { craftZip } from './test-archives';

let dir: string;
let store: LocalSnapshotStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-store-'));
  store = new LocalSnapshotStore(join(dir, 'snapshots'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function packed(name: string, files: Record<string, string>): Promise<{ zip: string; sha256: string }> {
  const tree = join(dir, `${name}-tree`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree, path, '..'), { recursive: true });
    await writeFile(join(tree, path), content);
  }
  const zip = join(dir, `${name}.zip`);
  const { sha256 } = await packDirectory(tree, zip);
  return { zip, sha256 };
}

describe('LocalSnapshotStore', () => {
  it('stores zips content-addressed, read-only, consuming the temp file', async () => {
    const { zip, sha256 } = await packed('a', { 'src/only.py': 'print(1)\n' });
    const original = await readFile(zip);
    const { key } = await store.put(zip, sha256);
    expect(key).toBe(`${sha256.slice(0, 2)}/${sha256}.zip`);
    expect(store.pathFor(key)).toBe(join(dir, 'snapshots', sha256.slice(0, 2), `${sha256}.zip`));
    expect(await readFile(store.pathFor(key))).toEqual(original);
    expect((await stat(store.pathFor(key))).mode & 0o222).toBe(0);
    await expect(access(zip)).rejects.toThrow();
    expect(await text(await store.open(key))).toBe(original.toString());
  });

  it('is idempotent for the same content', async () => {
    const first = await packed('a', { 'a.txt': 'same' });
    const second = await packed('b', { 'a.txt': 'same' });
    expect(second.sha256).toBe(first.sha256);
    const one = await store.put(first.zip, first.sha256);
    const two = await store.put(second.zip, second.sha256);
    expect(two.key).toBe(one.key);
    await expect(access(second.zip)).rejects.toThrow();
    expect(await readdir(join(dir, 'snapshots', first.sha256.slice(0, 2)))).toEqual([`${first.sha256}.zip`]);
  });

  it('materializes a snapshot exactly, without unwrapping a lone top folder', async () => {
    const { zip, sha256 } = await packed('a', { 'src/only.py': 'print(1)\n' });
    const { key } = await store.put(zip, sha256);
    const dest = join(dir, 'work');
    expect(await store.materialize(key, dest)).toEqual({ files: 1, bytes: 9 });
    expect(await readFile(join(dest, 'src/only.py'), 'utf8')).toBe('print(1)\n');
  });

  it('re-checks stored zips when materializing', async () => {
    const sha256 = 'ab'.repeat(32);
    const key = snapshotKey(sha256);
    await mkdir(join(dir, 'snapshots', 'ab'), { recursive: true });
    await writeFile(store.pathFor(key), craftZip([{ name: '../evil', data: Buffer.from('x') }]));
    await expect(store.materialize(key, join(dir, 'work'))).rejects.toMatchObject({
      code: 'archive_path_traversal',
    } satisfies Partial<SnapshotError>);
  });

  it('rejects keys and digests that are not its own format', async () => {
    expect(() => store.pathFor('../../etc/passwd')).toThrow();
    expect(() => store.pathFor(`cd/${'ab'.repeat(32)}.zip`)).toThrow();
    await expect(store.put(join(dir, 'x.zip'), '../../evil')).rejects.toThrow();
  });
});
