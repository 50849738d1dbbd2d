import { createUser, listQuery, login, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

describe('communications', () => {
  let t: TestApp;
  let w: World;
  /** a second consultant assigned to the same client (neither author nor manager) */
  let consultant2: Session;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    const c2 = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant', name: '李娜' });
    await t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: c2.id, clientId: w.a.assigned.id }).expect(201);
    consultant2 = await login(t, c2.email);
    await t.api().put(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth)
      .send({ contacts: [{ name: '张伟', title: '信息安全负责人', phone: '021-5080 1234', email: 'zhang.wei@example.com' }] }).expect(200);
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  async function incident(s: Session, body: Record<string, unknown> = {}) {
    const res = await api().post('/api/incidents').set(s.auth).send({
      clientId: w.a.assigned.id, title: '会员数据库被拖库', detectedAt: hoursAgo(1), personalInfoInvolved: true,
      dataCategories: ['姓名', '手机号', '收货地址'], peopleAffected: 5200, ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function list(resource: string, s: Session, filter: Record<string, unknown> = {}) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 499], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return res.body as any[];
  }
  async function total(resource: string, s: Session, filter: Record<string, unknown> = {}) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 0], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return Number(res.headers['content-range'].split('/')[1]);
  }
  const obligation = async (s: Session, incidentId: string, rule: string) => (await list('obligations', s, { incidentId, rule }))[0];
  const template = async (s: Session, key: string) => (await list('communication-templates', s, { key }))[0];
  const create = (s: Session, body: Record<string, unknown>) => api().post('/api/communications').set(s.auth).send(body);
  const move = (s: Session, id: string, to: string, extra: Record<string, unknown> = {}) =>
    api().post(`/api/communications/${id}/transition`).set(s.auth).send({ to, ...extra });
  async function draft(s: Session, body: Record<string, unknown>) {
    const res = await create(s, { audience: 'client', channel: 'email', subject: '事件进展', body: '正文', ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  /** draft → in_review → approved (by `approver`) → sent */
  async function sendThrough(author: Session, approver: Session, id: string) {
    expect((await move(author, id, 'in_review')).status).toBe(200);
    expect((await move(approver, id, 'approved')).status).toBe(200);
    const sent = await move(author, id, 'sent');
    expect(sent.status).toBe(200);
    return sent.body;
  }

  describe('templates', () => {
    it('gives every firm the built-in templates, readable by staff, not by client admins', async () => {
      const mine = await list('communication-templates', w.a.consultant);
      expect(mine.map((x) => x.key)).toEqual(expect.arrayContaining(['pipl_regulator_notice', 'pipl_individuals_notice', 'client_update']));
      expect(mine.every((x) => x.builtIn && x.name['zh-CN'] && x.name.en && x.subject['zh-CN'] && x.body.en)).toBe(true);
      const regulator = mine.find((x) => x.key === 'pipl_regulator_notice');
      expect(regulator.audience).toBe('regulator');
      // a brand-new firm gets its own copies
      const b = await list('communication-templates', w.b.manager);
      expect(b.map((x) => x.key).sort()).toEqual(mine.map((x) => x.key).sort());
      expect(b.map((x) => x.id)).not.toEqual(expect.arrayContaining([regulator.id]));
      expect((await api().get('/api/communication-templates').set(w.a.clientAdmin.auth)).status).toBe(403);
    });

    it('fills a template from the incident with render: facts, the firm time zone, markers for what is unknown', async () => {
      const i = await incident(w.a.consultant, { detectedAt: '2026-01-05T06:30:00.000Z' });
      const tpl = await template(w.a.consultant, 'pipl_regulator_notice');
      const zh = await api().post(`/api/communication-templates/${tpl.id}/render`).set(w.a.consultant.auth).send({ incidentId: i.id, lang: 'zh-CN' });
      expect(zh.status).toBe(200);
      expect(zh.body.subject).toContain(i.reference);
      expect(zh.body.body).toContain('姓名、手机号、收货地址');
      expect(zh.body.body).toContain('2026年1月5日 14:30'); // 06:30 UTC in Asia/Shanghai
      expect(zh.body.body).toContain('021-5080 1234');
      expect(zh.body.body).toContain('〔待补充：涉及记录数〕');
      expect(zh.body.missing).toContain('incident.recordsAffected');
      expect(zh.body.body).not.toMatch(/\{\{/);
      const en = await api().post(`/api/communication-templates/${tpl.id}/render`).set(w.a.consultant.auth).send({ incidentId: i.id, lang: 'en' });
      expect(en.body.body).toContain('What individuals can do to reduce the harm');
      expect(en.body.lang).toBe('en');
      // an incident out of reach is a bad field, not a leak
      const u = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.unassigned.id, title: 'x', detectedAt: hoursAgo(1) });
      const out = await api().post(`/api/communication-templates/${tpl.id}/render`).set(w.a.consultant.auth).send({ incidentId: u.body.id });
      expect(out.status).toBe(400);
      expect(out.body.errors[0].field).toBe('incidentId');
    });

    it('lets managers write templates with known placeholders only; built-ins are editable but not deletable', async () => {
      const body = {
        name: { 'zh-CN': '媒体口径', en: 'Media holding statement' }, audience: 'media', channel: 'press_release',
        subject: { 'zh-CN': '关于{{incident.title}}的说明', en: 'Statement on {{incident.title}}' },
        body: { 'zh-CN': '{{client.name}}已于{{incident.detectedAt}}发现……', en: '{{client.name}} detected … on {{incident.detectedAt}}' },
      };
      expect((await api().post('/api/communication-templates').set(w.a.consultant.auth).send(body)).status).toBe(403);
      const bad = await api().post('/api/communication-templates').set(w.a.manager.auth)
        .send({ ...body, body: { ...body.body, en: 'Hello {{incident.secret}}' }, name: { 'zh-CN': '缺英文' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name.en']));
      const unknown = await api().post('/api/communication-templates').set(w.a.manager.auth).send({ ...body, body: { ...body.body, en: 'Hello {{incident.secret}}' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'body.en', message: expect.stringContaining('{{incident.secret}}') }]);
      const made = await api().post('/api/communication-templates').set(w.a.manager.auth).send(body);
      expect(made.status).toBe(201);
      expect(made.body.builtIn).toBe(false);
      const edited = await api().put(`/api/communication-templates/${made.body.id}`).set(w.a.manager.auth).send({ channel: 'wechat' });
      expect(edited.body.channel).toBe('wechat');
      expect((await api().delete(`/api/communication-templates/${made.body.id}`).set(w.a.manager.auth)).status).toBe(200);
      expect((await api().get(`/api/communication-templates/${made.body.id}`).set(w.a.manager.auth)).status).toBe(404);
      const builtIn = await template(w.a.manager, 'client_update');
      expect((await api().delete(`/api/communication-templates/${builtIn.id}`).set(w.a.manager.auth)).status).toBe(409);
      const adapted = await api().put(`/api/communication-templates/${builtIn.id}`).set(w.a.manager.auth)
        .send({ subject: { 'zh-CN': '【进展】{{incident.reference}}', en: '[Update] {{incident.reference}}' } });
      expect(adapted.status).toBe(200);
      expect(adapted.body.subject.en).toBe('[Update] {{incident.reference}}');
      const audit = await list('audit-logs', w.a.manager, { entity: 'communication-templates' });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
    });
  });

  it('runs the whole outbound flow: draft from template, review, approval by the rule, sent, obligation met late with a timeline entry', async () => {
    // detected 30 h ago: the PIPL authority notice (24 h) is already overdue
    const i = await incident(w.a.consultant, { detectedAt: hoursAgo(30) });
    const pipl = await obligation(w.a.consultant, i.id, 'pipl_notify_authority');
    expect(pipl.status).toBe('overdue');
    const tpl = await template(w.a.consultant, 'pipl_regulator_notice');
    const made = await create(w.a.consultant, { templateId: tpl.id, incidentId: i.id, lang: 'zh-CN', obligationId: pipl.id, recipients: ['上海市网信办'] });
    expect(made.status).toBe(201);
    const c = made.body;
    expect(c).toEqual(expect.objectContaining({
      status: 'draft', direction: 'outbound', audience: 'regulator', channel: 'letter', clientId: w.a.assigned.id, incidentId: i.id,
      templateId: tpl.id, obligationId: pipl.id, createdById: w.a.consultant.user.id, clientVisible: false, sentAt: null,
    }));
    expect(c.subject).toContain(i.reference);
    expect(c.body).toContain('姓名、手机号、收货地址');

    // drafts are editable; the flow's moves are checked
    const edited = await api().put(`/api/communications/${c.id}`).set(w.a.consultant.auth).send({ body: `${c.body}\n补救措施：已重置全部管理员密码。` });
    expect(edited.status).toBe(200);
    const skip = await move(w.a.consultant, c.id, 'approved');
    expect(skip.status).toBe(409);
    expect(skip.body.allowed).toEqual(['in_review']);
    const submitted = await move(w.a.consultant, c.id, 'in_review');
    expect(submitted.status).toBe(200);
    expect(submitted.body.submittedById).toBe(w.a.consultant.user.id);
    expect(submitted.body.submittedAt).not.toBeNull();
    expect((await api().put(`/api/communications/${c.id}`).set(w.a.consultant.auth).send({ subject: 'x' })).status).toBe(409);

    // the author may not approve; another consultant may not approve a regulator communication
    const own = await move(w.a.consultant, c.id, 'approved');
    expect(own.status).toBe(403);
    expect(own.body.reason).toBe('own_communication');
    const other = await move(consultant2, c.id, 'approved');
    expect(other.status).toBe(403);
    expect(other.body.reason).toBe('needs_manager_or_legal');
    // sent back, resubmitted, approved by a manager
    const back = await move(consultant2, c.id, 'draft', { reason: '请补充可能造成的危害' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('draft');
    expect(back.body.submittedAt).toBeNull();
    // a regulator notice cannot be approved while its template's prompts are unfilled: 409 listing them (issue 17)
    expect((await move(w.a.consultant, c.id, 'in_review')).status).toBe(200);
    const unfilled = await move(w.a.manager, c.id, 'approved');
    expect(unfilled.status).toBe(409);
    expect(unfilled.body.code).toBe('unfilled_placeholders');
    expect(unfilled.body.placeholders).toEqual(expect.arrayContaining(['〔待补充：事件类型〕', expect.stringMatching(/^【/)]));
    expect((await move(w.a.consultant, c.id, 'draft')).status).toBe(200);
    const filled = edited.body.body.replace(/【[^】]*】/g, '已补充').replace(/〔待补充：[^〕]*〕/g, '不详');
    expect((await api().put(`/api/communications/${c.id}`).set(w.a.consultant.auth).send({ body: filled })).status).toBe(200);
    expect((await move(w.a.consultant, c.id, 'in_review')).status).toBe(200);
    const approved = await move(w.a.manager, c.id, 'approved');
    expect(approved.status).toBe(200);
    expect(approved.body.approvedById).toBe(w.a.manager.user.id);
    expect(approved.body.approvedByName).toBe(w.a.manager.user.name);
    expect((await api().put(`/api/communications/${c.id}`).set(w.a.consultant.auth).send({ subject: 'changed after approval' })).status).toBe(409);

    const sent = await move(w.a.consultant, c.id, 'sent');
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(sent.body.sentById).toBe(w.a.consultant.user.id);
    const met = await api().get(`/api/obligations/${pipl.id}`).set(w.a.consultant.auth);
    expect(met.body.status).toBe('met_late');
    expect(met.body.fulfilledAt).toBe(sent.body.sentAt);
    expect(met.body.communicationId).toBe(c.id);
    const entries = await list('timeline', w.a.manager, { incidentId: i.id });
    const sentEntry = entries.find((e) => e.kind === 'communication' && e.data.event === 'sent');
    expect(sentEntry).toEqual(expect.objectContaining({ visibility: 'internal', body: c.subject }));
    const obligationEntry = entries.find((e) => e.kind === 'obligation' && e.data.communicationId === c.id);
    expect(obligationEntry).toEqual(expect.objectContaining({ visibility: 'internal', data: expect.objectContaining({ status: 'met_late', rule: 'pipl_notify_authority' }) }));
    // not client-visible: the client admin sees neither entry
    const portal = await list('timeline', w.a.clientAdmin, { incidentId: i.id });
    expect(portal.filter((e) => e.kind === 'communication' || e.data?.communicationId)).toEqual([]);

    // sent is final
    const put = await api().put(`/api/communications/${c.id}`).set(w.a.manager.auth).send({ subject: 'rewrite history' });
    expect(put.status).toBe(409);
    const again = await move(w.a.manager, c.id, 'draft');
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual([]);
    expect((await api().get(`/api/communications/${c.id}`).set(w.a.manager.auth)).body.subject).toBe(c.subject);

    const audit = await list('audit-logs', w.a.manager, { entity: 'communications', entityId: c.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition', 'update', 'update']);
    expect((await list('audit-logs', w.a.manager, { entity: 'obligations', entityId: pipl.id })).length).toBe(1);
  });

  it("lets the incident's legal team member approve a regulator notice; sent in time it meets the obligation, and the client sees it", async () => {
    const i = await incident(w.a.manager, { team: [{ userId: consultant2.user.id, name: '李娜', role: 'legal' }] });
    const pipl = await obligation(w.a.manager, i.id, 'pipl_notify_authority');
    const c = await draft(w.a.consultant, { incidentId: i.id, audience: 'regulator', channel: 'portal', subject: '个人信息安全事件报告', obligationId: pipl.id, clientVisible: true });
    const sent = await sendThrough(w.a.consultant, consultant2, c.id);
    expect(sent.approvedById).toBe(consultant2.user.id);
    const met = await api().get(`/api/obligations/${pipl.id}`).set(w.a.manager.auth);
    expect(met.body.status).toBe('met');
    expect(met.body.communicationId).toBe(c.id);
    const portal = await list('timeline', w.a.clientAdmin, { incidentId: i.id });
    expect(portal.find((e) => e.kind === 'communication' && e.data.communicationId === c.id)).toBeDefined();
    expect(portal.find((e) => e.kind === 'obligation' && e.data.communicationId === c.id)).toEqual(expect.objectContaining({ data: expect.objectContaining({ status: 'met' }) }));
    // an individuals notice fulfils the individuals obligation; any other staff member than the author approves it
    const ind = await obligation(w.a.manager, i.id, 'pipl_notify_individuals');
    const notice = await draft(w.a.consultant, { incidentId: i.id, audience: 'affected_individuals', channel: 'sms', obligationId: ind.id });
    await sendThrough(w.a.consultant, consultant2, notice.id);
    expect((await api().get(`/api/obligations/${ind.id}`).set(w.a.manager.auth)).body.status).toBe('met');
    // a second notice linked to a met obligation is refused at creation
    const twice = await create(w.a.consultant, { incidentId: i.id, audience: 'affected_individuals', channel: 'sms', subject: 'again', obligationId: ind.id });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toEqual({ field: 'obligationId', message: 'is already met' });
  });

  it('leaves an obligation met by hand in the meantime as it was when the linked communication is sent', async () => {
    const i = await incident(w.a.consultant);
    const pipl = await obligation(w.a.consultant, i.id, 'pipl_notify_authority');
    const c = await draft(w.a.consultant, { incidentId: i.id, audience: 'regulator', obligationId: pipl.id });
    const byHand = await api().post(`/api/obligations/${pipl.id}/fulfil`).set(w.a.consultant.auth).send({ note: '电话报告网信办' });
    expect(byHand.status).toBe(200);
    await sendThrough(w.a.consultant, w.a.manager, c.id);
    const after = await api().get(`/api/obligations/${pipl.id}`).set(w.a.consultant.auth);
    expect(after.body).toEqual(expect.objectContaining({ fulfilledAt: byHand.body.fulfilledAt, fulfilmentNote: '电话报告网信办', communicationId: null }));
    expect((await list('timeline', w.a.consultant, { incidentId: i.id, kind: 'obligation' })).length).toBe(1);
  });

  it('a consultant approves a media statement only as the legal member; a manager may approve media', async () => {
    const i = await incident(w.a.manager, { team: [{ userId: consultant2.user.id, name: '李娜', role: 'pr' }] });
    const c = await draft(w.a.consultant, { incidentId: i.id, audience: 'media', channel: 'press_release' });
    expect((await move(w.a.consultant, c.id, 'in_review')).status).toBe(200);
    expect((await move(consultant2, c.id, 'approved')).status).toBe(403); // PR, not legal
    expect((await move(w.a.manager, c.id, 'approved')).status).toBe(200);
  });

  it('records inbound communications as received, which never move and fulfil nothing', async () => {
    const i = await incident(w.a.consultant);
    const pipl = await obligation(w.a.consultant, i.id, 'pipl_notify_authority');
    const receivedAt = hoursAgo(0.5);
    const res = await create(w.a.consultant, { incidentId: i.id, direction: 'inbound', audience: 'regulator', channel: 'phone', subject: '网信办来电询问事件进展', receivedAt });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('received');
    expect(res.body.receivedAt).toBe(receivedAt);
    expect(res.body.date).toBe(receivedAt);
    const moved = await move(w.a.consultant, res.body.id, 'in_review');
    expect(moved.status).toBe(409);
    expect(moved.body.allowed).toEqual([]);
    const entry = (await list('timeline', w.a.consultant, { incidentId: i.id, kind: 'communication' }))[0];
    expect(entry).toEqual(expect.objectContaining({ body: '网信办来电询问事件进展', visibility: 'internal', occurredAt: receivedAt }));
    expect(entry.data.event).toBe('received');
    // the record can be corrected
    expect((await api().put(`/api/communications/${res.body.id}`).set(w.a.consultant.auth).send({ body: '要求 24 小时内书面报告' })).status).toBe(200);
    const fulfils = await create(w.a.consultant, { incidentId: i.id, direction: 'inbound', audience: 'regulator', channel: 'phone', subject: 'x', obligationId: pipl.id });
    expect(fulfils.status).toBe(400);
    expect(fulfils.body.errors[0].field).toBe('obligationId');
    const future = await create(w.a.consultant, { incidentId: i.id, direction: 'inbound', audience: 'regulator', channel: 'phone', subject: 'x', receivedAt: new Date(Date.now() + 86400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('receivedAt');
    const outboundReceived = await create(w.a.consultant, { incidentId: i.id, audience: 'regulator', channel: 'phone', subject: 'x', receivedAt });
    expect(outboundReceived.status).toBe(400);
    expect(outboundReceived.body.errors[0].field).toBe('receivedAt');
  });

  describe('client portal', () => {
    let visible: any;
    let hidden: any;
    let visibleDraft: any;
    let inbound: any;
    let incidentId: string;
    beforeAll(async () => {
      const i = await incident(w.a.consultant);
      incidentId = i.id;
      visible = await draft(w.a.consultant, { incidentId, subject: '事件进展通报（一）', clientVisible: true, obligationId: undefined });
      visible = await sendThrough(w.a.consultant, consultant2, visible.id);
      hidden = await draft(w.a.consultant, { incidentId, subject: '内部：律师意见', audience: 'internal' });
      hidden = await sendThrough(w.a.consultant, consultant2, hidden.id);
      visibleDraft = await draft(w.a.consultant, { incidentId, subject: '尚未发送的通报', clientVisible: true });
      inbound = (await create(w.a.consultant, { incidentId, direction: 'inbound', audience: 'client', channel: 'email', subject: '客户来函', clientVisible: true })).body;
    });

    it('shows the client admin only sent or received client-visible communications of their company, without internal fields', async () => {
      const mine = await list('communications', w.a.clientAdmin);
      const ids = mine.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([visible.id, inbound.id]));
      expect(ids).not.toContain(hidden.id);
      expect(ids).not.toContain(visibleDraft.id);
      expect(mine.every((c) => c.clientId === w.a.assigned.id && c.clientVisible)).toBe(true);
      expect(await list('communications', w.a.clientAdmin, { id: [hidden.id, visibleDraft.id] })).toEqual([]);
      expect(await list('communications', w.a.clientAdmin, { clientVisible: false })).toEqual([]);
      expect((await api().get(`/api/communications/${hidden.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      expect((await api().get(`/api/communications/${visibleDraft.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      const show = await api().get(`/api/communications/${visible.id}`).set(w.a.clientAdmin.auth);
      expect(show.status).toBe(200);
      for (const f of ['templateId', 'obligationId', 'createdById', 'submittedById', 'approvedById', 'approvedByName', 'sentById', 'updatedAt']) {
        expect(show.body).not.toHaveProperty(f);
      }
      expect(JSON.stringify(mine)).not.toContain('律师意见');
      // they do not write communications
      expect((await create(w.a.clientAdmin, { incidentId, audience: 'client', channel: 'email', subject: 'x' })).status).toBe(403);
      expect((await api().put(`/api/communications/${visible.id}`).set(w.a.clientAdmin.auth).send({ subject: 'x' })).status).toBe(403);
      expect((await move(w.a.clientAdmin, visibleDraft.id, 'in_review')).status).toBe(403);
    });

    it('lets the client admin acknowledge a sent one once; consultants see who and when; the timeline says so', async () => {
      expect((await api().post(`/api/communications/${visible.id}/acknowledge`).set(w.a.consultant.auth)).status).toBe(403);
      const ack = await api().post(`/api/communications/${visible.id}/acknowledge`).set(w.a.clientAdmin.auth);
      expect(ack.status).toBe(200);
      expect(ack.body.acknowledgedById).toBe(w.a.clientAdmin.user.id);
      expect(ack.body.acknowledgedAt).not.toBeNull();
      const again = await api().post(`/api/communications/${visible.id}/acknowledge`).set(w.a.clientAdmin.auth);
      expect(again.status).toBe(409);
      const seen = await api().get(`/api/communications/${visible.id}`).set(w.a.consultant.auth);
      expect(seen.body.acknowledgedById).toBe(w.a.clientAdmin.user.id);
      expect(seen.body.acknowledgedByName).toBe(w.a.clientAdmin.user.name);
      expect(seen.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
      expect((await api().post(`/api/communications/${hidden.id}/acknowledge`).set(w.a.clientAdmin.auth)).status).toBe(404);
      expect((await api().post(`/api/communications/${visibleDraft.id}/acknowledge`).set(w.a.clientAdmin.auth)).status).toBe(404);
      expect((await api().post(`/api/communications/${inbound.id}/acknowledge`).set(w.a.clientAdmin.auth)).status).toBe(409);
      const entries = await list('timeline', w.a.clientAdmin, { incidentId, kind: 'communication' });
      expect(entries.find((e) => e.data.event === 'acknowledged' && e.data.communicationId === visible.id)).toEqual(expect.objectContaining({ authorId: w.a.clientAdmin.user.id }));
      expect(entries.find((e) => e.data.event === 'sent' && e.data.communicationId === visible.id)).toBeDefined();
      expect(entries.find((e) => e.data.communicationId === hidden.id)).toBeUndefined();
      const audit = await list('audit-logs', w.a.manager, { entity: 'communications', entityId: visible.id });
      expect(audit.filter((a) => a.actorId === w.a.clientAdmin.user.id).map((a) => a.action)).toEqual(['transition']);
    });

    it('filters the register by client, incident, audience, channel, direction, status and date range', async () => {
      const by = async (filter: Record<string, unknown>) => (await list('communications', w.a.consultant, { incidentId, ...filter })).map((c) => c.id).sort();
      expect(await by({})).toEqual([visible.id, hidden.id, visibleDraft.id, inbound.id].sort());
      expect(await by({ status: 'sent' })).toEqual([visible.id, hidden.id].sort());
      expect(await by({ status: ['draft', 'received'] })).toEqual([visibleDraft.id, inbound.id].sort());
      expect(await by({ direction: 'inbound' })).toEqual([inbound.id]);
      expect(await by({ audience: 'internal' })).toEqual([hidden.id]);
      expect(await by({ channel: 'email', clientVisible: true })).toEqual([visible.id, visibleDraft.id, inbound.id].sort());
      expect(await by({ clientId: w.a.assigned.id, date_gte: hoursAgo(1) })).toHaveLength(4);
      expect(await by({ date_gte: new Date(Date.now() + 3600_000).toISOString() })).toEqual([]);
      expect(await by({ date_lte: hoursAgo(24) })).toEqual([]);
      const q = await list('communications', w.a.consultant, { q: '律师意见' });
      expect(q.map((c) => c.id)).toEqual([hidden.id]);
      const bad = await api().get('/api/communications').query(listQuery({ filter: { audience: 'aliens' } })).set(w.a.consultant.auth);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('filter.audience');
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const i = await incident(w.a.consultant);
    const other = await incident(w.a.consultant);
    const pipl = await obligation(w.a.consultant, i.id, 'pipl_notify_authority');
    const individuals = await obligation(w.a.consultant, i.id, 'pipl_notify_individuals');
    const otherPipl = await obligation(w.a.consultant, other.id, 'pipl_notify_authority');
    const foreign = await api().post('/api/incidents').set(w.b.manager.auth).send({ clientId: w.b.client.id, title: 'B', detectedAt: hoursAgo(1), personalInfoInvolved: true });
    const foreignPipl = await obligation(w.b.manager, foreign.body.id, 'pipl_notify_authority');
    const unassigned = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.unassigned.id, title: 'U', detectedAt: hoursAgo(1) });
    const before = { comms: await total('communications', w.a.manager), timeline: await total('timeline', w.a.manager), audit: await total('audit-logs', w.a.manager) };
    const ok = { incidentId: i.id, audience: 'regulator', channel: 'letter', subject: '报告' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, audience: 'aliens' }, 'audience'],
      [{ ...ok, channel: 'pigeon' }, 'channel'],
      [{ ...ok, direction: 'sideways' }, 'direction'],
      [{ ...ok, subject: undefined }, 'subject'],
      [{ ...ok, subject: '' }, 'subject'],
      [{ ...ok, recipients: 'everyone' }, 'recipients'],
      [{ ...ok, clientVisible: 'yes' }, 'clientVisible'],
      [{ ...ok, incidentId: foreign.body.id }, 'incidentId'],
      [{ ...ok, incidentId: unassigned.body.id }, 'incidentId'],
      [{ ...ok, incidentId: 'not-a-uuid' }, 'incidentId'],
      [{ ...ok, incidentId: undefined, clientId: w.b.client.id }, 'clientId'],
      [{ ...ok, incidentId: undefined, clientId: w.a.unassigned.id }, 'clientId'],
      [{ ...ok, incidentId: undefined }, 'clientId'],
      [{ ...ok, clientId: w.a.unassigned.id }, 'clientId'],
      [{ ...ok, obligationId: foreignPipl.id }, 'obligationId'],
      [{ ...ok, obligationId: otherPipl.id }, 'obligationId'],
      [{ ...ok, obligationId: individuals.id }, 'obligationId'],
      [{ ...ok, audience: 'client', obligationId: pipl.id }, 'obligationId'],
      [{ ...ok, incidentId: undefined, clientId: w.a.assigned.id, obligationId: pipl.id }, 'obligationId'],
      [{ ...ok, templateId: '00000000-0000-4000-8000-000000000000' }, 'templateId'],
      [{ ...ok, firmId: w.b.firmId }, 'firmId'],
      [{ ...ok, status: 'sent' }, 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await create(w.a.consultant, body);
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
    }
    // a template of firm B is no template here
    const bTemplate = await template(w.b.manager, 'client_update');
    expect((await create(w.a.consultant, { incidentId: i.id, templateId: bTemplate.id })).body.errors[0].field).toBe('templateId');
    // updates too
    const c = await draft(w.a.consultant, { incidentId: i.id, audience: 'regulator', obligationId: pipl.id });
    const mid = { comms: await total('communications', w.a.manager), timeline: await total('timeline', w.a.manager), audit: await total('audit-logs', w.a.manager) };
    for (const [body, field] of [
      [{ incidentId: other.id }, 'obligationId'], // the linked obligation belongs to the first incident
      [{ incidentId: foreign.body.id }, 'incidentId'],
      [{ audience: 'media' }, 'obligationId'],
      [{ obligationId: foreignPipl.id }, 'obligationId'],
      [{ clientId: w.a.unassigned.id }, 'clientId'],
      [{ direction: 'inbound' }, 'direction'],
      [{ subject: '' }, 'subject'],
    ] as [Record<string, unknown>, string][]) {
      const res = await api().put(`/api/communications/${c.id}`).set(w.a.consultant.auth).send(body);
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
    }
    const bogus = await move(w.a.consultant, c.id, 'bogus');
    expect(bogus.status).toBe(400);
    expect(bogus.body.errors[0].field).toBe('to');
    const unchanged = await api().get(`/api/communications/${c.id}`).set(w.a.consultant.auth);
    expect(unchanged.body).toEqual(expect.objectContaining({ incidentId: i.id, audience: 'regulator', obligationId: pipl.id, subject: '事件进展', status: 'draft' }));
    expect({ comms: await total('communications', w.a.manager), timeline: await total('timeline', w.a.manager), audit: await total('audit-logs', w.a.manager) }).toEqual(mid);
    expect(mid).toEqual({ comms: before.comms + 1, timeline: before.timeline, audit: before.audit + 1 });
  });
});
