import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The benchmark scripts (bench/*.js) load the server's build by file: each file they name must have its source, or they
 * run only on a checkout whose dist/ still holds an old build's file (as `seed/scale.js` after the scale generator
 * became the folder `seed/scale/`).
 */
const ROOT = join(__dirname, '..', '..');
const BENCH = join(ROOT, 'bench');

/** The build files a script names: `server/dist/x.js` and, where it defines `dist = (p) => …'server/dist', p…`, `dist('x.js')`. */
function buildFilesOf(text: string): string[] {
  const out = [...text.matchAll(/['"](?:\.\.\/)?server\/dist\/([\w/.-]+\.js)['"]/g)].map((m) => m[1]);
  if (/const dist = \(p\) => require\(join\(ROOT, 'server\/dist', p\)\)/.test(text)) out.push(...[...text.matchAll(/\bdist\('([\w/.-]+\.js)'\)/g)].map((m) => m[1]));
  return out;
}

describe('the build files the benchmark scripts load', () => {
  it('each have their source in server/src', () => {
    const missing: string[] = [];
    let named = 0;
    for (const script of readdirSync(BENCH).filter((f) => f.endsWith('.js'))) {
      for (const file of buildFilesOf(readFileSync(join(BENCH, script), 'utf8'))) {
        named++;
        if (!existsSync(join(__dirname, file.replace(/\.js$/, '.ts')))) missing.push(`bench/${script}: server/dist/${file}`);
      }
    }
    expect(named).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('reads both ways of naming one', () => {
    const src = "const dist = (p) => require(join(ROOT, 'server/dist', p));\nconst a = dist('seed/scale.js');\nrequire('../server/dist/database/pg-time.js');";
    expect(buildFilesOf(src).sort()).toEqual(['database/pg-time.js', 'seed/scale.js']);
  });
});
