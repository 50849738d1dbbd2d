import type { AuditLogRecord } from '@incident-desk/shared';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import {
  createClient, createUser, listQuery, login, makeFirm, makeWorld, newCreditCode, PASSWORD, startApp, type Session, type TestApp,
  type World,
} from '../support/app';
import { connect } from '../support/db';

const HEX64 = /^[0-9a-f]{64}$/;
const LOCAL = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

/** the API's audit row, as shared/ declares it */
type Row = AuditLogRecord;

type Firm = { firmId: string; manager: Session; slug: string };

describe('audit log', () => {
  let t: TestApp;
  let w: World;
  let sup: PgClient;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    sup = await connect('super');
  });
  afterAll(async () => {
    await sup.end();
    await t.close();
  });

  /** A firm's audit rows (as its manager sees them), oldest first. */
  async function logs(s: Session, filter: Record<string, unknown> = {}): Promise<Row[]> {
    const res = await t.api().get('/api/audit-logs').query(listQuery({ sort: ['seq', 'ASC'], range: [0, 999], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return res.body;
  }
  async function total(s: Session): Promise<number> {
    const res = await t.api().get('/api/audit-logs').query(listQuery({ range: [0, 0] })).set(s.auth);
    return Number(/^audit-logs \d+-\d+\/(\d+)$/.exec(res.headers['content-range'])![1]);
  }
  const verify = (s: Session) => t.api().post('/api/audit-logs/verify').set(s.auth);
  /** The id of the transaction that wrote a row (as superuser: below row-level security). */
  async function xmin(table: string, firmId: string, id: string): Promise<string> {
    const r = await sup.query(`select xmin::text as x from ${table} where firm_id = $1 and id = $2`, [firmId, id]);
    expect(r.rows).toHaveLength(1);
    return r.rows[0].x;
  }
  /** Exactly one row for this entity id and action. */
  async function only(s: Session, entityId: string, action: string): Promise<Row> {
    const rows = (await logs(s, { entityId })).filter((r) => r.action === action);
    expect(rows).toHaveLength(1);
    return rows[0];
  }
  function expectRowShape(row: Row, firm: { manager: Session }, res: { headers: Record<string, string> }) {
    expect(row.actorId).toBe(firm.manager.user.id);
    expect(row.actorRole).toBe('manager');
    expect(row.requestId).toBe(res.headers['x-request-id']);
    expect(row.requestId).toBeTruthy();
    expect(row.ip).toMatch(LOCAL);
    expect(row.hash).toMatch(HEX64);
    expect(row.prevHash).toMatch(HEX64);
    expect(Date.now() - new Date(row.createdAt).getTime()).toBeLessThan(60_000);
  }

  describe('every change writes one row, in the same transaction', () => {
    let f: Firm;
    beforeAll(async () => {
      f = await makeFirm(t, 'Audit');
    });

    it('client create: actor, entity, id, action, every field after, request id, address', async () => {
      const body = { name: '审计测试有限公司', creditCode: newCreditCode(), operatorType: 'cii', industry: '能源' };
      const res = await t.api().post('/api/clients').set(f.manager.auth).send(body);
      expect(res.status).toBe(201);
      const row = await only(f.manager, res.body.id, 'create');
      expectRowShape(row, f, res);
      expect(row).toMatchObject({ entity: 'clients', entityId: res.body.id, clientId: res.body.id, action: 'create' });
      expect(row.changes).toEqual({
        id: { before: null, after: res.body.id },
        firmId: { before: null, after: f.firmId },
        name: { before: null, after: body.name },
        creditCode: { before: null, after: body.creditCode },
        industry: { before: null, after: '能源' },
        operatorType: { before: null, after: 'cii' },
        processesEuPersonalData: { before: null, after: false },
        contacts: { before: null, after: [] },
        contractSla: { before: null, after: {} },
        status: { before: null, after: 'active' },
      });
      expect(await xmin('audit_logs', f.firmId, row.id)).toBe(await xmin('clients', f.firmId, res.body.id));
    });

    it('client update: only the changed fields, before and after', async () => {
      const c = await createClient(t, f.manager, { industry: '物流' });
      const res = await t.api().put(`/api/clients/${c.id}`).set(f.manager.auth).send({ name: '新名称', industry: '物流' });
      expect(res.status).toBe(200);
      const row = await only(f.manager, c.id, 'update');
      expectRowShape(row, f, res);
      expect(row).toMatchObject({ entity: 'clients', entityId: c.id, clientId: c.id });
      expect(row.changes).toEqual({ name: { before: c.name, after: '新名称' } });
      expect(await xmin('audit_logs', f.firmId, row.id)).toBe(await xmin('clients', f.firmId, c.id));
    });

    it('client offboarding is a state change (transition) with status and offboardedAt', async () => {
      const c = await createClient(t, f.manager);
      const res = await t.api().put(`/api/clients/${c.id}`).set(f.manager.auth).send({ status: 'offboarded' });
      expect(res.status).toBe(200);
      const row = await only(f.manager, c.id, 'transition');
      expectRowShape(row, f, res);
      expect(row.changes).toEqual({
        status: { before: 'active', after: 'offboarded' },
        offboardedAt: { before: null, after: res.body.offboardedAt },
      });
      expect(await xmin('audit_logs', f.firmId, row.id)).toBe(await xmin('clients', f.firmId, c.id));
    });

    it('user create and update: no password hash in the changes', async () => {
      const email = `audited-${randomUUID().slice(0, 6)}@${f.slug}.test`;
      const res = await t.api().post('/api/users').set(f.manager.auth).send({ email, name: 'Audited', role: 'consultant' });
      expect(res.status).toBe(201);
      const created = await only(f.manager, res.body.id, 'create');
      expectRowShape(created, f, res);
      expect(created).toMatchObject({ entity: 'users', entityId: res.body.id, clientId: null });
      expect(created.changes).toMatchObject({
        email: { before: null, after: email },
        role: { before: null, after: 'consultant' },
        active: { before: null, after: true },
      });
      expect(JSON.stringify(created.changes)).not.toMatch(/password|scrypt/i);
      expect(await xmin('audit_logs', f.firmId, created.id)).toBe(await xmin('users', f.firmId, res.body.id));

      const off = await t.api().put(`/api/users/${res.body.id}`).set(f.manager.auth).send({ active: false });
      expect(off.status).toBe(200);
      const updated = await only(f.manager, res.body.id, 'update');
      expectRowShape(updated, f, off);
      expect(updated.changes).toEqual({ active: { before: true, after: false } });
    });

    it('a reset link sent by a manager: a row of its own, without the link', async () => {
      const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
      const res = await t.api().post(`/api/users/${u.id}/reset-password`).set(f.manager.auth);
      expect(res.status).toBe(200);
      const row = await only(f.manager, u.id, 'password_reset_requested');
      expectRowShape(row, f, res);
      expect(row.entity).toBe('users');
      expect(JSON.stringify(row)).not.toMatch(/token|scrypt/);
    });

    it('assignment create and delete (delete keeps the values before)', async () => {
      const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
      const c = await createClient(t, f.manager);
      const res = await t.api().post('/api/assignments').set(f.manager.auth).send({ consultantId: u.id, clientId: c.id });
      expect(res.status).toBe(201);
      const created = await only(f.manager, res.body.id, 'create');
      expectRowShape(created, f, res);
      expect(created).toMatchObject({ entity: 'assignments', clientId: c.id });
      expect(created.changes).toMatchObject({ consultantId: { before: null, after: u.id }, clientId: { before: null, after: c.id } });
      expect(await xmin('audit_logs', f.firmId, created.id)).toBe(await xmin('assignments', f.firmId, res.body.id));

      const del = await t.api().delete(`/api/assignments/${res.body.id}`).set(f.manager.auth);
      expect(del.status).toBe(200);
      const deleted = await only(f.manager, res.body.id, 'delete');
      expectRowShape(deleted, f, del);
      expect(deleted).toMatchObject({ entity: 'assignments', clientId: c.id });
      expect(deleted.changes).toEqual({
        id: { before: res.body.id, after: null },
        consultantId: { before: u.id, after: null },
        clientId: { before: c.id, after: null },
        primary: { before: true, after: null },
      });
    });

    it("keeps the caller's X-Request-Id when it is well-formed, and makes one otherwise", async () => {
      const given = `req-${randomUUID()}`;
      const res = await t.api().post('/api/clients').set(f.manager.auth).set('X-Request-Id', given)
        .send({ name: 'Traced', creditCode: newCreditCode(), operatorType: 'other' });
      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toBe(given);
      expect((await only(f.manager, res.body.id, 'create')).requestId).toBe(given);

      const res2 = await t.api().post('/api/clients').set(f.manager.auth).set('X-Request-Id', 'bad id; with spaces')
        .send({ name: 'Traced 2', creditCode: newCreditCode(), operatorType: 'other' });
      expect(res2.status).toBe(201);
      expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect((await only(f.manager, res2.body.id, 'create')).requestId).toBe(res2.headers['x-request-id']);
    });

    it('sign-in is recorded too', async () => {
      const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
      await login(t, u.email);
      const rows = await logs(f.manager, { entityId: u.id, action: 'login' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ entity: 'users', actorId: u.id, actorRole: 'consultant' });
    });

    it('the chain of this firm verifies after all that', async () => {
      const res = await verify(f.manager);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, checked: await total(f.manager), firstBroken: null });
    });
  });

  describe('a rejected write leaves no row', () => {
    it('400 (validation), 409 (constraint), 403 and 404 leave the log as it was', async () => {
      const f = await makeFirm(t, 'Rejected');
      const existing = await createClient(t, f.manager);
      const consultant = await login(t, (await createUser(t, f.manager, f.slug, { role: 'consultant' })).email);
      const before = await logs(f.manager);
      const attempts = [
        await t.api().post('/api/clients').set(f.manager.auth).send({ name: 'Bad', creditCode: '91350100M000100Y44', operatorType: 'other' }),
        await t.api().post('/api/clients').set(f.manager.auth).send({ name: 'Bad', creditCode: newCreditCode(), operatorType: 'other', firmId: w.a.firmId }),
        await t.api().put(`/api/clients/${existing.id}`).set(f.manager.auth).send({ operatorType: 'bank' }),
        await t.api().post('/api/users').set(f.manager.auth).send({ email: `x-${randomUUID().slice(0, 6)}@${f.slug}.test`, name: 'X', role: 'client_admin' }),
        await t.api().post('/api/clients').set(f.manager.auth).send({ name: 'Dup', creditCode: existing.creditCode, operatorType: 'other' }),
        await t.api().post('/api/users').set(f.manager.auth).send({ email: f.manager.user.email, name: 'Dup', role: 'manager' }),
        await t.api().post('/api/clients').set(consultant.auth).send({ name: 'Nope', creditCode: newCreditCode(), operatorType: 'other' }),
        await t.api().put(`/api/clients/${w.a.assigned.id}`).set(f.manager.auth).send({ name: 'Not yours' }),
      ];
      expect(attempts.map((r) => r.status)).toEqual([400, 400, 400, 400, 409, 409, 403, 404]);
      const after = await logs(f.manager);
      expect(after).toEqual(before);
      const requestIds = new Set(attempts.map((r) => r.headers['x-request-id']));
      expect(after.filter((r) => requestIds.has(r.requestId!))).toEqual([]);
      // the chain has no hole where a rejected write would have been
      const v = await verify(f.manager);
      expect(v.body).toEqual({ ok: true, checked: before.length, firstBroken: null });
      // and the next write continues the chain
      const next = await createClient(t, f.manager);
      const row = await only(f.manager, next.id, 'create');
      expect(row.seq).toBe(before[before.length - 1].seq + 1);
      expect(row.prevHash).toBe(before[before.length - 1].hash);
    });
  });

  describe('append-only', () => {
    it('the app role cannot UPDATE, DELETE or TRUNCATE audit_logs, even within its firm scope', async () => {
      const f = await makeFirm(t, 'Append');
      await createClient(t, f.manager);
      const rowsBefore = await logs(f.manager);
      const app = await connect('app');
      try {
        await app.query(`select set_config('app.firm_id', $1, false)`, [f.firmId]);
        // the scope is right: the rows are visible to this connection
        const seen = await app.query('select count(*)::int as n from audit_logs where firm_id = $1', [f.firmId]);
        expect(seen.rows[0].n).toBe(rowsBefore.length);
        const attempts = [
          [`update audit_logs set changes = '{}'::jsonb where firm_id = $1`, [f.firmId]],
          [`update audit_logs set hash = prev_hash where firm_id = $1 and seq = 1`, [f.firmId]],
          [`delete from audit_logs where firm_id = $1`, [f.firmId]],
          [`delete from audit_logs where firm_id = $1 and seq = (select max(seq) from audit_logs where firm_id = $1)`, [f.firmId]],
          ['truncate audit_logs', []],
        ] as const;
        for (const [sql, params] of attempts) {
          await expect(app.query(sql, [...params])).rejects.toMatchObject({ code: '42501' });
        }
      } finally {
        await app.end();
      }
      expect(await logs(f.manager)).toEqual(rowsBefore);
      expect((await verify(f.manager)).body.ok).toBe(true);
    });

    it('a trigger refuses UPDATE and DELETE even to the owner', async () => {
      const f = await makeFirm(t, 'Owner');
      const owner = await connect('owner');
      try {
        // another test file may disable the trigger for a moment to tamper with its own firm: wait for it to be back
        for (let i = 0; ; i++) {
          await owner.query('begin');
          await owner.query('lock table audit_logs in share row exclusive mode');
          const trig = await owner.query(`select tgenabled from pg_trigger where tgname = 'audit_logs_no_update_delete'`);
          expect(trig.rows).toHaveLength(1);
          if (trig.rows[0].tgenabled === 'O' || i >= 50) break;
          await owner.query('rollback');
          await new Promise((r) => setTimeout(r, 100));
        }
        await owner.query(`select set_config('app.firm_id', $1, true)`, [f.firmId]);
        await owner.query('savepoint s');
        await expect(owner.query(`update audit_logs set action = 'x' where firm_id = $1`, [f.firmId])).rejects.toThrow(/append-only/);
        await owner.query('rollback to savepoint s');
        await expect(owner.query(`delete from audit_logs where firm_id = $1`, [f.firmId])).rejects.toThrow(/append-only/);
      } finally {
        await owner.query('rollback').catch(() => undefined);
        await owner.end();
      }
      expect((await verify(f.manager)).body).toEqual({ ok: true, checked: 1, firstBroken: null });
    });
  });

  describe('hash chain', () => {
    it('20 concurrent writes by one manager leave a gap-free chain that verifies', async () => {
      const f = await makeFirm(t, 'Concurrent');
      const n = 20;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          t.api().post('/api/clients').set(f.manager.auth).send({ name: `并发 ${i}`, creditCode: newCreditCode(), operatorType: 'other' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
      const rows = await logs(f.manager);
      // the manager's sign-in, then the n creations
      expect(rows).toHaveLength(n + 1);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
      expect(rows[0].prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
      expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
      const created = rows.filter((r) => r.entity === 'clients' && r.action === 'create');
      expect(created.map((r) => r.entityId).sort()).toEqual(results.map((r) => r.body.id).sort());
      expect(new Set(created.map((r) => r.requestId)).size).toBe(n);
      const v = await verify(f.manager);
      expect(v.status).toBe(200);
      expect(v.body.ok).toBe(true);
      expect(v.body.checked).toBeGreaterThanOrEqual(n);
      expect(v.body).toEqual({ ok: true, checked: n + 1, firstBroken: null });
    });

    it('concurrent writes in two firms keep each chain to itself', async () => {
      const [f1, f2] = [await makeFirm(t, 'Chain 1'), await makeFirm(t, 'Chain 2')];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => createClient(t, i % 2 ? f1.manager : f2.manager)),
      );
      for (const f of [f1, f2]) {
        const rows = await logs(f.manager);
        expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await verify(f.manager)).body).toEqual({ ok: true, checked: 6, firstBroken: null });
      }
    });

    /** Runs SQL as superuser with the append-only trigger off, in one transaction, so no one else sees it off. */
    async function tamper(sql: string, params: unknown[]) {
      await sup.query('begin');
      let done = false;
      try {
        await sup.query('alter table audit_logs disable trigger audit_logs_no_update_delete');
        const r = await sup.query(sql, params);
        expect(r.rowCount).toBe(1);
        await sup.query('alter table audit_logs enable trigger audit_logs_no_update_delete');
        await sup.query('commit');
        done = true;
      } finally {
        if (!done) await sup.query('rollback');
        await sup.query('alter table audit_logs enable trigger audit_logs_no_update_delete');
      }
    }

    it("tampering with one row's changes makes verify fail, naming that row's seq", async () => {
      const f = await makeFirm(t, 'Tamper');
      for (let i = 0; i < 4; i++) await createClient(t, f.manager);
      expect((await verify(f.manager)).body).toEqual({ ok: true, checked: 5, firstBroken: null });
      const victim = (await logs(f.manager))[2]; // seq 3
      expect(victim.seq).toBe(3);
      await tamper(
        `update audit_logs set changes = jsonb_set(changes, '{name,after}', '"forged"') where firm_id = $1 and id = $2`,
        [f.firmId, victim.id],
      );
      const res = await verify(f.manager);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: false,
        checked: 2,
        firstBroken: { seq: 3, id: victim.id, reason: expect.stringMatching(/hash/) },
      });
      // another firm's chain is not affected
      expect((await verify(w.a.manager)).body.ok).toBe(true);
    });

    it('a row removed from the middle makes verify fail, naming the missing seq', async () => {
      const f = await makeFirm(t, 'Removed');
      for (let i = 0; i < 3; i++) await createClient(t, f.manager);
      const rows = await logs(f.manager);
      await tamper(`delete from audit_logs where firm_id = $1 and id = $2`, [f.firmId, rows[1].id]);
      const res = await verify(f.manager);
      expect(res.body.ok).toBe(false);
      expect(res.body.firstBroken).toMatchObject({ seq: 2 });
    });

    it('the last row removed makes verify fail too', async () => {
      const f = await makeFirm(t, 'Truncated');
      for (let i = 0; i < 2; i++) await createClient(t, f.manager);
      const rows = await logs(f.manager);
      await tamper(`delete from audit_logs where firm_id = $1 and id = $2`, [f.firmId, rows[rows.length - 1].id]);
      const res = await verify(f.manager);
      expect(res.body.ok).toBe(false);
      expect(res.body.firstBroken).toMatchObject({ seq: rows.length });
    });
  });

  describe('list and show', () => {
    let f: Firm;
    let second: Session;
    let clientId: string;
    let userId: string;
    let mark: string;
    beforeAll(async () => {
      f = await makeFirm(t, 'Audit list');
      clientId = (await createClient(t, f.manager)).id;
      await new Promise((r) => setTimeout(r, 30));
      const secondUser = await createUser(t, f.manager, f.slug, { role: 'manager', name: 'Second manager' });
      second = await login(t, secondUser.email);
      userId = (await createUser(t, second, f.slug, { role: 'consultant' })).id;
      await t.api().put(`/api/clients/${clientId}`).set(second.auth).send({ industry: '物流' });
      mark = (await logs(f.manager, { entityId: userId }))[0].createdAt;
    });

    it('lists newest first by default, with Content-Range, and shows one row', async () => {
      const res = await t.api().get('/api/audit-logs').set(f.manager.auth);
      expect(res.status).toBe(200);
      const seqs = res.body.map((r: Row) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
      expect(res.headers['content-range']).toBe(`audit-logs 0-${res.body.length - 1}/${res.body.length}`);
      const one = await t.api().get(`/api/audit-logs/${res.body[0].id}`).set(f.manager.auth);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(res.body[0]);
      expect((await t.api().get(`/api/audit-logs/${randomUUID()}`).set(f.manager.auth)).status).toBe(404);
    });

    it('filters by entity, action, entity id and client', async () => {
      const clients = await logs(f.manager, { entity: 'clients' });
      expect(clients.map((r) => [r.entity, r.action])).toEqual([['clients', 'create'], ['clients', 'update']]);
      const users = await logs(f.manager, { entity: 'users', action: 'create' });
      expect(users.map((r) => r.entityId)).toEqual([second.user.id, userId]);
      expect((await logs(f.manager, { entityId: clientId })).map((r) => r.action)).toEqual(['create', 'update']);
      expect((await logs(f.manager, { clientId })).map((r) => r.action)).toEqual(['create', 'update']);
      expect((await logs(f.manager, { entity: ['clients', 'users'], action: 'login' })).map((r) => r.actorId)).toEqual([f.manager.user.id, second.user.id]);
    });

    it('filters by actor', async () => {
      const mine = await logs(f.manager, { actorId: second.user.id });
      expect(mine.map((r) => `${r.entity}:${r.action}`)).toEqual(['users:login', 'users:create', 'clients:update']);
      expect(mine.every((r) => r.actorId === second.user.id)).toBe(true);
      const first = await logs(f.manager, { actorId: f.manager.user.id });
      expect(first.map((r) => `${r.entity}:${r.action}`)).toEqual(['users:login', 'clients:create', 'users:create']);
      expect(await logs(f.manager, { actorId: randomUUID() })).toEqual([]);
    });

    it('filters by date: createdAt_gte and createdAt_lte, both inclusive', async () => {
      const all = await logs(f.manager);
      const atOrAfter = await logs(f.manager, { createdAt_gte: mark });
      expect(atOrAfter.map((r) => r.id)).toEqual(all.filter((r) => r.createdAt >= mark).map((r) => r.id));
      expect(atOrAfter[0].entityId).toBe(userId);
      const atOrBefore = await logs(f.manager, { createdAt_lte: mark });
      expect(atOrBefore.map((r) => r.id)).toEqual(all.filter((r) => r.createdAt <= mark).map((r) => r.id));
      expect(atOrBefore[atOrBefore.length - 1].entityId).toBe(userId);
      const exactly = await logs(f.manager, { createdAt_gte: mark, createdAt_lte: mark });
      expect(exactly.map((r) => r.entityId)).toEqual([userId]);
      // a window before anything happened
      expect(await logs(f.manager, { createdAt_lte: '2020-01-01T00:00:00Z' })).toEqual([]);
      expect((await logs(f.manager, { createdAt_gte: '2020-01-01' })).length).toBe(all.length);
    });

    it('refuses bad filters with 400 naming them', async () => {
      for (const [filter, field] of [
        [{ createdAt_gte: 'yesterday' }, 'filter.createdAt_gte'],
        [{ createdAt_lte: 5 }, 'filter.createdAt_lte'],
        [{ actorId: 'me' }, 'filter.actorId'],
        [{ firmId: f.firmId }, 'filter.firmId'],
      ] as const) {
        const res = await t.api().get('/api/audit-logs').query(listQuery({ filter })).set(f.manager.auth);
        expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    });

    it("a manager never sees another firm's rows", async () => {
      const theirs = (await logs(w.a.manager))[0];
      expect((await t.api().get(`/api/audit-logs/${theirs.id}`).set(f.manager.auth)).status).toBe(404);
      expect(await logs(f.manager, { id: [theirs.id] })).toEqual([]);
      expect(await logs(f.manager, { actorId: w.a.manager.user.id })).toEqual([]);
    });

    it('there is no way to write to the log through the API', async () => {
      const row = (await logs(f.manager))[0];
      expect((await t.api().post('/api/audit-logs').set(f.manager.auth).send({ entity: 'x', action: 'y' })).status).toBe(404);
      expect((await t.api().put(`/api/audit-logs/${row.id}`).set(f.manager.auth).send({ action: 'y' })).status).toBe(404);
      expect((await t.api().delete(`/api/audit-logs/${row.id}`).set(f.manager.auth)).status).toBe(404);
      expect((await t.api().get(`/api/audit-logs/${row.id}`).set(f.manager.auth)).body).toEqual(row);
    });

    it('consultants and client admins get 403 on list, show and verify', async () => {
      const row = (await logs(w.a.manager))[0];
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        const calls = await Promise.all([
          t.api().get('/api/audit-logs').set(s.auth),
          t.api().get(`/api/audit-logs/${row.id}`).set(s.auth),
          t.api().post('/api/audit-logs/verify').set(s.auth),
        ]);
        // list, show, verify
        expect(calls.map((r) => r.status)).toEqual([403, 403, 403]);
        expect(calls.map((r) => r.body.code)).toEqual(calls.map(() => 'forbidden'));
      }
    });
  });
});
