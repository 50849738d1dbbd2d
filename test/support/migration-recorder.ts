import { DataSource, type QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../server/src/database/migrations';
import { dropDatabase, emptyDatabase } from './db';

/** What one migration ran: every statement its up() and down() handed to the query runner, with its parameters. */
export interface MigrationRecording {
  name: string;
  up: { sql: string; parameters?: unknown[] }[];
  down: { sql: string; parameters?: unknown[] }[];
}

/**
 * A stand-in QueryRunner that records each statement and hands it on to a real one (so that a migration which reads
 * the catalog — the policies it rewrites, whether a table exists — takes the branches it takes on a real database).
 */
function recording(real: QueryRunner, into: MigrationRecording['up']): QueryRunner {
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'query') {
        return (sql: string, parameters?: unknown[]) => {
          into.push(parameters === undefined ? { sql } : { sql, parameters });
          return target.query(sql, parameters);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs every migration's up() in order on a new empty database `name`, then every down() in reverse order, each in
 * a transaction of its own, and returns what each ran.
 */
export async function recordMigrations(name: string): Promise<MigrationRecording[]> {
  const { ownerUrl: url } = await emptyDatabase(name);
  const ds = new DataSource({ type: 'postgres', url, installExtensions: false } as any);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  const recordings: MigrationRecording[] = MIGRATIONS.map((m) => ({ name: m.name, up: [], down: [] }));
  try {
    const step = async (i: number, direction: 'up' | 'down') => {
      const migration = new MIGRATIONS[i]();
      await runner.startTransaction();
      try {
        await migration[direction](recording(runner, recordings[i][direction]));
        await runner.commitTransaction();
      } catch (e) {
        await runner.rollbackTransaction();
        throw e;
      }
    };
    for (let i = 0; i < MIGRATIONS.length; i++) await step(i, 'up');
    for (let i = MIGRATIONS.length - 1; i >= 0; i--) await step(i, 'down');
  } finally {
    await runner.release();
    await ds.destroy();
    await dropDatabase(name);
  }
  return recordings;
}
