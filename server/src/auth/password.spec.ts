import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  // one hash at the default (OWASP) cost: slow by design, so only one
  let owasp: string;
  beforeAll(async () => {
    owasp = await hashPassword('correct horse battery staple');
  });

  it('stores scrypt$17$8$1$salt$hash at the default cost (N = 2^17, r = 8, p = 1)', () => {
    const parts = owasp.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '17', '8', '1']);
    expect(Buffer.from(parts[4], 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5], 'base64')).toHaveLength(32);
    expect(owasp).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(owasp).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await verifyPassword('correct horse battery staple', owasp)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', owasp)).toBe(false);
  });

  describe('at a lower cost (the parameters travel with the hash)', () => {
    let h12: string;
    beforeAll(async () => {
      h12 = await hashPassword('密码-password-2026', 12);
    });

    it('records the cost it was made with', () => {
      expect(h12.startsWith('scrypt$12$8$1$')).toBe(true);
    });

    it('verifies with the parameters read from the stored hash', async () => {
      expect(await verifyPassword('密码-password-2026', h12)).toBe(true);
      expect(await verifyPassword('密码-password-2025', h12)).toBe(false);
      expect(await verifyPassword('', h12)).toBe(false);
    });

    it('reads the cost from the hash: the same salt and key under another cost do not verify', async () => {
      const [, , r, p, salt, key] = h12.split('$');
      expect(await verifyPassword('密码-password-2026', ['scrypt', '11', r, p, salt, key].join('$'))).toBe(false);
      expect(await verifyPassword('密码-password-2026', ['scrypt', '12', '4', p, salt, key].join('$'))).toBe(false);
    });

    it('salts every hash', async () => {
      const again = await hashPassword('密码-password-2026', 12);
      expect(again).not.toBe(h12);
      expect(again.split('$')[4]).not.toBe(h12.split('$')[4]);
      expect(await verifyPassword('密码-password-2026', again)).toBe(true);
    });

    it('refuses a tampered key or salt', async () => {
      const parts = h12.split('$');
      const key = Buffer.from(parts[5], 'base64');
      key[0] ^= 1;
      expect(await verifyPassword('密码-password-2026', [...parts.slice(0, 5), key.toString('base64')].join('$'))).toBe(false);
      const salt = Buffer.from(parts[4], 'base64');
      salt[0] ^= 1;
      expect(await verifyPassword('密码-password-2026', [...parts.slice(0, 4), salt.toString('base64'), parts[5]].join('$'))).toBe(false);
      // a truncated key does not verify either
      expect(await verifyPassword('密码-password-2026', [...parts.slice(0, 5), key.subarray(0, 16).toString('base64')].join('$'))).toBe(false);
    });
  });

  it.each([
    ['empty', ''],
    ['another algorithm', 'argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
    ['too few parts', 'scrypt$12$8$1$c2FsdA'],
    ['too many parts', 'scrypt$12$8$1$c2FsdA$aGFzaA$x'],
    ['plain text', 'correct horse battery staple'],
  ])('refuses a stored value that is not a scrypt hash (%s)', async (_label, stored) => {
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(false);
  });

  it('the dummy hash (for unknown accounts) is made once, at the given cost', async () => {
    const a = await dummyPasswordHash(10);
    const b = await dummyPasswordHash(10);
    expect(a).toBe(b);
    expect(a.startsWith('scrypt$10$8$1$')).toBe(true);
  });
});
