import { textErrors, textProblem } from './input-guard';

describe('textProblem', () => {
  it('finds NUL characters and lone surrogates, and nothing in ordinary text', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('\ud800@x.test')).toMatch(/lone surrogate/);
    expect(textProblem('x\udc00')).toMatch(/lone surrogate/);
    expect(textProblem('\udc00\ud800')).toMatch(/lone surrogate/);
    for (const ok of ['', 'plain', '上海浦江智联科技有限公司', 'emoji 😀 pair', '\ud83d\ude00', 'tab\tand\nnewline', '\u0001\u001f']) {
      expect({ ok, problem: textProblem(ok) }).toEqual({ ok, problem: null });
    }
  });
});

describe('textErrors', () => {
  it('names every bad text by its path: fields, array items, nested objects, field names', () => {
    const value = { title: 'a\u0000', team: [{ name: 'ok' }, { name: '\ud800' }], name: { 'zh-CN': 'x\u0000', en: 'fine' }, ['k\u0000ey']: 1, n: 5, b: true, z: null };
    expect(textErrors(value).map((e) => e.field)).toEqual(['body', 'title', 'team[1].name', 'name.zh-CN']);
    expect(textErrors({ q: 'a\u0000' }, 'filter')).toEqual([{ field: 'filter.q', message: 'must not contain a NUL character (\\u0000)' }]);
    expect(textErrors('a\u0000', 'participants line 3').map((e) => e.field)).toEqual(['participants line 3']);
    expect(textErrors({ 'a b': 'x\u0000' }).map((e) => e.field)).toEqual(['a b']);
    expect(textErrors({ 'a"b': 'x\u0000' }).map((e) => e.field)).toEqual(['a\\"b']);
  });

  it('walks any nesting without recursion, and stops after 20 problems', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(textErrors(deep)).toHaveLength(1);
    expect(textErrors(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});
