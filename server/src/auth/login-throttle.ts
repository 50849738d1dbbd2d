/**
 * Failed sign-ins are counted per address and per (account, address) in a sliding window.
 * Guessing from one address stops after a few tries; the real user, signing in from their own address,
 * is not locked out by someone else's failures. Success clears the (account, address) count.
 */
export interface ThrottleLimits {
  windowMs: number;
  perAddress: number;
  perAccountAddress: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAddress: 30, perAccountAddress: 5 };

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before the next try, or 0 when a try is allowed. */
  retryAfter(account: string, address: string): number {
    const checks: [string, number][] = [
      [`a:${address}`, this.limits.perAddress],
      [`u:${account.toLowerCase()}|${address}`, this.limits.perAccountAddress],
    ];
    let wait = 0;
    for (const [key, limit] of checks) {
      const list = this.recent(key);
      if (list.length >= limit) {
        const oldest = list[list.length - limit];
        wait = Math.max(wait, Math.ceil((oldest + this.limits.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  fail(account: string, address: string) {
    const t = this.now();
    for (const key of [`a:${address}`, `u:${account.toLowerCase()}|${address}`]) {
      const list = this.recent(key);
      list.push(t);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.sweep();
  }

  succeed(account: string, address: string) {
    this.failures.delete(`u:${account.toLowerCase()}|${address}`);
  }

  private sweep() {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
