import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { connect } from '../support/db';
import { RaceGate } from '../support/race';
import { createClient, listQuery, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * The four policies that looked at another table (a client admin's files and actions through a shared record, a
 * consultant's firm incidents through their children) read columns of the row instead (migration 1767400000000;
 * Citus refuses a subquery in a policy). These tests drive the records through the API, then check underneath it: the
 * columns against their definition (read by the superuser, with the subqueries the policies had), and what row-level
 * security alone lets each user read (as the app role in the user's scope, without the app's own filters) against
 * the same definition. Races are made to happen: a record's change and a new row that follows it, interleaved.
 */
describe('visibility kept in columns: the policies without a subquery', () => {
  let t: TestApp;
  let w: World;
  let sup: Client;
  let gate: RaceGate;
  let incidentId: string;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    sup = await connect('super');
    gate = await RaceGate.open();
    incidentId = (await ok(api().post('/api/incidents').set(w.a.consultant.auth)
      .send({ clientId: w.a.assigned.id, title: '可见性', detectedAt: new Date(Date.now() - 3600_000).toISOString() }))).id;
  }, 60_000);
  afterAll(async () => {
    await gate?.close();
    await sup?.end();
    await t?.close();
  });

  const api = () => t.api();
  const post = (s: Session, path: string, body: object = {}) => ok(api().post(path).set(s.auth).send(body));
  const upload = (s: Session, entity: string, entityId: string, name = 'f.txt') =>
    ok(api().post('/api/attachments').set(s.auth).field('entity', entity).field('entityId', entityId).attach('file', Buffer.from(`内容 ${randomUUID()}`), { filename: name, contentType: 'text/plain' }), [201]);
  const evaluation = (s: Session = w.a.consultant) => post(s, '/api/evaluations', {
    type: 'security_assessment', clientId: w.a.assigned.id, criteria: [{ name: '准则', weight: 1, score: 3, comment: '评语' }],
  });
  const action = (evaluationId: string, s: Session = w.a.consultant) =>
    post(s, '/api/actions', { title: '启用二次验证', evaluationId, ownerName: '客户 IT 负责人', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });

  /** The kept columns of every row that differ from their definition (the policies' old subqueries), read by the superuser. */
  async function drift(): Promise<string[]> {
    const r = await sup.query(`
      select 'improvement_actions ' || k.id from improvement_actions k
       where k.evaluation_shared is distinct from exists (select 1 from evaluations e where e.firm_id = k.firm_id and e.id = k.evaluation_id and e.status = 'final' and e.shared_with_client)
      union all
      select 'attachments ' || a.id from attachments a
       where a.client_shared is distinct from (a.removed_at is null and (a.entity = 'trainings'
         or (a.entity = 'communications' and exists (select 1 from communications p where p.firm_id = a.firm_id and p.id = a.entity_id and p.client_visible and p.status in ('sent', 'received')))
         or (a.entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = a.firm_id and p.id = a.entity_id and p.status = 'final' and p.shared_with_client))))
      union all
      select 'attachment_contents ' || c.id from attachment_contents c join attachments a on a.firm_id = c.firm_id and a.id = c.id
       where (c.client_id, c.client_shared) is distinct from (a.client_id, a.client_shared)
      union all
      select 'firm_incidents ' || f.id from firm_incidents f
       where array(select unnest(f.child_client_ids) order by 1) is distinct from
             array(select distinct c.client_id from incidents c where c.firm_id = f.firm_id and c.parent_id = f.id order by 1)`);
    return r.rows.map((x) => x['?column?']);
  }

  /** The ids of `table` row-level security alone lets `s` read (the app role in their scope, no filter of the app's). */
  async function rlsSees(s: Session, table: string): Promise<string[]> {
    const app = await connect('app');
    try {
      await app.query('begin read only');
      await app.query('select app_enter_scope($1, $2)', [s.user.firmId, s.user.id]);
      return (await app.query(`select id from ${table} order by id`)).rows.map((r) => r.id);
    } finally {
      await app.query('rollback').catch(() => undefined);
      await app.end();
    }
  }

  /** What the user may see by the policies' old definition (the superuser, from the other tables). */
  async function defined(s: Session, table: string): Promise<string[]> {
    const u = (await sup.query(`select firm_id, id, role, client_id from users where id = $1`, [s.user.id])).rows[0];
    const clients = u.role === 'client_admin' ? [u.client_id]
      : u.role === 'consultant' ? (await sup.query(`select client_id from assignments where firm_id = $1 and consultant_id = $2`, [u.firm_id, u.id])).rows.map((r) => r.client_id)
        : (await sup.query(`select id from clients where firm_id = $1`, [u.firm_id])).rows.map((r) => r.id);
    const portal = u.role === 'client_admin';
    const q = {
      improvement_actions: `select k.id from improvement_actions k where k.firm_id = $1 and k.client_id = any($2) and (not $3 or k.client_visible
        or exists (select 1 from evaluations e where e.firm_id = k.firm_id and e.id = k.evaluation_id and e.status = 'final' and e.shared_with_client))`,
      attachments: `select a.id from attachments a where a.firm_id = $1 and a.client_id = any($2) and (not $3 or (a.removed_at is null and (a.entity = 'trainings'
        or (a.entity = 'communications' and exists (select 1 from communications p where p.firm_id = a.firm_id and p.id = a.entity_id and p.client_visible and p.status in ('sent', 'received')))
        or (a.entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = a.firm_id and p.id = a.entity_id and p.status = 'final' and p.shared_with_client)))))`,
      firm_incidents: `select f.id from firm_incidents f where f.firm_id = $1 and not $3 and ($4::text = 'manager' or f.lead_id = $5
        or exists (select 1 from incidents c where c.firm_id = f.firm_id and c.parent_id = f.id and c.client_id = any($2)))`,
    }[table]!;
    const params = table === 'firm_incidents' ? [u.firm_id, clients, portal, u.role, u.id] : [u.firm_id, clients, portal];
    return (await sup.query(`${q} order by 1`, params)).rows.map((r) => r.id);
  }

  async function agrees(...tables: string[]) {
    expect(await drift()).toEqual([]);
    for (const table of tables) {
      for (const s of [w.a.clientAdmin, w.a.consultant, w.a.manager]) {
        const seen = await rlsSees(s, table);
        expect({ table, role: s.user.role, seen }).toEqual({ table, role: s.user.role, seen: await defined(s, table) });
      }
    }
  }

  it('shows a client admin an evaluation\'s actions and files exactly while it is final and shared', async () => {
    const e = await evaluation();
    const file = await upload(w.a.consultant, 'evaluations', e.id);
    const linked = await action(e.id);
    const seen = async () => ({ actions: (await rlsSees(w.a.clientAdmin, 'improvement_actions')).includes(linked.id), files: (await rlsSees(w.a.clientAdmin, 'attachments')).includes(file.id) });
    expect(await seen()).toEqual({ actions: false, files: false });
    await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`, { sharedWithClient: true });
    expect(await seen()).toEqual({ actions: true, files: true });
    await agrees('improvement_actions', 'attachments');
    // the client admin's own API answers the same
    expect((await api().get(`/api/attachments/${file.id}`).set(w.a.clientAdmin.auth)).status).toBe(200);
    expect((await api().get(`/api/actions/${linked.id}`).set(w.a.clientAdmin.auth)).status).toBe(200);
    await post(w.a.consultant, `/api/evaluations/${e.id}/share`, { sharedWithClient: false });
    expect(await seen()).toEqual({ actions: false, files: false });
    expect((await api().get(`/api/attachments/${file.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
    // an action linked after the sharing takes it from the evaluation as it is
    await post(w.a.consultant, `/api/evaluations/${e.id}/share`, { sharedWithClient: true });
    const later = await action(e.id);
    expect((await rlsSees(w.a.clientAdmin, 'improvement_actions'))).toEqual(expect.arrayContaining([linked.id, later.id]));
    await agrees('improvement_actions', 'attachments');
  });

  it('shows a client admin a communication\'s files once it is sent and client-visible, a training\'s until removed', async () => {
    const c = await post(w.a.consultant, '/api/communications', { incidentId, audience: 'client', channel: 'email', subject: '进展通报', body: '正文', clientVisible: true });
    const file = await upload(w.a.consultant, 'communications', c.id);
    const hiddenComm = await post(w.a.consultant, '/api/communications', { incidentId, audience: 'internal', channel: 'email', subject: '内部', body: '正文' });
    const hiddenFile = await upload(w.a.consultant, 'communications', hiddenComm.id);
    const files = () => rlsSees(w.a.clientAdmin, 'attachments');
    expect(await files()).not.toContain(file.id);
    for (const id of [c.id, hiddenComm.id]) {
      await post(w.a.consultant, `/api/communications/${id}/transition`, { to: 'in_review' });
      await post(w.a.manager, `/api/communications/${id}/transition`, { to: 'approved' });
      await post(w.a.consultant, `/api/communications/${id}/transition`, { to: 'sent' });
    }
    expect(await files()).toContain(file.id);
    expect(await files()).not.toContain(hiddenFile.id);
    // a received one, visible from the start
    const inbound = await post(w.a.consultant, '/api/communications', { incidentId, direction: 'inbound', audience: 'client', channel: 'email', subject: '客户来函', clientVisible: true });
    expect(inbound.status).toBe('received');

    const training = await post(w.a.manager, '/api/trainings', { clientId: w.a.assigned.id, type: 'emergency_drill', title: '演练', date: '2026-01-10' });
    const sheet = await upload(w.a.consultant, 'trainings', training.id);
    expect(await files()).toContain(sheet.id);
    await ok(api().delete(`/api/attachments/${sheet.id}`).set(w.a.consultant.auth));
    expect(await files()).not.toContain(sheet.id);
    await agrees('attachments');
  });

  it('keeps the bytes from before the evidence store visible exactly when their attachment is', async () => {
    const e = await evaluation();
    const file = await upload(w.a.consultant, 'evaluations', e.id);
    // a file whose bytes are still in PostgreSQL (as before migration 1765850000000): the copies come with the row
    const legacy = randomUUID();
    await sup.query(
      `insert into attachments (firm_id, id, client_id, entity, entity_id, file_name, sha256, size, content_type) values ($1, $2, $3, 'evaluations', $4, 'old.txt', $5, 3, 'text/plain')`,
      [w.a.firmId, legacy, w.a.assigned.id, e.id, 'a'.repeat(64)],
    );
    await sup.query(`insert into attachment_contents (firm_id, id, content) values ($1, $2, 'old'::bytea)`, [w.a.firmId, legacy]);
    expect((await sup.query(`select client_id, client_shared from attachment_contents where id = $1`, [legacy])).rows[0]).toEqual({ client_id: w.a.assigned.id, client_shared: false });
    expect(await rlsSees(w.a.clientAdmin, 'attachment_contents')).not.toContain(legacy);
    expect(await rlsSees(w.a.consultant, 'attachment_contents')).toContain(legacy);
    await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`, { sharedWithClient: true });
    expect(await rlsSees(w.a.clientAdmin, 'attachment_contents')).toContain(legacy);
    expect(await drift()).toEqual([]);
    // the bytes themselves still never change, nor the client they belong to
    await expect(sup.query(`update attachment_contents set content = 'new'::bytea where id = $1`, [legacy])).rejects.toThrow(/never change/);
    await expect(sup.query(`update attachment_contents set client_id = $2 where id = $1`, [legacy, w.a.unassigned.id])).rejects.toThrow(/never change/);
    // and no other client's admin sees them
    expect(await rlsSees(w.a.clientAdmin, 'attachment_contents')).toEqual(
      (await sup.query(`select id from attachment_contents where firm_id = $1 and client_id = $2 and client_shared order by id`, [w.a.firmId, w.a.assigned.id])).rows.map((r) => r.id),
    );
  });

  it('shows a consultant the firm incidents with a child of their clients, a client admin none', async () => {
    const other = await createClient(t, w.a.manager);
    const f = await post(w.a.manager, '/api/incidents', { scope: 'firm', title: '共享盘泄露', detectedAt: new Date().toISOString(), affectedClientIds: [other.id] });
    expect(await rlsSees(w.a.consultant, 'firm_incidents')).not.toContain(f.id);
    // clients added in parallel: each lands in the parent's list (one request at a time holds the parent)
    const added = await gate.race('firm_incidents', w.a.firmId, f.id, [w.a.assigned.id, w.a.unassigned.id].map((clientId) =>
      () => api().post(`/api/firm-incidents/${f.id}/clients`).set(w.a.manager.auth).send({ clientIds: [clientId] })));
    expect(added.map((r) => r.status)).toEqual([200, 200]);
    expect((await sup.query(`select child_client_ids from firm_incidents where id = $1`, [f.id])).rows[0].child_client_ids.sort())
      .toEqual([other.id, w.a.assigned.id, w.a.unassigned.id].sort());
    expect(await rlsSees(w.a.consultant, 'firm_incidents')).toContain(f.id);
    expect(await rlsSees(w.a.clientAdmin, 'firm_incidents')).toEqual([]);
    // a removed client's child stays a child: the consultant still sees the parent (as before)
    await post(w.a.manager, `/api/firm-incidents/${f.id}/remove-client`, { clientId: w.a.assigned.id, reason: '经核实未受影响' });
    expect(await rlsSees(w.a.consultant, 'firm_incidents')).toContain(f.id);
    await agrees('firm_incidents');
  });

  /** Two of the app role's transactions in a consultant's scope, to interleave by hand. */
  async function scoped(): Promise<Client> {
    const c = await connect('app');
    await c.query('begin');
    await c.query('select app_enter_scope($1, $2)', [w.a.firmId, w.a.consultant.user.id]);
    return c;
  }

  it('races: a record shared while a row that follows it is added, either way round, leaves the row right', async () => {
    for (const order of ['share first', 'add first'] as const) {
      const e = await evaluation();
      await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`, { sharedWithClient: false });
      const [sharer, adder] = [await scoped(), await scoped()];
      const pid = async (c: Client) => (await c.query('select pg_backend_pid() as p')).rows[0].p as number;
      const [sharerPid, adderPid] = [await pid(sharer), await pid(adder)];
      /** until the backend waits for a lock (the interleaving the test is about really happens) */
      const blocked = async (p: number) => {
        for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
          if ((await sup.query('select cardinality(pg_blocking_pids($1)) > 0 as b', [p])).rows[0].b) return true;
        }
        return false;
      };
      const actionId = randomUUID();
      const fileId = randomUUID();
      const share = () => sharer.query(`update evaluations set shared_with_client = true where firm_id = $1 and id = $2`, [w.a.firmId, e.id]);
      const add = () => adder.query(
        `with k as (insert into improvement_actions (firm_id, id, client_id, title, owner_name, due_at, evaluation_id) values ($1, $2, $3, '并发', '客户', now() + interval '1 day', $4) returning 1)
         insert into attachments (firm_id, id, client_id, entity, entity_id, file_name, sha256, size, content_type) values ($1, $5, $3, 'evaluations', $4, 'race.txt', $6, 1, 'text/plain')`,
        [w.a.firmId, actionId, w.a.assigned.id, e.id, fileId, 'b'.repeat(64)],
      );
      try {
        if (order === 'share first') {
          await share();
          // the new rows read the evaluation FOR SHARE: they wait for the sharing to commit, then read it shared
          const adding = add();
          expect(await blocked(adderPid)).toBe(true);
          await sharer.query('commit');
          await adding;
          await adder.query('commit');
        } else {
          await add();
          // the sharing waits for the new rows' transaction, then its trigger finds them
          const sharing = share();
          expect(await blocked(sharerPid)).toBe(true);
          await adder.query('commit');
          await sharing;
          await sharer.query('commit');
        }
      } finally {
        await sharer.end();
        await adder.end();
      }
      const kept = (await sup.query(
        `select (select evaluation_shared from improvement_actions where id = $1) as action, (select client_shared from attachments where id = $2) as file`, [actionId, fileId],
      )).rows[0];
      expect({ order, ...kept }).toEqual({ order, action: true, file: true });
    }
    expect(await drift()).toEqual([]);
  });

  it('refuses to keep a firm incident\'s clients where the scope cannot see it, rather than leave them short', async () => {
    const hidden = await post(w.a.manager, '/api/incidents', { scope: 'firm', title: '看不到的', detectedAt: new Date().toISOString(), affectedClientIds: [w.a.unassigned.id] });
    const c = await scoped();
    try {
      // an incident of the consultant's client moved under a parent they do not see
      const mine = (await sup.query(`select id from incidents where firm_id = $1 and client_id = $2 and parent_id is null limit 1`, [w.a.firmId, w.a.assigned.id])).rows[0].id;
      await expect(c.query(`update incidents set parent_id = $2 where firm_id = $1 and id = $3`, [w.a.firmId, hidden.id, mine])).rejects.toThrow(/not visible to this scope/);
    } finally {
      await c.query('rollback');
      await c.end();
    }
    expect((await sup.query(`select child_client_ids from firm_incidents where id = $1`, [hidden.id])).rows[0].child_client_ids).toEqual([w.a.unassigned.id]);
    expect(await drift()).toEqual([]);
  });

  it('keeps other firms out: firm B\'s rows are never in firm A\'s users\' reads', async () => {
    const e = await ok(api().post('/api/evaluations').set(w.b.manager.auth).send({
      type: 'security_assessment', clientId: w.b.client.id, criteria: [{ name: '准则', weight: 1, score: 3, comment: '评语' }],
    }));
    const fileB = await upload(w.b.manager, 'evaluations', e.id);
    await ok(api().post(`/api/evaluations/${e.id}/finalize`).set(w.b.manager.auth).send({ sharedWithClient: true }));
    for (const s of [w.a.clientAdmin, w.a.consultant, w.a.manager]) expect(await rlsSees(s, 'attachments')).not.toContain(fileB.id);
    expect((await api().get(`/api/attachments/${fileB.id}`).set(w.a.manager.auth)).status).toBe(404);
    expect((await api().get('/api/attachments').query(listQuery({ range: [0, 499] })).set(w.a.manager.auth)).body.map((a: any) => a.id)).not.toContain(fileB.id);
  });
});
