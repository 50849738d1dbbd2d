import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DerivedVisibility1767400000000 } from '../../server/src/database/migrations/1767400000000-derived-visibility';
import { databaseBefore, dropDatabase } from '../support/db';

/**
 * Migration 1767400000000 on a database with rows: the kept columns are set from what is there, the bytes still in
 * PostgreSQL from before the evidence store included (their no-update trigger is set aside for the backfill only).
 */
describe('migration 1767400000000 (derived visibility) on existing data', () => {
  const NAME = 'incident_desk_derived_visibility_migration';
  afterAll(() => dropDatabase(NAME));

  it('sets the kept columns of the rows there are, and the bytes still refuse any change', async () => {
    const db = await databaseBefore(NAME, DerivedVisibility1767400000000);
    const sup = new Client({ connectionString: db.superUrl });
    await sup.connect();
    try {
      const [firm, client, training, shared, hidden] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await sup.query(`insert into firms (id, name, slug) values ($1, 'Old firm', 'old-firm')`, [firm]);
      await sup.query(`insert into clients (firm_id, id, name, credit_code, operator_type) values ($1, $2, '老客户', '91110000000000000X', 'other')`, [firm, client]);
      await sup.query(`insert into trainings (firm_id, id, client_id, type, title, date) values ($1, $2, $3, 'emergency_drill', '演练', '2026-01-10')`, [firm, training, client]);
      const file = (id: string, entity: string, entityId: string) => sup.query(
        `insert into attachments (firm_id, id, client_id, entity, entity_id, file_name, sha256, size, content_type) values ($1, $2, $3, $4, $5, 'old.txt', $6, 3, 'text/plain')`,
        [firm, id, client, entity, entityId, 'c'.repeat(64)],
      );
      await file(shared, 'trainings', training);
      await file(hidden, 'incidents', randomUUID());
      for (const id of [shared, hidden]) await sup.query(`insert into attachment_contents (firm_id, id, content) values ($1, $2, 'old'::bytea)`, [firm, id]);

      await db.migrateAll();

      expect((await sup.query(`select id, client_shared from attachments order by id`)).rows)
        .toEqual([{ id: shared, client_shared: true }, { id: hidden, client_shared: false }].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect((await sup.query(`select id, client_id, client_shared from attachment_contents order by id`)).rows)
        .toEqual([{ id: shared, client_id: client, client_shared: true }, { id: hidden, client_id: client, client_shared: false }].sort((a, b) => (a.id < b.id ? -1 : 1)));
      await expect(sup.query(`update attachment_contents set content = 'new'::bytea where id = $1`, [shared])).rejects.toThrow(/never change/);
      // row-level security is forced again on the tables the backfill set it aside for
      const unforced = await sup.query(`select relname from pg_class where relname = any($1) and not relforcerowsecurity`,
        [['improvement_actions', 'evaluations', 'attachments', 'communications', 'attachment_contents', 'firm_incidents', 'incidents']]);
      expect(unforced.rows).toEqual([]);
    } finally {
      await sup.end();
    }
  });
});
