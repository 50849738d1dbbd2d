import { createUser, listQuery, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

describe('incidents', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  async function create(s: Session, body: Record<string, unknown>) {
    const res = await api().post('/api/incidents').set(s.auth).send({ clientId: w.a.assigned.id, title: '客户数据疑似泄露', detectedAt: hoursAgo(2), ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function list(resource: string, s: Session, filter: Record<string, unknown>) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 499], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return res.body as any[];
  }
  async function finishPhase(s: Session, incidentId: string, phase: string) {
    for (const task of await list('tasks', s, { incidentId, phase, required: true })) {
      const res = await api().put(`/api/tasks/${task.id}`).set(s.auth).send({ status: 'done' });
      expect(res.status).toBe(200);
    }
  }
  const move = (s: Session, id: string, body: Record<string, unknown>) => api().post(`/api/incidents/${id}/transition`).set(s.auth).send(body);

  it('creates an incident with a per-firm reference, the playbook tasks and a timeline entry', async () => {
    const i = await create(w.a.consultant, { category: 'data_security', nature: 'external_attack' });
    expect(i.reference).toMatch(/^INC-\d{4}-\d{4,}$/);
    expect(i.status).toBe('triage');
    expect(i.leadId).toBe(w.a.consultant.user.id);
    expect(i.acknowledgedAt).not.toBeNull();
    const tasks = await list('tasks', w.a.consultant, { incidentId: i.id });
    expect(tasks.length).toBeGreaterThan(20);
    expect(new Set(tasks.map((x) => x.phase))).toEqual(new Set(['triage', 'responding', 'recovering', 'investigating', 'follow_up']));
    expect(tasks.every((x) => x.title && x.titleEn)).toBe(true);
    const timeline = await list('timeline', w.a.consultant, { incidentId: i.id });
    expect(timeline.map((e) => e.kind)).toContain('created');
  });

  it('gives gap-free unique references under concurrent creation', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, (_, n) => create(w.a.manager, { title: `并发 ${n}` })));
    const nums = made.map((i) => Number(i.reference.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(nums).size).toBe(12);
    for (let k = 1; k < nums.length; k++) expect(nums[k]).toBe(nums[k - 1] + 1);
  });

  it('runs the lifecycle end to end: gates, timestamps, override with reason, close and reopen with a reason', async () => {
    const i = await create(w.a.consultant, {});
    // required triage tasks are open: the move is refused with the open tasks
    const blocked = await move(w.a.consultant, i.id, { to: 'responding' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.openTasks.length).toBeGreaterThan(0);
    // invalid move: 409 with the allowed ones
    const invalid = await move(w.a.consultant, i.id, { to: 'closed' });
    expect(invalid.status).toBe(409);
    expect(invalid.body.allowed).toEqual(expect.arrayContaining(['responding', 'dismissed']));
    await finishPhase(w.a.consultant, i.id, 'triage');
    const responding = await move(w.a.consultant, i.id, { to: 'responding' });
    expect(responding.status).toBe(200);
    expect(responding.body.confirmedAt).not.toBeNull();
    // an override needs a reason, and the lead (here the consultant) may give it
    expect((await move(w.a.consultant, i.id, { to: 'recovering', override: true })).status).toBe(400);
    const over = await move(w.a.consultant, i.id, { to: 'recovering', override: true, reason: '客户要求先恢复业务' });
    expect(over.status).toBe(200);
    expect(over.body.containedAt).not.toBeNull();
    for (const [phase, to, stamp] of [['recovering', 'investigating', 'recoveredAt'], ['investigating', 'follow_up', 'resolvedAt'], ['follow_up', 'closed', 'closedAt']]) {
      await finishPhase(w.a.consultant, i.id, phase);
      const res = await move(w.a.consultant, i.id, { to });
      expect(res.status).toBe(200);
      expect(res.body[stamp]).not.toBeNull();
    }
    expect((await move(w.a.consultant, i.id, { to: 'investigating' })).status).toBe(400);
    const reopened = await move(w.a.consultant, i.id, { to: 'investigating', reason: '发现新的受影响系统' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.closedAt).toBeNull();
    const kinds = (await list('timeline', w.a.manager, { incidentId: i.id, kind: 'transition' })).map((e) => e.data.to);
    expect(kinds).toEqual(expect.arrayContaining(['responding', 'recovering', 'investigating', 'follow_up', 'closed']));
    const audit = await list('audit-logs', w.a.manager, { entity: 'incidents', entityId: i.id, action: 'transition' });
    expect(audit.length).toBe(6);
  });

  it('does not let a consultant who is not the lead override the gate', async () => {
    const i = await create(w.a.manager, {});
    expect(i.leadId).toBe(w.a.manager.user.id);
    const res = await move(w.a.consultant, i.id, { to: 'responding', override: true, reason: 'hurry' });
    expect(res.status).toBe(409);
    expect((await move(w.a.manager, i.id, { to: 'responding', override: true, reason: '经理批准' })).status).toBe(200);
  });

  it('grades with the rules, keeps every grading, and starts the reporting clock', async () => {
    const client = await api().put(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth).send({ operatorType: 'cii' });
    expect(client.status).toBe(200);
    const i = await create(w.a.consultant, { detectedAt: hoursAgo(0.5) });
    const small = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 10, personalInfoRecords: 10, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
    const g1 = await api().post(`/api/incidents/${i.id}/grade`).set(w.a.consultant.auth).send({ inputs: small });
    expect(g1.status).toBe(200);
    expect(g1.body.grading.suggestedGrade).toBe('general');
    expect((await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'prc_incident_report' }))).toEqual([]);
    // regrading after the clock started: the PRC report now applies, due one hour from detection (CII operator)
    const big = { ...small, personalInfoRecords: 5_000_000, directLossRmb: 10_000_000 };
    const g2 = await api().post(`/api/incidents/${i.id}/grade`).set(w.a.consultant.auth).send({ inputs: big, grade: 'major', rationale: '影响范围扩大' });
    expect(g2.status).toBe(200);
    expect(g2.body.incident.grade).toBe('major');
    const prc = await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'prc_incident_report' });
    expect(prc).toHaveLength(1);
    expect(new Date(prc[0].dueAt).getTime() - new Date(i.detectedAt).getTime()).toBe(3600_000);
    expect(prc[0].audience).toBe('regulator');
    const gradings = await list('gradings', w.a.consultant, { incidentId: i.id });
    expect(gradings).toHaveLength(2);
    // a chosen grade that differs from the suggestion needs a rationale
    const bad = await api().post(`/api/incidents/${i.id}/grade`).set(w.a.consultant.auth).send({ inputs: small, grade: 'especially_major' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('rationale');
    const badInput = await api().post(`/api/incidents/${i.id}/grade`).set(w.a.consultant.auth).send({ inputs: { ...small, outageHours: -1 } });
    expect(badInput.status).toBe(400);
    expect(badInput.body.errors[0].field).toBe('inputs.outageHours');
    await api().put(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth).send({ operatorType: 'other' });
  });

  it('recomputes obligations: personal information adds PIPL clocks, and removing it makes them not applicable', async () => {
    const i = await create(w.a.consultant, {});
    expect(await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'pipl_notify_authority' })).toEqual([]);
    await api().put(`/api/incidents/${i.id}`).set(w.a.consultant.auth).send({ personalInfoInvolved: true }).expect(200);
    const [pipl] = await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'pipl_notify_authority' });
    expect(pipl.status).toBe('pending');
    expect(new Date(pipl.dueAt).getTime() - new Date(i.detectedAt).getTime()).toBe(24 * 3600_000);
    await api().put(`/api/incidents/${i.id}`).set(w.a.consultant.auth).send({ personalInfoInvolved: false }).expect(200);
    expect((await api().get(`/api/obligations/${pipl.id}`).set(w.a.consultant.auth)).body.status).toBe('not_applicable');
  });

  it('marks an obligation met or met late, and the timeline says so', async () => {
    const i = await create(w.a.consultant, { personalInfoInvolved: true, detectedAt: hoursAgo(30) });
    const [pipl] = await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'pipl_notify_authority' });
    expect(pipl.status).toBe('overdue');
    expect((await list('incidents', w.a.consultant, { overdue: true })).map((x) => x.id)).toContain(i.id);
    expect((await api().post(`/api/obligations/${pipl.id}/fulfil`).set(w.a.consultant.auth).send({})).status).toBe(400);
    const met = await api().post(`/api/obligations/${pipl.id}/fulfil`).set(w.a.consultant.auth).send({ note: '已通过邮件报告上海市网信办' });
    expect(met.status).toBe(200);
    expect(met.body.status).toBe('met_late');
    const [onTime] = await list('obligations', w.a.consultant, { incidentId: i.id, rule: 'pipl_notify_individuals' });
    const res = await api().post(`/api/obligations/${onTime.id}/fulfil`).set(w.a.consultant.auth).send({ note: '短信通知', fulfilledAt: hoursAgo(29) });
    expect(res.body.status).toBe('met');
    const entries = await list('timeline', w.a.consultant, { incidentId: i.id, kind: 'obligation' });
    expect(entries.map((e) => e.data.status).sort()).toEqual(['met', 'met_late']);
    expect((await api().post(`/api/obligations/${pipl.id}/fulfil`).set(w.a.consultant.auth).send({ note: 'again' })).status).toBe(409);
  });

  describe('client portal', () => {
    it('lets a client admin report with title, description and detection time only; consultants see it at once', async () => {
      const res = await api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: '邮箱被盗用', description: '财务邮箱发出异常邮件', detectedAt: hoursAgo(1) });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('reported');
      expect(res.body.clientId).toBe(w.a.assigned.id);
      expect(res.body).not.toHaveProperty('gradeRationale');
      expect((await list('incidents', w.a.consultant, { status: 'reported' })).map((x) => x.id)).toContain(res.body.id);
      const extra = await api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: 'x', detectedAt: hoursAgo(1), grade: 'major' });
      expect(extra.status).toBe(400);
      const cat = await api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: 'x', detectedAt: hoursAgo(1), category: 'malware' });
      expect(cat.status).toBe(400);
      expect(cat.body.errors[0].field).toBe('category');
      // the firm triages it
      const triaged = await move(w.a.consultant, res.body.id, { to: 'triage' });
      expect(triaged.status).toBe(200);
      expect(triaged.body.acknowledgedAt).not.toBeNull();
    });

    it('shows the client admin only client entries; their comment is a client entry; internal notes stay hidden', async () => {
      const i = await create(w.a.consultant, {});
      await api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: i.id, body: '内部：怀疑内部人员所为', visibility: 'internal' }).expect(201);
      await api().post('/api/timeline').set(w.a.consultant.auth).send({ incidentId: i.id, body: '已启动应急响应', visibility: 'client' }).expect(201);
      const comment = await api().post('/api/timeline').set(w.a.clientAdmin.auth).send({ incidentId: i.id, body: '请尽快告知进展' });
      expect(comment.status).toBe(201);
      expect(comment.body.visibility).toBe('client');
      expect(comment.body.kind).toBe('comment');
      const portal = await list('timeline', w.a.clientAdmin, { incidentId: i.id });
      expect(portal.every((e) => e.visibility === 'client')).toBe(true);
      expect(JSON.stringify(portal)).not.toContain('怀疑内部人员');
      expect(portal.map((e) => e.body)).toEqual(expect.arrayContaining(['已启动应急响应', '请尽快告知进展']));
      // asking for internal entries by filter returns none
      expect(await list('timeline', w.a.clientAdmin, { incidentId: i.id, visibility: 'internal' })).toEqual([]);
      const show = await api().get(`/api/incidents/${i.id}`).set(w.a.clientAdmin.auth);
      expect(show.body.progress.triage.total).toBeGreaterThan(0);
      expect((await api().get('/api/tasks').query(listQuery({ filter: { incidentId: i.id } })).set(w.a.clientAdmin.auth)).status).toBe(403);
      expect(JSON.stringify((await list('incidents', w.a.clientAdmin, {})))).not.toContain('怀疑内部人员');
    });
  });

  it('shows beside an incident its task counts per phase and its nearest pending deadline, the same on the page and in the list', async () => {
    // an incident of a critical-infrastructure client has reporting deadlines; some tasks done, some not applicable
    const i = await create(w.a.consultant, { category: 'data_security', nature: 'external_attack', personalInfoInvolved: true });
    const tasks = await list('tasks', w.a.consultant, { incidentId: i.id });
    const triage = tasks.filter((x) => x.phase === 'triage');
    const responding = tasks.filter((x) => x.phase === 'responding');
    for (const [task, status] of [[triage[0], 'done'], [triage[1], 'not_applicable'], [responding[0], 'done']] as const) {
      expect((await api().put(`/api/tasks/${task.id}`).set(w.a.consultant.auth).send({ status })).status).toBe(200);
    }
    const now = await list('tasks', w.a.consultant, { incidentId: i.id });
    const closed = (x: { status: string }) => x.status === 'done' || x.status === 'not_applicable';
    const expected: Record<string, { done: number; total: number; requiredOpen: number }> = {};
    for (const ph of ['triage', 'responding', 'recovering', 'investigating', 'follow_up']) {
      const mine = now.filter((x) => x.phase === ph);
      expected[ph] = { done: mine.filter(closed).length, total: mine.length, requiredOpen: mine.filter((x) => x.required && !closed(x)).length };
    }
    expect(expected.triage.done).toBe(2);
    expect(expected.responding.done).toBe(1);
    const pending = (await list('obligations', w.a.consultant, { incidentId: i.id })).filter((o) => o.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const nearest = pending.map((o) => o.dueAt as string).sort()[0];

    const show = await api().get(`/api/incidents/${i.id}`).set(w.a.consultant.auth);
    expect(show.status).toBe(200);
    expect(show.body.progress).toEqual(expected);
    expect(show.body.nearestDueAt).toBe(nearest);
    const row = (await list('incidents', w.a.consultant, { clientId: w.a.assigned.id })).find((x) => x.id === i.id);
    expect(row.progress).toEqual(expected);
    expect(row.nearestDueAt).toBe(nearest);
    // timestamps read as text are the same strings as before: ISO with milliseconds, in UTC
    expect(show.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(show.body.createdAt).toBe(row.createdAt);
    expect(new Date(show.body.detectedAt).toISOString()).toBe(show.body.detectedAt);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const before = (await api().get('/api/incidents').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth)).headers['content-range'];
    const res = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, title: '', detectedAt: 'yesterday', category: 'aliens', peopleAffected: -3 });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'detectedAt', 'category', 'peopleAffected']));
    const future = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, title: 'x', detectedAt: new Date(Date.now() + 86400_000).toISOString() });
    expect(future.status).toBe(400);
    expect((await api().get('/api/incidents').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth)).headers['content-range']).toBe(before);
    expect((await api().post(`/api/incidents/${'0'.repeat(8)}-0000-0000-0000-000000000000/transition`).set(w.a.manager.auth).send({ to: 'bogus' })).status).toBe(400);
  });

  it('takes as team members on create, as on update, only active consultants and managers of the firm', async () => {
    const inactive = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    expect((await api().put(`/api/users/${inactive.id}`).set(w.a.manager.auth).send({ active: false })).status).toBe(200);
    const total = async () => (await api().get('/api/incidents').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth)).headers['content-range'];
    const before = await total();
    const i = await create(w.a.manager, { team: [{ userId: w.a.consultant.user.id, name: '顾问', role: 'it' }] });
    for (const userId of [w.b.consultant.id, w.a.clientAdmin.user.id, inactive.id]) {
      const team = [{ name: '法务', role: 'legal' }, { userId, name: '某人', role: 'it' }];
      const created = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, title: 'x', detectedAt: hoursAgo(1), team });
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([{ field: 'team[1].userId', message: 'no such consultant or manager' }]);
      const updated = await api().put(`/api/incidents/${i.id}`).set(w.a.manager.auth).send({ team });
      expect(updated.status).toBe(400);
      expect(updated.body.errors).toEqual([{ field: 'team[1].userId', message: 'no such consultant or manager' }]);
    }
    // only the first incident went in
    expect(Number((await total()).split('/')[1])).toBe(Number(before.split('/')[1]) + 1);
  });

  it('lets firms copy the built-in playbook and choose it per incident', async () => {
    const pbs = await list('playbooks', w.a.manager, { builtIn: true });
    expect(pbs).toHaveLength(1);
    expect((await api().put(`/api/playbooks/${pbs[0].id}`).set(w.a.manager.auth).send({ name: { 'zh-CN': '改', en: 'changed' } })).status).toBe(409);
    const copy = await api().post('/api/playbooks').set(w.a.manager.auth).send({ copyFromId: pbs[0].id, name: { 'zh-CN': '精简流程', en: 'Short playbook' } });
    expect(copy.status).toBe(201);
    const short = copy.body.tasks.filter((x: { phase: string }) => x.phase === 'triage');
    const edited = await api().put(`/api/playbooks/${copy.body.id}`).set(w.a.manager.auth).send({ tasks: short });
    expect(edited.status).toBe(200);
    const i = await create(w.a.consultant, { playbookId: copy.body.id });
    expect((await list('tasks', w.a.consultant, { incidentId: i.id })).length).toBe(short.length);
  });
});
