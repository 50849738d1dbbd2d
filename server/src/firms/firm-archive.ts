import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';
import { csvCell } from '../reports/report-csv';

/**
 * A tar.gz written entry by entry (POSIX ustar), each entry's bytes passed straight through gzip to `out`: nothing is
 * held in memory but one entry's JSON or CSV, and a file's bytes are streamed. Entry names are ASCII and short (the
 * firm export names them: `tables/<table>.json`, `files/<attachment id>`), within ustar's 100 bytes.
 */
export class TarGzWriter {
  private readonly gz: Gzip;
  private readonly done: Promise<unknown>;

  constructor(out: Writable) {
    this.gz = createGzip();
    this.gz.pipe(out);
    this.done = once(out, 'finish');
  }

  /** An entry whose bytes are at hand. */
  async add(name: string, data: Buffer | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await this.write(header(name, bytes.length));
    await this.write(bytes);
    await this.write(Buffer.alloc(padding(bytes.length)));
  }

  /** An entry streamed from `source`, which must give exactly `size` bytes; their SHA-256 as they passed. */
  async addStream(name: string, size: number, source: Readable): Promise<string> {
    await this.write(header(name, size));
    const hash = createHash('sha256');
    let seen = 0;
    for await (const chunk of source) {
      const b = chunk as Buffer;
      seen += b.length;
      if (seen > size) throw new Error(`${name}: more bytes than its recorded size ${size}`);
      hash.update(b);
      await this.write(b);
    }
    if (seen !== size) throw new Error(`${name}: ${seen} bytes, not its recorded size ${size}`);
    await this.write(Buffer.alloc(padding(size)));
    return hash.digest('hex');
  }

  /** The end-of-archive blocks; resolves once `out` has every byte. */
  async end(): Promise<void> {
    await this.write(Buffer.alloc(1024));
    this.gz.end();
    await this.done;
  }

  private async write(b: Buffer): Promise<void> {
    if (b.length && !this.gz.write(b)) await once(this.gz, 'drain');
  }
}

const padding = (size: number) => (512 - (size % 512)) % 512;

function octal(b: Buffer, offset: number, length: number, value: number) {
  b.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}

/** A ustar header block for a regular file (mode 0644, mtime now). */
function header(name: string, size: number): Buffer {
  if (!/^[\x21-\x7e]{1,100}$/.test(name)) throw new Error(`tar entry name not ASCII or too long: ${name}`);
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'latin1');
  octal(b, 100, 8, 0o644);
  octal(b, 108, 8, 0);
  octal(b, 116, 8, 0);
  octal(b, 124, 12, size);
  octal(b, 136, 12, Math.floor(Date.now() / 1000));
  b.fill(0x20, 148, 156);
  b.write('0', 156, 1, 'latin1');
  b.write('ustar\0', 257, 6, 'latin1');
  b.write('00', 263, 2, 'latin1');
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return b;
}

/**
 * Rows (objects of one table, as PostgreSQL's to_jsonb gives them) as CSV: RFC 4180, UTF-8 with a byte-order mark,
 * CRLF, the columns of the first row in order (every row of a table has the same); objects and arrays as their JSON.
 */
export function rowsToCsv(rows: Record<string, unknown>[]): string {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  const value = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' ? v : String(v));
  const lines = [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(value(r[c]))).join(','))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
