import { createClient, createUser, listQuery, login, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';
import { RaceGate } from '../support/race';

/**
 * Every state change is race-safe: requests sent together (held at the record until all are in flight: RaceGate) leave
 * one winner, the others a 409 with the state as it is now (or, for a PUT, nothing to change), and a history —
 * timeline entries and audit rows — with exactly one entry per real change, which ends in the record's final state.
 */
describe('races', () => {
  let t: TestApp;
  let w: World;
  let gate: RaceGate;
  /** a second consultant of the assigned client (approves what the first wrote) */
  let c2: Session;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    await ok(t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: u.id, clientId: w.a.assigned.id }));
    c2 = await login(t, u.email);
    gate = await RaceGate.open();
  });
  afterAll(async () => {
    await gate?.close();
    await t?.close();
  });

  type Res = { status: number; body: any };
  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const times = <T>(n: number, f: (k: number) => T) => Array.from({ length: n }, (_, k) => f(k));
  /** the answers by status */
  const tally = (rs: Res[]) => rs.reduce<Record<number, number>>((o, r) => ({ ...o, [r.status]: (o[r.status] ?? 0) + 1 }), {});
  async function list(resource: string, filter: Record<string, unknown>, sort: [string, string] = ['id', 'ASC'], s = w.a.manager) {
    return ok<any[]>(api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], sort, filter })).set(s.auth));
  }
  /** the audit rows of a record, oldest first */
  const audit = (entityId: string, action?: string) => list('audit-logs', { entityId, ...(action ? { action } : {}) }, ['seq', 'ASC']);
  /** an incident's timeline entries of a kind, oldest first */
  const timeline = (incidentId: string, kind: string) => list('timeline', { incidentId, kind }, ['occurredAt', 'ASC']);
  const get = (resource: string, id: string, s = w.a.manager) => ok(api().get(`/api/${resource}/${id}`).set(s.auth));

  /** One racer changed it; every other one got `status` with `code` and the state as it is now (`field` of the body). */
  function oneWinner(rs: Res[], loser: { status?: number; code?: string; field?: string; now?: unknown } = {}) {
    const { status = 409, code, field, now } = loser;
    expect(tally(rs)).toEqual({ 200: 1, [status]: rs.length - 1 });
    for (const r of rs.filter((x) => x.status !== 200)) {
      if (code) expect(r.body.code).toBe(code);
      if (field) expect(r.body[field]).toEqual(now);
    }
    return rs.find((r) => r.status === 200)!;
  }

  async function incident(s: Session = w.a.manager, body: Record<string, unknown> = {}) {
    return ok(api().post('/api/incidents').set(s.auth).send({ clientId: w.a.assigned.id, title: '竞态', detectedAt: hoursAgo(1), ...body }));
  }
  const move = (s: Session, id: string, body: Record<string, unknown>) => () => api().post(`/api/incidents/${id}/transition`).set(s.auth).send(body);

  describe('incident lifecycle', () => {
    it('moves a triaged incident once when 10 ask for responding (override) and 10 for dismissed: 19 × 409 with its status', async () => {
      const i = await incident();
      const rs = await gate.race('incidents', w.a.firmId, i.id, [
        ...times(10, () => move(w.a.manager, i.id, { to: 'responding', override: true, reason: '经理批准先行处置' })),
        ...times(10, () => move(w.a.manager, i.id, { to: 'dismissed', reason: '误报' })),
      ]);
      const won = oneWinner(rs, { code: 'invalid_transition' });
      const status = won.body.status;
      expect(['responding', 'dismissed']).toContain(status);
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ status, allowed: expect.any(Array) });
      expect((await get('incidents', i.id)).status).toBe(status);
      const moves = await timeline(i.id, 'transition');
      expect(moves.map((e) => [e.data.from, e.data.to])).toEqual([['triage', status]]);
      const rows = await audit(i.id, 'transition');
      expect(rows.map((a) => [a.changes.status.before, a.changes.status.after])).toEqual([['triage', status]]);

      // the winner's request again, after it landed: 409 with the status as it is now, and no second entry
      const again = await move(w.a.manager, i.id, status === 'responding' ? { to: 'responding', override: true, reason: '再次' } : { to: 'dismissed', reason: '再次' })();
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'invalid_transition', status });
      expect(await timeline(i.id, 'transition')).toHaveLength(1);
      expect(await audit(i.id, 'transition')).toHaveLength(1);
    });

    it('reopens a dismissed incident once when 10 reopen it at the same time', async () => {
      const i = await incident();
      await ok(move(w.a.manager, i.id, { to: 'dismissed', reason: '误报' })());
      const rs = await gate.race('incidents', w.a.firmId, i.id, times(10, (k) => move(k % 2 ? w.a.manager : w.a.consultant, i.id, { to: 'triage', reason: `新证据 ${k}` })));
      oneWinner(rs, { code: 'invalid_transition', field: 'status', now: 'triage' });
      expect((await get('incidents', i.id)).status).toBe('triage');
      const moves = await timeline(i.id, 'transition');
      expect(moves.map((e) => [e.data.from, e.data.to, e.data.reopen])).toEqual([['triage', 'dismissed', false], ['dismissed', 'triage', true]]);
      expect(await audit(i.id, 'transition')).toHaveLength(2);
    });
  });

  describe('incident grading', () => {
    const inputs = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 10, personalInfoRecords: 10, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };

    it('keeps all of 10 parallel gradings, one after another: no deadlock, each starts from the grade the one before set', async () => {
      const i = await incident(w.a.manager, { personalInfoInvolved: true });
      // alternate between the suggestion (general) and major: every other grading starts or stops the PRC reporting clock
      const rs = await gate.race('incidents', w.a.firmId, i.id, times(10, (k) => () =>
        api().post(`/api/incidents/${i.id}/grade`).set(k % 2 ? w.a.manager.auth : w.a.consultant.auth)
          .send({ inputs: { ...inputs, personalInfoRecords: 10 + k }, ...(k % 2 ? { grade: 'major', rationale: `影响扩大 ${k}` } : {}) })));
      expect(tally(rs)).toEqual({ 200: 10 });
      expect(await list('gradings', { incidentId: i.id })).toHaveLength(10);
      // the history is a chain: each grading's "from" is the grade the one before it set, the last one's "to" is the grade
      const entries = await timeline(i.id, 'grading');
      expect(entries).toHaveLength(10);
      expect(entries[0].data.from).toBeNull();
      entries.slice(1).forEach((e, k) => expect(e.data.from).toBe(entries[k].data.to));
      // one audit row per grading, naming it; where the grade changed, from the grade the one before left
      const rows = (await audit(i.id, 'update')).filter((a) => a.changes.gradingId);
      expect(rows.map((a) => a.changes.gradingId.after).sort()).toEqual((await list('gradings', { incidentId: i.id })).map((g) => g.id).sort());
      let grade: string | null = null;
      for (const a of rows) {
        if (a.changes.grade) {
          expect(a.changes.grade.before).toBe(grade);
          grade = a.changes.grade.after;
        }
      }
      const final = await get('incidents', i.id);
      expect(final.grade).toBe(entries[9].data.to);
      expect(final.grade).toBe(grade);
      // the reporting clock follows the last grade
      const prc = (await list('obligations', { incidentId: i.id, rule: 'prc_incident_report' })).filter((o) => o.status !== 'not_applicable');
      expect(prc).toHaveLength(final.grade === 'major' ? 1 : 0);
    });
  });

  describe('communications', () => {
    const create = (s: Session, body: Record<string, unknown>) => ok(api().post('/api/communications').set(s.auth).send({ channel: 'email', subject: '通报', body: '正文', ...body }));
    const to = (s: Session, id: string, status: string) => () => api().post(`/api/communications/${id}/transition`).set(s.auth).send({ to: status });
    const moves = async (id: string) => (await audit(id, 'transition')).map((a) => [a.changes.status.before, a.changes.status.after]);

    it('submits once of 10, then approves or returns once of 10: each loser gets 409 with the status as it is now', async () => {
      const i = await incident(w.a.consultant);
      const c = await create(w.a.consultant, { incidentId: i.id, audience: 'client' });
      oneWinner(await gate.race('communications', w.a.firmId, c.id, times(10, () => to(w.a.consultant, c.id, 'in_review'))),
        { code: 'invalid_transition', field: 'status', now: 'in_review' });
      // approvals by two others and returns to draft by the author, together
      const rs = await gate.race('communications', w.a.firmId, c.id, times(10, (k) => (k % 3 === 0 ? to(w.a.consultant, c.id, 'draft') : to(k % 3 === 1 ? c2 : w.a.manager, c.id, 'approved'))));
      const now = oneWinner(rs, { code: 'invalid_transition' }).body.status;
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body.status).toBe(now);
      expect((await get('communications', c.id)).status).toBe(now);
      expect(await moves(c.id)).toEqual([['draft', 'in_review'], ['in_review', now]]);
    });

    it('approves once when 10 approve at the same time', async () => {
      const c = await create(w.a.consultant, { clientId: w.a.assigned.id, audience: 'partner' });
      await ok(to(w.a.consultant, c.id, 'in_review')());
      const rs = await gate.race('communications', w.a.firmId, c.id, times(10, (k) => to(k % 2 ? c2 : w.a.manager, c.id, 'approved')));
      const won = oneWinner(rs, { code: 'invalid_transition', field: 'status', now: 'approved' });
      expect((await get('communications', c.id)).approvedById).toBe(won.body.approvedById);
      expect(await moves(c.id)).toEqual([['draft', 'in_review'], ['in_review', 'approved']]);
    });

    it('sends once of 20 and fulfils its obligation once; a repeated send is 409 with the status, no second entry', async () => {
      const i = await incident(w.a.consultant, { personalInfoInvolved: true });
      const [o] = await list('obligations', { incidentId: i.id, audience: 'regulator', rule: 'pipl_notify_authority' });
      expect(o.status).toBe('pending');
      const c = await create(w.a.consultant, { incidentId: i.id, audience: 'regulator', obligationId: o.id, clientVisible: true });
      await ok(to(w.a.consultant, c.id, 'in_review')());
      await ok(to(w.a.manager, c.id, 'approved')());
      const rs = await gate.race('communications', w.a.firmId, c.id, times(20, (k) => to(k % 2 ? w.a.consultant : w.a.manager, c.id, 'sent')));
      oneWinner(rs, { code: 'invalid_transition', field: 'status', now: 'sent' });
      const check = async () => {
        expect(await moves(c.id)).toEqual([['draft', 'in_review'], ['in_review', 'approved'], ['approved', 'sent']]);
        expect((await timeline(i.id, 'communication')).map((e) => e.data.event)).toEqual(['sent']);
        expect((await timeline(i.id, 'obligation')).filter((e) => e.data.rule === o.rule)).toHaveLength(1);
        expect(await audit(o.id)).toHaveLength(1);
        const met = await get('obligations', o.id);
        expect(met).toMatchObject({ status: 'met', communicationId: c.id });
      };
      await check();
      const again = await to(w.a.consultant, c.id, 'sent')();
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'invalid_transition', status: 'sent' });
      await check();
    });

    it('is acknowledged once when the client admin acknowledges it 10 times at once', async () => {
      const i = await incident(w.a.consultant);
      const c = await create(w.a.consultant, { incidentId: i.id, audience: 'client', clientVisible: true });
      for (const [s, status] of [[w.a.consultant, 'in_review'], [c2, 'approved'], [w.a.consultant, 'sent']] as const) await ok(to(s, c.id, status)());
      const rs = await gate.race('communications', w.a.firmId, c.id, times(10, () => () => api().post(`/api/communications/${c.id}/acknowledge`).set(w.a.clientAdmin.auth).send({})));
      const won = oneWinner(rs, { code: 'conflict' });
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ status: 'sent', acknowledgedAt: won.body.acknowledgedAt });
      expect((await timeline(i.id, 'communication')).map((e) => e.data.event)).toEqual(['sent', 'acknowledged']);
      expect((await audit(c.id, 'transition')).filter((a) => a.changes.acknowledgedAt)).toHaveLength(1);
    });
  });

  describe('obligation fulfilment', () => {
    const fulfil = (s: Session, id: string, note: string) => () => api().post(`/api/obligations/${id}/fulfil`).set(s.auth).send({ note });

    it('is met once when 10 fulfil it by hand at the same time', async () => {
      const i = await incident(w.a.consultant, { personalInfoInvolved: true });
      const [o] = await list('obligations', { incidentId: i.id, rule: 'pipl_notify_authority' });
      const rs = await gate.race('obligations', w.a.firmId, o.id, times(10, (k) => fulfil(k % 2 ? w.a.manager : w.a.consultant, o.id, `已电话报告 ${k}`)));
      const won = oneWinner(rs, { code: 'conflict', field: 'status', now: 'met' });
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body.fulfilledAt).toBe(won.body.fulfilledAt);
      expect((await timeline(i.id, 'obligation')).filter((e) => e.data.rule === o.rule).map((e) => e.body)).toEqual([won.body.fulfilmentNote]);
      expect(await audit(o.id)).toHaveLength(1);
    });

    it('is met once when it is fulfilled by hand and by a sent communication at the same time', async () => {
      const i = await incident(w.a.consultant, { personalInfoInvolved: true });
      const [o] = await list('obligations', { incidentId: i.id, rule: 'pipl_notify_authority' });
      const c = await ok(api().post('/api/communications').set(w.a.consultant.auth)
        .send({ incidentId: i.id, audience: 'regulator', channel: 'letter', subject: '报告', body: '正文', obligationId: o.id }));
      await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'in_review' }));
      await ok(api().post(`/api/communications/${c.id}/transition`).set(w.a.manager.auth).send({ to: 'approved' }));
      const rs = await gate.race('obligations', w.a.firmId, o.id, [
        () => api().post(`/api/communications/${c.id}/transition`).set(w.a.consultant.auth).send({ to: 'sent' }),
        ...times(5, (k) => fulfil(w.a.manager, o.id, `已当面报告 ${k}`)),
      ]);
      // sending always goes through; the obligation is met by whichever came first
      expect(rs[0].status).toBe(200);
      const byHand = rs.slice(1);
      const met = await get('obligations', o.id);
      if (met.communicationId) expect(tally(byHand)).toEqual({ 409: 5 });
      else expect(tally(byHand)).toEqual({ 200: 1, 409: 4 });
      expect(met.communicationId === c.id || byHand.some((r) => r.status === 200)).toBe(true);
      expect((await timeline(i.id, 'obligation')).filter((e) => e.data.rule === o.rule)).toHaveLength(1);
      expect(await audit(o.id)).toHaveLength(1);
    });
  });

  describe('evaluations', () => {
    const evaluation = (body: Record<string, unknown> = {}) => ok(api().post('/api/evaluations').set(w.a.consultant.auth)
      .send({ type: 'security_assessment', clientId: w.a.assigned.id, criteria: [{ name: '响应', weight: 1, score: 4 }, { name: '沟通', weight: 1, score: 3 }], ...body }));
    const post = (id: string, verb: string, body: Record<string, unknown> = {}) => () => api().post(`/api/evaluations/${id}/${verb}`).set(w.a.consultant.auth).send(body);

    it('is finalized once of 10', async () => {
      const i = await incident(w.a.consultant);
      const e = await evaluation({ incidentId: i.id });
      oneWinner(await gate.race('evaluations', w.a.firmId, e.id, times(10, () => post(e.id, 'finalize'))), { code: 'conflict', field: 'status', now: 'final' });
      expect((await audit(e.id, 'transition')).map((a) => a.changes.status)).toEqual([{ before: 'draft', after: 'final' }]);
    });

    it('gets one new version of 10 asked for at once', async () => {
      const e = await evaluation();
      await ok(post(e.id, 'finalize')());
      const rs = await gate.race('evaluations', w.a.firmId, e.id, times(10, () => post(e.id, 'new-version')));
      expect(tally(rs)).toEqual({ 201: 1, 409: 9 });
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'conflict', status: 'final' });
      const versions = await list('evaluations', { seriesId: e.id });
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
      expect((await get('evaluations', e.id)).nextVersionId).toBe(rs.find((r) => r.status === 201)!.body.id);
    });

    it('is shared once when 10 share it at once (sharing what is shared changes nothing)', async () => {
      const e = await evaluation();
      await ok(post(e.id, 'finalize')());
      const rs = await gate.race('evaluations', w.a.firmId, e.id, times(10, () => post(e.id, 'share', { sharedWithClient: true })));
      expect(tally(rs)).toEqual({ 200: 10 });
      expect((await audit(e.id, 'update')).map((a) => a.changes.sharedWithClient)).toEqual([{ before: false, after: true }]);
    });
  });

  describe('improvement actions', () => {
    it('is done once when 10 mark it done, and a mixed race leaves a history that ends in its status', async () => {
      const i = await incident(w.a.consultant);
      const a = await ok(api().post('/api/actions').set(w.a.consultant.auth)
        .send({ title: '修补漏洞', incidentId: i.id, ownerName: '客户 IT', dueAt: hoursAgo(-48), clientVisible: true }));
      const put = (status: string) => () => api().put(`/api/actions/${a.id}`).set(w.a.consultant.auth).send({ status });
      expect(tally(await gate.race('improvement_actions', w.a.firmId, a.id, times(10, () => put('done'))))).toEqual({ 200: 10 });
      expect((await audit(a.id, 'transition')).map((r) => r.changes.status)).toEqual([{ before: 'open', after: 'done' }]);
      expect((await timeline(i.id, 'action')).map((e) => e.data.event)).toEqual(['created', 'done']);

      // done, in_progress and cancelled together: every real change is one audit row, chained, ending in the status
      const rs = await gate.race('improvement_actions', w.a.firmId, a.id, times(9, (k) => put(['in_progress', 'cancelled', 'done'][k % 3])));
      expect(tally(rs)).toEqual({ 200: 9 });
      const changes = (await audit(a.id, 'transition')).map((r) => r.changes.status);
      changes.slice(1).forEach((c, k) => expect(c.before).toBe(changes[k].after));
      changes.forEach((c) => expect(c.before).not.toBe(c.after));
      expect((await get('actions', a.id)).status).toBe(changes[changes.length - 1].after);
      const dones = changes.filter((c) => c.after === 'done').length;
      expect((await timeline(i.id, 'action')).filter((e) => e.data.event === 'done')).toHaveLength(dones);
    });
  });

  describe('trainings', () => {
    const training = () => ok(api().post('/api/trainings').set(w.a.consultant.auth)
      .send({ clientId: w.a.assigned.id, type: 'security_awareness', title: '安全意识培训', date: new Date(Date.now() - 86400_000).toISOString().slice(0, 10) }));

    it('is completed once when 10 complete it at once', async () => {
      const tr = await training();
      const rs = await gate.race('trainings', w.a.firmId, tr.id, times(10, () => () => api().put(`/api/trainings/${tr.id}`).set(w.a.consultant.auth).send({ status: 'completed' })));
      expect(tally(rs)).toEqual({ 200: 10 });
      expect((await audit(tr.id, 'transition')).map((a) => a.changes.status)).toEqual([{ before: 'planned', after: 'completed' }]);
      expect(await audit(tr.id, 'update')).toHaveLength(0);
    });

    it('keeps every row of 5 sign-in sheets appended at once', async () => {
      const tr = await training();
      const rs = await gate.race('trainings', w.a.firmId, tr.id, times(5, (k) => () =>
        api().post(`/api/trainings/${tr.id}/participants/import?mode=append`).set(w.a.consultant.auth)
          .attach('file', Buffer.from(`name,department,attended,score\n学员${k}a,部门,yes,\n学员${k}b,部门,no,\n`, 'utf8'), { filename: `s${k}.csv`, contentType: 'text/csv' })));
      expect(tally(rs)).toEqual({ 200: 5 });
      const now = await get('trainings', tr.id);
      expect(now.participants.map((p: any) => p.name).sort()).toEqual(times(5, (k) => [`学员${k}a`, `学员${k}b`]).flat().sort());
      const imports = await audit(tr.id, 'update');
      expect(imports.map((a) => a.changes.participants.after.length)).toEqual([2, 4, 6, 8, 10]);
    });
  });

  describe('clients', () => {
    it('is offboarded once when 10 offboard it at once', async () => {
      const c = await createClient(t, w.a.manager);
      const rs = await gate.race('clients', w.a.firmId, c.id, times(10, () => () => api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ status: 'offboarded' })));
      expect(tally(rs)).toEqual({ 200: 10 });
      const rows = await audit(c.id);
      expect(rows.map((a) => [a.action, a.changes.status])).toEqual([['create', { before: null, after: 'active' }], ['transition', { before: 'active', after: 'offboarded' }]]);
      expect(new Set(rs.map((r) => r.body.offboardedAt))).toEqual(new Set([(await get('clients', c.id)).offboardedAt]));
    });

    it('is offboarded only after the incidents being opened for it are in: none appears after the offboarding answered', async () => {
      const c = await createClient(t, w.a.manager);
      const total = async () => Number((await api().get('/api/incidents').query(listQuery({ range: [0, 0], filter: { clientId: c.id } })).set(w.a.manager.auth)).headers['content-range'].split('/')[1]);
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
      await incident(w.a.manager, { clientId: c.id }); // the firm's reference counter of the year exists
      // the incidents wait at the firm's reference counter, after their check of the client; the offboarding comes then
      const rs = await gate.holding(`select 1 from incident_counters where firm_id = $1 and year = $2 for share`, [w.a.firmId, Number(year)],
        times(4, (k) => () => api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: c.id, title: `开立 ${k}`, detectedAt: hoursAgo(1) })),
        [() => api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ status: 'offboarded' }).then(async (r) => ({ ...r, totalThen: await total() }))]);
      expect(tally(rs.slice(0, 4))).toEqual({ 201: 4 });
      expect(rs[4].status).toBe(200);
      expect((rs[4] as any).totalThen).toBe(5);
      expect(await total()).toBe(5);
      const late = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: c.id, title: '晚了', detectedAt: hoursAgo(1) });
      expect(late.status).toBe(400);
    });
  });

  describe('users', () => {
    it('is deactivated once when 10 deactivate them at once', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const rs = await gate.race('users', w.a.firmId, u.id, times(10, () => () => api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ active: false })));
      expect(tally(rs)).toEqual({ 200: 10 });
      expect((await audit(u.id, 'update')).map((a) => a.changes.active)).toEqual([{ before: true, after: false }]);
    });

    it('lets one of two managers who deactivate each other at once win: the other gets 401 and one stays active', async () => {
      const m1 = await createUser(t, w.a.manager, w.a.slug, { role: 'manager' });
      const m2 = await createUser(t, w.a.manager, w.a.slug, { role: 'manager' });
      const [s1, s2] = [await login(t, m1.email), await login(t, m2.email)];
      const rs = await gate.race('users', w.a.firmId, m1.id, [
        () => api().put(`/api/users/${m2.id}`).set(s1.auth).send({ active: false }),
        () => api().put(`/api/users/${m1.id}`).set(s2.auth).send({ active: false }),
      ]);
      expect(tally(rs)).toEqual({ 200: 1, 401: 1 });
      const active = [(await get('users', m1.id)).active, (await get('users', m2.id)).active];
      expect(active.filter(Boolean)).toHaveLength(1);
      expect([...(await audit(m1.id, 'update')), ...(await audit(m2.id, 'update'))]).toHaveLength(1);
    });
  });

  describe('assignments', () => {
    it('assigns once of 10 and removes once of 10', async () => {
      const c = await createClient(t, w.a.manager);
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const rs = await gate.race('users', w.a.firmId, u.id, times(10, () => () => api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: u.id, clientId: c.id })));
      expect(tally(rs)).toEqual({ 201: 1, 409: 9 });
      const a = rs.find((r) => r.status === 201)!.body;
      expect(await audit(a.id)).toHaveLength(1);
      const gone = await gate.race('assignments', w.a.firmId, a.id, times(10, () => () => api().delete(`/api/assignments/${a.id}`).set(w.a.manager.auth)));
      expect(tally(gone)).toEqual({ 200: 1, 404: 9 });
      expect((await audit(a.id)).map((x) => x.action)).toEqual(['create', 'delete']);
    });

    it('keeps one primary consultant per client when 12 choose one at once (and some unset theirs): the last change wins, the history ends in it', async () => {
      const c = await createClient(t, w.a.manager);
      const made: { id: string }[] = [];
      for (let k = 0; k < 4; k++) {
        const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
        made.push(await ok(api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: u.id, clientId: c.id })));
      }
      const rs = await gate.race('clients', w.a.firmId, c.id, times(12, (k) => () => api().put(`/api/assignments/${made[k % 4].id}`).set(w.a.manager.auth).send({ primary: k % 5 !== 4 })));
      expect(tally(rs)).toEqual({ 200: 12 });
      const now = await list('assignments', { clientId: c.id });
      const primary = now.filter((a) => a.primary);
      expect(primary.length).toBeLessThanOrEqual(1);
      // each assignment's history of the flag is true: every audited change changes it, from how it was made to how it is
      for (const [k, m] of made.entries()) {
        const flags = [k === 0, ...(await audit(m.id, 'update')).map((x) => x.changes.primary.after as boolean)];
        flags.slice(1).forEach((f, n) => expect(f).toBe(!flags[n]));
        expect(flags[flags.length - 1]).toBe(now.find((a) => a.id === m.id)!.primary);
      }
    });
  });

  describe('tasks', () => {
    it('is done once when 10 mark it done at once, and the incident counts it once', async () => {
      const i = await incident();
      const [task] = await list('tasks', { incidentId: i.id, phase: 'triage' }, ['position', 'ASC']);
      const rs = await gate.race('incidents', w.a.firmId, i.id, times(10, (k) => () => api().put(`/api/tasks/${task.id}`).set(k % 2 ? w.a.manager.auth : w.a.consultant.auth).send({ status: 'done' })));
      expect(tally(rs)).toEqual({ 200: 10 });
      expect(new Set(rs.map((r) => r.body.doneAt)).size).toBe(1);
      expect((await timeline(i.id, 'task')).map((e) => [e.data.taskId, e.data.from, e.data.to])).toEqual([[task.id, 'todo', 'done']]);
      expect((await audit(task.id, 'transition')).map((a) => a.changes.status)).toEqual([{ before: 'todo', after: 'done' }]);
      expect((await get('incidents', i.id)).progress.triage.done).toBe(1);
    });

    it('adds 10 tasks to an incident at once without a deadlock, each in a place of its own', async () => {
      const i = await incident();
      const before = (await get('incidents', i.id)).progress.follow_up.total;
      const rs = await gate.race('incidents', w.a.firmId, i.id, times(10, (k) => () => api().post('/api/tasks').set(w.a.consultant.auth).send({ incidentId: i.id, phase: 'follow_up', title: `复盘 ${k}` })));
      expect(tally(rs)).toEqual({ 201: 10 });
      expect(new Set(rs.map((r) => r.body.position)).size).toBe(10);
      expect((await get('incidents', i.id)).progress.follow_up.total).toBe(before + 10);
    });

    it('is deleted once of 5', async () => {
      const i = await incident();
      const task = await ok(api().post('/api/tasks').set(w.a.consultant.auth).send({ incidentId: i.id, phase: 'follow_up', title: '可删' }));
      const rs = await gate.race('incidents', w.a.firmId, i.id, times(5, () => () => api().delete(`/api/tasks/${task.id}`).set(w.a.consultant.auth)));
      expect(tally(rs)).toEqual({ 200: 1, 404: 4 });
      expect((await audit(task.id)).map((a) => a.action)).toEqual(['create', 'delete']);
    });
  });

  describe('attachments', () => {
    it('is removed once of 5', async () => {
      const i = await incident();
      const a = await ok(api().post('/api/attachments').set(w.a.manager.auth).field('entity', 'incidents').field('entityId', i.id)
        .attach('file', Buffer.from('日志\n', 'utf8'), { filename: 'log.txt', contentType: 'text/plain' }));
      const rs = await gate.race('attachments', w.a.firmId, a.id, times(5, () => () => api().delete(`/api/attachments/${a.id}`).set(w.a.manager.auth)));
      oneWinner(rs, { code: 'conflict' });
      expect((await audit(a.id, 'delete'))).toHaveLength(1);
      expect((await timeline(i.id, 'attachment')).map((e) => e.data.action)).toEqual(['added', 'removed']);
    });
  });
});
