import { createClient, createUser, listQuery, login, makeFirm, ok, reportEnv, startApp, type Session, type TestApp } from '../support/app';

/**
 * Drills run as exercises (issue 18): `POST /api/trainings/{id}/exercise` opens an exercise incident (EX-…) that runs the
 * real playbook, grading and clocks, tells nobody outside the firm, is left out of the service report's figures but the
 * drill section, and when it closes fills the drill's detection, escalation and report minutes from its real times.
 * An exercise can be reset and run again.
 */
describe('drills run as exercises', () => {
  let t: TestApp;
  let manager: Session;
  let consultant: Session;
  let clientAdmin: Session;
  let slug: string;
  let client: { id: string };
  let other: { id: string };
  beforeAll(async () => {
    // the firm-wide report from the roll-ups (REPORT_ROLLUP_THRESHOLD=0), a chosen client's from the exact queries: both leave exercises out
    t = await startApp({ env: reportEnv({ REPORT_ROLLUP_THRESHOLD: '0' }) });
    ({ manager, slug } = await makeFirm(t, 'Exercise firm'));
    client = await createClient(t, manager, { operatorType: 'other' });
    other = await createClient(t, manager);
    const c = await createUser(t, manager, slug, { role: 'consultant' });
    await ok(t.api().post('/api/assignments').set(manager.auth).send({ consultantId: c.id, clientId: client.id }), [201]);
    consultant = await login(t, c.email);
    clientAdmin = await login(t, (await createUser(t, manager, slug, { role: 'client_admin', clientId: client.id })).email);
  });
  afterAll(async () => {
    await t?.close();
  });

  const api = () => t.api();
  const post = (s: Session, path: string, body: object = {}) => api().post(path).set(s.auth).send(body);
  async function list(resource: string, filter: Record<string, unknown>, s: Session = manager) {
    return ok<any[]>(api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], filter })).set(s.auth));
  }
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const drill = async (type = 'emergency_drill') =>
    ok(post(manager, '/api/trainings', { clientId: client.id, type, title: '勒索软件应急演练', date: today, status: 'planned' }), [201]);
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const report = () => ok(api().get('/api/reports/service').query({ from: day(-1), to: day(1), clientIds: client.id }).set(manager.auth));
  const firmWide = () => ok(api().get('/api/reports/service').query({ from: day(-1), to: day(1) }).set(manager.auth));

  it('refuses a training that is not a drill, another client, and a second run before a reset, each naming why', async () => {
    const course = await drill('technical');
    const bad = await post(consultant, `/api/trainings/${course.id}/exercise`, { scenario: 's', clientId: client.id });
    expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'type', message: 'only a drill (emergency_drill, tabletop_exercise) runs as an exercise' }]]);
    const d = await drill();
    const wrong = await post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: 's', clientId: other.id });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).toEqual([400, 'clientId']);
    const empty = await post(consultant, `/api/trainings/${d.id}/exercise`, { clientId: client.id });
    expect([empty.status, empty.body.errors?.[0]?.field]).toEqual([400, 'scenario']);
    expect(await list('incidents', { clientId: client.id })).toEqual([]);
    await ok(post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: 's', clientId: client.id }), [201]);
    const again = await post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: 's', clientId: client.id });
    expect(again.status).toBe(409);
    expect(again.body.exerciseIncidentId).toEqual(expect.any(String));
  });

  it('starts one exercise when 6 start it at once', async () => {
    const d = await drill();
    const all = await Promise.all(Array.from({ length: 6 }, () => post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: 's', clientId: client.id })));
    expect(all.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await list('incidents', { clientId: client.id })).filter((i) => i.trainingId === d.id)).toHaveLength(1);
  });

  it('leaves an exercise\'s evaluations and improvement actions out of the report\'s figures (both versions)', async () => {
    const clientReport = () => ok(api().get('/api/reports/service').query({ from: day(-1), to: day(1), clientIds: client.id, version: 'client' }).set(manager.auth));
    const figures = (r: any) => ({ evaluations: r.evaluations, actions: { ...r.actions, asOf: undefined }, internal: r.internal });
    const [before, beforeClient] = [figures(await report()), figures(await clientReport())];
    const d = await drill('tabletop_exercise');
    const ex = (await ok(post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: '桌面推演', clientId: client.id }), [201])).incident;
    const criteria = [{ name: '响应', weight: 1, score: 2 }];
    const final = await ok(post(consultant, '/api/evaluations', { type: 'security_assessment', incidentId: ex.id, criteria, findings: '演练评估' }), [201]);
    await ok(post(consultant, `/api/evaluations/${final.id}/finalize`, { sharedWithClient: true }));
    const draft = await ok(post(consultant, '/api/evaluations', { type: 'post_incident_review', incidentId: ex.id, findings: '草稿' }), [201]);
    const action = { incidentId: ex.id, ownerId: consultant.user.id, dueAt: new Date(Date.now() - 3600_000).toISOString() };
    await ok(post(consultant, '/api/actions', { ...action, evaluationId: final.id, title: '演练改进（客户可见）', clientVisible: true }), [201]);
    await ok(post(consultant, '/api/actions', { ...action, evaluationId: draft.id, title: '演练改进（内部）' }), [201]);
    expect(figures(await report())).toEqual(before);
    expect(figures(await clientReport())).toEqual(beforeClient);
  });

  it('runs a drill as an exercise to the end: real playbook and clocks, nothing sent outside the firm, out of the figures, the drill\'s times filled', async () => {
    const [before, beforeFirm] = [await report(), await firmWide()];
    const d = await drill();
    const started = await ok(post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: '模拟客户数据库被勒索软件加密', clientId: client.id }), [201]);
    const ex = started.incident;
    expect(ex).toMatchObject({ exercise: true, trainingId: d.id, clientId: client.id, description: '模拟客户数据库被勒索软件加密', status: 'triage' });
    expect(ex.reference).toMatch(/^EX-\d{4}-\d{4}$/);
    expect(started.training.exerciseIncidentId).toBe(ex.id);
    // the real playbook and clocks
    expect((await list('tasks', { incidentId: ex.id })).length).toBeGreaterThan(10);
    await ok(post(consultant, `/api/incidents/${ex.id}/transition`, { to: 'responding', override: true, reason: '演练' }));
    const big = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 200_000, personalInfoRecords: 2_000_000, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
    await ok(post(consultant, `/api/incidents/${ex.id}/grade`, { inputs: big }));
    const [prc] = await list('obligations', { incidentId: ex.id, rule: 'prc_incident_report' });
    expect(Date.parse(prc.dueAt) - Date.parse(ex.detectedAt)).toBe(4 * 3600_000);
    await ok(post(consultant, `/api/obligations/${prc.id}/fulfil`, { note: '演练中向网信办报告' }));
    await ok(post(consultant, '/api/timeline', { incidentId: ex.id, body: '客户可见的演练通报', visibility: 'client' }));
    // nothing reached the client's admin (an exercise's events stay with the firm's staff)
    expect(await list('notifications', { incidentId: ex.id }, clientAdmin)).toEqual([]);
    for (const to of ['recovering', 'investigating', 'follow_up', 'closed']) {
      await ok(post(consultant, `/api/incidents/${ex.id}/transition`, { to, override: true, reason: '演练' }));
    }
    // the drill's times from the exercise's own: confirmed, graded, reported (all within minutes here), within the 4 h clock
    const done = await ok(api().get(`/api/trainings/${d.id}`).set(manager.auth));
    expect(done).toMatchObject({ status: 'completed', detectMinutes: 0, escalateMinutes: 0, reportMinutes: 0, reportingClockMinutes: 240, withinReportingClock: true });
    // out of every figure of the service report but the drill section
    const [after, afterFirm] = [await report(), await firmWide()];
    expect(after.incidents).toEqual(before.incidents);
    expect(after.obligations).toEqual(before.obligations);
    expect(afterFirm.responseTimes.approximate).toBe(true);
    expect([afterFirm.incidents, afterFirm.obligations, afterFirm.communications]).toEqual([beforeFirm.incidents, beforeFirm.obligations, beforeFirm.communications]);
    expect(after.trainings.drills.held).toBe(before.trainings.drills.held + 1);
    expect(after.trainings.drills.measured).toBe(before.trainings.drills.measured + 1);
    // reset: the drill runs again; its times cleared, the exercise kept
    const reset = await ok(post(consultant, `/api/trainings/${d.id}/exercise/reset`));
    expect(reset).toMatchObject({ exerciseIncidentId: null, detectMinutes: null, escalateMinutes: null, reportMinutes: null });
    expect((await ok(api().get(`/api/incidents/${ex.id}`).set(manager.auth))).status).toBe('closed');
    const rerun = await ok(post(consultant, `/api/trainings/${d.id}/exercise`, { scenario: '第二轮', clientId: client.id }), [201]);
    expect(rerun.incident.reference).not.toBe(ex.reference);
    // reset while it runs: the open exercise is dismissed
    await ok(post(consultant, `/api/trainings/${d.id}/exercise/reset`));
    expect((await ok(api().get(`/api/incidents/${rerun.incident.id}`).set(manager.auth))).status).toBe('dismissed');
    const nothing = await post(consultant, `/api/trainings/${d.id}/exercise/reset`);
    expect(nothing.status).toBe(409);
  });
});
