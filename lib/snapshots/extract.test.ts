import { mkdtemp, readdir, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { Header } from 'tar';
import { SnapshotError } from './errors';
import { detectArchiveKind, extractArchive } from './extract';
import { craftTar, craftTarGz, craftZip } from './test-archives';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-extract-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<SnapshotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

function zeros(bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = bytes;
  return new Readable({
    read() {
      const size = Math.min(left, chunk.length);
      left -= size;
      this.push(size === 0 ? null : chunk.subarray(0, size));
    },
  });
}

async function yazlZip(name: string, add: (zip: yazl.ZipFile) => void): Promise<string> {
  const zip = new yazl.ZipFile();
  add(zip);
  zip.end();
  const path = join(dir, name);
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

describe('detectArchiveKind', () => {
  it('reads magic bytes, not names', async () => {
    expect(await detectArchiveKind(await write('a.tar.gz', craftZip([{ name: 'x', data: Buffer.from('x') }])))).toBe('zip');
    expect(await detectArchiveKind(await write('a.zip', craftTarGz([{ path: 'x', data: Buffer.from('x') }])))).toBe('tar.gz');
    expect(await detectArchiveKind(await write('a.rar', Buffer.from('Rar!\x1a\x07')))).toBeNull();
    expect(await detectArchiveKind(await write('empty', Buffer.alloc(0)))).toBeNull();
  });
});

describe('extractArchive: zip', () => {
  it('extracts files and directories', async () => {
    const archive = await write(
      'ok.zip',
      craftZip([
        { name: 'src/', mode: 0o040755 },
        { name: 'src/index.js', data: Buffer.from('console.log(1)\n'), deflate: true },
        { name: 'README.md', data: Buffer.from('# hi\n') },
        { name: 'empty.txt' },
      ]),
    );
    const dest = join(dir, 'out');
    expect(await extractArchive(archive, dest, 'zip')).toEqual({ files: 3, bytes: 20 });
    expect(await readFile(join(dest, 'empty.txt'), 'utf8')).toBe('');
    expect(await readFile(join(dest, 'src/index.js'), 'utf8')).toBe('console.log(1)\n');
    expect(await readFile(join(dest, 'README.md'), 'utf8')).toBe('# hi\n');
  });

  it.each([
    ['../evil', 'archive_path_traversal'],
    ['a/../../evil', 'archive_path_traversal'],
    ['..\\evil', 'archive_path_traversal'],
    ['/etc/evil', 'archive_absolute_path'],
    ['C:/evil', 'archive_absolute_path'],
    ['C:evil', 'archive_absolute_path'],
    ['\\\\server\\share\\evil', 'archive_absolute_path'],
    ['dir\\evil', 'archive_invalid_path'],
    ['evil\u0000.txt', 'archive_invalid_path'],
  ])('refuses the entry %j with %s, naming it, before writing anything', async (name, code) => {
    const archive = await write('bad.zip', craftZip([{ name: 'first.txt', data: Buffer.from('ok') }, { name, data: Buffer.from('pwned') }]));
    const dest = join(dir, 'nested', 'out');
    const error = await refusal(extractArchive(archive, dest, 'zip'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(JSON.stringify(name).slice(1, -1));
    await expect(access(join(dir, 'nested', 'evil'))).rejects.toThrow();
    await expect(access(join(dir, 'evil'))).rejects.toThrow();
  });

  it('refuses symlink entries', async () => {
    const archive = await write('link.zip', craftZip([{ name: 'passwd', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip'));
    expect(error.code).toBe('archive_symlink');
    expect(error.message).toContain('"passwd"');
  });

  it('refuses special files', async () => {
    const archive = await write('fifo.zip', craftZip([{ name: 'pipe', mode: 0o010644 }]));
    expect((await refusal(extractArchive(archive, join(dir, 'out'), 'zip'))).code).toBe('archive_unsupported_type');
  });

  it('refuses duplicate entries instead of overwriting', async () => {
    const archive = await write(
      'dup.zip',
      craftZip([
        { name: 'a.txt', data: Buffer.from('one') },
        { name: 'a.txt', data: Buffer.from('two') },
      ]),
    );
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip'));
    expect(error.code).toBe('archive_invalid');
    expect(error.message).toContain('"a.txt"');
  });

  it('refuses a 300 MiB zip bomb of zeros with the default limits', async () => {
    const archive = await yazlZip('bomb.zip', (zip) => zip.addReadStream(zeros(300 * 1024 * 1024), 'zeros.bin', { size: 300 * 1024 * 1024 }));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip'));
    expect(error.code).toBe('archive_too_large');
    expect(error.status).toBe(400);
    expect(error.message).toContain('"zeros.bin"');
  });

  it('refuses entries that compress more than the allowed ratio', async () => {
    const archive = await yazlZip('ratio.zip', (zip) => zip.addBuffer(Buffer.alloc(8 * 1024 * 1024), 'zeros.bin'));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip'));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toMatch(/200:1/);
  });

  it('counts streamed bytes instead of trusting declared sizes', async () => {
    const archive = await write(
      'liar.zip',
      craftZip([{ name: 'small.txt', data: Buffer.alloc(4 * 1024 * 1024, 1), deflate: true, declaredSize: 10 }]),
    );
    const error = await refusal(
      extractArchive(archive, join(dir, 'out'), 'zip', { maxFileBytes: 1024 * 1024, maxCompressionRatio: 1e9 }),
    );
    // Either our meter or yauzl's size check stops it (400); never a full write.
    expect(['archive_too_large', 'archive_invalid']).toContain(error.code);
  });

  it('enforces the total size cap across files', async () => {
    const archive = await write(
      'total.zip',
      craftZip([
        { name: 'a', data: Buffer.alloc(600) },
        { name: 'b', data: Buffer.alloc(600) },
      ]),
    );
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip', { maxTotalBytes: 1000 }));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toContain('"b"');
  });

  it('refuses too many files', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }));
    const archive = await write('many.zip', craftZip(entries));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip', { maxFiles: 10 }));
    expect(error.code).toBe('archive_too_many_files');
    expect(error.status).toBe(400);
  });

  it('caps directories like files', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `d${i}/`, mode: 0o040755 }));
    const archive = await write('dirs.zip', craftZip(entries));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'zip', { maxFiles: 10 }));
    expect(error.code).toBe('archive_too_many_files');
    expect(error.message).toContain('directories');
  });

  it('refuses from the central directory alone when the entry count is absurd', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt` }));
    const archive = await write('absurd.zip', craftZip(entries));
    const dest = join(dir, 'out');
    expect((await refusal(extractArchive(archive, dest, 'zip', { maxFiles: 10 }))).code).toBe('archive_too_many_files');
    expect(await readdir(dest)).toEqual([]);
  });

  it('reports a corrupt zip as archive_invalid', async () => {
    const archive = await write('corrupt.zip', Buffer.from('PK\x03\x04 this is not really a zip'));
    expect((await refusal(extractArchive(archive, join(dir, 'out'), 'zip'))).code).toBe('archive_invalid');
  });
});

describe('extractArchive: tar.gz', () => {
  it('extracts files and directories, keeping paths as they are', async () => {
    const archive = await write(
      'ok.tar.gz',
      craftTarGz([
        { path: './', type: 'Directory', mode: 0o755 },
        { path: './pkg/', type: 'Directory', mode: 0o755 },
        { path: './pkg/a.py', data: Buffer.from('print(1)\n') },
        { path: './pkg/__init__.py' },
        { path: 'b.txt', data: Buffer.from('b') },
      ]),
    );
    const dest = join(dir, 'out');
    expect(await extractArchive(archive, dest, 'tar.gz')).toEqual({ files: 3, bytes: 10 });
    expect(await readFile(join(dest, 'pkg/__init__.py'), 'utf8')).toBe('');
    expect(await readFile(join(dest, 'pkg/a.py'), 'utf8')).toBe('print(1)\n');
    expect((await readdir(dest)).sort()).toEqual(['b.txt', 'pkg']);
  });

  it.each([
    [{ path: '../evil', data: Buffer.from('x') }, 'archive_path_traversal'],
    [{ path: '/tmp/evil', data: Buffer.from('x') }, 'archive_absolute_path'],
    [{ path: 'link', type: 'SymbolicLink' as const, linkpath: '/etc/passwd' }, 'archive_symlink'],
    [{ path: 'hard', type: 'Link' as const, linkpath: 'ok.txt' }, 'archive_symlink'],
    [{ path: 'dev', type: 'CharacterDevice' as const }, 'archive_unsupported_type'],
    [{ path: 'fifo', type: 'FIFO' as const }, 'archive_unsupported_type'],
  ])('refuses %o with %s', async (entry, code) => {
    const archive = await write('bad.tar.gz', craftTarGz([{ path: 'ok.txt', data: Buffer.from('ok') }, entry]));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(JSON.stringify(entry.path));
    await expect(access(join(dir, 'evil'))).rejects.toThrow();
  });

  it('refuses too many files', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ path: `f${i}.txt`, data: Buffer.from('x') }));
    const archive = await write('many.tar.gz', craftTarGz(entries));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz', { maxFiles: 10 }));
    expect(error.code).toBe('archive_too_many_files');
  });

  it('refuses a file over the per-file cap while streaming', async () => {
    const archive = await write('big.tar.gz', craftTarGz([{ path: 'big.bin', data: Buffer.alloc(64 * 1024, 7) }]));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz', { maxFileBytes: 1024 }));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toContain('"big.bin"');
  });

  async function gzipTo(path: string, ...parts: (Buffer | Readable)[]): Promise<void> {
    await pipeline(
      Readable.from(
        (async function* () {
          for (const part of parts) {
            if (Buffer.isBuffer(part)) yield part;
            else yield* part;
          }
        })(),
      ),
      createGzip(),
      createWriteStream(path),
    );
  }

  function tarHeader(path: string, size: number): Buffer {
    const header = Buffer.alloc(512);
    new Header({ path, mode: 0o644, size, type: 'File', mtime: new Date(0) }).encode(header, 0);
    return header;
  }

  it('refuses a 300 MiB file of zeros with the default limits', async () => {
    const archive = join(dir, 'bomb.tar.gz');
    const size = 300 * 1024 * 1024;
    await gzipTo(archive, tarHeader('zeros.bin', size), zeros(size + 1024));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz'));
    expect(error.code).toBe('archive_too_large');
    expect(error.status).toBe(400);
    expect(error.message).toContain('"zeros.bin"');
  });

  it('refuses a stream that inflates more than the allowed ratio', async () => {
    const archive = join(dir, 'ratio.tar.gz');
    const size = 20 * 1024 * 1024;
    await gzipTo(archive, tarHeader('zeros.bin', size), zeros(size + 1024));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz'));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toMatch(/200:1/);
  });

  it('caps the decompressed stream, not only file contents (junk after the end marker)', async () => {
    const archive = join(dir, 'junk.tar.gz');
    await gzipTo(archive, craftTar([{ path: 'a.txt', data: Buffer.from('a') }]), zeros(300 * 1024 * 1024));
    const error = await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz'));
    expect(error.code).toBe('archive_too_large');
  });

  it('ignores zero padding after the end marker', async () => {
    const archive = await write(
      'padded.tar.gz',
      gzipSync(Buffer.concat([craftTar([{ path: 'a.txt', data: Buffer.from('a') }]), Buffer.alloc(10240)])),
    );
    expect(await extractArchive(archive, join(dir, 'out'), 'tar.gz')).toEqual({ files: 1, bytes: 1 });
  });

  it('reports a corrupt tar.gz as archive_invalid', async () => {
    const archive = await write('corrupt.tar.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage')]));
    expect((await refusal(extractArchive(archive, join(dir, 'out'), 'tar.gz'))).code).toBe('archive_invalid');
  });
});
