import { jsonDeeperThan } from './body-limits';

const deeper = (text: string, max: number) => jsonDeeperThan(Buffer.from(text, 'utf8'), max);

describe('jsonDeeperThan', () => {
  it('counts the nesting of arrays and objects', () => {
    expect(deeper('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(deeper('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(deeper('[[],[],[]]', 2)).toBe(false);
    expect(deeper('null', 0)).toBe(false);
  });

  it('skips strings, escaped quotes and backslashes included, and multi-byte characters', () => {
    expect(deeper('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(deeper('{"a":"\\"[[[[\\\\"}', 1)).toBe(false);
    expect(deeper('{"a":"\\\\","b":[[[]]]}', 3)).toBe(true);
    expect(deeper('{"名称":"【［｛","b":[]}', 2)).toBe(false);
  });

  it('reads a megabyte of brackets in one pass', () => {
    const text = Buffer.alloc(1024 * 1024, '[');
    const started = performance.now();
    expect(jsonDeeperThan(text, 32)).toBe(true);
    expect(jsonDeeperThan(Buffer.alloc(1024 * 1024, '"'), 32)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
