import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The bundle budget (admin/bundle-budget.json) against the built admin's manifest (vite `build.manifest`): the script a
 * page loads before it shows is its chunks and everything they import statically, each file counted once, gzip -9.
 * Fails when the sign-in page or a role's first screen grows past its budget, or when a budget above the ceiling
 * does not say why (`over`), or when a first screen would load what it does not show: another role's dashboard, the
 * other language's messages, or the messages of the pages not yet opened (admin/src/i18n/modules.ts).
 */
const ADMIN = resolve(__dirname, '../../admin');
const DIST = join(ADMIN, 'dist');

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  isDynamicEntry?: boolean;
}
type Manifest = Record<string, Chunk>;
interface Budget {
  pages: Record<string, { maxKb: number; chunks: string[] }>;
  ceilings: { 'sign-in page': number; 'first screen': number };
  /** why a page's budget is above its ceiling (a known shortfall) */
  over?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Manifest;
const budget = JSON.parse(readFileSync(join(ADMIN, 'bundle-budget.json'), 'utf8')) as Budget;

/** The chunks `keys` load, with their static imports, recursively. */
export function closure(m: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...keys];
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    if (!m[key]) throw new Error(`${key} is not in the build's manifest (renamed? update admin/bundle-budget.json)`);
    seen.add(key);
    stack.push(...(m[key].imports ?? []));
  }
  return seen;
}

const gzipKb = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length / 1000;

describe('bundle budget (admin/bundle-budget.json, from the build manifest)', () => {
  it('has an entry chunk for the sign-in page that loads the app only when signed in (a dynamic import)', () => {
    const entry = manifest['index.html'];
    expect(entry?.isEntry).toBe(true);
    expect(entry.dynamicImports).toContain('src/App.tsx');
    expect(closure(manifest, ['index.html']).has('src/App.tsx')).toBe(false);
  });

  it.each(Object.entries(budget.pages))('%s: within its budget', (name, page) => {
    const chunks = closure(manifest, page.chunks);
    const kb = [...chunks].reduce((sum, key) => sum + gzipKb(manifest[key].file), 0);
    // the ceilings (targets) are what npm run bench:admin reports against; a budget above its ceiling is a
    // known shortfall, said in bundle-budget.json's `over` and in the README, never a silent one
    const ceiling = name === 'sign-in page' ? budget.ceilings['sign-in page'] : budget.ceilings['first screen'];
    if (page.maxKb > ceiling) expect(budget.over?.[name]).toMatch(/\S/);
    if (kb > page.maxKb) throw new Error(`${name}: ${kb.toFixed(1)} kB of script (gzip), over its budget of ${page.maxKb} kB`);
  });

  const MESSAGES = 'virtual:incident-desk-messages/';
  const firstScreens = Object.entries(budget.pages).filter(([name]) => name.startsWith('first screen'));

  it('has a first screen per role, each with its own dashboard and no other role\'s', () => {
    const roles = ['ManagerDashboard', 'ConsultantDashboard', 'ClientDashboard'].map((d) => `src/dashboard/${d}.tsx`);
    expect(firstScreens.map(([, page]) => roles.filter((r) => page.chunks.includes(r)))).toEqual(roles.map((r) => [r]));
    for (const [name, page] of firstScreens) {
      const loaded = closure(manifest, page.chunks);
      expect({ name, roles: roles.filter((r) => loaded.has(r)) }).toEqual({ name, roles: roles.filter((r) => page.chunks.includes(r)) });
    }
  });

  it('loads the messages by language and part, each when it is needed: no part is in a page\'s script but the start of one language', () => {
    const parts = Object.keys(manifest).filter((key) => key.startsWith(MESSAGES));
    expect(parts.sort()).toEqual(['en/rest', 'en/start', 'zh-CN/rest', 'zh-CN/start'].map((p) => `${MESSAGES}${p}`));
    // the sign-in page and the app reach them by dynamic imports only
    expect([...closure(manifest, ['index.html', 'src/App.tsx'])].filter((key) => key.startsWith(MESSAGES))).toEqual([]);
    for (const [name, page] of firstScreens) {
      expect({ name, messages: [...closure(manifest, page.chunks)].filter((key) => key.startsWith(MESSAGES)) }).toEqual({ name, messages: [`${MESSAGES}zh-CN/start`] });
    }
    // one language each: the English parts hold no Chinese label (the Chinese ones' keys are the English ones')
    const text = (key: string) => readFileSync(join(DIST, manifest[key].file), 'utf8');
    expect(text(`${MESSAGES}en/start`)).not.toContain('事件');
    expect(text(`${MESSAGES}zh-CN/start`)).toContain('事件');
    expect(text(`${MESSAGES}en/rest`)).not.toContain('事件');
    // the start has the menu's names of every resource, the rest the pages' labels
    expect(text(`${MESSAGES}en/start`)).toContain('Communication template');
    expect(text(`${MESSAGES}en/start`)).not.toContain('Grading rationale');
    expect(text(`${MESSAGES}en/rest`)).toContain('Grading rationale');
  });

  it('keeps the charting library (the service report page has it) out of the sign-in page and every first screen', () => {
    const hasCharts = (key: string) => readFileSync(join(DIST, manifest[key].file), 'utf8').includes('MuiChartsSurface');
    // the marker is right: the service report page does load the library
    expect([...closure(manifest, ['src/reports/ServiceReportPage.tsx'])].some(hasCharts)).toBe(true);
    for (const [name, page] of Object.entries(budget.pages)) {
      expect({ name, charts: [...closure(manifest, page.chunks)].filter(hasCharts) }).toEqual({ name, charts: [] });
    }
  });
});
