import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../../server/src/database/migrations';
import { Sessions1765320000000 } from '../../server/src/database/migrations/1765320000000-sessions';
import { SignIn1765321000000 } from '../../server/src/database/migrations/1765321000000-sign-in';
import { databaseBefore } from '../support/db';

describe('migrations 1765320000000 (sessions) and 1765321000000 (sign-in) on existing data', () => {
  it('make every refresh-token family a session (ended when revoked) and bring stored addresses to NFKC', async () => {
    const db = await databaseBefore('incident_desk_sessions_migration', Sessions1765320000000);
    expect(MIGRATIONS.indexOf(SignIn1765321000000)).toBe(MIGRATIONS.indexOf(Sessions1765320000000) + 1);
    const sup = new Client({ connectionString: db.superUrl });
    await sup.connect();
    try {
      const firm = randomUUID();
      const user = randomUUID();
      const [live, revoked] = [randomUUID(), randomUUID()];
      await sup.query(`insert into firms (id, name, slug) values ($1, 'Old firm', 'old-firm')`, [firm]);
      await sup.query(`insert into users (firm_id, id, email, name, role, password_hash) values ($1, $2, 'ｏｌｄ@example.test', 'Old', 'manager', 'x')`, [firm, user]);
      const token = (family: string, used: boolean, revokedAt: boolean, created: string) =>
        sup.query(
          `insert into refresh_tokens (firm_id, id, user_id, family_id, token_hash, expires_at, used_at, revoked_at, created_at)
           values ($1, $2, $3, $4, 'h', now() + interval '10 days', case when $5 then now() end, case when $6 then now() end, $7)`,
          [firm, randomUUID(), user, family, used, revokedAt, created],
        );
      await token(live, true, false, '2026-01-01T00:00:00Z');
      await token(live, false, false, '2026-01-02T00:00:00Z');
      await token(revoked, true, true, '2026-01-03T00:00:00Z');
      await token(revoked, false, true, '2026-01-04T00:00:00Z');

      await db.migrateAll();

      const sessions = await sup.query(`select id, user_id, created_at, last_used_at, ended_at, ended_reason from sessions order by created_at`);
      expect(sessions.rows).toEqual([
        { id: live, user_id: user, created_at: new Date('2026-01-01T00:00:00Z'), last_used_at: new Date('2026-01-02T00:00:00Z'), ended_at: null, ended_reason: null },
        { id: revoked, user_id: user, created_at: new Date('2026-01-03T00:00:00Z'), last_used_at: new Date('2026-01-04T00:00:00Z'), ended_at: expect.any(Date), ended_reason: 'revoked' },
      ]);
      // refresh tokens now belong to their session
      await expect(
        sup.query(`insert into refresh_tokens (firm_id, id, user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $4, 'h', now())`, [firm, randomUUID(), user, randomUUID()]),
      ).rejects.toThrow(/refresh_tokens_session/);
      expect((await sup.query(`select email from users where id = $1`, [user])).rows[0].email).toBe('old@example.test');
      // row-level security is forced again on the tables the backfill set it aside for
      const forced = await sup.query(`select relname, relforcerowsecurity from pg_class where relname in ('refresh_tokens', 'users', 'sessions') order by relname`);
      expect(forced.rows).toEqual([
        { relname: 'refresh_tokens', relforcerowsecurity: true },
        { relname: 'sessions', relforcerowsecurity: true },
        { relname: 'users', relforcerowsecurity: true },
      ]);
    } finally {
      await sup.end();
    }
  });
});
