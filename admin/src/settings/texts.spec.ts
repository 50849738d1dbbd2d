import { SETTINGS_TEXT } from './texts';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

describe('firm settings and two-factor texts', () => {
  it('have the same keys in zh-CN and en, none empty, with the same placeholders', () => {
    expect(keys(SETTINGS_TEXT['zh-CN'])).toEqual(keys(SETTINGS_TEXT.en));
    for (const [section, texts] of Object.entries(SETTINGS_TEXT.en)) {
      for (const [key, en] of Object.entries(texts)) {
        const zh = (SETTINGS_TEXT['zh-CN'] as Record<string, Record<string, string>>)[section][key];
        expect({ key, en: en.trim() !== '', zh: zh.trim() !== '' }).toEqual({ key, en: true, zh: true });
        expect({ key, vars: zh.match(/%\{\w+\}/g)?.sort() }).toEqual({ key, vars: en.match(/%\{\w+\}/g)?.sort() });
      }
    }
  });
});
