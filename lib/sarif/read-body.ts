import { ApiError } from '../api/errors';

/** The request body as text, refused with 413 once it passes `max` bytes (declared or actual). */
export async function readTextBody(request: Request, max: number): Promise<string> {
  const tooLarge = () => new ApiError('payload_too_large', 413, `the body is larger than ${max} bytes`);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!request.body) throw new ApiError('invalid_sarif', 400, 'the body is empty: send a SARIF 2.1.0 file');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
