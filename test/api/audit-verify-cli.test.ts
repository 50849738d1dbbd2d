import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../support/db';
import { AuditAnchors } from '../../server/src/audit/anchors';
import { formatVerification, runAuditVerify, verifyAllChains } from '../../server/src/cli/audit-verify';
import { createClient, makeFirm, startApp, TEST_AUDIT_KEY, type TestApp } from '../support/app';
import { freshDatabase } from '../support/browser';

/** `npm run audit:verify` on a database of its own, so that its exit code answers for every chain in it. */
describe('npm run audit:verify', () => {
  let t: TestApp;
  let urls: { ownerUrl: string; appUrl: string };
  let env: NodeJS.ProcessEnv;
  let folder: string;
  beforeAll(async () => {
    urls = await freshDatabase('audit_verify_cli_test');
    const vars = { DATABASE_URL: urls.ownerUrl, APP_DATABASE_URL: urls.appUrl };
    t = await startApp({ appDatabaseUrl: urls.appUrl, env: vars });
    // the configuration the server runs with: same key, same data folder (and so the same anchor store)
    env = { ...vars, DATA_DIR: t.config.dataDir, JWT_SECRET: t.config.jwtSecret, AUDIT_KEY: TEST_AUDIT_KEY } as NodeJS.ProcessEnv;
    folder = await t.app.get(AuditAnchors).folder();
  }, 120_000);
  afterAll(() => t?.close());

  async function run(): Promise<{ code: number; text: string }> {
    let text = '';
    const code = await runAuditVerify(env, (s) => (text += s));
    return { code, text };
  }

  /** As superuser of that database, with the append-only trigger off for one transaction. */
  async function tamper(sql: string, params: unknown[]) {
    const sup = new Client({ connectionString: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, 'audit_verify_cli_test') });
    await sup.connect();
    try {
      await sup.query('begin');
      await sup.query('alter table audit_logs disable trigger audit_logs_no_update_delete');
      await sup.query(sql, params);
      await sup.query('alter table audit_logs enable trigger audit_logs_no_update_delete');
      await sup.query('commit');
    } finally {
      await sup.end();
    }
  }

  it('exits 0 when every chain verifies with the key and against its anchors, 1 naming the firm and the first broken row', async () => {
    const f = await makeFirm(t, 'Verify');
    for (let i = 0; i < 3; i++) await createClient(t, f.manager);
    await t.app.get(AuditAnchors).flush();

    const clean = await run();
    expect(clean.code).toBe(0);
    expect(clean.text).toMatch(new RegExp(`ok\\s+${f.firmId}\\s+Verify t-\\w+: 4 rows, anchored up to seq 4`));
    // and the platform's chain (issue 20: the operators' audit), empty here
    expect(clean.text).toMatch(/ok\s+f0000000-0000-4000-8000-000000000000\s+Incident Desk: 0 rows/);
    expect(clean.text).toMatch(/All 2 audit chains verified\./);

    await tamper(`update audit_logs set changes = '{"name":{"before":null,"after":"forged"}}' where firm_id = $1 and seq = 2`, [f.firmId]);
    const result = await verifyAllChains(urls.appUrl, t.config);
    const broken = result.firms.find((r) => r.firmId === f.firmId)!;
    expect(broken).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, reason: expect.stringMatching(/hash/) } });
    expect(formatVerification(result).ok).toBe(false);

    const failed = await run();
    expect(failed.code).toBe(1);
    expect(failed.text).toMatch(new RegExp(`BROKEN\\s+${f.firmId}\\s+Verify t-\\w+: first broken row seq 2 .*hash`));
    expect(failed.text).toMatch(/Audit chain verification FAILED\./);
  });

  it('ignores a torn last line (a crash mid-write) but fails on an unreadable line inside an anchor file', async () => {
    const before = await run();
    mkdirSync(folder, { recursive: true });
    appendFileSync(join(folder, 'crashed-1.jsonl'), '{"firmId":"00000000-0000-4000-8000-0000');
    expect((await run()).text).not.toMatch(/anchor store/);
    expect((await run()).code).toBe(before.code);

    appendFileSync(join(folder, 'crashed-2.jsonl'), 'not an anchor\n{"also":"not"}\n');
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.text).toContain(`BROKEN  anchor store: ${join(folder, 'crashed-2.jsonl')} line 1 is not an anchor`);
    expect(result.text).toContain(`${join(folder, 'crashed-2.jsonl')} line 2 is not an anchor`);
  });

  it('exits 2 with the reason when it cannot run', async () => {
    let text = '';
    const code = await runAuditVerify({ ...env, DATABASE_URL: '', APP_DATABASE_URL: '', DATA_DIR: join(t.config.dataDir, 'nothing-here') }, (s) => (text += s));
    expect(code).toBe(2);
    expect(text).toMatch(/No database in .*nothing-here/);
  });
});
