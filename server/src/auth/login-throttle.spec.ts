import { RateLimiterMemory } from 'rate-limiter-flexible';
import { DEFAULT_LIMITS, LoginThrottle } from './login-throttle';

/** The throttle's counting on rate-limiter-flexible's memory store (the same API as the PostgreSQL store it runs on). */
function setup(limits = { windowSeconds: 60, perAddress: 10, perAccountAddress: 3 }) {
  return new LoginThrottle(
    new RateLimiterMemory({ points: limits.perAddress, duration: limits.windowSeconds }),
    new RateLimiterMemory({ points: limits.perAccountAddress, duration: limits.windowSeconds }),
  );
}

describe(LoginThrottle.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('defaults to a 15-minute window, 5 tries per account and address, 30 per address', () => {
    expect(DEFAULT_LIMITS).toEqual({ windowSeconds: 15 * 60, perAddress: 30, perAccountAddress: 5 });
  });

  it('allows tries until the per-account-and-address limit, then refuses that account from that address', async () => {
    const throttle = setup();
    for (let i = 0; i < 3; i++) expect(await throttle.take('alice@x.test', '10.0.0.1')).toBe(0);
    expect(await throttle.take('alice@x.test', '10.0.0.1')).toBe(60);
    expect(await throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(60);
  });

  it('counts the canonical address: padding, case and full-width forms are one account', async () => {
    const throttle = setup();
    await throttle.take(' alice@x.test', '10.0.0.1');
    await throttle.take('ALICE@X.TEST\t', '10.0.0.1');
    await throttle.take('ａｌｉｃｅ@x.test', '10.0.0.1');
    expect(await throttle.take('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('does not lock the real user out: the same account from another address is still allowed', async () => {
    const throttle = setup();
    for (let i = 0; i < 3; i++) await throttle.take('alice@x.test', '10.0.0.1');
    expect(await throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    expect(await throttle.take('alice@x.test', '192.0.2.7')).toBe(0);
    expect(await throttle.take('bob@x.test', '10.0.0.1')).toBe(0);
  });

  it('limits one address across many accounts', async () => {
    const throttle = setup();
    for (let i = 0; i < 10; i++) expect(await throttle.take(`user${i}@x.test`, '10.0.0.1')).toBe(0);
    expect(await throttle.take('fresh@x.test', '10.0.0.1')).toBeGreaterThan(0);
    expect(await throttle.take('fresh@x.test', '10.0.0.2')).toBe(0);
  });

  it('a refused try is not counted: once the window has passed, a full set of tries again', async () => {
    const throttle = setup();
    for (let i = 0; i < 3; i++) await throttle.take('alice@x.test', '10.0.0.1');
    // refused again and again: the address's count for other accounts is not used up by it
    for (let i = 0; i < 20; i++) expect(await throttle.take('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    for (let i = 0; i < 7; i++) expect(await throttle.take(`user${i}@x.test`, '10.0.0.1')).toBe(0);
    jest.advanceTimersByTime(60_000);
    for (let i = 0; i < 3; i++) expect(await throttle.take('alice@x.test', '10.0.0.1')).toBe(0);
  });

  it('says how long to wait: the rest of the window, in whole seconds', async () => {
    const throttle = setup();
    for (let i = 0; i < 3; i++) await throttle.take('alice@x.test', '10.0.0.1');
    jest.advanceTimersByTime(20_500);
    expect(await throttle.take('alice@x.test', '10.0.0.1')).toBe(40); // 39.5 s, rounded up
    jest.advanceTimersByTime(39_500);
    expect(await throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(0);
  });

  it('a success clears the account-and-address count and gives its try back to the address', async () => {
    const throttle = setup();
    for (let i = 0; i < 2; i++) await throttle.take('alice@x.test', '10.0.0.1');
    await throttle.take('alice@x.test', '10.0.0.1');
    await throttle.succeeded('Alice@x.test', '10.0.0.1');
    for (let i = 0; i < 3; i++) expect(await throttle.take('alice@x.test', '10.0.0.1')).toBe(0);
    // the address has 3 + 3 tries counted, less the one that succeeded: 5 of 10
    for (let i = 0; i < 5; i++) expect(await throttle.take(`user${i}@x.test`, '10.0.0.1')).toBe(0);
    expect(await throttle.take('user9@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('a success does not clear the per-address count (a guesser cannot reset it with their own account)', async () => {
    const throttle = setup();
    for (let i = 0; i < 10; i++) await throttle.take(`user${i}@x.test`, '10.0.0.1');
    await throttle.succeeded('mallory@x.test', '10.0.0.1'); // gives back one try
    expect(await throttle.take('fresh@x.test', '10.0.0.1')).toBe(0);
    expect(await throttle.take('fresh2@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('parallel tries cannot pass together: exactly the limit is let through', async () => {
    const throttle = setup();
    const waits = await Promise.all(Array.from({ length: 12 }, () => throttle.take('alice@x.test', '10.0.0.1')));
    expect(waits.filter((w) => w === 0)).toHaveLength(3);
  });
});
