import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { checkBlobKey, type BlobInfo, type BlobStore } from './blob-store';

export interface S3Settings {
  region: string;
  /** An S3-compatible server (MinIO, s3rver); unset = AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Unset (always, outside tests) = the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Credentials come from the SDK's default chain (AWS_ACCESS_KEY_ID/…, a
 * profile, the ECS task role), never from Vega's own settings.
 */
export function createS3Client(s: S3Settings): S3Client {
  return new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle ?? s.endpoint !== undefined,
    credentials: s.credentials,
    // S3-compatible servers do not all understand the SDK's default flexible
    // checksums: s3rver stores a streamed body with its chunk framing inside.
    ...(s.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
}

/** Blobs as objects under `s3://<bucket>/<prefix>/<key>`. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private keyFor(key: string): string {
    checkBlobKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async putFile(key: string, file: string, meta: { sha256: string; contentType: string }): Promise<void> {
    const { size } = await stat(file);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyFor(key),
        // A stream needs its length up front, or the SDK cannot sign a single PUT.
        Body: createReadStream(file),
        ContentLength: size,
        ContentType: meta.contentType,
        Metadata: { sha256: meta.sha256 },
      }),
    );
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyFor(key) }));
      return { size: out.ContentLength ?? 0, sha256: out.Metadata?.sha256 ?? null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(key) }));
      return { size: out.ContentLength ?? 0, body: out.Body as Readable };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

/** HEAD has no body, so its 404 arrives as a bare "NotFound"; GET says "NoSuchKey". */
function isNotFound(error: unknown): boolean {
  const e = error as Partial<S3ServiceException>;
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
