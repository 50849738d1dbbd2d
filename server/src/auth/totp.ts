import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA-1, 6 digits, 30-second steps) with node:crypto
 * alone — what every authenticator app reads from an `otpauth://totp/…` address — plus the base32 of those addresses,
 * the recovery codes and the encryption of the stored secret. Pure functions: the clock is always a parameter.
 */

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** steps accepted either side of the current one (clock drift between the server and the phone) */
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Incident Desk';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, no padding (as authenticator apps expect it). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Base32 back to bytes (case, spaces and padding ignored); null when a character is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: HMAC-SHA-1 of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of an instant (milliseconds since the epoch). */
export const totpStep = (nowMs: number) => Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);

/** The TOTP of an instant. */
export const totp = (key: Buffer, nowMs: number, digits = TOTP_DIGITS) => hotp(key, totpStep(nowMs), digits);

/**
 * The step a code matches within ±TOTP_WINDOW of `nowMs`, later than `lastStep` (a step once accepted is never
 * accepted again); null when none does. Every candidate is compared in constant time.
 */
export function matchTotp(key: Buffer, code: string, nowMs: number, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = totpStep(nowMs);
  let found: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    const fits = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code));
    if (fits && found === null && (lastStep === null || step > lastStep)) found = step;
  }
  return found;
}

/** A new secret: 160 random bits (RFC 4226's recommended length). */
export const newTotpSecret = () => randomBytes(20);

/** The address an authenticator app reads (the QR code's text). */
export function otpauthUrl(secretBase32: string, account: string, issuer = TOTP_ISSUER): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_STEP_SECONDS}`;
}

/** How many recovery codes an enable hands out, each 10 characters of base32 (50 bits) shown as `xxxxx-xxxxx`. */
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    const s = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** A recovery code as typed (any case, with or without the dash and spaces) in its one stored form; null if it is not one. */
export function normalRecoveryCode(input: string): string | null {
  const s = input.replace(/[\s-]/g, '').toLowerCase();
  return /^[a-z2-7]{10}$/.test(s) ? s : null;
}

/** The stored form of a recovery code: keyed hash (HMAC-SHA-256 with the two-factor key), hex. */
export const recoveryCodeHash = (key: Buffer, normal: string) => createHmac('sha256', key).update(`recovery\n${normal}`).digest('hex');

/**
 * The key the TOTP secrets are encrypted with and the recovery codes hashed with: MFA_KEY when set, otherwise derived
 * from AUDIT_KEY (HKDF-SHA-256), so no deployment needs another secret to start.
 */
export function mfaKeyOf(config: { mfaKey: string | null; auditKey: string }): Buffer {
  return Buffer.from(hkdfSync('sha256', config.mfaKey ?? config.auditKey, 'incident-desk', 'two-factor secrets', 32));
}

/** AES-256-GCM of the secret, `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the account it belongs to. */
export function encryptSecret(key: Buffer, secret: Buffer, account: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(account));
  const body = Buffer.concat([c.update(secret), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptSecret(key: Buffer, stored: string, account: string): Buffer {
  const [v, iv, tag, body] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted two-factor secret');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(account));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]);
}
