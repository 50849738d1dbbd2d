import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Only the public APIs of the libraries we use: no reaching into their private state. This reads the server's source
 * (comments left out) for the names of pg's, TypeORM's and Nest's internals that this code once used or that such
 * code would use, and for a cast through `unknown` to an object type written in place — the way to reach a field a
 * library does not declare. A match names the file and line; say how the library's public API does it instead.
 */
const SRC = __dirname;

/** Private state of pg, TypeORM and Nest, by name (as a property or an import). */
const PRIVATE: [RegExp, string][] = [
  [/\bparsedStatements\b|\bsubmittedNamedStatements\b/, "pg's connection's prepared statements"],
  [/\bprepareValue\b|\bpg\.utils\b|\butils\.prepareValue\b/, "pg's internal value conversion (pg.utils)"],
  [/\b_?(?:queryQueue|activeQuery|sentQueryQueue)\b|\breadyForQuery\b|\b_txStatus\b/, "pg's client's query queue"],
  [/\bdatabaseConnection\b/, "a TypeORM query runner's connection (queryRunner.connect() returns it)"],
  [/\btransactionDepth\b|\bisTransactionActive\s*=[^=]/, "a TypeORM query runner's transaction state (startTransaction/commitTransaction set it)"],
  [/\bconnectedQueryRunners\b|\bobtainMasterConnection\b|\breleaseCallback\b|\bbroadcaster\b/, "TypeORM's driver and query runner internals"],
  [/from '@nestjs\/core\/(?!index)|from '@nestjs\/common\/internal'|\bExecutionContextHost\b/, "Nest's internal modules"],
];

/** A cast through unknown to an object type written in place: `x as unknown as { field: … }`. */
const CAST = /\bas\s+unknown\s+as\s+\{/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The source with its comments blanked out (line numbers kept); strings and template text are left as they are. */
function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = closing(text, i, c);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length - 1;
    } else out += c;
  }
  return out;
}

function closing(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length - 1;
}

function findings(): string[] {
  const out: string[] = [];
  for (const file of sources(SRC)) {
    const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, k) => {
      const where = `${relative(SRC, file)}:${k + 1}`;
      for (const [re, what] of PRIVATE) if (re.test(line)) out.push(`${where}: ${what}: ${line.trim()}`);
      if (CAST.test(line)) out.push(`${where}: a cast through unknown to an undeclared shape: ${line.trim()}`);
    });
  }
  return out;
}

describe('the server uses only public library APIs', () => {
  it('reaches into no private field of pg, TypeORM or Nest', () => {
    expect(findings()).toEqual([]);
  });

  it('recognises each kind of reach it looks for, and not the same words in comments', () => {
    const flagged = (src: string) => {
      const lines = withoutComments(src).split('\n');
      return lines.some((l) => PRIVATE.some(([re]) => re.test(l)) || CAST.test(l));
    };
    for (const reach of [
      'const parsed = (client as any).connection.parsedStatements;',
      "const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;",
      'const c = (qr as any).databaseConnection;',
      'state.transactionDepth = 1;',
      'state.isTransactionActive = true;',
      "import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';",
      'const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;',
    ]) {
      expect({ reach, flagged: flagged(reach) }).toEqual({ reach, flagged: true });
    }
    for (const fine of [
      '// sets isTransactionActive = true, as TypeORM does',
      '/* pg keeps parsedStatements per connection */',
      'if (qr.isTransactionActive) await qr.rollbackTransaction();',
      "const inputs = dto.inputs as unknown as GradingInputs;",
      "import { NestFactory } from '@nestjs/core';",
    ]) {
      expect({ fine, flagged: flagged(fine) }).toEqual({ fine, flagged: false });
    }
  });
});
