import { Client } from 'pg';
import { connect } from '../support/db';
import { readOnlyReplicaUrl } from '../support/app';

/**
 * REPORT_DATABASE_URL: the report suites again (test/api/reports.test.ts, report-rollups.test.ts), their apps reading
 * the service report, its CSV and PDF from a read-only copy — the app role's connection with every transaction
 * READ ONLY, as a hot standby refuses writes — while everything that writes (stored reports, the roll-up compaction,
 * the changes the suites make) stays on the primary. Every figure, every scope rule and every isolation check of those
 * suites holds there.
 */
process.env.TEST_REPORT_REPLICA = '1';
require('./reports.test');
require('./report-rollups.test');

describe('the read-only copy (REPORT_DATABASE_URL)', () => {
  it('refuses writes, as a standby would, and is what the reports read', async () => {
    const c = new Client({ connectionString: readOnlyReplicaUrl() });
    await c.connect();
    try {
      await expect(c.query(`insert into app_meta (key, value) values ('replica-test', 'x')`)).rejects.toThrow(/read-only transaction/);
    } finally {
      await c.end();
    }
    // the report routes of the suites above opened the pool of the copy (its application_name), and read reports there
    const sup = await connect('super');
    try {
      const r = await sup.query(`select query from pg_stat_activity where application_name = 'incident-desk-reports'`);
      expect(r.rows.length).toBeGreaterThan(0);
      expect(r.rows.some((x) => /report|app_enter_scope|COMMIT/i.test(x.query))).toBe(true);
    } finally {
      await sup.end();
    }
  });
});
