import { connect } from '../support/db';
import { createClient, createUser, listQuery, login, makeFirm, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';
import { emitAs, gradeMajor, startReceiver } from '../support/notify';
import { NotificationsService } from '../../server/src/notifications/notifications.service';
import { RemindersService } from '../../server/src/notifications/reminders.service';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';

/**
 * Notifications without a job runner: what an event writes in its transaction (the outbox) — who is told in the app,
 * which e-mail and channel deliveries are made — and the API of notifications, preferences, channels and deliveries.
 * Delivery itself is tested in notifications-delivery.test.ts. Events come from the requests where they happen
 * (grading, reporting, transitions, notes, tasks); the outbox's own tests call the engine in a user's scope (emitAs).
 */
let t: TestApp;
let w: World;
let manager2: Session;
const api = () => t.api();

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

async function incident(s: Session, body: Record<string, unknown>) {
  return ok(api().post('/api/incidents').set(s.auth).send({ title: '客户数据疑似泄露', detectedAt: hoursAgo(2), ...body }));
}

async function mine(s: Session, filter: Record<string, unknown> = {}) {
  const res = await api().get('/api/notifications').query(listQuery({ filter, range: [0, 999] })).set(s.auth);
  expect(res.status).toBe(200);
  return res.body as { id: string; kind: string; title: string; body: string; entity: string; entityId: string; incidentId: string; readAt: string | null }[];
}

async function deliveries(s: Session, filter: Record<string, unknown> = {}) {
  return ok<{ id: string; transport: string; userId: string | null; channelId: string | null; kind: string; target: string; status: string }[]>(
    api().get('/api/notification-deliveries').query(listQuery({ filter, range: [0, 999] })).set(s.auth),
  );
}

beforeAll(async () => {
  t = await startApp({
    // e-mail configured (to a port nobody listens on: nothing is sent without a job runner) so that e-mail deliveries are made
    env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true', SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'Incident Desk <alerts@desk.test>', PUBLIC_URL: 'https://desk.test' },
  });
  w = await makeWorld(t);
  manager2 = await login(t, (await createUser(t, w.a.manager, w.a.slug, { role: 'manager', name: '经理二' })).email);
});
afterAll(() => t.close());

/** The kinds of the caller's notifications about a record (or an incident), sorted. */
async function kindsAbout(s: Session, filter: Record<string, unknown>) {
  return (await mine(s, filter)).map((n) => n.kind).sort();
}

describe('who is told, from where it happens', () => {
  it('a grading to relatively_major or above: the managers and the team, not the one who graded it, nobody of another firm or unassigned', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id, leadId: w.a.consultant.user.id });
    await gradeMajor(t, w.a.consultant, i.id);
    for (const s of [w.a.manager, manager2]) expect(await kindsAbout(s, { incidentId: i.id })).toEqual(['incident_major']);
    const [n] = await mine(w.a.manager, { incidentId: i.id });
    expect(n).toMatchObject({ kind: 'incident_major', entity: 'incidents', entityId: i.id, incidentId: i.id, readAt: null });
    expect(n.title).toContain(i.reference);
    expect(n.body).toContain(i.title);
    expect(await kindsAbout(w.a.consultant, { incidentId: i.id })).toEqual([]);
    expect(await kindsAbout(w.a.clientAdmin, { incidentId: i.id, kind: 'incident_major' })).toEqual([]);
    expect(await kindsAbout(w.b.manager, { incidentId: i.id })).toEqual([]);
    // graded again within the range, not higher: no news; higher: news again
    await gradeMajor(t, w.a.consultant, i.id);
    expect(await kindsAbout(w.a.manager, { incidentId: i.id })).toEqual(['incident_major']);
    await gradeMajor(t, w.a.consultant, i.id, 'major');
    expect(await kindsAbout(w.a.manager, { incidentId: i.id })).toEqual(['incident_major', 'incident_major']);

    // on the unassigned client: the consultant (not assigned) hears nothing of it, the grading manager neither
    const u = await incident(w.a.manager, { clientId: w.a.unassigned.id });
    await gradeMajor(t, w.a.manager, u.id);
    expect(await kindsAbout(manager2, { incidentId: u.id })).toEqual(['incident_major']);
    expect(await kindsAbout(w.a.manager, { incidentId: u.id })).toEqual([]);
    expect(await kindsAbout(w.a.consultant, { incidentId: u.id })).toEqual([]);
  });

  it('a client\'s report: an owner (the client\'s consultant), the client\'s consultants told at once, in their language, with the link', async () => {
    const reported = await ok(api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: '邮箱被盗用', detectedAt: hoursAgo(1) }));
    const asStaff = await ok(api().get(`/api/incidents/${reported.id}`).set(w.a.manager.auth));
    expect(asStaff.leadId).toBe(w.a.consultant.user.id);
    expect(asStaff.acknowledgedAt).toBeNull();
    const [n] = await mine(w.a.consultant, { incidentId: reported.id, kind: 'incident_reported_by_client' });
    expect(n.kind).toBe('incident_reported_by_client');
    expect(n.title).toBe(`客户报告了新事件 ${reported.reference}`);
    expect(await kindsAbout(w.a.manager, { incidentId: reported.id })).toEqual([]);
    expect(await kindsAbout(w.a.clientAdmin, { incidentId: reported.id })).toEqual([]);
  });

  it('a client\'s report with no consultant assigned: a manager owns it and the managers are told', async () => {
    const client = await createClient(t, w.a.manager);
    const admin = await createUser(t, w.a.manager, w.a.slug, { role: 'client_admin', clientId: client.id });
    const s = await login(t, admin.email);
    const reported = await ok(api().post('/api/incidents').set(s.auth).send({ title: '网站被篡改', detectedAt: hoursAgo(1) }));
    const asStaff = await ok(api().get(`/api/incidents/${reported.id}`).set(w.a.manager.auth));
    expect([w.a.manager.user.id, manager2.user.id]).toContain(asStaff.leadId);
    for (const m of [w.a.manager, manager2]) expect(await kindsAbout(m, { incidentId: reported.id, kind: 'incident_reported_by_client' })).toEqual(['incident_reported_by_client']);
    expect(await kindsAbout(w.a.consultant, { incidentId: reported.id })).toEqual([]);
  });

  it('the first staff action on a client\'s report acknowledges it and stops its clock; the client\'s own comment does not', async () => {
    const reported = await ok(api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: '钓鱼邮件', detectedAt: hoursAgo(1) }));
    const sup = await connect('super');
    const clock = async () => Number((await sup.query(`select count(*) from notification_clocks where id = $1 and kind = 'client_report'`, [reported.id])).rows[0].count);
    try {
      expect(await clock()).toBe(1);
      await ok(api().post('/api/timeline').set(w.a.clientAdmin.auth).send({ incidentId: reported.id, body: '补充：涉及两个邮箱' }));
      expect((await ok(api().get(`/api/incidents/${reported.id}`).set(w.a.manager.auth))).acknowledgedAt).toBeNull();
      expect(await clock()).toBe(1);
      await ok(api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: reported.id, body: '已收到，正在核实' }));
      const acked = await ok(api().get(`/api/incidents/${reported.id}`).set(w.a.manager.auth));
      expect(acked.acknowledgedAt).toEqual(expect.any(String));
      expect(acked.status).toBe('reported');
      expect(await clock()).toBe(0);
      // a later action keeps the first moment
      await ok(api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: reported.id, body: '跟进' }));
      expect((await ok(api().get(`/api/incidents/${reported.id}`).set(w.a.manager.auth))).acknowledgedAt).toBe(acked.acknowledgedAt);
    } finally {
      await sup.end();
    }
  });

  it('a client-visible update by staff: the client\'s own admins only; internal notes and the client\'s own comments tell nobody', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const other = await login(t, (w.a.otherClientAdmin as { email?: string }).email!);
    const before = (await mine(w.a.clientAdmin, { incidentId: i.id })).length;
    const note = await ok(api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: i.id, body: '已隔离受影响的服务器', visibility: 'client' }));
    const about = await mine(w.a.clientAdmin, { entityId: note.id });
    expect(about.map((n) => [n.kind, n.entity, n.incidentId])).toEqual([['client_update', 'timeline', i.id]]);
    expect(about[0].body).toContain('已隔离受影响的服务器');
    await ok(api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: i.id, body: '内部：日志已导出', visibility: 'internal' }));
    await ok(api().post('/api/timeline').set(w.a.clientAdmin.auth).send({ incidentId: i.id, body: '谢谢' }));
    expect((await mine(w.a.clientAdmin, { incidentId: i.id })).length).toBe(before + 1);
    for (const s of [w.a.manager, w.a.consultant, other]) expect(await kindsAbout(s, { incidentId: i.id, kind: 'client_update' })).toEqual([]);
  });

  it('a communication in review: those who may approve it (a regulator notice: managers, not the author); approved, returned, sent: its author', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const c = await ok(api().post('/api/communications').set(w.a.consultant.auth).send({ incidentId: i.id, audience: 'regulator', channel: 'letter', subject: '事件报告', body: '正文' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'in_review' }));
    for (const m of [w.a.manager, manager2]) expect(await kindsAbout(m, { entityId: c.id })).toEqual(['communication_in_review']);
    expect(await kindsAbout(w.a.consultant, { entityId: c.id })).toEqual([]);
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.manager.auth).send({ to: 'draft' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'in_review' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.manager.auth).send({ to: 'approved' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.manager.auth).send({ to: 'sent' }));
    expect(await kindsAbout(w.a.consultant, { entityId: c.id })).toEqual(['communication_approved', 'communication_returned', 'communication_sent']);
    const [n] = await mine(w.a.consultant, { entityId: c.id, kind: 'communication_approved' });
    expect(n.title).toBe('沟通已批准：事件报告');
    expect(await kindsAbout(w.a.manager, { entityId: c.id })).toEqual(['communication_in_review', 'communication_in_review']); // submitted twice
    // a regulator notice is not the client's to see
    expect(await kindsAbout(w.a.clientAdmin, { entityId: c.id })).toEqual([]);
  });

  it('a client-visible communication sent: the client\'s admins hear of the communication', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const c = await ok(api().post('/api/communications').set(w.a.consultant.auth).send({ incidentId: i.id, audience: 'client', channel: 'email', subject: '处置进展', body: '正文', clientVisible: true }));
    for (const to of ['in_review', 'approved', 'sent']) await ok(api().post(`/api/communications/${c.id}/transition`).set(to === 'approved' ? w.a.manager.auth : w.a.consultant.auth).send({ to }));
    const about = await mine(w.a.clientAdmin, { entityId: c.id });
    expect(about.map((n) => [n.kind, n.entity])).toEqual([['client_update', 'communications']]);
    expect(about[0].body).toContain('处置进展');
  });

  it('a task assigned: its assignee (not when one assigns oneself)', async () => {
    const i = await incident(w.a.manager, { clientId: w.a.assigned.id });
    const [task, second] = await ok(api().get('/api/tasks').query(listQuery({ filter: { incidentId: i.id }, range: [0, 1] })).set(w.a.manager.auth));
    await ok(api().put(`/api/tasks/${task.id}`).set(w.a.manager.auth).send({ assigneeId: w.a.consultant.user.id }));
    expect(await kindsAbout(w.a.consultant, { entityId: task.id })).toEqual(['task_assigned']);
    await ok(api().put(`/api/tasks/${second.id}`).set(w.a.consultant.auth).send({ assigneeId: w.a.consultant.user.id }));
    expect(await kindsAbout(w.a.consultant, { entityId: second.id })).toEqual([]);
    const made = await ok(api().post('/api/tasks').set(w.a.manager.auth).send({ incidentId: i.id, phase: 'triage', title: '调取日志', assigneeId: w.a.consultant.user.id }));
    expect(await kindsAbout(w.a.consultant, { entityId: made.id })).toEqual(['task_assigned']);
    expect(await kindsAbout(w.a.manager, { kind: 'task_assigned', incidentId: i.id })).toEqual([]);
  });

  it('playbook tasks carry a team role: assigned to that member when the team names one, who is told', async () => {
    const tasksOf = async (incidentId: string) =>
      ok<{ id: string; key: string; teamRole: string | null; assigneeId: string | null }[]>(api().get('/api/tasks').query(listQuery({ filter: { incidentId }, range: [0, 999] })).set(w.a.manager.auth));
    const i = await incident(w.a.manager, { clientId: w.a.assigned.id, team: [{ userId: w.a.consultant.user.id, name: '顾问', role: 'it' }] });
    const made = await tasksOf(i.id);
    const it = made.filter((t) => t.teamRole === 'it');
    expect(it.length).toBeGreaterThan(3);
    expect(it.every((t) => t.assigneeId === w.a.consultant.user.id)).toBe(true);
    // the lead's tasks: the manager who opened it leads it (and is not told of their own)
    expect(made.filter((t) => t.teamRole === 'lead').every((t) => t.assigneeId === w.a.manager.user.id)).toBe(true);
    expect(made.filter((t) => t.teamRole === 'legal').every((t) => t.assigneeId === null)).toBe(true);
    expect(made.find((t) => t.key === 'triage.confirm')).toMatchObject({ teamRole: 'it', assigneeId: w.a.consultant.user.id });
    // told once, of all their tasks (one notification listing them: the incident's page opens it)
    const told = await mine(w.a.consultant, { incidentId: i.id, kind: 'task_assigned' });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ entity: 'tasks', entityId: null, incidentId: i.id });
    expect(told[0].title).toBe(`${it.length} 项新任务：${i.reference}`);
    expect(told[0].body.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(it.length);
    expect(await kindsAbout(w.a.manager, { incidentId: i.id, kind: 'task_assigned' })).toEqual([]);

    // legal named later: the legal tasks go to manager2, who is told; the IT tasks stay where they are
    const reassigned = it[0];
    await ok(api().put(`/api/tasks/${reassigned.id}`).set(w.a.manager.auth).send({ assigneeId: w.a.manager.user.id }));
    await ok(api().put(`/api/incidents/${i.id}`).set(w.a.manager.auth).send({
      team: [{ userId: w.a.consultant.user.id, name: '顾问', role: 'it' }, { userId: manager2.user.id, name: '经理二', role: 'legal' }],
    }));
    const after = await tasksOf(i.id);
    const legal = after.filter((t) => t.teamRole === 'legal');
    expect(legal.length).toBeGreaterThan(3);
    expect(legal.every((t) => t.assigneeId === manager2.user.id)).toBe(true);
    expect(after.find((t) => t.id === reassigned.id)!.assigneeId).toBe(w.a.manager.user.id);
    expect((await mine(manager2, { incidentId: i.id, kind: 'task_assigned' })).length).toBe(1);
    expect((await mine(w.a.consultant, { incidentId: i.id, kind: 'task_assigned' })).length).toBe(1);
  });

  it('a change that fails tells nobody (the event is in its transaction)', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const c = await ok(api().post('/api/communications').set(w.a.consultant.auth).send({ incidentId: i.id, audience: 'regulator', channel: 'letter', subject: '报告', body: '正文' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'in_review' }));
    // the author may not approve their own: 403, and nobody hears of an approval
    expect((await api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'approved' })).status).toBe(403);
    expect(await kindsAbout(w.a.consultant, { entityId: c.id })).toEqual([]);
  });
});

describe('the outbox', () => {
  it('is written with the change: a rolled-back change notifies nobody and enqueues nothing', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const sup = await connect('super');
    const jobsOfFirm = async () => Number((await sup.query(`select count(*) from pgboss.job where name = 'notify.deliver' and data->>'firmId' = $1`, [w.a.firmId])).rows[0].count);
    try {
      const before = await jobsOfFirm();
      let made = { recipients: [] as string[], deliveries: 0 };
      await expect(
        t.app.get(TenantDb).runAs(w.a.firmId, w.a.consultant.user.id, { requestId: 't', ip: null }, async () => {
          made = await t.app.get(NotificationsService).emit({ kind: 'incident_major', incidentId: i.id });
          throw new Error('the change fails after the event');
        }),
      ).rejects.toThrow('the change fails');
      // inside the transaction: the managers were told, with e-mail deliveries
      expect(made.recipients.length).toBeGreaterThanOrEqual(2);
      expect(made.deliveries).toBe(made.recipients.length);
      const rows = await sup.query(`select (select count(*) from notifications where incident_id = $1 and kind = 'incident_major')::int as n, (select count(*) from notification_deliveries where incident_id = $1 and kind = 'incident_major')::int as d`, [i.id]);
      expect(rows.rows[0]).toEqual({ n: 0, d: 0 });
      expect(await jobsOfFirm()).toBe(before);
      // the same, committed: there they are
      const r = await emitAs(t, w.a.consultant, { kind: 'incident_major', incidentId: i.id });
      expect(await jobsOfFirm()).toBe(before + r.deliveries);
    } finally {
      await sup.end();
    }
  });

  it('commits its notifications, deliveries and their jobs (the job id is the delivery\'s)', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    await gradeMajor(t, w.a.consultant, i.id);
    const ds = await deliveries(w.a.manager, { incidentId: i.id, kind: 'incident_major' });
    expect(ds.map((d) => [d.transport, d.userId]).sort()).toEqual([['email', w.a.manager.user.id], ['email', manager2.user.id]].sort());
    expect(ds.find((d) => d.userId === w.a.manager.user.id)!.target).toBe(w.a.manager.user.email);
    const sup = await connect('super');
    try {
      const jobs = await sup.query(`select id, name, data from pgboss.job where id = any($1::uuid[])`, [ds.map((d) => d.id)]);
      expect(jobs.rows.map((j) => j.name)).toEqual(['notify.deliver', 'notify.deliver']);
      expect(jobs.rows[0].data).toEqual({ firmId: w.a.firmId, deliveryId: jobs.rows[0].id });
    } finally {
      await sup.end();
    }
  });

  it('lets the app role enqueue and nothing else in pg-boss\'s schema', async () => {
    const app = await connect('app');
    try {
      await expect(app.query('select * from pgboss.job limit 1')).rejects.toThrow(/permission denied/);
      await expect(app.query('update pgboss.job set state = state')).rejects.toThrow(/permission denied/);
      await expect(app.query('delete from pgboss.queue')).rejects.toThrow(/permission denied/);
      const owner = await app.query(`select n.nspname, r.rolname from pg_namespace n join pg_roles r on r.oid = n.nspowner where n.nspname = 'pgboss'`);
      expect(owner.rows).toEqual([{ nspname: 'pgboss', rolname: 'incident_owner' }]);
    } finally {
      await app.end();
    }
  });
});

describe('GET /api/notifications', () => {
  it('lists the caller\'s own, counts the unread in Content-Range, marks one or all read', async () => {
    const s = await login(t, (await createUser(t, w.a.manager, w.a.slug, { role: 'manager' })).email);
    const i1 = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const i2 = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    for (const i of [i1, i2]) await gradeMajor(t, w.a.consultant, i.id);
    const unread = await api().get('/api/notifications').query(listQuery({ filter: { unread: true } })).set(s.auth);
    expect(unread.headers['content-range']).toBe('notifications 0-1/2');
    expect(unread.body.map((n: { incidentId: string }) => n.incidentId)).toEqual([i2.id, i1.id]);
    const read = await ok(api().post(`/api/notifications/${unread.body[1].id}/read`).set(s.auth));
    expect(read.readAt).toEqual(expect.any(String));
    // again: no change
    expect((await ok(api().post(`/api/notifications/${unread.body[1].id}/read`).set(s.auth))).readAt).toBe(read.readAt);
    expect((await api().get('/api/notifications').query(listQuery({ filter: { unread: true } })).set(s.auth)).headers['content-range']).toBe('notifications 0-0/1');
    expect(await ok(api().post('/api/notifications/read-all').set(s.auth))).toEqual({ read: 1 });
    expect((await api().get('/api/notifications').query(listQuery({ filter: { unread: true } })).set(s.auth)).headers['content-range']).toBe('notifications 0-0/0');
    expect((await ok(api().get(`/api/notifications/${read.id}`).set(s.auth))).id).toBe(read.id);
    // someone else's: 404, and unchanged
    const theirs = (await mine(w.a.manager))[0];
    expect((await api().get(`/api/notifications/${theirs.id}`).set(s.auth)).status).toBe(404);
    expect((await api().post(`/api/notifications/${theirs.id}/read`).set(s.auth)).status).toBe(404);
    expect((await api().get(`/api/notifications/${theirs.id}`).set(w.a.manager.auth)).body.readAt).toBeNull();
    expect((await api().get('/api/notifications').query({ filter: '{"unread":"yes"}' }).set(s.auth)).body.errors).toEqual([{ field: 'filter.unread', message: 'must be true or false' }]);
  });

  it('shows a reminder only from its time on', async () => {
    const i = await incident(w.a.consultant, { clientId: w.a.assigned.id });
    const db = t.app.get(TenantDb);
    const later = new Date(Date.now() + 3600_000);
    const r = await db.runAs(w.a.firmId, w.a.consultant.user.id, { requestId: 't', ip: null }, async () => {
      const svc = t.app.get(NotificationsService);
      return svc.dispatch({
        kind: 'incident_major', clientId: w.a.assigned.id, incidentId: i.id, entity: 'incidents', entityId: i.id, at: later,
        facts: { kind: 'incident_major', clientId: w.a.assigned.id }, params: () => ({ reference: i.reference }),
      });
    });
    expect((await mine(w.a.manager)).filter((x) => x.incidentId === i.id)).toEqual([]);
    const sup = await connect('super');
    try {
      const rows = await sup.query(`select id, created_at from notifications where incident_id = $1 and kind = 'incident_major'`, [i.id]);
      expect(rows.rows.length).toBe(r.recipients.length);
      expect(r.recipients).toContain(w.a.manager.user.id);
      expect(rows.rows.every((n) => n.created_at.getTime() === later.getTime())).toBe(true);
      expect((await api().get(`/api/notifications/${rows.rows[0].id}`).set(w.a.manager.auth)).status).toBe(404);
      expect((await api().post(`/api/notifications/${rows.rows[0].id}/read`).set(w.a.manager.auth)).status).toBe(404);
      const ds = await sup.query(`select not_before from notification_deliveries where incident_id = $1 and kind = 'incident_major'`, [i.id]);
      expect(ds.rows.map((d) => d.not_before.getTime())).toEqual(r.recipients.map(() => later.getTime()));
    } finally {
      await sup.end();
    }
  });

  it('hides a client\'s notifications from a consultant no longer assigned to it', async () => {
    const c = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, c.email);
    const asg = await ok(api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: c.id, clientId: w.a.unassigned.id }));
    const i = await incident(w.a.manager, { clientId: w.a.unassigned.id, leadId: c.id });
    await gradeMajor(t, w.a.manager, i.id);
    // the grading's news (and the lead's playbook tasks, assigned to them)
    expect((await mine(s, { kind: 'incident_major' })).map((n) => n.incidentId)).toEqual([i.id]);
    await ok(api().delete(`/api/assignments/${asg.id}`).set(w.a.manager.auth));
    expect(await mine(s)).toEqual([]);
  });
});

describe('notification preferences', () => {
  it('lists every kind the role hears of, with what cannot be turned off', async () => {
    const staff = (await ok(api().get('/api/notification-preferences').set(w.a.consultant.auth))).preferences;
    expect(staff.map((p: { kind: string }) => p.kind)).not.toContain('client_update');
    expect(staff.find((p: { kind: string }) => p.kind === 'incident_major')).toEqual({ kind: 'incident_major', inApp: true, email: true, regulatory: true, locked: { inApp: true, email: false } });
    expect(staff.find((p: { kind: string }) => p.kind === 'obligation_overdue').locked).toEqual({ inApp: true, email: true });
    const client = (await ok(api().get('/api/notification-preferences').set(w.a.clientAdmin.auth))).preferences;
    expect(client).toEqual([{ kind: 'client_update', inApp: true, email: true, regulatory: false, locked: { inApp: false, email: false } }]);
  });

  it('refuses to mute what is never muted, and kinds the role never hears of: 400 naming the field, nothing stored', async () => {
    const put = (s: Session, preferences: object[]) => api().put('/api/notification-preferences').set(s.auth).send({ preferences });
    const fields = (res: { status: number; body: { errors?: { field: string }[] } }) => [res.status, (res.body.errors ?? []).map((e) => e.field)];
    expect(fields(await put(w.a.consultant, [{ kind: 'task_assigned', email: false }, { kind: 'incident_major', inApp: false }]))).toEqual([400, ['preferences[1].inApp']]);
    expect(fields(await put(w.a.consultant, [{ kind: 'obligation_overdue', email: false }]))).toEqual([400, ['preferences[0].email']]);
    expect(fields(await put(w.a.clientAdmin, [{ kind: 'task_assigned', email: false }]))).toEqual([400, ['preferences[0].kind']]);
    expect(fields(await put(w.a.consultant, [{ kind: 'nope' }]))).toEqual([400, ['preferences[0].kind']]);
    expect(fields(await put(w.a.consultant, [{ kind: 'task_assigned', email: 'no' }]))).toEqual([400, ['preferences[0].email']]);
    expect((await ok(api().get('/api/notification-preferences').set(w.a.consultant.auth))).preferences.find((p: { kind: string }) => p.kind === 'task_assigned').email).toBe(true);
  });

  it('are followed: no e-mail when e-mail is off, no in-app notification when that is off, regulatory in-app always', async () => {
    const c = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, c.email);
    await ok(api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: c.id, clientId: w.a.assigned.id }));
    const saved = await ok(api().put('/api/notification-preferences').set(s.auth).send({ preferences: [{ kind: 'task_assigned', email: false }, { kind: 'incident_major', email: false }] }));
    expect(saved.preferences.find((p: { kind: string }) => p.kind === 'task_assigned')).toMatchObject({ inApp: true, email: false });
    const i = await incident(w.a.manager, { clientId: w.a.assigned.id, leadId: c.id });
    const [task] = await ok(api().get('/api/tasks').query(listQuery({ filter: { incidentId: i.id }, range: [0, 0] })).set(w.a.manager.auth));
    await ok(api().put(`/api/tasks/${task.id}`).set(w.a.manager.auth).send({ assigneeId: c.id }));
    
    await gradeMajor(t, w.a.manager, i.id);
    expect(await kindsAbout(s, { entityId: task.id })).toEqual(['task_assigned']);
    expect(await kindsAbout(s, { kind: 'incident_major' })).toEqual(['incident_major']);
    const assignedBefore = (await mine(s, { kind: 'task_assigned' })).length;
    // the managers want e-mail, this consultant does not
    expect((await deliveries(w.a.manager, { incidentId: i.id, userId: c.id }))).toEqual([]);
    expect((await deliveries(w.a.manager, { incidentId: i.id, kind: 'incident_major' })).map((d) => d.userId)).not.toContain(c.id);
    // in-app off too: nothing at all for tasks
    await ok(api().put('/api/notification-preferences').set(s.auth).send({ preferences: [{ kind: 'task_assigned', inApp: false }] }));
    await ok(api().put(`/api/tasks/${task.id}`).set(w.a.manager.auth).send({ assigneeId: null }));
    await ok(api().put(`/api/tasks/${task.id}`).set(w.a.manager.auth).send({ assigneeId: c.id }));
    expect((await mine(s, { kind: 'task_assigned' })).length).toBe(assignedBefore);
    const audit = await ok(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'notification-preferences', entityId: c.id } })).set(w.a.manager.auth));
    expect(audit.length).toBe(2);
  });
});

describe('my work', () => {
  const ids = async (s: Session, resource: string, filter: Record<string, unknown>) =>
    (await ok<{ id: string }[]>(api().get(`/api/${resource}`).query(listQuery({ filter, range: [0, 999] })).set(s.auth))).map((x) => x.id);

  it('approvals waiting for me: in review, not mine, and the approval rule lets me (regulator and media: managers or the legal member)', async () => {
    const i = await incident(w.a.manager, { clientId: w.a.assigned.id, team: [{ userId: w.a.consultant.user.id, name: '顾问', role: 'it' }] });
    const make = async (s: Session, audience: string) => {
      const c = await ok(api().post('/api/communications').set(s.auth).send({ incidentId: i.id, audience, channel: 'email', subject: `待审批 ${audience}`, body: '正文' }));
      await ok(api().post(`/api/communications/${c.id}/transition`).set(s.auth).send({ to: 'in_review' }));
      return c.id as string;
    };
    const toRegulator = await make(w.a.manager, 'regulator');
    const toClient = await make(w.a.manager, 'client');
    const mineDraft = await ok(api().post('/api/communications').set(w.a.consultant.auth).send({ incidentId: i.id, audience: 'client', channel: 'email', subject: '草稿', body: '正文' }));
    const forConsultant = await ids(w.a.consultant, 'communications', { awaitingMyApproval: true, incidentId: i.id });
    expect(forConsultant).toEqual([toClient]);
    expect((await ids(manager2, 'communications', { awaitingMyApproval: true, incidentId: i.id })).sort()).toEqual([toRegulator, toClient].sort());
    expect(await ids(w.a.manager, 'communications', { awaitingMyApproval: true, incidentId: i.id })).toEqual([]);
    expect(await ids(w.a.consultant, 'communications', { awaitingMyApproval: false, incidentId: i.id })).toEqual(expect.arrayContaining([toRegulator, mineDraft.id]));
    // the consultant made the incident's legal member: the regulator notice waits for them too
    await ok(api().put(`/api/incidents/${i.id}`).set(w.a.manager.auth).send({ team: [{ userId: w.a.consultant.user.id, name: '顾问', role: 'legal' }] }));
    expect((await ids(w.a.consultant, 'communications', { awaitingMyApproval: true, incidentId: i.id })).sort()).toEqual([toRegulator, toClient].sort());
    expect((await api().get('/api/communications').query({ filter: '{"awaitingMyApproval":"yes"}' }).set(w.a.consultant.auth)).body.errors).toEqual([{ field: 'filter.awaitingMyApproval', message: 'must be true or false' }]);
  });

  it('my incidents\' deadlines, tasks assigned to me, clients\' reports not yet acknowledged', async () => {
    const i = await incident(w.a.manager, { clientId: w.a.assigned.id, leadId: w.a.consultant.user.id, personalInfoInvolved: true });
    const other = await incident(w.a.manager, { clientId: w.a.assigned.id, personalInfoInvolved: true });
    const mine = await ok<{ id: string; incidentId: string }[]>(api().get('/api/obligations').query(listQuery({ filter: { mine: true, status: ['pending', 'overdue'] }, range: [0, 999] })).set(w.a.consultant.auth));
    expect(mine.some((o) => o.incidentId === i.id)).toBe(true);
    expect(mine.some((o) => o.incidentId === other.id)).toBe(false);
    expect(await ids(manager2, 'obligations', { mine: true, incidentId: i.id })).toEqual([]);

    const [task] = await ok(api().get('/api/tasks').query(listQuery({ filter: { incidentId: other.id }, range: [0, 0] })).set(w.a.manager.auth));
    await ok(api().put(`/api/tasks/${task.id}`).set(w.a.manager.auth).send({ assigneeId: w.a.consultant.user.id }));
    expect(await ids(w.a.consultant, 'tasks', { assigneeId: w.a.consultant.user.id, incidentId: other.id })).toEqual([task.id]);

    const reported = await ok(api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: '待确认的报告', detectedAt: hoursAgo(1) }));
    expect(await ids(w.a.consultant, 'incidents', { unacknowledged: true })).toContain(reported.id);
    await ok(api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: reported.id, body: '收到' }));
    expect(await ids(w.a.consultant, 'incidents', { unacknowledged: true })).not.toContain(reported.id);
    expect(await ids(w.a.consultant, 'incidents', { unacknowledged: false })).toContain(reported.id);
  });
});

describe('the firm\'s alerting settings', () => {
  it('are the managers\', start from the issue\'s defaults, refuse bad values with 400 naming the field, and are audited', async () => {
    const f = await makeFirm(t, 'Settings');
    const get = () => ok(api().get('/api/notification-settings').set(f.manager.auth));
    expect((await get()).alerting).toEqual({ halfWindow: true, beforeDueMinutes: [30], overdueRepeatMinutes: 60, acknowledgeMinutes: 60, digestHour: 9 });
    const put = (body: object) => api().put('/api/notification-settings').set(f.manager.auth).send(body);
    const fields = (res: { status: number; body: { errors?: { field: string }[] } }) => [res.status, (res.body.errors ?? []).map((e) => e.field)];
    expect(fields(await put({ alerting: { acknowledgeMinutes: 0 } }))).toEqual([400, ['alerting.acknowledgeMinutes']]);
    expect(fields(await put({ alerting: { beforeDueMinutes: 'soon', digestHour: 24, nope: 1 } }))).toEqual([400, ['alerting.nope', 'alerting.beforeDueMinutes', 'alerting.digestHour']]);
    expect(fields(await put({ alerting: [] }))).toEqual([400, ['alerting']]);
    expect(fields(await put({}))).toEqual([400, ['alerting']]);
    expect((await get()).alerting.acknowledgeMinutes).toBe(60);
    const saved = await ok(put({ alerting: { acknowledgeMinutes: 20, beforeDueMinutes: [15, 60, 15] } }));
    expect(saved.alerting).toEqual({ halfWindow: true, beforeDueMinutes: [60, 15], overdueRepeatMinutes: 60, acknowledgeMinutes: 20, digestHour: 9 });
    expect((await get()).alerting).toEqual(saved.alerting);
    const audit = await ok(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'notification-settings' } })).set(f.manager.auth));
    expect(audit.length).toBe(1);
    // the same again: no change, no history
    await ok(put({ alerting: { acknowledgeMinutes: 20 } }));
    expect((await ok(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'notification-settings' } })).set(f.manager.auth))).length).toBe(1);
  });

  it('are what the clocks use: a client\'s report escalates after the firm\'s window', async () => {
    const f = await makeFirm(t, 'Window');
    const client = await createClient(t, f.manager);
    const admin = await login(t, (await createUser(t, f.manager, f.slug, { role: 'client_admin', clientId: client.id })).email);
    await ok(api().put('/api/notification-settings').set(f.manager.auth).send({ alerting: { acknowledgeMinutes: 10 } }));
    const reported = await ok(api().post('/api/incidents').set(admin.auth).send({ title: '账号异常登录', detectedAt: hoursAgo(1) }));
    const reminders = t.app.get(RemindersService);
    await reminders.scan({ firmIds: [f.firmId], now: Date.parse(reported.reportedAt) + 10 * 60_000 });
    const sup = await connect('super');
    try {
      const rows = await sup.query(`select key, fire_at from notification_reminders where subject_id = $1`, [reported.id]);
      expect(rows.rows.map((r) => [r.key, r.fire_at.getTime()])).toEqual([['unacknowledged_0', Date.parse(reported.reportedAt) + 10 * 60_000]]);
    } finally {
      await sup.end();
    }
  });
});

describe('notification channels', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let strict: TestApp;
  beforeAll(async () => {
    receiver = await startReceiver();
    strict = await startApp();
  });
  afterAll(async () => {
    await receiver.close();
    await strict.close();
  });

  const create = (s: Session, body: object, app = t) => app.api().post('/api/notification-channels').set(s.auth).send(body);
  const fields = (res: { status: number; body: { errors?: { field: string }[] } }) => [res.status, (res.body.errors ?? []).map((e) => e.field)];

  it('keeps a manager\'s robots and webhooks, never sends the secret back, audits them without their keys', async () => {
    const url = `${receiver.base}/cgi-bin/webhook/send?key=secret-key-123`;
    const made = await ok(create(w.a.manager, { name: '应急群', kind: 'wecom', url }));
    expect(made).toMatchObject({ name: '应急群', kind: 'wecom', url, hasSecret: false, events: null, clientIds: null, active: true });
    const hook = await ok(create(w.a.manager, { name: 'SIEM', kind: 'webhook', url: `${receiver.base}/hook`, secret: 'a-webhook-secret-123', events: ['incident_major'], clientIds: [w.a.assigned.id] }));
    expect(hook).toMatchObject({ hasSecret: true, events: ['incident_major'], clientIds: [w.a.assigned.id] });
    expect(JSON.stringify(hook)).not.toContain('a-webhook-secret-123');
    const listed = await ok(api().get('/api/notification-channels').query(listQuery({ range: [0, 99] })).set(w.a.manager.auth));
    expect(JSON.stringify(listed)).not.toContain('a-webhook-secret-123');
    const updated = await ok(api().put(`/api/notification-channels/${hook.id}`).set(w.a.manager.auth).send({ active: false, secret: 'another-secret-4567' }));
    expect(updated).toMatchObject({ active: false, hasSecret: true });
    const audit = await ok(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'notification-channels' }, range: [0, 99] })).set(w.a.manager.auth));
    expect(JSON.stringify(audit)).not.toMatch(/secret-key-123|a-webhook-secret-123|another-secret-4567/);
    expect((await ok(api().delete(`/api/notification-channels/${made.id}`).set(w.a.manager.auth))).id).toBe(made.id);
    expect((await api().get(`/api/notification-channels/${made.id}`).set(w.a.manager.auth)).status).toBe(404);
  });

  it('refuses bad configuration with 400 naming the field', async () => {
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'wecom', url: `${receiver.base}/other?key=k` }))).toEqual([400, ['url']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'wecom', url: `${receiver.base}/cgi-bin/webhook/send?key=k`, secret: 'SECx' }))).toEqual([400, ['secret']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'webhook', url: `${receiver.base}/hook` }))).toEqual([400, ['secret']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'dingtalk', url: `${receiver.base}/robot/send?access_token=t`, secret: 'not-sec' }))).toEqual([400, ['secret']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'webhook', url: `${receiver.base}/hook`, secret: 'a-webhook-secret-123', clientIds: [w.b.client.id] }))).toEqual([400, ['clientIds[0]']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'webhook', url: `${receiver.base}/hook`, secret: 'a-webhook-secret-123', events: ['nope'] }))).toEqual([400, ['events']]);
    expect(fields(await create(w.a.manager, { name: 'x', kind: 'sms', url: 'https://x.example/' }))).toEqual([400, ['kind']]);
    // without NOTIFY_ALLOW_PRIVATE_HOSTS: a robot must be its platform's, a webhook https and public
    const m = await login(strict, w.a.manager.user.email);
    expect(fields(await create(m, { name: 'x', kind: 'webhook', url: 'https://127.0.0.1/hook', secret: 'a-webhook-secret-123' }, strict))).toEqual([400, ['url']]);
    expect(fields(await create(m, { name: 'x', kind: 'webhook', url: 'https://169.254.169.254/latest/meta-data', secret: 'a-webhook-secret-123' }, strict))).toEqual([400, ['url']]);
    expect(fields(await create(m, { name: 'x', kind: 'webhook', url: 'http://hooks.example.com/x', secret: 'a-webhook-secret-123' }, strict))).toEqual([400, ['url']]);
    expect(fields(await create(m, { name: 'x', kind: 'wecom', url: 'https://qyapi.example.com/cgi-bin/webhook/send?key=k' }, strict))).toEqual([400, ['url']]);
    expect(fields(await create(m, { name: 'x', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', active: false }, strict))).toEqual([201, []]);
  });

  it('are the managers\' only', async () => {
    expect((await create(w.a.consultant, { name: 'x', kind: 'webhook', url: `${receiver.base}/hook`, secret: 'a-webhook-secret-123' })).status).toBe(403);
    expect((await api().get('/api/notification-channels').set(w.a.consultant.auth)).status).toBe(403);
    expect((await api().get('/api/notification-channels').set(w.a.clientAdmin.auth)).status).toBe(403);
    expect((await api().get('/api/notification-deliveries').set(w.a.consultant.auth)).status).toBe(403);
    expect((await api().get('/api/notification-deliveries').set(w.a.clientAdmin.auth)).status).toBe(403);
  });

  it('receive the events of their kinds and clients: one delivery each, in the event\'s transaction', async () => {
    const all = await ok(create(w.b.manager, { name: 'all', kind: 'feishu', url: `${receiver.base}/open-apis/bot/v2/hook/all` }));
    const majorOnly = await ok(create(w.b.manager, { name: 'major', kind: 'dingtalk', url: `${receiver.base}/robot/send?access_token=t`, events: ['incident_major'] }));
    const second = await createClient(t, w.b.manager);
    const otherClient = await ok(create(w.b.manager, { name: 'other client', kind: 'webhook', url: `${receiver.base}/hook`, secret: 'a-webhook-secret-123', clientIds: [second.id] }));
    const off = await ok(create(w.b.manager, { name: 'off', kind: 'wecom', url: `${receiver.base}/cgi-bin/webhook/send?key=k`, active: false }));
    const i = await incident(w.b.manager, { clientId: w.b.client.id });
    const c = await ok(api().post('/api/communications').set(w.b.manager.auth).send({ incidentId: i.id, audience: 'client', channel: 'email', subject: 's', body: 'b' }));
    await ok(api().post(`/api/communications/${c.id}/transition`).set(w.b.manager.auth).send({ to: 'in_review' }));
    await gradeMajor(t, w.b.manager, i.id);
    
    const ds = await deliveries(w.b.manager, { incidentId: i.id });
    const channelsOf = (kind: string) => ds.filter((d) => d.kind === kind && d.channelId).map((d) => d.channelId).sort();
    expect(channelsOf('incident_major')).toEqual([all.id, majorOnly.id].sort());
    expect(channelsOf('communication_in_review')).toEqual([all.id]);
    expect(ds.some((d) => d.channelId === off.id || d.channelId === otherClient.id)).toBe(false);
    expect(ds.find((d) => d.channelId === all.id)).toMatchObject({ transport: 'feishu', target: 'all' });
    // firm A's manager sees none of firm B's deliveries
    expect(await deliveries(w.a.manager, { incidentId: i.id })).toEqual([]);
    expect((await api().get(`/api/notification-deliveries/${ds[0].id}`).set(w.a.manager.auth)).status).toBe(404);
    expect((await api().get(`/api/notification-channels/${all.id}`).set(w.a.manager.auth)).status).toBe(404);
  });
});
