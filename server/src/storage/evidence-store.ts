import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { PlainTextCheck } from '@incident-desk/shared';

/**
 * Where evidence files (attachments) live, outside PostgreSQL: a folder (folder-store.ts, the default) or an
 * S3-compatible bucket (s3-store.ts). A file is written in two steps: `stage` streams it where no reader finds it yet,
 * computing its SHA-256 and size as the bytes pass (memory stays flat: the bytes are never gathered); `commit` makes it
 * findable under the key the database row records, inside the request's transaction, before its COMMIT; `discard`
 * removes a staged file whose request failed. Files never change once committed.
 */
export interface EvidenceStore {
  readonly driver: 'folder' | 's3';
  stage(source: Readable): Promise<StagedFile>;
  /** The key to record (folder: the content address; S3: the object's key). */
  commit(staged: StagedFile): Promise<string>;
  /** Removes a staged file (nothing once a folder file is committed: another row may share its content address). */
  discard(staged: StagedFile): Promise<void>;
  /** The bytes of a committed file, or of the inclusive range start..end of them. */
  open(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** A short-lived signed link that serves the file as a download (S3), or null (the folder: the server streams it). */
  signedLink(key: string, opts: { fileName: string; contentDisposition: string; contentType: string }): Promise<string | null>;
  /** Whether the store is reachable and writable (at start). */
  check(): Promise<void>;
  /** Removes a committed file (a deleted firm's, once no attachment names its key); a missing one is no error. */
  remove(key: string): Promise<void>;
}

/** What passed while a file was staged. */
export interface Inspected {
  sha256: string;
  size: number;
  /** the first bytes, for the content-type detection (file-type reads magic numbers near the start) */
  head: Buffer;
  /** every byte UTF-8 text without control characters (shared isPlainText, checked as the bytes pass) */
  plainText: boolean;
}

export interface StagedFile extends Inspected {
  /** the driver's own handle (a temporary file, an object key) */
  readonly ref: string;
}

/** How many leading bytes are kept for the content-type detection. */
export const HEAD_BYTES = 64 * 1024;

/**
 * A pass-through that hashes, counts and keeps the head of what flows through it, with the plain-text check, so that
 * the drivers write the stream as it comes and nothing holds the whole file.
 */
export class Inspector extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly text = new PlainTextCheck();
  private readonly heads: Buffer[] = [];
  private headLength = 0;
  // not `size`: lib-storage's Upload reads a Body's `size` as its length
  private passed = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    this.text.push(chunk);
    this.passed += chunk.length;
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.heads.push(Buffer.from(part));
      this.headLength += part.length;
    }
    done(null, chunk);
  }

  result(): Inspected {
    return { sha256: this.hash.digest('hex'), size: this.passed, head: Buffer.concat(this.heads), plainText: this.text.end() };
  }
}

/** A folder store's key for some content: `sha256/ab/cd/abcd…` (two levels of 256 folders). */
export function contentKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Keys the stores make and read: no `..`, no leading slash, a small alphabet. */
export function assertKey(key: string): void {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((p) => p === '..' || p === '.')) throw new Error(`not a storage key: ${key}`);
}
