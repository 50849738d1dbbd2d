import { ISO_TIMES } from '../../server/src/database/pg-time';
import { PREPARED_PER_CONNECTION, PreparingClient, statementName } from '../../server/src/database/prepared';

/**
 * The app's pool client prepares statements with parameters once per connection (server/src/database/prepared.ts).
 * Checked on a real connection of the app role: pg_prepared_statements lists what this session has prepared.
 */
describe('PreparingClient', () => {
  let c: PreparingClient;
  beforeAll(async () => {
    c = new PreparingClient({ connectionString: process.env.TEST_APP_DATABASE_URL });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
  });

  const prepared = async () => (await c.query('select name, statement from pg_prepared_statements order by prepare_time')).rows as { name: string; statement: string }[];

  it('prepares a statement with parameters under the name of its text, once, and answers as before', async () => {
    const text = 'select $1::int + $2::int as sum';
    expect((await c.query(text, [1, 2])).rows).toEqual([{ sum: 3 }]);
    expect((await c.query(text, [40, 2])).rows).toEqual([{ sum: 42 }]);
    const mine = (await prepared()).filter((p) => p.statement === text);
    expect(mine).toEqual([{ name: statementName(text), statement: text }]);
  });

  it('sends statements without parameters, and several statements in one text, unnamed', async () => {
    const before = (await prepared()).length;
    expect((await c.query('select 7 as n')).rows).toEqual([{ n: 7 }]);
    const results = (await c.query('begin; select 8 as n; commit')) as unknown as { rows: { n: number }[] }[];
    expect(results[1].rows).toEqual([{ n: 8 }]);
    expect((await prepared()).length).toBe(before);
  });

  it('parses with the types a query brings ({text, values, types}), prepared or sent with a transaction start', async () => {
    const text = "select $1::timestamptz as t, $2::int as n";
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect((await c.query(text, [at, 1])).rows).toEqual([{ t: at, n: 1 }]);
    expect((await c.query({ text, values: [at, 2], types: ISO_TIMES })).rows).toEqual([{ t: '2026-03-04T05:06:07.089Z', n: 2 }]);
    expect((await prepared()).filter((p) => p.statement === text)).toHaveLength(1);
    // the same statement in the message that starts a transaction (EXECUTE with literals), its rows parsed alike
    const started = c.beginWithNext('START TRANSACTION READ ONLY; select 5 as five');
    const rows = (await c.query({ text, values: [at, 3], types: ISO_TIMES })).rows;
    expect(await started).toEqual({ five: 5 });
    expect(rows).toEqual([{ t: '2026-03-04T05:06:07.089Z', n: 3 }]);
    expect((await c.query('select current_setting(\'transaction_read_only\') as ro')).rows).toEqual([{ ro: 'on' }]);
    await c.query('COMMIT');
    // without parameters: sent unnamed, still with its types
    expect((await c.query({ text: "select '2026-03-04 05:06:07.5+00'::timestamptz as t", types: ISO_TIMES })).rows).toEqual([{ t: '2026-03-04T05:06:07.500Z' }]);
  });

  it('keeps a bounded number of statements prepared on a connection', async () => {
    const start = (await prepared()).length;
    for (let k = 0; k < PREPARED_PER_CONNECTION + 20; k++) {
      expect((await c.query(`select $1::int + ${k} as v`, [1])).rows).toEqual([{ v: 1 + k }]);
    }
    const after = await prepared();
    expect(after.length).toBe(PREPARED_PER_CONNECTION);
    expect(after.length).toBeGreaterThan(start);
    // a statement prepared before the limit was reached is still used by name
    const first = 'select $1::int + 0 as v';
    expect((await c.query(first, [5])).rows).toEqual([{ v: 5 }]);
    expect((await prepared()).filter((p) => p.statement === first)).toHaveLength(1);
  });

  it('reports a statement error as before and stays usable', async () => {
    await expect(c.query('select $1::int / 0 as boom', [1])).rejects.toThrow(/division by zero/);
    expect((await c.query('select $1::text as t', ['ok'])).rows).toEqual([{ t: 'ok' }]);
  });
});
