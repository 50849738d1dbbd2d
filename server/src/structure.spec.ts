import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The house's structure, checked: each domain folder is a Nest module, its services reach no other domain's entities
 * (they ask the owning module's exported service), and no two modules import each other, however far round.
 */
const SRC = __dirname;
/** Folders that are no feature of their own: the ground every module stands on, tools, and what the app is made of. */
const NOT_DOMAINS = new Set(['common', 'config', 'database', 'tenancy', 'access', 'seed', 'cli']);

const domains = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory() && !NOT_DOMAINS.has(d));
const filesOf = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesOf(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [join(dir, f)] : []));

describe('server structure', () => {
  it('makes every domain folder a Nest module', () => {
    const missing = domains.filter((d) => !readdirSync(join(SRC, d)).some((f) => f.endsWith('.module.ts')));
    expect(missing).toEqual([]);
  });

  it('lets no service reach into another domain\'s entities (types aside)', () => {
    const problems: string[] = [];
    for (const d of domains) {
      for (const file of filesOf(join(SRC, d)).filter((f) => f.endsWith('.service.ts'))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/^import \{[^}]*\} from '\.\.\/([\w-]+)\/[\w-]+\.entity';/gm)) {
          if (m[1] !== d) problems.push(`${file.slice(SRC.length + 1)}: ${m[0]}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no circle among the modules\' imports', () => {
    // module file -> the modules it imports (by their files)
    const modules = domains.flatMap((d) => readdirSync(join(SRC, d)).filter((f) => f.endsWith('.module.ts')).map((f) => join(d, f)));
    const edges = new Map<string, string[]>();
    for (const m of modules) {
      const text = readFileSync(join(SRC, m), 'utf8');
      const dir = m.split('/')[0];
      edges.set(m, [...text.matchAll(/from '(\.\.?\/[\w/.-]+\.module)'/g)].map((x) => join(dir, x[1]).replace(/^\.\.\//, '') + '.ts').filter((t) => modules.includes(t)));
    }
    const circles: string[] = [];
    const visit = (m: string, path: string[]) => {
      if (path.includes(m)) return circles.push([...path.slice(path.indexOf(m)), m].join(' -> '));
      for (const next of edges.get(m) ?? []) visit(next, [...path, m]);
    };
    for (const m of modules) visit(m, []);
    expect(edges.size).toBeGreaterThan(10);
    expect(circles).toEqual([]);
  });
});
