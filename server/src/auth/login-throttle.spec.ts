import { DEFAULT_LIMITS, LoginThrottle, type ThrottleLimits } from './login-throttle';

const LIMITS: ThrottleLimits = { windowMs: 60_000, perAddress: 10, perAccountAddress: 3 };

function setup(limits = LIMITS) {
  let now = 1_000_000;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  return { throttle: new LoginThrottle(limits, clock.now), clock };
}

describe('LoginThrottle', () => {
  it('defaults to a 15-minute window, 5 tries per account and address, 30 per address', () => {
    expect(DEFAULT_LIMITS).toEqual({ windowMs: 15 * 60_000, perAddress: 30, perAccountAddress: 5 });
  });

  it('allows tries until the per-account-and-address limit, then refuses that account from that address', () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAccountAddress; i++) {
      expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(0);
      throttle.fail('alice@x.test', '10.0.0.1');
    }
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('counts the account without regard to case', () => {
    const { throttle } = setup();
    throttle.fail('Alice@X.test', '10.0.0.1');
    throttle.fail('alice@x.TEST', '10.0.0.1');
    throttle.fail('ALICE@X.TEST', '10.0.0.1');
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it("does not lock the real user out: the same account from another address is still allowed", () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAccountAddress; i++) throttle.fail('alice@x.test', '10.0.0.1');
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    expect(throttle.retryAfter('alice@x.test', '192.0.2.7')).toBe(0);
    // and other accounts from the guessing address are not yet blocked
    expect(throttle.retryAfter('bob@x.test', '10.0.0.1')).toBe(0);
  });

  it('limits one address across many accounts', () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAddress; i++) {
      expect(throttle.retryAfter(`user${i}@x.test`, '10.0.0.1')).toBe(0);
      throttle.fail(`user${i}@x.test`, '10.0.0.1'); // each account only once: under its own limit
    }
    expect(throttle.retryAfter('fresh@x.test', '10.0.0.1')).toBeGreaterThan(0);
    expect(throttle.retryAfter('fresh@x.test', '10.0.0.2')).toBe(0);
  });

  it('forgets failures once they leave the window (sliding)', () => {
    const { throttle, clock } = setup();
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 0
    clock.advance(20_000);
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 20 s
    clock.advance(20_000);
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 40 s
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    clock.advance(19_999); // t = 59.999 s: the first failure is still in the window
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    clock.advance(1); // t = 60 s: the first failure has left
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(0);
    throttle.fail('alice@x.test', '10.0.0.1'); // back to three in the window
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
    clock.advance(LIMITS.windowMs);
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(0);
  });

  it('the per-address count expires too', () => {
    const { throttle, clock } = setup();
    for (let i = 0; i < LIMITS.perAddress; i++) throttle.fail(`user${i}@x.test`, '10.0.0.1');
    expect(throttle.retryAfter('fresh@x.test', '10.0.0.1')).toBeGreaterThan(0);
    clock.advance(LIMITS.windowMs);
    expect(throttle.retryAfter('fresh@x.test', '10.0.0.1')).toBe(0);
  });

  it('a success clears the account-and-address count', () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAccountAddress - 1; i++) throttle.fail('alice@x.test', '10.0.0.1');
    throttle.succeed('ALICE@x.test', '10.0.0.1');
    // a full set of tries again
    for (let i = 0; i < LIMITS.perAccountAddress - 1; i++) throttle.fail('alice@x.test', '10.0.0.1');
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(0);
  });

  it('a success does not clear the per-address count (a guesser cannot reset it with their own account)', () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAddress; i++) throttle.fail(`user${i}@x.test`, '10.0.0.1');
    throttle.succeed('mallory@x.test', '10.0.0.1');
    throttle.succeed('user0@x.test', '10.0.0.1');
    expect(throttle.retryAfter('fresh@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('a success clears only its own address', () => {
    const { throttle } = setup();
    for (let i = 0; i < LIMITS.perAccountAddress; i++) throttle.fail('alice@x.test', '10.0.0.1');
    throttle.succeed('alice@x.test', '192.0.2.7');
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('retryAfter is the whole seconds until the oldest counted failure leaves the window', () => {
    const { throttle, clock } = setup();
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 0
    clock.advance(10_000);
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 10 s
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 10 s
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(50); // the t = 0 failure leaves at 60 s
    clock.advance(500);
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(50); // 49.5 s, rounded up
    clock.advance(39_000);
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(11); // 10.5 s, rounded up
  });

  it('retryAfter counts from the failure that will unblock, when more than the limit are counted', () => {
    const { throttle, clock } = setup();
    // four failures (one over the limit), at 0, 10, 20, 30 s; trying again needs the count below 3:
    // two must leave, i.e. the one at 10 s, at 70 s
    for (let i = 0; i < 4; i++) {
      throttle.fail('alice@x.test', '10.0.0.1');
      clock.advance(10_000);
    }
    // now t = 40 s
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(30);
  });

  it('retryAfter takes the longer wait when both limits are reached', () => {
    const { throttle, clock } = setup({ windowMs: 60_000, perAddress: 4, perAccountAddress: 2 });
    throttle.fail('bob@x.test', '10.0.0.1'); // t = 0
    throttle.fail('carol@x.test', '10.0.0.1'); // t = 0
    clock.advance(30_000);
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 30 s
    throttle.fail('alice@x.test', '10.0.0.1'); // t = 30 s
    // per address (4 reached): free at 60 s → 30 s; per account (2 reached): free at 90 s → 60 s
    expect(throttle.retryAfter('alice@x.test', '10.0.0.1')).toBe(60);
    // another account from this address: only the address limit applies
    expect(throttle.retryAfter('dave@x.test', '10.0.0.1')).toBe(30);
  });
});
