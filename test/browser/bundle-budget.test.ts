import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The bundle budget (admin/bundle-budget.json) against the built admin's manifest (vite `build.manifest`): the script a
 * page loads before it shows is its chunks and everything they import statically, each file counted once, gzip -9.
 * Fails when the sign-in page or a role's first screen grows past its budget, or when a budget above the ceiling
 * does not say why (`over`).
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

  it('keeps the charting library (the service report page has it) out of the sign-in page and every first screen', () => {
    const hasCharts = (key: string) => readFileSync(join(DIST, manifest[key].file), 'utf8').includes('MuiChartsSurface');
    // the marker is right: the service report page does load the library
    expect([...closure(manifest, ['src/reports/ServiceReportPage.tsx'])].some(hasCharts)).toBe(true);
    for (const [name, page] of Object.entries(budget.pages)) {
      expect({ name, charts: [...closure(manifest, page.chunks)].filter(hasCharts) }).toEqual({ name, charts: [] });
    }
  });
});
