import { ConfigError } from '../../server/src/config/config';
import { startApp } from '../support/app';

/**
 * Secure by default (issue 20): the application refuses to start with a JWT secret someone could know — the compose
 * file's old placeholder, fewer than 32 random bytes, or a database role's password — naming the variable, and seeds
 * no demo data into a DATABASE_URL unless SEED_DEMO=true is given.
 */
describe('refusal to start', () => {
  it.each([
    ['the old docker-compose placeholder', 'change-me-to-a-long-random-secret-of-32-chars-or-more', /JWT_SECRET is a placeholder/],
    ['32 characters that are not 32 random bytes', 'abcdefghijklmnopqrstuvwxyz012345', /JWT_SECRET must hold at least 32 random bytes/],
    ['the app role\'s database password', decodeURIComponent(new URL(process.env.TEST_APP_DATABASE_URL!).password), /JWT_SECRET/],
  ])('with %s as JWT_SECRET, naming it', async (_what, value, pattern) => {
    let thrown: unknown;
    try {
      const t = await startApp({ env: { JWT_SECRET: value } });
      await t.close();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(pattern);
  });

  it('the test database URL has a password to compare with (or the case above proves nothing)', () => {
    expect(new URL(process.env.TEST_APP_DATABASE_URL!).password.length).toBeGreaterThan(0);
  });

  it('starts with a real secret, and seeds no demo data into a DATABASE_URL by default', async () => {
    const t = await startApp({ env: { SEED_DEMO: '' } });
    expect(t.config.seedDemo).toBe(false);
    await t.close();
  });
});
