import { PRC_CALENDAR, mergeCalendars, workingDaysAfter, type CalendarDay } from '@incident-desk/shared';
import { createUser, listQuery, login, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';
import { RaceGate } from '../support/race';
import { pdfText, squash } from '../support/pdf';

/** Issue 17: the summary-report clock, waivers, regulator notices that cannot go out half-written, sent times. */
describe('regulatory reporting', () => {
  let t: TestApp;
  let w: World;
  /** a consultant assigned to the client who is the legal member of the incidents' teams below */
  let legal: Session;
  let legalId: string;
  let gate: RaceGate;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    const l = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant', name: '法务 王律师' });
    await t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: l.id, clientId: w.a.assigned.id }).expect(201);
    legal = await login(t, l.email);
    legalId = l.id;
    gate = await RaceGate.open();
  });
  afterAll(async () => {
    await gate.close();
    await t.close();
  });

  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const NO_IMPACT = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 0, personalInfoRecords: 0, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };

  async function incident(body: Record<string, unknown> = {}) {
    const res = await api().post('/api/incidents').set(w.a.manager.auth).send({
      clientId: w.a.assigned.id, title: '勒索软件加密文件服务器', detectedAt: hoursAgo(2), personalInfoInvolved: true, nature: 'external_attack',
      team: [{ userId: legalId, name: '王律师', role: 'legal' }], ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function grade(id: string, g = 'major') {
    const res = await api().post(`/api/incidents/${id}/grade`).set(w.a.manager.auth).send({ inputs: NO_IMPACT, grade: g, rationale: '按影响范围人工定级' });
    expect(res.status).toBe(200);
  }
  const move = (id: string, to: string, extra: Record<string, unknown> = {}) =>
    api().post(`/api/incidents/${id}/transition`).set(w.a.manager.auth).send({ to, override: true, reason: '测试推进', ...extra });
  async function list(resource: string, s: Session, filter: Record<string, unknown> = {}) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 499], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return res.body as any[];
  }
  const obligation = async (incidentId: string, rule: string, s: Session = w.a.manager) => (await list('obligations', s, { incidentId, rule }))[0];

  describe('the summary report clock (Measures Art. 8, firm target 5 working days)', () => {
    it('starts when the incident leaves the response and recovery phases, counts PRC working days, and follows moves back', async () => {
      const i = await incident();
      await grade(i.id);
      for (const to of ['responding', 'recovering']) expect((await move(i.id, to)).status).toBe(200);
      expect(await obligation(i.id, 'prc_summary_report')).toBeUndefined();
      const inv = await move(i.id, 'investigating');
      expect(inv.status).toBe(200);
      const recoveredAt = inv.body.recoveredAt as string;
      const o = await obligation(i.id, 'prc_summary_report');
      expect(o).toMatchObject({ status: 'pending', audience: 'regulator', startsAt: recoveredAt, dueAt: workingDaysAfter(recoveredAt, 5, PRC_CALENDAR).dueAt, warning: null });
      expect(o.source).toContain('《国家网络安全事件报告管理办法》第八条');
      // the due day is a working day, 5 of them after the day handling ended (China time)
      const dueDay = new Date(Date.parse(o.dueAt) + 8 * 3600_000).toISOString().slice(0, 10);
      expect(dueDay > new Date(Date.parse(recoveredAt) + 8 * 3600_000).toISOString().slice(0, 10)).toBe(true);

      // a day the firm adds to its calendar counts once the incident's clocks are recomputed (here: a re-grading)
      const firstDay = workingDaysAfter(recoveredAt, 1, PRC_CALENDAR).date;
      const added = await api().post('/api/working-days').set(w.a.manager.auth).send({ date: firstDay, kind: 'holiday', name: '公司停工日', source: '测试' });
      expect(added.status).toBe(201);
      await grade(i.id);
      const firmDays: CalendarDay[] = [{ date: firstDay, kind: 'holiday', name: '公司停工日', source: '测试' }];
      const moved = await obligation(i.id, 'prc_summary_report');
      expect(moved.dueAt).toBe(workingDaysAfter(recoveredAt, 5, mergeCalendars(PRC_CALENDAR, firmDays)).dueAt);
      expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(o.dueAt));
      expect((await api().delete(`/api/working-days/${firstDay}`).set(w.a.manager.auth)).status).toBe(200);

      // moving back (a reopening into the response phase): it no longer applies; leaving recovery again restarts it
      for (const to of ['follow_up', 'closed']) expect((await move(i.id, to)).status).toBe(200);
      expect((await move(i.id, 'responding', { reason: '发现新的受害主机' })).status).toBe(200);
      expect((await obligation(i.id, 'prc_summary_report')).status).toBe('not_applicable');
      for (const to of ['recovering', 'investigating']) expect((await move(i.id, to)).status).toBe(200);
      const again = await obligation(i.id, 'prc_summary_report');
      expect(again.status).toBe('pending');
      const rec2 = (await api().get(`/api/incidents/${i.id}`).set(w.a.manager.auth)).body.recoveredAt;
      expect(again.startsAt).toBe(rec2);
    });

    it('a 一般 incident has no summary report', async () => {
      const i = await incident();
      await grade(i.id, 'general');
      for (const to of ['responding', 'recovering', 'investigating']) expect((await move(i.id, to)).status).toBe(200);
      expect(await obligation(i.id, 'prc_summary_report')).toBeUndefined();
    });

    it('the calendar resource: built-in days with their notice, the firm\'s own, and the coverage warning for a missing year', async () => {
      const days = await list('working-days', w.a.consultant, { year: '2026', kind: 'makeup_workday' });
      expect(days.map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
      expect(days.every((d) => d.builtIn && d.source.includes('国办发明电〔2025〕7号'))).toBe(true);
      const before = (await api().get('/api/working-days/coverage').set(w.a.manager.auth)).body;
      const next = new Date().getUTCFullYear() + 1;
      expect(before.years).toEqual([2025, 2026]);
      expect(before.missing).toContain(next);
      expect(before.warning['zh-CN']).toContain(String(next));
      const bad = await api().post('/api/working-days').set(w.a.manager.auth).send({ date: '2027-02-30', kind: 'holiday', name: 'x', source: 'y' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['date']);
      const badKind = await api().post('/api/working-days').set(w.a.manager.auth).send({ date: '2027-02-01', kind: 'weekend', name: 'x', source: 'y' });
      expect(badKind.status).toBe(400);
      expect((await api().post('/api/working-days').set(w.a.manager.auth).send({ date: `${next}-01-01`, kind: 'holiday', name: '元旦', source: '通知' })).status).toBe(201);
      expect((await api().post('/api/working-days').set(w.a.manager.auth).send({ date: `${next}-01-01`, kind: 'holiday', name: '元旦', source: '通知' })).status).toBe(409);
      const after = (await api().get('/api/working-days/coverage').set(w.a.manager.auth)).body;
      expect(after.years).toContain(next);
      expect((await api().delete('/api/working-days/2026-10-01').set(w.a.manager.auth)).status).toBe(409);
      expect((await api().delete(`/api/working-days/${next}-01-01`).set(w.a.manager.auth)).status).toBe(200);
      const audit = await list('audit-logs', w.a.manager, { entity: 'working-days' });
      expect(audit.map((a) => a.action).slice(0, 2).sort()).toEqual(['create', 'delete']);
    });
  });

  describe('waivers', () => {
    const waive = (s: Session, id: string, body: Record<string, unknown> = { reason: '数据已加密且密钥未泄露，不会造成危害', basis: 'pipl_57_2' }) =>
      api().post(`/api/obligations/${id}/waive`).set(s.auth).send(body);

    it('managers and the legal member may waive on a basis the law gives for the rule; the Measures\' clocks never', async () => {
      const i = await incident();
      await grade(i.id);
      const ind = await obligation(i.id, 'pipl_notify_individuals');
      expect((await waive(w.a.consultant, ind.id)).status).toBe(403);
      const wrongBasis = await waive(w.a.manager, ind.id, { reason: 'x', basis: 'gdpr_33_1' });
      expect(wrongBasis.status).toBe(400);
      expect(wrongBasis.body.errors.map((e: { field: string }) => e.field)).toEqual(['basis']);
      const noReason = await waive(w.a.manager, ind.id, { basis: 'pipl_57_2' });
      expect(noReason.status).toBe(400);
      for (const rule of ['prc_incident_report', 'pipl_notify_authority', 'crime_report_police']) {
        const o = await obligation(i.id, rule);
        const res = await waive(w.a.manager, o.id, { reason: 'x', basis: 'pipl_57_2' });
        expect({ rule, status: res.status, message: res.body.errors?.[0]?.message }).toEqual({ rule, status: 400, message: `an obligation of rule ${rule} cannot be waived` });
        expect((await obligation(i.id, rule)).status).not.toBe('waived');
      }
      expect((await obligation(i.id, 'pipl_notify_individuals')).status).toBe('pending');

      const done = await waive(legal, ind.id);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'waived', waiverBasis: 'pipl_57_2', waiverReason: '数据已加密且密钥未泄露，不会造成危害', waivedById: legalId, fulfilledAt: null });
      // no longer the incident's nearest deadline, not met, and not to be fulfilled before the waiver is undone
      expect((await api().post(`/api/obligations/${ind.id}/fulfil`).set(w.a.manager.auth).send({ note: 'x' })).status).toBe(409);
      const timeline = await list('timeline', w.a.manager, { incidentId: i.id, kind: 'obligation' });
      expect(timeline.filter((e) => e.data.event === 'waived')).toHaveLength(1);
      expect(timeline.find((e) => e.data.event === 'waived')).toMatchObject({ visibility: 'internal', body: '数据已加密且密钥未泄露，不会造成危害', data: { basis: 'pipl_57_2' } });
      const audit = await list('audit-logs', w.a.manager, { entity: 'obligations', entityId: ind.id });
      expect(audit).toHaveLength(1);
      // the client admin sees the obligation waived, not the internal reasoning on the timeline
      expect((await obligation(i.id, 'pipl_notify_individuals', w.a.clientAdmin)).status).toBe('waived');
      expect((await list('timeline', w.a.clientAdmin, { incidentId: i.id })).some((e) => e.data?.event === 'waived')).toBe(false);
      // a regrading does not undo it
      await grade(i.id, 'especially_major');
      expect((await obligation(i.id, 'pipl_notify_individuals')).status).toBe('waived');

      // undo: the clock runs again; undoing twice is a conflict
      expect((await api().post(`/api/obligations/${ind.id}/unwaive`).set(w.a.consultant.auth).send({})).status).toBe(403);
      const undone = await api().post(`/api/obligations/${ind.id}/unwaive`).set(w.a.manager.auth).send({ reason: '监管部门要求通知个人' });
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({ status: 'pending', waiverBasis: null, waivedAt: null });
      expect((await api().post(`/api/obligations/${ind.id}/unwaive`).set(w.a.manager.auth).send({})).status).toBe(409);
      expect((await list('audit-logs', w.a.manager, { entity: 'obligations', entityId: ind.id }))).toHaveLength(2);
    });

    it('a GDPR Art. 33 notification is waived on "unlikely to result in a risk"', async () => {
      const i = await incident({ euPersonalData: true });
      const a33 = await obligation(i.id, 'gdpr_art33_authority');
      const res = await waive(w.a.manager, a33.id, { reason: '仅泄露已公开的企业联系人邮箱', basis: 'gdpr_33_1' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('waived');
    });

    it('of waivers and undos sent together, one of each lands; the timeline and audit log say exactly that', async () => {
      const i = await incident();
      const ind = await obligation(i.id, 'pipl_notify_individuals');
      const waives = await gate.race('incidents', w.a.firmId, i.id, Array.from({ length: 4 }, () => () => waive(w.a.manager, ind.id)));
      expect(waives.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      expect(waives.filter((r) => r.status === 409).every((r) => r.body.status === 'waived')).toBe(true);
      const undos = await gate.race('incidents', w.a.firmId, i.id, Array.from({ length: 4 }, () => () => api().post(`/api/obligations/${ind.id}/unwaive`).set(w.a.manager.auth).send({})));
      expect(undos.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const events = (await list('timeline', w.a.manager, { incidentId: i.id, kind: 'obligation' })).map((e) => e.data.event).filter(Boolean);
      expect(events.sort()).toEqual(['waived', 'waiver_undone']);
      expect(await list('audit-logs', w.a.manager, { entity: 'obligations', entityId: ind.id })).toHaveLength(2);
      expect((await obligation(i.id, 'pipl_notify_individuals')).status).toBe('pending');
    });

    it('the service report counts waived obligations apart', async () => {
      const i = await incident();
      const ind = await obligation(i.id, 'pipl_notify_individuals');
      expect((await waive(w.a.manager, ind.id)).status).toBe(200);
      const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
      const report = await api().get('/api/reports/service').query({ from: day(-3), to: day(3), clientIds: w.a.assigned.id }).set(w.a.manager.auth);
      expect(report.status).toBe(200);
      const row = report.body.obligations.byRule.find((r: { rule: string }) => r.rule === 'pipl_notify_individuals');
      expect(row.waived).toBeGreaterThanOrEqual(1);
      expect(report.body.obligations.total.waived).toBe(report.body.obligations.byRule.reduce((s: number, r: { waived: number }) => s + r.waived, 0));
    });
  });

  describe('regulator notices', () => {
    const create = (s: Session, body: Record<string, unknown>) => api().post('/api/communications').set(s.auth).send(body);
    const cmove = (s: Session, id: string, to: string, extra: Record<string, unknown> = {}) =>
      api().post(`/api/communications/${id}/transition`).set(s.auth).send({ to, ...extra });
    const template = async (key: string) => (await list('communication-templates', w.a.manager, { key }))[0];

    it('cannot be approved or sent while a placeholder is unfilled (409 listing them); filled, it goes out and meets the obligation it was pre-selected for', async () => {
      const i = await incident();
      await grade(i.id);
      const tpl = await template('prc_incident_report');
      const made = await create(w.a.consultant, { templateId: tpl.id, incidentId: i.id });
      expect(made.status).toBe(201);
      const prc = await obligation(i.id, 'prc_incident_report');
      expect(made.body.obligationId).toBe(prc.id);
      expect(made.body.body).toContain('【请填写】');
      expect(made.body.body).toContain('《国家网络安全事件报告管理办法》');
      expect((await cmove(w.a.consultant, made.body.id, 'in_review')).status).toBe(200);
      const refused = await cmove(w.a.manager, made.body.id, 'approved');
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('unfilled_placeholders');
      expect(refused.body.placeholders).toContain('【请填写】');
      expect(refused.body.placeholders.length).toBeGreaterThanOrEqual(1);
      expect((await api().get(`/api/communications/${made.body.id}`).set(w.a.manager.auth)).body.status).toBe('in_review');

      // back to draft, fill everything in, then it passes
      expect((await cmove(w.a.consultant, made.body.id, 'draft')).status).toBe(200);
      const filled = (made.body.body as string).replace(/【[^】]*】/g, '已填写').replace(/〔待补充：[^〕]*〕/g, '不详');
      expect((await api().put(`/api/communications/${made.body.id}`).set(w.a.consultant.auth).send({ body: filled })).status).toBe(200);
      expect((await cmove(w.a.consultant, made.body.id, 'in_review')).status).toBe(200);
      const approved = await cmove(w.a.manager, made.body.id, 'approved');
      expect(approved.status).toBe(200);

      // sent time bounds, and the receipt number only when sending
      expect((await cmove(w.a.consultant, made.body.id, 'sent', { sentAt: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(400);
      const early = await cmove(w.a.consultant, made.body.id, 'sent', { sentAt: new Date(Date.parse(approved.body.approvedAt) - 60_000).toISOString() });
      expect(early.status).toBe(400);
      expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['sentAt']);
      const sentAt = new Date(Date.parse(approved.body.approvedAt) + 1).toISOString();
      const sent = await cmove(w.a.consultant, made.body.id, 'sent', { sentAt, receiptNumber: 'SH-12387-2026-000123' });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ status: 'sent', sentAt, receiptNumber: 'SH-12387-2026-000123' });
      expect(await obligation(i.id, 'prc_incident_report')).toMatchObject({ status: 'met', fulfilledAt: sentAt, communicationId: made.body.id });
    });

    it('the receipt number and sent time belong to sending only', async () => {
      const i = await incident();
      const c = await create(w.a.consultant, { incidentId: i.id, audience: 'client', channel: 'email', subject: 's', body: 'b' });
      const res = await cmove(w.a.consultant, c.body.id, 'in_review', { receiptNumber: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['receiptNumber']);
    });

    it('a notice to affected individuals from a firm template with an unfilled marker is refused too', async () => {
      const i = await incident({ dataCategories: [] });
      const tpl = await template('pipl_individuals_notice');
      const made = await create(w.a.consultant, { templateId: tpl.id, incidentId: i.id });
      expect(made.body.obligationId).toBe((await obligation(i.id, 'pipl_notify_individuals')).id);
      expect((await cmove(w.a.consultant, made.body.id, 'in_review')).status).toBe(200);
      const refused = await cmove(w.a.manager, made.body.id, 'approved');
      expect(refused.status).toBe(409);
      expect(refused.body.placeholders).toContain('〔待补充：涉及的数据种类〕');
    });

    it('refuses an obligation the template does not serve (400)', async () => {
      const i = await incident();
      await grade(i.id);
      const tpl = await template('prc_incident_report');
      const pipl = await obligation(i.id, 'pipl_notify_authority');
      const res = await create(w.a.consultant, { templateId: tpl.id, incidentId: i.id, obligationId: pipl.id });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['obligationId']);
      expect(res.body.errors[0].message).toContain('its template does not serve');
    });

    it('a follow-up report (补报) is recorded against the report it follows, which stays as it was met', async () => {
      const i = await incident();
      await grade(i.id);
      const prc = await obligation(i.id, 'prc_incident_report');
      expect((await api().post(`/api/obligations/${prc.id}/fulfil`).set(w.a.manager.auth).send({ note: '电话报告省网信办' })).status).toBe(200);
      const met = await obligation(i.id, 'prc_incident_report');
      const f = await create(w.a.consultant, { incidentId: i.id, audience: 'regulator', channel: 'portal', subject: '补报：原因分析', body: '初步原因已查明', obligationId: prc.id, reportStage: 'follow_up' });
      expect(f.status).toBe(201);
      expect(f.body.reportStage).toBe('follow_up');
      for (const [s, to] of [[w.a.consultant, 'in_review'], [w.a.manager, 'approved'], [w.a.consultant, 'sent']] as [Session, string][]) {
        expect((await cmove(s, f.body.id, to)).status).toBe(200);
      }
      expect(await obligation(i.id, 'prc_incident_report')).toEqual(met);
      const sentEntry = (await list('timeline', w.a.manager, { incidentId: i.id, kind: 'communication' })).find((e) => e.data.communicationId === f.body.id);
      expect(sentEntry.data).toMatchObject({ event: 'sent', reportStage: 'follow_up', obligationId: prc.id });
      const wrong = await create(w.a.consultant, { incidentId: i.id, audience: 'client', channel: 'email', subject: 'x', reportStage: 'follow_up' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['reportStage']);
    });
  });

  describe('the incident report PDF', () => {
    const pdf = (s: Session, id: string, query: Record<string, string> = {}) =>
      api().get(`/api/incidents/${id}/report.pdf`).query(query).set(s.auth).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

    it('holds the record in Chinese (embedded) or English; the client version leaves out internal entries, and client admins always get it', async () => {
      const i = await incident({ title: '客户管理系统撞库登录', dataCategories: ['姓名', '手机号'] });
      await grade(i.id);
      const note = await api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: i.id, body: '内部备注：怀疑离职员工', visibility: 'internal' });
      expect(note.status).toBe(201);
      const shared = await api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: i.id, body: '已通知客户重置密码', visibility: 'client' });
      expect(shared.status).toBe(201);
      const ind = await obligation(i.id, 'pipl_notify_individuals');
      expect((await api().post(`/api/obligations/${ind.id}/waive`).set(w.a.manager.auth).send({ reason: '数据已加密', basis: 'pipl_57_2' })).status).toBe(200);
      const upload = await api().post('/api/attachments').set(w.a.manager.auth).field('entity', 'incidents').field('entityId', i.id)
        .attach('file', Buffer.from('login log'), 'login.log');
      expect(upload.status).toBe(201);

      const internal = await pdf(w.a.manager, i.id, { lang: 'zh-CN', version: 'internal' });
      expect(internal.status).toBe(200);
      expect(internal.headers['content-type']).toBe('application/pdf');
      expect(internal.headers['content-disposition']).toContain('attachment');
      const text = squash(pdfText(internal.body).pages.join('\n'));
      for (const s of ['网络安全事件处置总结报告', '事件概况', '定级及理由', '处置时间线', '报告与通知义务', '各阶段任务', '附件（SHA-256）', i.reference, '重大', '按影响范围人工定级', '依法免除', '内部备注：怀疑离职员工', '已通知客户重置密码', 'login.log', upload.body.sha256, '内部版']) {
        expect({ s, found: text.includes(squash(s)) }).toEqual({ s, found: true });
      }

      const forClient = squash(pdfText((await pdf(w.a.manager, i.id, { lang: 'zh-CN', version: 'client' })).body).pages.join('\n'));
      expect(forClient).toContain('客户版');
      expect(forClient).toContain('已通知客户重置密码');
      expect(forClient).not.toContain('内部备注');
      expect(forClient).not.toContain('login.log');
      expect(forClient).toContain(i.reference);

      // a client admin asking for the internal version gets the client one
      const admin = await pdf(w.a.clientAdmin, i.id, { version: 'internal', lang: 'zh-CN' });
      expect(admin.status).toBe(200);
      const adminText = squash(pdfText(admin.body).pages.join('\n'));
      expect(adminText).toContain('客户版');
      expect(adminText).not.toContain('内部备注');
      expect(adminText).not.toContain('login.log');

      const en = squash(pdfText((await pdf(w.a.manager, i.id, { lang: 'en' })).body).pages.join('\n'));
      for (const s of ['Cybersecurity incident summary report', 'Grading and rationale', 'Major', 'Waived', i.reference]) expect({ s, found: en.includes(squash(s)) }).toEqual({ s, found: true });

      const bad = await pdf(w.a.manager, i.id, { lang: 'fr', version: 'board' });
      expect(bad.status).toBe(400);
    });
  });
});
