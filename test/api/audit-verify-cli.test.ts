import { formatVerification, verifyAllChains } from '../../server/src/cli/audit-verify';
import { connect } from '../support/db';
import { createClient, makeFirm, startApp, type TestApp } from '../support/app';

describe('npm run audit:verify', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('checks every firm chain and names the first broken row of a tampered one', async () => {
    const f = await makeFirm(t, 'Verify');
    for (let i = 0; i < 3; i++) await createClient(t, f.manager);
    const before = await verifyAllChains(process.env.TEST_APP_DATABASE_URL!);
    const mine = before.find((r) => r.firmId === f.firmId)!;
    expect(mine).toEqual(expect.objectContaining({ ok: true, firstBroken: null }));
    expect(mine.checked).toBeGreaterThanOrEqual(4); // three creations and the sign-in

    const sup = await connect('super');
    try {
      await sup.query('alter table audit_logs disable trigger audit_logs_no_update_delete');
      await sup.query(`update audit_logs set changes = '{"name":{"before":null,"after":"forged"}}' where firm_id = $1 and seq = 2`, [f.firmId]);
    } finally {
      await sup.query('alter table audit_logs enable trigger audit_logs_no_update_delete');
      await sup.end();
    }
    const after = await verifyAllChains(process.env.TEST_APP_DATABASE_URL!);
    const broken = after.find((r) => r.firmId === f.firmId)!;
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toEqual(expect.objectContaining({ seq: 2, reason: expect.stringMatching(/hash/) }));
    expect(broken.checked).toBe(1);
    const { text, ok } = formatVerification(after);
    expect(ok).toBe(false);
    expect(text).toMatch(new RegExp(`BROKEN\\s+${f.firmId}.*seq 2`));
  });
});
