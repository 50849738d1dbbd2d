import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { deepMerge, FIRST_SCREEN_FEATURES, resourceNames, type Messages } from './modules';

/**
 * The first screen (layout, dashboards, command palette, notification bell, the in-app sign-in) shows before the rest
 * of the messages loads (modules.ts): every label it names must be in the start part — its features' messages and the
 * resources' names. A key moved to another feature's messages.ts, or a new screen on the dashboard using one, fails
 * here rather than showing the key's fallback.
 */
const src = join(__dirname, '..');
const FIRST_SCREEN_FILES = [
  ...readdirSync(join(src, 'dashboard')).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.spec.ts')).map((f) => `dashboard/${f}`),
  'App.tsx',
  'layout.tsx',
  'common/CommandPalette.tsx',
  'notifications/NotificationBell.tsx',
  'work/MyWork.tsx',
  'communications/CommunicationActions.tsx',
  'login/AdminLoginPage.tsx',
];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (folder: string) => require(join(src, folder, 'messages.ts')) as { en: Messages; zhCN: Messages };
const features = readdirSync(src).filter((d) => existsSync(join(src, d, 'messages.ts')));

const start = (lang: 'en' | 'zhCN') =>
  features.reduce<Messages>((acc, f) => deepMerge(acc, FIRST_SCREEN_FEATURES.includes(f) ? load(f)[lang] : resourceNames(load(f)[lang])), {});

const has = (m: Messages, key: string) => {
  let node: string | Messages | undefined = m;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
};

describe('the first screen\'s messages', () => {
  const keys = [
    ...new Set(
      FIRST_SCREEN_FILES.flatMap((file) =>
        [...readFileSync(join(src, file), 'utf8').matchAll(/['"`]((?:app|incidentDesk|resources)\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"`]/g)].map((m) => m[1]),
      ),
    ),
  ];

  it('finds the labels the first screen names', () => {
    expect(keys.length).toBeGreaterThan(20);
    for (const f of FIRST_SCREEN_FEATURES) expect(features).toContain(f);
  });

  it.each([['en'], ['zhCN']] as const)('%s: every one is in the start part', (lang) => {
    const messages = start(lang);
    expect(keys.filter((key) => !has(messages, key))).toEqual([]);
  });

  it('has every resource\'s name in the start part (the menu)', () => {
    const all = features.reduce<Messages>((acc, f) => deepMerge(acc, load(f).en), {});
    const named = Object.keys(all.resources as Messages).filter((r) => has(all, `resources.${r}.name`));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((r) => !has(start('en'), `resources.${r}.name`))).toEqual([]);
  });
});
