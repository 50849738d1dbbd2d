import type { Client } from 'pg';
import { connect } from '../support/db';
import { makeWorld, ok, startApp, type TestApp, type World } from '../support/app';

/**
 * incidents.progress and incidents.nearest_due_at, kept by statement triggers on tasks and obligations (migration
 * 1765100000000). Each check compares them with figures this test computes itself from the incident's task and
 * obligation rows, after every kind of write: through the API, many rows in one statement, deletes, a task moved to
 * another incident, and two writers of one incident at once.
 */
describe('incident extras kept by the database', () => {
  let t: TestApp;
  let w: World;
  let sup: Client;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    sup = await connect('super');
    for (const title of ['进度一', '进度二']) {
      const i = await ok(t.api().post('/api/incidents').set(w.a.consultant.auth).send({
        clientId: w.a.assigned.id, title, detectedAt: new Date(Date.now() - 2 * 3600_000).toISOString(), category: 'data_security', personalInfoInvolved: true,
      }));
      ids.push(i.id);
    }
  }, 60_000);
  afterAll(async () => {
    await sup.end();
    await t.close();
  });

  /** What the incident keeps, and what its rows say it should keep (computed here). */
  async function kept(id: string) {
    const row = (await sup.query(`select progress, nearest_due_at from incidents where id = $1`, [id])).rows[0];
    const tasks = (await sup.query(`select phase, status, required from tasks where incident_id = $1`, [id])).rows;
    const closed = (s: string) => s === 'done' || s === 'not_applicable';
    let expected: Record<string, [number, number, number]> | null = null;
    for (const x of tasks) {
      expected ??= {};
      const c = (expected[x.phase] ??= [0, 0, 0]);
      if (closed(x.status)) c[0]++;
      c[1]++;
      if (x.required && !closed(x.status)) c[2]++;
    }
    const due = (await sup.query(`select due_at from obligations where incident_id = $1 and status = 'pending' order by due_at limit 1`, [id])).rows[0];
    return { stored: { progress: row.progress, due: row.nearest_due_at?.toISOString() ?? null }, expected: { progress: expected, due: due?.due_at.toISOString() ?? null } };
  }
  async function expectKept(id: string) {
    const k = await kept(id);
    expect(k.stored).toEqual(k.expected);
    return k.stored;
  }

  it('counts from the start: the playbook\'s tasks and the reporting clocks of a new incident', async () => {
    for (const id of ids) {
      const k = await expectKept(id);
      expect(Object.keys(k.progress!).sort()).toEqual(['follow_up', 'investigating', 'recovering', 'responding', 'triage']);
      expect(k.due).not.toBeNull();
    }
  });

  it('follows the tasks and obligations through the API and through statements of many rows, deletes and moves', async () => {
    const [a, b] = ids;
    const tasks = (await sup.query(`select id, phase from tasks where incident_id = $1 order by position`, [a])).rows;
    // through the API, as the consultant
    await ok(t.api().put(`/api/tasks/${tasks[0].id}`).set(w.a.consultant.auth).send({ status: 'done' }));
    await ok(t.api().put(`/api/tasks/${tasks[1].id}`).set(w.a.consultant.auth).send({ status: 'not_applicable' }));
    expect((await expectKept(a)).progress!.triage[0]).toBeGreaterThanOrEqual(2);
    // one statement over many rows of two incidents
    await sup.query(`update tasks set status = 'done' where incident_id = any($1) and phase = 'responding'`, [ids]);
    await expectKept(a);
    await expectKept(b);
    // a task moved to the other incident counts there and no longer here
    await sup.query(`update tasks set incident_id = $2 where id = $1`, [tasks[2].id, b]);
    await expectKept(a);
    await expectKept(b);
    // deleted tasks, then none at all
    await sup.query(`delete from tasks where incident_id = $1 and phase = 'follow_up'`, [a]);
    expect((await expectKept(a)).progress!.follow_up).toBeUndefined();
    // obligations: a later due date, one met, all met
    await sup.query(`update obligations set due_at = due_at + interval '3 days' where incident_id = $1`, [a]);
    await expectKept(a);
    const first = (await sup.query(`select id from obligations where incident_id = $1 and status = 'pending' order by due_at limit 1`, [a])).rows[0];
    await sup.query(`update obligations set status = 'met', fulfilled_at = now() where id = $1`, [first.id]);
    await expectKept(a);
    await sup.query(`update obligations set status = 'met', fulfilled_at = now() where incident_id = $1`, [a]);
    expect((await expectKept(a)).due).toBeNull();
    await sup.query(`delete from tasks where incident_id = $1`, [a]);
    expect((await expectKept(a)).progress).toBeNull();
    // the API shows what is kept
    const shown = await ok(t.api().get(`/api/incidents/${b}`).set(w.a.consultant.auth));
    const k = await kept(b);
    expect(shown.nearestDueAt).toBe(k.expected.due);
    expect(Object.fromEntries(Object.entries(shown.progress).filter(([, v]: [string, any]) => v.total > 0).map(([p, v]: [string, any]) => [p, [v.done, v.total, v.requiredOpen]]))).toEqual(k.expected.progress);
  });

  it('leaves the incident alone when a write changes nothing it counts', async () => {
    const [, b] = ids;
    const before = (await sup.query(`select xmin::text as v from incidents where id = $1`, [b])).rows[0].v;
    await sup.query(`update tasks set assignee_id = $2 where incident_id = $1`, [b, w.a.consultant.user.id]);
    await sup.query(`update obligations set fulfilment_note = 'noted' where incident_id = $1`, [b]);
    expect((await sup.query(`select xmin::text as v from incidents where id = $1`, [b])).rows[0].v).toBe(before);
  });

  it('counts the tasks a concurrent writer of the same incident committed while this one waited', async () => {
    const [, b] = ids;
    const open = (await sup.query(`select id from tasks where incident_id = $1 and status not in ('done', 'not_applicable') order by position limit 2`, [b])).rows;
    expect(open).toHaveLength(2);
    const one = await connect('app');
    const two = await connect('app');
    try {
      for (const c of [one, two]) {
        await c.query('begin');
        await c.query(`select 1 from app_enter($1, $2)`, [w.a.firmId, w.a.consultant.user.id]);
      }
      await one.query(`update tasks set status = 'done' where id = $1`, [open[0].id]);
      // the second writer's trigger waits for the incident the first one locked
      const pid = (await two.query('select pg_backend_pid() as pid')).rows[0].pid;
      const second = two.query(`update tasks set status = 'done' where id = $1`, [open[1].id]);
      for (let k = 0; k < 100; k++) {
        const wait = (await sup.query(`select wait_event_type from pg_stat_activity where pid = $1`, [pid])).rows[0]?.wait_event_type;
        if (wait === 'Lock') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await sup.query(`select wait_event_type from pg_stat_activity where pid = $1`, [pid])).rows[0].wait_event_type).toBe('Lock');
      await one.query('commit');
      await second;
      await two.query('commit');
    } finally {
      await one.end();
      await two.end();
    }
    const k = await expectKept(b);
    expect((await sup.query(`select count(*)::int as n from tasks where id = any($1) and status = 'done'`, [open.map((x) => x.id)])).rows[0].n).toBe(2);
    expect(k.progress).not.toBeNull();
  });
});
