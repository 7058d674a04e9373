import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import yazl from 'yazl';
import { createSnapshot, type CreateSnapshotOptions, type SnapshotSource } from './create';
import { SnapshotError } from './errors';
import { localSnapshotStore } from '../storage';
import type { SnapshotStore } from './store';
import { craftZip } from './test-archives';

let dir: string;
let options: CreateSnapshotOptions;
let store: SnapshotStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-create-'));
  store = localSnapshotStore(join(dir, 'data', 'snapshots'), join(dir, 'data', 'scratch'));
  options = { store, workDir: join(dir, 'work'), allowLocal: true, allowFileGit: true };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PROJECT = { 'README.md': '# demo\n', 'src/app.py': 'print("hi")\n', 'src/util/helpers.py': 'X = 1\n' };

async function writeProject(root: string): Promise<void> {
  for (const [path, content] of Object.entries(PROJECT)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

async function materializedFiles(key: string): Promise<Record<string, string>> {
  const dest = await mkdtemp(join(dir, 'materialized-'));
  await store.materialize(key, dest);
  const files: Record<string, string> = {};
  for (const entry of await readdir(dest, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[relative(dest, path)] = await readFile(path, 'utf8');
    }
  }
  return files;
}

async function refusal(promise: Promise<unknown>): Promise<SnapshotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

async function githubStyleZip(path: string): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addEmptyDirectory('demo-main/');
  for (const [file, content] of Object.entries(PROJECT)) zip.addBuffer(Buffer.from(content), `demo-main/${file}`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

describe('createSnapshot', () => {
  it('snapshots an uploaded GitHub-style zip with its top folder unwrapped', async () => {
    const upload = join(dir, 'upload.bin');
    await githubStyleZip(upload);
    const snapshot = await createSnapshot({ type: 'archive', path: upload, filename: 'demo-main.zip' }, options);
    expect(snapshot).toMatchObject({ files: 3, sourceBytes: 7 + 12 + 6 });
    expect(snapshot.key).toBe(`${snapshot.sha256.slice(0, 2)}/${snapshot.sha256}.tree`);
    expect(snapshot.commitSha).toBeUndefined();
    expect(await materializedFiles(snapshot.key)).toEqual(PROJECT);
  });

  it('snapshots an uploaded tar.gz made by tar', async () => {
    const project = join(dir, 'project');
    await writeProject(project);
    const upload = join(dir, 'upload.tgz');
    await tar.c({ gzip: true, file: upload, cwd: project }, ['.']);
    const snapshot = await createSnapshot({ type: 'archive', path: upload, filename: 'project.tar.gz' }, options);
    expect(await materializedFiles(snapshot.key)).toEqual(PROJECT);
  });

  it('gives the same sha256 for the same tree from an upload, a directory and git', async () => {
    const upload = join(dir, 'upload.zip');
    await githubStyleZip(upload);
    const fromZip = await createSnapshot({ type: 'archive', path: upload, filename: 'demo.zip' }, options);

    const project = join(dir, 'project');
    await writeProject(project);
    const fromDir = await createSnapshot({ type: 'local', path: project }, options);

    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: project });
    execFileSync('git', ['add', '.'], { cwd: project });
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'x'], {
      cwd: project,
    });
    const fromGit = await createSnapshot({ type: 'git', url: pathToFileURL(project).href, ref: 'main' }, options);

    expect(fromDir.sha256).toBe(fromZip.sha256);
    expect(fromGit.sha256).toBe(fromZip.sha256);
    expect(fromGit.key).toBe(fromZip.key);
    expect(fromGit.commitSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('drops symlinks from a cloned repository', async () => {
    const repo = join(dir, 'repo');
    await writeProject(repo);
    await symlink('/etc/passwd', join(repo, 'passwd'));
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo });
    execFileSync('git', ['add', '.'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'x'], { cwd: repo });
    const snapshot = await createSnapshot({ type: 'git', url: pathToFileURL(repo).href }, options);
    expect(snapshot.files).toBe(3);
    expect(await materializedFiles(snapshot.key)).toEqual(PROJECT);
  });

  it('refuses hostile uploads and cleans up its scratch space', async () => {
    const upload = join(dir, 'evil.zip');
    await writeFile(upload, craftZip([{ name: '../../evil.sh', data: Buffer.from('rm -rf /') }]));
    const error = await refusal(createSnapshot({ type: 'archive', path: upload, filename: 'evil.zip' }, options));
    expect(error.code).toBe('archive_path_traversal');
    expect(error.message).toContain('../../evil.sh');
    expect(await readdir(options.workDir)).toEqual([]);
  });

  it('cleans up its scratch space after success too', async () => {
    const upload = join(dir, 'upload.zip');
    await githubStyleZip(upload);
    await createSnapshot({ type: 'archive', path: upload, filename: 'demo.zip' }, options);
    expect(await readdir(options.workDir)).toEqual([]);
  });

  it('names an upload that is not a supported archive', async () => {
    const upload = join(dir, 'notes.txt');
    await writeFile(upload, 'just text');
    const error = await refusal(createSnapshot({ type: 'archive', path: upload, filename: 'notes.txt' }, options));
    expect(error.code).toBe('archive_unsupported_type');
    expect(error.message).toContain('notes.txt');
  });

  it('refuses an archive with no files', async () => {
    const upload = join(dir, 'empty.zip');
    await writeFile(upload, craftZip([{ name: 'just-a-dir/', mode: 0o040755 }]));
    const error = await refusal(createSnapshot({ type: 'archive', path: upload, filename: 'empty.zip' }, options));
    expect(error.code).toBe('source_empty');
  });

  it.each<[string, (root: string) => SnapshotSource]>([
    ['a relative path', () => ({ type: 'local', path: 'project' })],
    ['a missing directory', (root) => ({ type: 'local', path: join(root, 'missing') })],
    ['a file', (root) => ({ type: 'local', path: join(root, 'file.txt') })],
  ])('refuses a local source that is %s', async (_label, source) => {
    await writeFile(join(dir, 'file.txt'), 'x');
    expect((await refusal(createSnapshot(source(dir), options))).code).toBe('source_not_found');
  });

  it('refuses local sources unless allowed', async () => {
    const project = join(dir, 'project');
    await writeProject(project);
    const error = await refusal(createSnapshot({ type: 'local', path: project }, { ...options, allowLocal: false }));
    expect(error.code).toBe('source_not_allowed');
  });

  it('passes limits through to every step', async () => {
    const project = join(dir, 'project');
    await writeProject(project);
    const error = await refusal(createSnapshot({ type: 'local', path: project }, { ...options, limits: { maxFiles: 2 } }));
    expect(error.code).toBe('archive_too_many_files');
    expect(error.status).toBe(400);
  });
});
