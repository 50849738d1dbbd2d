import { createCipheriv, createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

/**
 * `size` bytes that look random (AES-128-CTR over zeros, from `seed`), made as they are read: a test can send
 * hundreds of megabytes without holding them. The same seed gives the same bytes.
 */
export function pseudoRandom(size: number, seed = 1, chunk = 1024 * 1024): Readable {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(chunk);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(chunk, left);
      left -= n;
      this.push(cipher.update(n === chunk ? zeros : zeros.subarray(0, n)));
    },
  });
}

/** SHA-256 and size of a stream. */
export async function digest(stream: AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of stream) {
    h.update(c);
    size += c.length;
  }
  return { sha256: h.digest('hex'), size };
}

export interface StreamedUpload {
  status: number;
  body: any;
  /** what the client sent of the file */
  sent: { sha256: string; size: number };
}

/**
 * POSTs a multipart form (text fields, then one file of `size` bytes from `file`) to `url` over plain HTTP, streamed
 * with its Content-Length. With `cutAfter`, the connection is destroyed once that many bytes of the file have gone
 * out (a client that dies mid-upload): it resolves then, with status 0.
 */
export function streamUpload(
  url: string,
  opts: { auth: Record<string, string>; fields: Record<string, string>; fileName: string; size: number; file: Readable; cutAfter?: number },
): Promise<StreamedUpload> {
  const boundary = `----evidence${Date.now()}`;
  const head = Buffer.from(
    Object.entries(opts.fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  let sentBytes = 0;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...opts.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + opts.size + tail.length) },
    });
    let cut = false;
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode!, body, sent: { sha256: hash.digest('hex'), size: sentBytes } });
      });
    });
    req.on('error', (e) => (cut ? resolve({ status: 0, body: null, sent: { sha256: '', size: sentBytes } }) : reject(e)));
    (async () => {
      req.write(head);
      for await (const chunk of opts.file as AsyncIterable<Buffer>) {
        let piece = chunk;
        if (opts.cutAfter !== undefined && sentBytes + piece.length >= opts.cutAfter) piece = piece.subarray(0, opts.cutAfter - sentBytes);
        hash.update(piece);
        sentBytes += piece.length;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        if (opts.cutAfter !== undefined && sentBytes >= opts.cutAfter) {
          cut = true;
          // give the bytes a moment to reach the server, then die
          await new Promise((r) => setTimeout(r, 200));
          req.destroy();
          return resolve({ status: 0, body: null, sent: { sha256: '', size: sentBytes } });
        }
      }
      req.end(tail);
    })().catch(reject);
  });
}

/** A GET whose body is hashed as it arrives (never held). */
export function hashedGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; sha256: string; size: number; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const heads: Buffer[] = [];
      let kept = 0;
      const h = createHash('sha256');
      let size = 0;
      res.on('data', (c: Buffer) => {
        h.update(c);
        size += c.length;
        if (kept < 4096) {
          heads.push(c.subarray(0, 4096 - kept));
          kept += Math.min(c.length, 4096 - kept);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, sha256: h.digest('hex'), size, head: Buffer.concat(heads) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
