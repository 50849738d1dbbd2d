/**
 * Attachments: files kept with an incident, communication, evaluation or training. Pure helpers: the entities a file
 * can hang off, a safe file name, the Content-Disposition header of a download, whether bytes are plain text.
 */

export const ATTACHMENT_ENTITIES = ['incidents', 'communications', 'evaluations', 'trainings'] as const;
export type AttachmentEntity = (typeof ATTACHMENT_ENTITIES)[number];

/**
 * Entities whose attachments a client admin may list and download: their own company's, never removed ones, and only
 * on a record they see themselves (a client-visible communication that was sent or received, a final evaluation shared
 * with the client, any of their trainings). Files on incidents are evidence and stay with the firm.
 */
export const CLIENT_VISIBLE_ATTACHMENT_ENTITIES: readonly AttachmentEntity[] = ['trainings', 'communications', 'evaluations'];

export interface AttachmentRecord {
  id: string;
  entity: AttachmentEntity;
  entityId: string;
  clientId: string;
  fileName: string;
  sha256: string;
  size: number;
  /** detected from the content, never the uploader's claim */
  contentType: string;
  uploadedById: string | null;
  createdAt: string;
  removedAt: string | null;
  removedById: string | null;
  /** a report the server made and kept (the incident report): its language and version; null for an uploaded file */
  report: { lang: string; version: string; fingerprint: string } | null;
}

export const MAX_FILE_NAME = 200;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to store and to hand back in a download: the last path segment only; no control characters,
 * no bidirectional-override characters (which can disguise `exe` as `pdf`), none of `<>:"/\|?*`; whitespace
 * collapsed; no leading or trailing dots or spaces; not a reserved Windows device name; at most 200 characters
 * (the extension kept). Unicode (Chinese) is kept, NFC-normalised. Empty → `file`.
 */
export function sanitizeFileName(raw: string | null | undefined): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keepExt = ext.length > 0 && ext.length <= 16;
    name = keepExt ? chars.slice(0, MAX_FILE_NAME - ext.length).join('') + ext.join('') : chars.slice(0, MAX_FILE_NAME).join('');
  }
  return name || 'file';
}

/** RFC 5987 / 8187 value-chars: percent-encode everything but attr-char. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` for a (sanitised) file name, so that
 * every browser saves it under its real (e.g. Chinese) name, and none can be talked into rendering it.
 */
export function contentDisposition(fileName: string): string {
  const name = sanitizeFileName(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/**
 * Bytes that read as text: valid UTF-8 (shortest forms, no surrogates; a BOM allowed) without control characters
 * other than tab, line feed, carriage return and form feed.
 */
export function isPlainText(bytes: Uint8Array): boolean {
  const check = new PlainTextCheck();
  check.push(bytes);
  return check.end();
}

/**
 * isPlainText over bytes that come in pieces (a streamed upload): push each piece, then end(). A character split
 * between two pieces is carried over; nothing else is kept.
 */
export class PlainTextCheck {
  private ok = true;
  private any = false;
  private carry: Uint8Array = new Uint8Array(0);

  push(piece: Uint8Array): void {
    if (!this.ok || piece.length === 0) return;
    this.any = true;
    let bytes = piece;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + piece.length);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.length);
      this.carry = new Uint8Array(0);
    }
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i];
      if (b < 0x80) {
        if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) return void (this.ok = false);
        i++;
        continue;
      }
      let n: number;
      let cp: number;
      if (b >= 0xc2 && b <= 0xdf) [n, cp] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) [n, cp] = [2, b & 0x0f];
      else if (b >= 0xf0 && b <= 0xf4) [n, cp] = [3, b & 0x07];
      else return void (this.ok = false);
      if (i + n >= bytes.length) {
        // the rest of this character comes with the next piece (or never: end() says so)
        this.carry = bytes.slice(i);
        return;
      }
      for (let k = 1; k <= n; k++) {
        const c = bytes[i + k];
        if ((c & 0xc0) !== 0x80) return void (this.ok = false);
        cp = (cp << 6) | (c & 0x3f);
      }
      if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return void (this.ok = false);
      if (cp >= 0x80 && cp <= 0x9f) return void (this.ok = false); // C1 controls
      i += n + 1;
    }
  }

  /** Whether everything pushed was text (nothing pushed, or a truncated last character: not text). */
  end(): boolean {
    return this.ok && this.any && this.carry.length === 0;
  }
}

/** Human-readable size: 1.2 MB, 512 B. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
