import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { canonicalEmail } from '../users/email';

/**
 * Sign-in tries are counted per client address and per (account, address), in a window: guessing from one address stops
 * after a few tries, while the real user, signing in from their own address, is not locked out by someone else's
 * failures. A successful sign-in gives its try back and clears the (account, address) count.
 *
 * The counts live in PostgreSQL (rate-limiter-flexible's PostgreSQL store, table `login_throttle`, migration
 * 1765321000000), so every app server sees the same counts. A try is counted before the password is checked, in one
 * atomic upsert per count: parallel guesses cannot all pass a check made before any of them is counted. The account is
 * its canonical address (canonicalEmail), so `" Alice@X.test"` and `"alice@x.test"` count together. Keys are hashes:
 * the table holds no address.
 */
export interface ThrottleLimits {
  windowSeconds: number;
  perAddress: number;
  perAccountAddress: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { windowSeconds: 15 * 60, perAddress: 30, perAccountAddress: 5 };

/** The table rate-limiter-flexible's store uses (created by the migration, so the store is told it exists). */
export const THROTTLE_TABLE = 'login_throttle';

/** The app's LoginThrottle (AppModule provides it on the app's database). */
export const LOGIN_THROTTLE = Symbol('LOGIN_THROTTLE');

export class LoginThrottle {
  constructor(
    private readonly byAddress: RateLimiterAbstract,
    private readonly byAccountAddress: RateLimiterAbstract,
  ) {}

  /** The throttle on the app's PostgreSQL (its pool), with keys under `keyPrefix`. */
  static postgres(dataSource: DataSource, keyPrefix = 'login', limits: ThrottleLimits = DEFAULT_LIMITS): LoginThrottle {
    const store = (prefix: string, points: number) =>
      new RateLimiterPostgres({
        storeClient: dataSource,
        storeType: 'typeorm',
        tableName: THROTTLE_TABLE,
        tableCreated: true,
        keyPrefix: `${keyPrefix}-${prefix}`,
        points,
        duration: limits.windowSeconds,
      });
    return new LoginThrottle(store('address', limits.perAddress), store('account', limits.perAccountAddress));
  }

  /**
   * Counts one try of this account from this address. 0 when the try may go ahead; otherwise the whole seconds to wait
   * (at least 1) before the next try is allowed, and the password must not be checked.
   */
  async take(email: string, address: string): Promise<number> {
    const results = await Promise.allSettled([
      this.byAddress.consume(addressKey(address)),
      this.byAccountAddress.consume(accountKey(email, address)),
    ]);
    let waitMs = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      // refused: a RateLimiterRes says how long; anything else is the store failing, and so is the sign-in
      if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
      waitMs = Math.max(waitMs, r.reason.msBeforeNext, 1);
    }
    // a refused try is not made, so it counts against neither: the counts stay at (or above) the limit that refused it,
    // and a user refused for one account does not use up their address's tries for others
    if (waitMs > 0) await this.giveBack(email, address);
    return Math.ceil(waitMs / 1000);
  }

  private async giveBack(email: string, address: string): Promise<void> {
    await Promise.all([this.byAddress.reward(addressKey(address), 1), this.byAccountAddress.reward(accountKey(email, address), 1)]);
  }

  /** The password was right: the try does not count against the address, and the account's count starts again. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byAddress.reward(addressKey(address), 1), this.byAccountAddress.delete(accountKey(email, address))]);
  }

  /**
   * The try was not a guess: the password fitted, but the sign-in still needs something (a second factor, a firm), or a
   * signed-in user's code fitted. It is given back to both counts; unlike succeeded(), the account's earlier failed
   * tries (wrong codes among them) keep counting.
   */
  async notCounted(email: string, address: string): Promise<void> {
    await this.giveBack(email, address);
  }

  /** Seconds until this account may try again from this address (0: it may), without counting a try. */
  async retryAfter(email: string, address: string): Promise<number> {
    const [a, u] = await Promise.all([this.byAddress.get(addressKey(address)), this.byAccountAddress.get(accountKey(email, address))]);
    let waitMs = 0;
    if (a && a.consumedPoints >= this.byAddress.points) waitMs = Math.max(waitMs, a.msBeforeNext, 1);
    if (u && u.consumedPoints >= this.byAccountAddress.points) waitMs = Math.max(waitMs, u.msBeforeNext, 1);
    return Math.ceil(waitMs / 1000);
  }
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
const addressKey = (address: string) => hash(`address\n${address}`);
const accountKey = (email: string, address: string) => hash(`account\n${canonicalEmail(email)}\n${address}`);
