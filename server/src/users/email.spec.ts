import { canonicalEmail } from './email';

describe(canonicalEmail.name, () => {
  it.each([
    [' consultant2@demo.test', 'consultant2@demo.test'],
    ['consultant2@demo.test\t\n', 'consultant2@demo.test'],
    ['Consultant2@DEMO.test', 'consultant2@demo.test'],
    ['\u3000consultant2@demo.test\u3000', 'consultant2@demo.test'], // ideographic spaces
    ['ｃｏｎｓｕｌｔａｎｔ２＠ｄｅｍｏ．ｔｅｓｔ', 'consultant2@demo.test'], // full-width forms
    ['ℌello@x.test', 'hello@x.test'], // NFKC makes an upper-case letter: lowered after
    ['ÉLODIE@x.test', 'élodie@x.test'],
    ['e\u0301lodie@x.test', 'élodie@x.test'], // combining accent composed
  ])('%j → %j', (raw, canonical) => {
    expect(canonicalEmail(raw)).toBe(canonical);
  });

  it('is idempotent', () => {
    for (const raw of [' A@B.c', 'ｃ@Ｄ.test', 'ℌ@x', 'İstanbul@x.test']) {
      const once = canonicalEmail(raw);
      expect(canonicalEmail(once)).toBe(once);
    }
  });
});
