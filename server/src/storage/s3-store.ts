import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageConfig } from '../config/config';
import { assertKey, type EvidenceStore, Inspector, type StagedFile } from './evidence-store';

type S3Config = Extract<StorageConfig, { driver: 's3' }>;

/** Each part of a multipart upload; with QUEUE parts in flight, an upload holds at most about 2 × 8 MB. */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE = 2;

/**
 * Evidence files in an S3-compatible bucket (AWS S3, Aliyun OSS, Tencent COS, MinIO, Ceph …), through the AWS SDK v3.
 * Checksums only WHEN_REQUIRED: the SDK's default (CRC32 trailers on every upload, validated on every download) is
 * refused by several S3-compatible services. A file streams up as a multipart upload (lib-storage's Upload: parts of
 * 8 MB, two in flight; one PUT when it is smaller), under a new key of its own (`<prefix><uuid>`) that the database
 * row records: the key is known before the hash, and nothing but this upload ever writes it. A failed upload is
 * aborted (its parts removed) and a staged file whose request failed is deleted. Downloads are redirects to a signed
 * GET link valid for STORAGE_LINK_TTL_SECONDS, which makes the service send the file as a download of its name.
 */
export class S3Store implements EvidenceStore {
  readonly driver = 's3' as const;
  readonly client: S3Client;

  constructor(
    readonly config: S3Config,
    private readonly linkSeconds: number,
  ) {
    // the SDK warns once, on a client's first request, that its releases after January 2027 need Node 22; the version
    // we pin runs on Node 20 (the warning would also fail the API tests, which refuse process warnings)
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Writes and removes a small object under the prefix: the bucket is there and the key may write to it. */
  async check(): Promise<void> {
    const key = `${this.config.prefix}.write-check-${randomUUID()}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0 }));
    await this.delete(key);
  }

  async stage(source: Readable): Promise<StagedFile> {
    const ref = `${this.config.prefix}${randomUUID()}`;
    const inspector = new Inspector();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: ref, Body: inspector, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: QUEUE,
      leavePartsOnError: false,
    });
    // the upload reads what the inspector passes; either failing stops both (the source with them)
    const sent = upload.done().catch((e) => {
      inspector.destroy(e as Error);
      throw e;
    });
    try {
      await Promise.all([pipeline(source, inspector), sent]);
      return { ref, ...inspector.result() };
    } catch (e) {
      await upload.abort().catch(() => undefined);
      // a single PUT may have landed before the failure was seen
      await this.delete(ref).catch(() => undefined);
      throw e;
    }
  }

  async commit(staged: StagedFile): Promise<string> {
    return staged.ref;
  }

  async discard(staged: StagedFile): Promise<void> {
    await this.delete(staged.ref);
  }

  private async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  async remove(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  async open(key: string, range?: { start: number; end: number }): Promise<Readable> {
    assertKey(key);
    const res = await this.client.send(
      new GetObjectCommand({ Bucket: this.config.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    if (!(res.Body instanceof Readable)) throw new Error(`no stream for ${key}`);
    return res.Body;
  }

  async signedLink(key: string, opts: { fileName: string; contentDisposition: string; contentType: string }): Promise<string> {
    assertKey(key);
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        ResponseContentDisposition: opts.contentDisposition,
        ResponseContentType: opts.contentType,
        ResponseCacheControl: 'private, no-store',
      }),
      { expiresIn: this.linkSeconds },
    );
  }
}
