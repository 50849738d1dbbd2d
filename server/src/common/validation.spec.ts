import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { Nullable, OptionalNotNull } from './validation';

class Sample {
  @OptionalNotNull() @IsString() name?: string;
  @Nullable() @IsString() note?: string | null;
}

const problems = (body: object) => validateSync(plainToInstance(Sample, body)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('optional fields', () => {
  it('OptionalNotNull: may be left out, not set to null; Nullable: may be either', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ name: 'x', note: null })).toEqual([]);
    expect(problems({ name: null })).toEqual(expect.arrayContaining(['name must not be null']));
    expect(problems({ name: 5 })).toEqual(['name must be a string']);
  });

  it("are declared with these two only: class-validator's IsOptional lets null through to NOT NULL columns", () => {
    const root = join(__dirname, '..');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const offenders = files(root).filter((f) => !f.endsWith('validation.ts') && !f.endsWith('.spec.ts') && /\bIsOptional\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
