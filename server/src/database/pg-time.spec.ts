import * as pg from 'pg';
import { ISO_TIMES, isoFromPg } from './pg-time';

/** What the app printed before: pg's Date of the text, as toISOString() writes it. */
const viaDate = (text: string) => (pg.types.getTypeParser(1184, 'text')(text) as Date).toISOString();

describe('isoFromPg', () => {
  it.each([
    '2026-05-01 12:34:56+00',
    '2026-05-01 12:34:56.7+00',
    '2026-05-01 12:34:56.78+00',
    '2026-05-01 12:34:56.789+00',
    '2026-05-01 12:34:56.789999+00',
    '2026-12-31 23:59:59.999999+00',
    '1999-01-01 00:00:00.000001+00',
    // not UTC text: the same result through pg's own parser
    '2026-05-01 20:34:56.789+08',
    '2026-05-01 07:04:56.5-05:30',
    '0044-03-15 12:00:00+00 BC',
  ])('writes %s as toISOString of pg\'s Date would', (text) => {
    expect(isoFromPg(text)).toBe(viaDate(text));
  });

  it('gives the same strings as pg + toISOString over a spread of instants with microseconds', () => {
    let t = Date.UTC(2019, 0, 1);
    for (let k = 0; k < 2000; k++) {
      t += 7_654_321_987 % (k + 977) * 1000 + k;
      const micro = String(k * 37 % 1_000_000).padStart(6, '0');
      const base = new Date(t).toISOString().slice(0, 19).replace('T', ' ');
      const text = `${base}.${micro.replace(/0+$/, '') || '0'}+00`;
      expect(isoFromPg(text)).toBe(viaDate(text));
    }
  });

  it('is the timestamptz parser of ISO_TIMES and leaves every other type to pg', () => {
    expect(ISO_TIMES.getTypeParser(1184, 'text')).toBe(isoFromPg);
    expect(ISO_TIMES.getTypeParser(1114, 'text')).toBe(pg.types.getTypeParser(1114, 'text'));
    expect(ISO_TIMES.getTypeParser(23, 'text')).toBe(pg.types.getTypeParser(23, 'text'));
  });
});
