import {
  base32Decode, base32Encode, decryptSecret, encryptSecret, hotp, matchTotp, newRecoveryCodes, normalRecoveryCode, otpauthUrl, recoveryCodeHash, totp,
} from './totp';

const RFC_KEY = Buffer.from('12345678901234567890');

describe('TOTP (RFC 6238, RFC 4226)', () => {
  it('gives RFC 4226 Appendix D values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(RFC_KEY, i))).toEqual(expected);
  });

  it.each([
    [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
  ])('gives the RFC 6238 Appendix B SHA-1 value at t = %i', (t, code) => {
    expect(totp(RFC_KEY, t * 1000, 8)).toBe(code);
  });

  it('accepts the current step and one either side, not two, and never a step again', () => {
    const now = 1_800_000_000_000;
    const at = (dt: number) => totp(RFC_KEY, now + dt * 1000);
    const step = Math.floor(now / 30000);
    expect(matchTotp(RFC_KEY, at(0), now, null)).toBe(step);
    expect(matchTotp(RFC_KEY, at(-30), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_KEY, at(30), now, null)).toBe(step + 1);
    expect(matchTotp(RFC_KEY, at(-60), now, null)).toBeNull();
    expect(matchTotp(RFC_KEY, at(60), now, null)).toBeNull();
    expect(matchTotp(RFC_KEY, at(0), now, step)).toBeNull();
    expect(matchTotp(RFC_KEY, at(-30), now, step - 1)).toBeNull();
    expect(matchTotp(RFC_KEY, at(30), now, step)).toBe(step + 1);
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456']) expect(matchTotp(RFC_KEY, bad, now, null)).toBeNull();
  });

  it('writes and reads base32 as authenticator apps do', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi==')?.toString()).toBe('foobar');
    expect(base32Decode('MZ1')).toBeNull();
    const k = Buffer.from('0123456789abcdef0123', 'utf8');
    expect(base32Decode(base32Encode(k))).toEqual(k);
    expect(otpauthUrl('MZXW6YTBOI', 'li.lei@client.example')).toBe(
      'otpauth://totp/Incident%20Desk:li.lei%40client.example?secret=MZXW6YTBOI&issuer=Incident%20Desk&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('makes distinct recovery codes read back in any case and with or without the dash', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(normalRecoveryCode(codes[0].toUpperCase().replace('-', ' '))).toBe(codes[0].replace('-', ''));
    expect(normalRecoveryCode('123456')).toBeNull();
    const key = Buffer.alloc(32, 1);
    expect(recoveryCodeHash(key, 'abcdeabcde')).not.toBe(recoveryCodeHash(Buffer.alloc(32, 2), 'abcdeabcde'));
  });

  it('encrypts the secret for one account only', () => {
    const key = Buffer.alloc(32, 7);
    const stored = encryptSecret(key, RFC_KEY, 'firm/user');
    expect(stored).not.toContain(base32Encode(RFC_KEY));
    expect(decryptSecret(key, stored, 'firm/user')).toEqual(RFC_KEY);
    expect(() => decryptSecret(key, stored, 'firm/other')).toThrow();
    expect(() => decryptSecret(Buffer.alloc(32, 8), stored, 'firm/user')).toThrow();
  });
});
