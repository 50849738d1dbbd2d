import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../server/src/database/migrations';
import { recordMigrations, type MigrationRecording } from '../support/migration-recorder';

const FIXTURE = join(__dirname, 'fixtures', 'migration-sql.json');
const DIR = join(__dirname, '..', '..', 'server', 'src', 'database', 'migrations');
const CHECKSUMS = join(DIR, 'checksums.txt');

type Statements = MigrationRecording['up'];

/**
 * The statements in the order they ran, except a run of `alter policy` statements: migration 1764600000000 rewrites
 * the policies pg_policies lists, in the catalog's order (which it does not fix), so such a run compares as a set.
 */
function inOrder(list: Statements): Statements {
  const out: Statements = [];
  for (let i = 0; i < list.length; ) {
    let j = i;
    while (j < list.length && list[j].sql.startsWith('alter policy ')) j++;
    if (j > i) {
      out.push(...list.slice(i, j).sort((a, b) => (a.sql < b.sql ? -1 : a.sql > b.sql ? 1 : 0)));
      i = j;
    } else out.push(list[i++]);
  }
  return out;
}

const comparable = (r: MigrationRecording) => ({ name: r.name, up: inOrder(r.up), down: inOrder(r.down) });

describe('landed migrations are history', () => {
  it('each runs, up and down, byte for byte the SQL it ran when it was recorded (test/api/fixtures/migration-sql.json)', async () => {
    const now = await recordMigrations('incident_desk_migration_recording');
    // RECORD_MIGRATION_SQL=1 writes the recording: done once, from the migrations as they landed
    if (process.env.RECORD_MIGRATION_SQL === '1') writeFileSync(FIXTURE, JSON.stringify(now, null, 1) + '\n');
    const recorded: MigrationRecording[] = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    // every recorded migration still runs what it ran; a migration added since is new (its checksum line below)
    for (const before of recorded) {
      const after = now.find((r) => r.name === before.name);
      expect({ name: before.name, found: after !== undefined }).toEqual({ name: before.name, found: true });
      expect(comparable(after!)).toEqual(comparable(before));
    }
  });

  it('keeps every landed migration file as it was (checksums.txt), and lists every migration file there', () => {
    const listed = readFileSync(CHECKSUMS, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => { const [sum, file] = l.trim().split(/\s+\*?/); return { sum, file }; });
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
    // a listed migration that disappeared, or a file without its line
    expect(listed.map((l) => l.file).sort()).toEqual(files);
    for (const { sum, file } of listed) {
      const now = createHash('sha256').update(readFileSync(join(DIR, file))).digest('hex');
      expect({ file, sha256: now }).toEqual({ file, sha256: sum });
    }
    // and every file is a registered migration (index.ts): none lies there unrun
    expect(files.map((f) => f.split('-')[0])).toEqual(MIGRATIONS.map((m) => m.name.replace(/^\D+/, '')));
  });
});
