import { createCipheriv } from 'node:crypto';

export function seal(data: Buffer, key: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-ecb', key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}
