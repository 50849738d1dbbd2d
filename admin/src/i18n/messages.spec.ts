import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Every feature's messages.ts has the same keys in English and Chinese, and no empty text. */
type Messages = { [key: string]: string | Messages };
const keys = (m: Messages, prefix = ''): string[] =>
  Object.entries(m).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const empty = (m: Messages, prefix = ''): string[] =>
  Object.entries(m).flatMap(([k, v]) => (typeof v === 'object' ? empty(v, `${prefix}${k}.`) : v.trim() ? [] : [`${prefix}${k}`]));

const src = join(__dirname, '..');
const files = readdirSync(src)
  .map((d) => join(src, d, 'messages.ts'))
  .filter((f) => existsSync(f));

describe('feature messages', () => {
  it('finds the feature message files', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files.map((f) => [f.slice(src.length + 1), f]))('%s: zh-CN and en have the same keys, none empty', (_name, file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require(file) as { en: Messages; zhCN: Messages };
    expect(keys(m.zhCN).sort()).toEqual(keys(m.en).sort());
    expect([...empty(m.en), ...empty(m.zhCN)]).toEqual([]);
  });
});
