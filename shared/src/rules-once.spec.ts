import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Rules written once (issue 15): shared/ is the one home of what the server and the admin both say — declared once
 * there, imported (never declared again) by the server and the admin, and the admin's lists ask for the server's
 * default order through `defaultSort()` instead of restating it.
 */
const ROOT = join(__dirname, '..', '..');
const filesOf = (dir: string, ending: RegExp): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' || f === 'dist' ? [] : filesOf(p, ending);
    return ending.test(f) && !/\.spec\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
const at = (file: string) => relative(ROOT, file);

/** Top-level exported declarations of shared: name → where. */
function sharedDeclarations(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of filesOf(join(ROOT, 'shared', 'src'), /\.ts$/)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^export (?:declare )?(?:const|let|function|async function|interface|type|enum|class|abstract class) (\w+)/gm)) {
      out.set(m[1], [...(out.get(m[1]) ?? []), at(file)]);
    }
  }
  return out;
}

/** Where a react-admin `<List …>` element's props end (its `>` outside braces). */
function listElements(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<List\b/g)) {
    let depth = 0;
    let j = m.index! + 5;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
      else if (text[j] === '>' && depth === 0) break;
    }
    out.push(text.slice(m.index!, j + 1));
  }
  return out;
}

/** Lists whose order is their own on purpose (not a resource's default), each with why. */
const OWN_ORDER: Record<string, string> = {
  // my tasks across incidents by when they are due; a checklist (the tasks resource's default) is by position
  "admin/src/work/lists.tsx sort={{ field: 'dueAt', order: 'ASC' }} TaskList": 'tasks due first',
};

describe('rules written once', () => {
  it('declares each of shared\'s exported names once', () => {
    const twice = [...sharedDeclarations()].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('lets neither the server nor the admin declare a type, function or constant that shared exports (they import it)', () => {
    const shared = sharedDeclarations();
    const problems: string[] = [];
    const files = [...filesOf(join(ROOT, 'server', 'src'), /\.ts$/), ...filesOf(join(ROOT, 'admin', 'src'), /\.tsx?$/)];
    for (const file of files) {
      // types, interfaces, enums, functions and constants named in capitals (a React component of the same name is no
      // restatement)
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:export )?(?:(?:interface|type|enum) (\w+)|(?:async )?function (\w+)|const ([A-Z][A-Z0-9_]+)\b)/gm)) {
        const name = m[1] ?? m[2] ?? m[3];
        if (shared.has(name)) problems.push(`${at(file)}: ${name} (shared: ${shared.get(name)!.join(', ')})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has the admin's lists ask for the server's default order (defaultSort), not restate it", () => {
    const problems: string[] = [];
    for (const file of filesOf(join(ROOT, 'admin', 'src'), /\.tsx$/)) {
      const text = readFileSync(file, 'utf8');
      for (const element of listElements(text)) {
        const literal = element.match(/sort=\{\{[^}]*\}\}/);
        if (!literal) continue;
        const component = [...text.slice(0, text.indexOf(element)).matchAll(/export const (\w+)/g)].pop()?.[1];
        if (!OWN_ORDER[`${at(file)} ${literal[0]} ${component}`]) problems.push(`${at(file)} ${literal[0]} ${component}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds a list that restates an order, and the elements it reads', () => {
    expect(listElements("<List\n  actions={<Actions />}\n  sort={{ field: 'createdAt', order: 'DESC' }}\n>\n<DataTable>")).toEqual([
      "<List\n  actions={<Actions />}\n  sort={{ field: 'createdAt', order: 'DESC' }}\n>",
    ]);
    expect(listElements('<List dense disablePadding>')).toEqual(['<List dense disablePadding>']);
  });
});
