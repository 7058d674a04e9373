import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { env } from '../env';
import { workDir } from '../storage';

/**
 * Reads a multipart repository upload (`file` part; `name`, `team`,
 * `commit_sha`, `ref` fields) into a
 * temp file. The declared size is checked before anything is read, the
 * actual size after, so an oversized upload is a 413 either way.
 */
export async function readUpload(request: Request) {
  const max = env().VEGA_MAX_UPLOAD_BYTES;
  const lengthHeader = request.headers.get('content-length');
  // Without a declared length the body would be buffered before any check could run.
  if (lengthHeader === null) throw new ApiError('length_required', 411, 'uploads need a Content-Length header');
  const declared = Number(lengthHeader);
  if (declared > max) throw new ApiError('upload_too_large', 413, `uploads are limited to ${max} bytes`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ApiError('invalid_multipart', 400, 'the request body is not valid multipart/form-data');
  }
  const file = form.get('file');
  if (!(file instanceof Blob)) throw new ApiError('validation_failed', 422, 'file: an archive (.zip or .tar.gz) is required');
  if (file.size > max) throw new ApiError('upload_too_large', 413, `uploads are limited to ${max} bytes`);
  const filename = (file as File).name || 'upload';
  const nameField = form.get('name');
  const name = typeof nameField === 'string' && nameField.trim() ? nameField.trim() : filename.replace(/\.(zip|tar\.gz|tgz)$/i, '');
  const team = form.get('team');
  const field = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const tmp = path.join(workDir(), `upload-${randomUUID()}`);
  await writeFile(tmp, Buffer.from(await file.arrayBuffer()));
  return {
    path: tmp,
    filename,
    name: name.slice(0, 200),
    team: typeof team === 'string' && team ? team : undefined,
    /** What the archive is a revision of, when the uploader says (vega ci reads it from git). */
    commitSha: field('commit_sha'),
    ref: field('ref'),
  };
}
