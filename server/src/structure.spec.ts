import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The house's structure, checked: each domain folder is a Nest module, its services reach no other domain's entities
 * (they ask the owning module's exported service), no two modules import each other, however far round, and no
 * service holds SQL (each domain's hand-written SQL lives in its `*.queries.ts`).
 */
const SRC = __dirname;
/** Folders that are no feature of their own: the ground every module stands on, tools, and what the app is made of. */
const NOT_DOMAINS = new Set(['common', 'config', 'database', 'tenancy', 'access', 'seed', 'cli']);

const domains = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory() && !NOT_DOMAINS.has(d));
const filesOf = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesOf(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [join(dir, f)] : []));

/** The string literals of a source (quoted and template text, `${…}` included as written), comments left out. */
function stringsOf(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let depth = 0;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (c === '`' && text[j] === '$' && text[j + 1] === '{') depth++;
        else if (depth && text[j] === '}') depth--;
        else if (!depth && text[j] === c) break;
      }
      out.push({ text: text.slice(i + 1, j), line: lineAt(i) });
      i = j;
    }
  }
  return out;
}

/** Queries modules not named *.queries.ts: the report roll-ups' reads and upkeep (the README names it). */
const QUERIES_MODULES = ['reports/report-rollups.ts'];

/** Functions longer than this do too much (issue 15: the scale loader's chunk was one function of 245 lines). */
const MAX_FUNCTION_LINES = 160;

/** The functions and methods of a source longer than `max` lines: `name (lines)`. */
function longFunctions(file: string, text: string, max: number): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.body) {
      const first = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
      const lines = src.getLineAndCharacterOfPosition(n.end).line - first + 1;
      if (lines > max) out.push(`${n.name?.getText(src) ?? '(anonymous)'}:${first + 1} (${lines} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

/** SQL in a string: a select … from, insert into, update … set or delete from (whole statements and fragments alike). */
const SQL = /\bselect\b[\s\S]*?\bfrom\b|\binsert\s+into\b|\bupdate\s+[\w.]+\s+set\b|\bdelete\s+from\b/i;

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

  it('keeps SQL out of services and every other file of a domain: its hand-written SQL is in its *.queries.ts', () => {
    const problems: string[] = [];
    // every file of a domain but its queries: services (*.service.ts and any other @Injectable, as AuditAnchors) and
    // the functions beside them (the audit's verifier, the storage's mover) alike
    const queries = (f: string) => f.endsWith('.queries.ts') || QUERIES_MODULES.includes(f.slice(SRC.length + 1));
    for (const d of domains) {
      for (const file of filesOf(join(SRC, d)).filter((f) => !queries(f))) {
        for (const s of stringsOf(readFileSync(file, 'utf8'))) {
          if (SQL.test(s.text)) problems.push(`${file.slice(SRC.length + 1)}:${s.line}: ${s.text.replace(/\s+/g, ' ').slice(0, 80)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines (landed migrations aside: history, written out)`, () => {
    const all = filesOf(SRC).filter((f) => !f.includes('/database/migrations/'));
    const problems = all.flatMap((f) => longFunctions(f, readFileSync(f, 'utf8'), MAX_FUNCTION_LINES).map((x) => `${f.slice(SRC.length + 1)}: ${x}`));
    expect(all.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('measures a function from its first line to its last', () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x(${i});`).join('\n');
    const src = `function short() {\n${body(4)}\n}\nclass A {\n  long() {\n${body(6)}\n  }\n}\nconst f = () => {\n${body(7)}\n};`;
    expect(longFunctions('a.ts', src, 5)).toEqual(['long:6 (6 lines)', '(anonymous):13 (7 lines)']);
  });

  it('finds SQL in strings however written, and not in prose or comments', () => {
    const found = (src: string) => stringsOf(src).filter((s) => SQL.test(s.text)).map((s) => s.text.trim());
    expect(found("q('select id from t where a = $1')")).toEqual(['select id from t where a = $1']);
    expect(found('q(`\n  INSERT INTO t (a) values ($1)`)')).toEqual(['INSERT INTO t (a) values ($1)']);
    expect(found('const X = "update t set a = 1"; rows(`delete from t where ${cond}`)')).toEqual(['update t set a = 1', 'delete from t where ${cond}']);
    expect(found('qb.andWhere(`exists (select 1 from o where o.id = ${x ? `a` : "b"})`)')).toHaveLength(1);
    expect(found("// select x from y\n/* delete from t */ fieldError('clientId', 'select a client')")).toEqual([]);
  });
});
