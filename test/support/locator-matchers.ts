import type { Locator } from 'playwright-core';

/**
 * Playwright-style retrying assertions on locators for jest (playwright-core has no `expect` of its own):
 * each polls until the condition holds or the timeout passes, then fails with what it last saw.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveText(expected: string | RegExp, opts?: { timeout?: number }): Promise<R>;
      toContainText(expected: string, opts?: { timeout?: number }): Promise<R>;
      toHaveCount(expected: number, opts?: { timeout?: number }): Promise<R>;
      toBeVisible(opts?: { timeout?: number }): Promise<R>;
      toHaveAttribute(name: string, value: string, opts?: { timeout?: number }): Promise<R>;
    }
  }
}

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeout = 15000): Promise<{ pass: boolean; last: T }> {
  const end = Date.now() + timeout;
  let last = await read();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return { pass: ok(last), last };
}

const text = (l: Locator) => async () => (await l.count()) ? ((await l.first().textContent()) ?? '').trim() : '<no element>';

expect.extend({
  async toHaveText(l: Locator, expected: string | RegExp, opts: { timeout?: number } = {}) {
    const { pass, last } = await poll(text(l), (v) => (typeof expected === 'string' ? v === expected : expected.test(v)), opts.timeout);
    return { pass, message: () => `expected ${l} to have text ${expected}, last saw ${JSON.stringify(last)}` };
  },
  async toContainText(l: Locator, expected: string, opts: { timeout?: number } = {}) {
    const { pass, last } = await poll(text(l), (v) => v.includes(expected), opts.timeout);
    return { pass, message: () => `expected ${l} to contain ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}` };
  },
  async toHaveCount(l: Locator, expected: number, opts: { timeout?: number } = {}) {
    const { pass, last } = await poll(() => l.count(), (v) => v === expected, opts.timeout);
    return { pass, message: () => `expected ${l} to match ${expected} elements, last saw ${last}` };
  },
  async toHaveAttribute(l: Locator, name: string, value: string, opts: { timeout?: number } = {}) {
    const { pass, last } = await poll(async () => ((await l.count()) ? await l.first().getAttribute(name) : '<no element>'), (v) => v === value, opts.timeout);
    return { pass, message: () => `expected ${l} to have ${name}=${JSON.stringify(value)}, last saw ${JSON.stringify(last)}` };
  },
  async toBeVisible(l: Locator, opts: { timeout?: number } = {}) {
    const { pass } = await poll(() => l.first().isVisible(), (v) => v, opts.timeout);
    return { pass, message: () => `expected ${l} to be visible` };
  },
});
