import { createClient, listQuery, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';
import { connect } from '../support/db';

/**
 * Time spent per client (issue 18): rights, bad input, filters and CSV, closed months (reopen and close racing edits),
 * the incident timer, and the service report's hours computed by hand from the entries made here.
 */
let t: TestApp;
let w: World;

const TZ = 'Asia/Shanghai';
const day = (d = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const today = day();
/** a month that has ended (two before this one, in the firm's time zone) and its 10th */
const pastMonth = (() => {
  const [y, m] = today.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 3, 1));
  return d.toISOString().slice(0, 7);
})();
const pastDay = `${pastMonth}-10`;

async function incident(s: Session, clientId: string, title = 'Leak'): Promise<{ id: string; reference: string }> {
  return ok(t.api().post('/api/incidents').set(s.auth).send({ clientId, title, detectedAt: new Date(Date.now() - 3600_000).toISOString() }));
}

const entry = (s: Session, body: Record<string, unknown>) => t.api().post('/api/time-entries').set(s.auth).send(body);
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  t = await startApp();
  w = await makeWorld(t);
});

afterAll(async () => {
  await t?.close();
});

describe('time entries: rights and input', () => {
  it('consultants log and change their own on assigned clients; managers anyone\'s; client admins nothing', async () => {
    const inc = await incident(w.a.consultant, w.a.assigned.id);
    const own = await ok(entry(w.a.consultant, { clientId: w.a.assigned.id, incidentId: inc.id, date: today, minutes: 45, activity: 'triage', note: 'first look' }));
    expect(own).toMatchObject({ userId: w.a.consultant.user.id, minutes: 45, billable: true, incidentReference: inc.reference, locked: false });
    // someone else's time, an unassigned client: refused, naming the field
    const forOther = await entry(w.a.consultant, { clientId: w.a.assigned.id, userId: w.a.manager.user.id, date: today, minutes: 5, activity: 'other' });
    expect([forOther.status, fields(forOther)]).toEqual([400, ['userId']]);
    const unassigned = await entry(w.a.consultant, { clientId: w.a.unassigned.id, date: today, minutes: 5, activity: 'other' });
    expect([unassigned.status, fields(unassigned)]).toEqual([400, ['clientId']]);
    // a manager logs for the consultant, and for themselves
    const byManager = await ok(entry(w.a.manager, { clientId: w.a.assigned.id, userId: w.a.consultant.user.id, date: today, minutes: 15, activity: 'advisory' }));
    const managers = await ok(entry(w.a.manager, { clientId: w.a.assigned.id, date: today, minutes: 20, activity: 'other' }));
    // the consultant changes their own (also the one the manager logged for them), not the manager's
    expect((await t.api().put(`/api/time-entries/${byManager.id}`).set(w.a.consultant.auth).send({ minutes: 25 })).body.minutes).toBe(25);
    expect((await t.api().put(`/api/time-entries/${managers.id}`).set(w.a.consultant.auth).send({ minutes: 25 })).status).toBe(403);
    expect((await t.api().delete(`/api/time-entries/${managers.id}`).set(w.a.consultant.auth)).status).toBe(403);
    expect((await t.api().put(`/api/time-entries/${own.id}`).set(w.a.manager.auth).send({ billable: false })).body.billable).toBe(false);
    // client admins: no access at all
    expect((await t.api().get('/api/time-entries').set(w.a.clientAdmin.auth)).status).toBe(403);
    expect((await t.api().get(`/api/time-entries/${own.id}`).set(w.a.clientAdmin.auth)).status).toBe(403);
    expect((await entry(w.a.clientAdmin, { clientId: w.a.assigned.id, date: today, minutes: 5, activity: 'other' })).status).toBe(403);
    // every change audited
    const audit = await t.api().get('/api/audit-logs').set(w.a.manager.auth).query(listQuery({ filter: { entity: 'time-entries' }, range: [0, 99] }));
    expect(audit.body.filter((a: { entityId: string }) => a.entityId === own.id).map((a: { action: string }) => a.action).sort()).toEqual(['create', 'update']);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const other = await incident(w.a.manager, w.a.unassigned.id);
    const base = { clientId: w.a.assigned.id, date: today, minutes: 30, activity: 'other' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, minutes: 0 }, 'minutes'],
      [{ ...base, minutes: 24 * 60 + 1 }, 'minutes'],
      [{ ...base, minutes: 1.5 }, 'minutes'],
      [{ ...base, activity: 'golf' }, 'activity'],
      [{ ...base, date: '2026-02-30' }, 'date'],
      [{ ...base, date: '2999-01-01' }, 'date'],
      [{ ...base, date: 'yesterday' }, 'date'],
      [{ ...base, incidentId: other.id }, 'incidentId'],
      [{ ...base, clientId: 'nope' }, 'clientId'],
      [{ ...base, billable: 'yes' }, 'billable'],
      [{ ...base, firmId: w.b.firmId }, 'firmId'],
    ];
    const before = (await t.api().get('/api/time-entries').set(w.a.manager.auth).query(listQuery({ range: [0, 999] }))).body.length;
    for (const [body, field] of cases) {
      const res = await entry(w.a.manager, body);
      expect({ body, status: res.status, fields: fields(res) }).toEqual({ body, status: 400, fields: [field] });
    }
    expect((await t.api().get('/api/time-entries').set(w.a.manager.auth).query(listQuery({ range: [0, 999] }))).body.length).toBe(before);
  });

  it('filters by client, incident, user, dates, activity and billable; exports the selection as CSV, formulas neutralised', async () => {
    const inc = await incident(w.a.manager, w.a.unassigned.id, 'Filtered');
    const a = await ok(entry(w.a.manager, { clientId: w.a.unassigned.id, incidentId: inc.id, date: today, minutes: 10, activity: 'responding', note: '=HYPERLINK("x")' }));
    const b = await ok(entry(w.a.manager, { clientId: w.a.unassigned.id, date: today, minutes: 20, activity: 'advisory', billable: false }));
    const idsOf = async (filter: Record<string, unknown>) =>
      (await t.api().get('/api/time-entries').set(w.a.manager.auth).query(listQuery({ filter: { clientId: w.a.unassigned.id, ...filter }, range: [0, 99] }))).body.map((e: { id: string }) => e.id).sort();
    expect(await idsOf({})).toEqual([a.id, b.id].sort());
    expect(await idsOf({ incidentId: inc.id })).toEqual([a.id]);
    expect(await idsOf({ activity: 'advisory' })).toEqual([b.id]);
    expect(await idsOf({ billable: false })).toEqual([b.id]);
    expect(await idsOf({ userId: w.a.consultant.user.id })).toEqual([]);
    expect(await idsOf({ date_gte: today, date_lte: today })).toEqual([a.id, b.id].sort());
    expect(await idsOf({ date_lte: pastDay })).toEqual([]);
    const bad = await t.api().get('/api/time-entries').set(w.a.manager.auth).query(listQuery({ filter: { date_gte: 'soon' } }));
    expect([bad.status, fields(bad)]).toEqual([400, ['filter.date_gte']]);
    // the consultant never sees the unassigned client's entries
    expect((await t.api().get('/api/time-entries').set(w.a.consultant.auth).query(listQuery({ filter: { id: [a.id, b.id] } }))).body).toEqual([]);
    const csv = await t.api().get('/api/time-entries/export.csv').set(w.a.manager.auth).query(listQuery({ filter: { clientId: w.a.unassigned.id } })).buffer(true)
      .parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain(inc.reference);
  });
});

describe('closed months', () => {
  it('locks an ended month until a manager reopens it (audited), and again once closed', async () => {
    const base = { clientId: w.a.assigned.id, date: pastDay, minutes: 30, activity: 'other' };
    const closed = await entry(w.a.consultant, base);
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ reason: 'month_closed', month: pastMonth });
    expect((await t.api().get(`/api/time-entries/months/${pastMonth}`).set(w.a.consultant.auth)).body).toMatchObject({ id: pastMonth, state: 'closed' });
    // only managers reopen; the month must have ended; a month is YYYY-MM
    expect((await t.api().post(`/api/time-entries/months/${pastMonth}/reopen`).set(w.a.consultant.auth)).status).toBe(403);
    const current = await t.api().post(`/api/time-entries/months/${today.slice(0, 7)}/reopen`).set(w.a.manager.auth);
    expect([current.status, current.body.reason]).toEqual([409, 'month_open']);
    const badMonth = await t.api().post('/api/time-entries/months/2026-13/reopen').set(w.a.manager.auth);
    expect([badMonth.status, fields(badMonth)]).toEqual([400, ['month']]);
    expect((await t.api().post(`/api/time-entries/months/${pastMonth}/close`).set(w.a.manager.auth)).status).toBe(409);

    expect((await ok(t.api().post(`/api/time-entries/months/${pastMonth}/reopen`).set(w.a.manager.auth))).state).toBe('reopened');
    const e = await ok(entry(w.a.consultant, base));
    expect(e.locked).toBe(false);
    expect((await ok(t.api().put(`/api/time-entries/${e.id}`).set(w.a.consultant.auth).send({ minutes: 40 }))).minutes).toBe(40);
    expect((await ok(t.api().post(`/api/time-entries/months/${pastMonth}/close`).set(w.a.manager.auth))).state).toBe('closed');
    expect((await ok(t.api().get(`/api/time-entries/${e.id}`).set(w.a.consultant.auth))).locked).toBe(true);
    for (const res of [
      await t.api().put(`/api/time-entries/${e.id}`).set(w.a.manager.auth).send({ minutes: 50 }),
      await t.api().delete(`/api/time-entries/${e.id}`).set(w.a.manager.auth),
      // moving an open month's entry into the closed one
      await t.api().put(`/api/time-entries/${(await ok(entry(w.a.consultant, { ...base, date: today }))).id}`).set(w.a.consultant.auth).send({ date: pastDay }),
    ]) expect([res.status, res.body.reason]).toEqual([409, 'month_closed']);
    expect((await ok(t.api().get(`/api/time-entries/${e.id}`).set(w.a.consultant.auth))).minutes).toBe(40);
    const audit = await t.api().get('/api/audit-logs').set(w.a.manager.auth).query(listQuery({ filter: { entity: 'time-entry-months' }, range: [0, 99], sort: ['seq', 'ASC'] }));
    expect(audit.body.filter((a: { entityId: string }) => a.entityId === pastMonth).map((a: { changes: { state: { after: string } } }) => a.changes.state.after)).toEqual(['reopened', 'closed']);
  });

  /**
   * Edits of eight entries of a reopened month and its close, all under way at once (with `reopens`, two reopens
   * behind the close): the firm's audit head is held, so each request runs up to its audit append (the last write of
   * a change) or to the month's row it waits for; the requests go out one group after the other (`first` first), each
   * group once its requests wait there. Then the head is released and the history (audit log, in order) is compared
   * with what each request answered.
   */
  async function race(month: string, first: 'edits' | 'close', reopens: number) {
    const made: { id: string }[] = [];
    for (let n = 0; n < 8; n++) made.push(await ok(entry(w.a.manager, { clientId: w.a.assigned.id, date: `${month}-05`, minutes: 10, activity: 'other' })));
    const holder = await connect('super');
    const watcher = await connect('super');
    // requests of this test waiting: on the firm's audit head or on the month's row (other test files touch neither)
    const waitFor = async (n: number) => {
      for (let i = 0; i < 400; i++) {
        const [{ c }] = (await watcher.query(
          `select count(*)::int as c from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and (query like '%audit_heads%' or query like '%time_entry_months%')`,
        )).rows;
        if (c >= n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${n} requests never waited`);
    };
    type Res = { status: number; body: any };
    let close!: Promise<Res>;
    let edits!: Promise<Res>[];
    let reopened: Promise<Res>[] = [];
    try {
      await holder.query('begin');
      await holder.query('select 1 from audit_heads where firm_id = $1 for update', [w.a.firmId]);
      const fireEdits = () => { edits = made.map((e, n) => t.api().put(`/api/time-entries/${e.id}`).set(w.a.manager.auth).send({ minutes: 100 + n }).then((r) => r)); };
      const fireClose = () => { close = t.api().post(`/api/time-entries/months/${month}/close`).set(w.a.manager.auth).then((r) => r); };
      if (first === 'edits') { fireEdits(); await waitFor(8); fireClose(); } else { fireClose(); await waitFor(1); fireEdits(); }
      await waitFor(9);
      reopened = Array.from({ length: reopens }, () => t.api().post(`/api/time-entries/months/${month}/reopen`).set(w.a.manager.auth).then((r) => r));
      await waitFor(9 + reopens);
    } finally {
      await holder.query('rollback');
      await holder.end();
      await watcher.end();
    }
    const closed = await close;
    const editResults = await Promise.all(edits);
    const reopenResults = await Promise.all(reopened);
    expect(closed.status).toBe(200);
    for (const r of editResults.filter((x) => x.status !== 200)) expect([r.status, r.body.reason]).toEqual([409, 'month_closed']);
    for (const r of reopenResults.filter((x) => x.status !== 200)) expect([r.status, r.body.reason]).toEqual([409, 'month_reopened']);
    const audit = (await t.api().get('/api/audit-logs').set(w.a.manager.auth).query(listQuery({ range: [0, 999], sort: ['seq', 'DESC'] }))).body as
      { seq: string; entity: string; entityId: string; action: string; changes: Record<string, { after: unknown }> }[];
    const ids = new Set(made.map((e) => e.id));
    const history = audit.filter((a) => (a.entity === 'time-entries' && ids.has(a.entityId) && a.action === 'update') || (a.entity === 'time-entry-months' && a.entityId === month))
      .sort((a, b) => Number(a.seq) - Number(b.seq));
    // the month: reopened (before the race), closed once, then reopened by at most one of the racing reopens
    const states = history.filter((a) => a.entity === 'time-entry-months').map((a) => a.changes.state.after);
    expect(states).toEqual(['reopened', 'closed', ...reopenResults.filter((r) => r.status === 200).map(() => 'reopened')]);
    expect(reopenResults.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    // each edit that landed is in the history once, and was written while the month was reopened — never while closed
    expect(history.filter((a) => a.entity === 'time-entries')).toHaveLength(editResults.filter((r) => r.status === 200).length);
    let state = 'closed';
    for (const a of history) {
      if (a.entity === 'time-entry-months') state = String(a.changes.state.after);
      else expect({ seq: a.seq, entityId: a.entityId, state }).toEqual({ seq: a.seq, entityId: a.entityId, state: 'reopened' });
    }
    // and what is stored is what the history says
    for (const [n, e] of made.entries()) {
      expect((await ok(t.api().get(`/api/time-entries/${e.id}`).set(w.a.manager.auth))).minutes).toBe(editResults[n].status === 200 ? 100 + n : 10);
    }
    return editResults.filter((r) => r.status === 200).length;
  }

  it('a close racing edits leaves a true history: edits under way land before the close; edits after it are refused', async () => {
    const [y, m] = today.split('-').map(Number);
    const month = (back: number) => new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
    await ok(t.api().post(`/api/time-entries/months/${month(3)}/reopen`).set(w.a.manager.auth));
    // edits that read the month reopened hold it: the close waits for them
    expect(await race(month(3), 'edits', 2)).toBe(8);
    await ok(t.api().post(`/api/time-entries/months/${month(4)}/reopen`).set(w.a.manager.auth));
    // a close under way: the edits wait for it, then find the month closed
    expect(await race(month(4), 'close', 0)).toBe(0);
  });
});

describe('the incident timer', () => {
  it('runs on the server (one per user), stops into an entry of the incident with the minutes measured', async () => {
    const inc = await incident(w.a.consultant, w.a.assigned.id, 'Timed');
    expect((await ok(t.api().get('/api/time-entries/timer').set(w.a.consultant.auth))).timer).toBeNull();
    const started = await ok(t.api().post('/api/time-entries/timer').set(w.a.consultant.auth).send({ incidentId: inc.id }));
    expect(started.timer).toMatchObject({ incidentId: inc.id, clientId: w.a.assigned.id });
    // a second start answers 409 with the running one (one timer per user); another user has their own
    const second = await t.api().post('/api/time-entries/timer').set(w.a.consultant.auth).send({ incidentId: inc.id });
    expect([second.status, second.body.reason, second.body.timer?.startedAt]).toEqual([409, 'timer_running', started.timer.startedAt]);
    expect((await ok(t.api().get('/api/time-entries/timer').set(w.a.manager.auth))).timer).toBeNull();
    // what a reload reads: the server's start
    expect((await ok(t.api().get('/api/time-entries/timer').set(w.a.consultant.auth))).timer.startedAt).toBe(started.timer.startedAt);
    // it ran 95 minutes (moved back in the database; the server measures from its start)
    const sup = await connect('super');
    try {
      await sup.query(`update time_timers set started_at = now() - interval '95 minutes' - interval '10 seconds' where firm_id = $1 and user_id = $2`, [w.a.firmId, w.a.consultant.user.id]);
    } finally {
      await sup.end();
    }
    const stops = await Promise.all([1, 2].map(() => t.api().post('/api/time-entries/timer/stop').set(w.a.consultant.auth).send({ note: 'timed' }).then((r) => r)));
    expect(stops.map((s) => s.status).sort()).toEqual([201, 409]);
    const made = stops.find((s) => s.status === 201)!.body;
    expect(made).toMatchObject({ incidentId: inc.id, clientId: w.a.assigned.id, userId: w.a.consultant.user.id, minutes: 96, note: 'timed' });
    expect((await ok(t.api().get('/api/time-entries/timer').set(w.a.consultant.auth))).timer).toBeNull();
    // a timer on an incident out of scope is refused; a discarded one makes no entry
    const foreign = await incident(w.b.manager, w.b.client.id);
    const out = await t.api().post('/api/time-entries/timer').set(w.a.consultant.auth).send({ incidentId: foreign.id });
    expect([out.status, fields(out)]).toEqual([400, ['incidentId']]);
    await ok(t.api().post('/api/time-entries/timer').set(w.a.consultant.auth).send({ incidentId: inc.id, activity: 'responding' }));
    expect((await t.api().delete('/api/time-entries/timer').set(w.a.consultant.auth)).status).toBe(200);
    expect((await t.api().delete('/api/time-entries/timer').set(w.a.consultant.auth)).status).toBe(409);
    const onIncident = await t.api().get('/api/time-entries').set(w.a.consultant.auth).query(listQuery({ filter: { incidentId: inc.id } }));
    expect(onIncident.body.map((e: { id: string }) => e.id)).toEqual([made.id]);
  });
});

describe('the service report\'s hours', () => {
  it('per client, per incident and per member of staff, by hand; exercises in the drill section only; the client version names no staff', async () => {
    // a client of its own, assigned to the consultant
    const client = await createClient(t, w.a.manager, { operatorType: 'other' });
    await ok(t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: w.a.consultant.user.id, clientId: client.id }));
    const one = await incident(w.a.consultant, client.id, 'One');
    const two = await incident(w.a.manager, client.id, 'Two');
    const drill = await ok(t.api().post('/api/trainings').set(w.a.manager.auth).send({ clientId: client.id, type: 'emergency_drill', title: 'Drill', date: today, status: 'planned' }));
    const exercise = (await ok(t.api().post(`/api/trainings/${drill.id}/exercise`).set(w.a.manager.auth).send({ scenario: 'play', clientId: client.id }))).incident;
    const entries: { who: Session; incidentId?: string; minutes: number; billable: boolean; date?: string }[] = [
      { who: w.a.consultant, incidentId: one.id, minutes: 60, billable: true },
      { who: w.a.manager, incidentId: one.id, minutes: 30, billable: false },
      { who: w.a.consultant, incidentId: two.id, minutes: 25, billable: true },
      { who: w.a.consultant, minutes: 45, billable: true },
      { who: w.a.manager, minutes: 15, billable: true },
      // the exercise: the drill section only
      { who: w.a.consultant, incidentId: exercise.id, minutes: 20, billable: true },
    ];
    for (const e of entries) {
      await ok(entry(e.who, { clientId: client.id, incidentId: e.incidentId, date: e.date ?? today, minutes: e.minutes, activity: 'other', billable: e.billable }));
    }
    // outside the period: a day of an ended month (reopened for it)
    await ok(t.api().post(`/api/time-entries/months/${pastMonth}/reopen`).set(w.a.manager.auth));
    await ok(entry(w.a.consultant, { clientId: client.id, incidentId: one.id, date: pastDay, minutes: 500, activity: 'other' }));

    const counted = entries.filter((e) => e.incidentId !== exercise.id);
    const sum = (list: typeof entries) => ({ minutes: list.reduce((s, e) => s + e.minutes, 0), billableMinutes: list.reduce((s, e) => s + (e.billable ? e.minutes : 0), 0) });
    const period = { from: `${today.slice(0, 7)}-01`, to: today, clientIds: client.id };
    const internal = (await ok(t.api().get('/api/reports/service').set(w.a.manager.auth).query({ ...period, version: 'internal' }))).time;
    expect(internal).toMatchObject({
      ...sum(counted),
      byClient: [{ clientId: client.id, name: client.name, ...sum(counted) }],
    });
    expect(internal.byIncident.sort((a: { reference: string }, b: { reference: string }) => a.reference.localeCompare(b.reference))).toEqual(
      [{ incidentId: one.id, reference: one.reference, clientId: client.id, ...sum(counted.filter((e) => e.incidentId === one.id)) },
        { incidentId: two.id, reference: two.reference, clientId: client.id, ...sum(counted.filter((e) => e.incidentId === two.id)) }]
        .sort((a, b) => a.reference.localeCompare(b.reference)),
    );
    const consultantName = w.a.consultant.user.name;
    expect(Object.fromEntries(internal.byConsultant.map((c: { userId: string; minutes: number; billableMinutes: number }) => [c.userId, [c.minutes, c.billableMinutes]]))).toEqual({
      [w.a.consultant.user.id]: Object.values(sum(counted.filter((e) => e.who === w.a.consultant))),
      [w.a.manager.user.id]: Object.values(sum(counted.filter((e) => e.who === w.a.manager))),
    });
    const report = await ok(t.api().get('/api/reports/service').set(w.a.manager.auth).query({ ...period, version: 'internal' }));
    expect(report.trainings.drills.exerciseMinutes).toBe(20);
    expect(report.trainings.drills.byOperatorType.find((d: { operatorType: string }) => d.operatorType === 'other').exerciseMinutes).toBe(20);

    // the client version: totals and incidents, never who
    const clientVersion = await ok(t.api().get('/api/reports/service').set(w.a.manager.auth).query({ ...period, version: 'client' }));
    expect(clientVersion.time.byConsultant).toBeUndefined();
    expect(clientVersion.time).toMatchObject({ ...sum(counted) });
    expect(clientVersion.time.byIncident).toHaveLength(2);
    expect(JSON.stringify(clientVersion.time)).not.toContain(w.a.consultant.user.id);
    expect(JSON.stringify(clientVersion)).not.toContain(consultantName);
    // the CSV has the sections, in hours
    const csv = await t.api().get('/api/reports/service.csv').set(w.a.manager.auth).query({ ...period, version: 'internal', lang: 'en' });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Hours by client');
    expect(csv.text).toContain(`${client.name},${Math.round((sum(counted).minutes / 60) * 100) / 100},${Math.round((sum(counted).billableMinutes / 60) * 100) / 100}`);
    expect(csv.text).toContain('Hours by member of staff');
    // a client admin's report of their company has the hours too (the client version), without staff
    const portal = await ok(t.api().get('/api/reports/service').set(w.a.clientAdmin.auth).query({ from: period.from, to: period.to }));
    expect(portal.version).toBe('client');
    expect(portal.time.minutes).toBeGreaterThan(0);
    expect(portal.time.byConsultant).toBeUndefined();
  });
});
