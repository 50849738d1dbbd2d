import { randomUUID } from 'node:crypto';
import { computeOverallScore } from '@incident-desk/shared';
import { createClient, createUser, listQuery, login, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

describe('evaluations, criteria templates and improvement actions', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  async function list(resource: string, s: Session, filter: Record<string, unknown> = {}, sort?: [string, string]) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 499], filter, sort })).set(s.auth);
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    return res.body as any[];
  }
  async function total(resource: string, s: Session, filter: Record<string, unknown> = {}) {
    const res = await api().get(`/api/${resource}`).query(listQuery({ range: [0, 0], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return Number(res.headers['content-range'].split('/')[1]);
  }
  const ids = async (resource: string, s: Session, filter: Record<string, unknown> = {}) => (await list(resource, s, filter)).map((r) => r.id).sort();
  async function incident(s: Session, clientId: string) {
    const res = await api().post('/api/incidents').set(s.auth).send({ clientId, title: '员工邮箱被钓鱼', detectedAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(res.status).toBe(201);
    return res.body as { id: string; clientId: string };
  }
  const post = (s: Session, path: string, body: object = {}) => api().post(path).set(s.auth).send(body);
  const put = (s: Session, path: string, body: object) => api().put(path).set(s.auth).send(body);
  async function evaluation(s: Session, body: Record<string, unknown>) {
    const res = await post(s, '/api/evaluations', { type: 'security_assessment', clientId: w.a.assigned.id, ...body });
    expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
    return res.body;
  }
  const scored = (scores: (number | null)[], weights = scores.map(() => 1)) =>
    scores.map((score, n) => ({ name: `准则 ${n + 1}`, weight: weights[n], score, comment: score === null ? null : `评语 ${n + 1}` }));
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
  async function audit(entity: string, entityId: string) {
    return (await list('audit-logs', w.a.manager, { entity, entityId }, ['createdAt', 'ASC'])).map((a) => a.action);
  }

  describe('criteria templates', () => {
    it('gives each firm one template per type with the built-in criteria in zh-CN and en; staff read, client admins do not', async () => {
      const mine = await list('evaluation-templates', w.a.consultant);
      expect(mine.map((x) => x.type)).toEqual([
        'impact_assessment', 'security_assessment', 'post_incident_review', 'drill_evaluation', 'collaboration_review', 'customer_feedback',
      ]);
      for (const tpl of mine) {
        expect(tpl.scaleMax).toBe(5);
        expect(tpl.criteria.length).toBeGreaterThanOrEqual(4);
        expect(tpl.criteria.every((c: any) => c.name['zh-CN'] && c.name.en && c.weight > 0)).toBe(true);
      }
      const review = mine.find((x) => x.type === 'post_incident_review');
      expect(review.criteria[0].name).toEqual({ 'zh-CN': '发现与上报的及时性', en: 'Timeliness of detection and reporting' });
      // another firm has its own rows
      const theirs = await list('evaluation-templates', w.b.manager);
      expect(theirs).toHaveLength(6);
      expect(theirs.map((x) => x.id)).not.toEqual(expect.arrayContaining([review.id]));
      expect((await api().get('/api/evaluation-templates').set(w.a.clientAdmin.auth)).status).toBe(403);
      expect((await api().get(`/api/evaluation-templates/${review.id}`).set(w.a.clientAdmin.auth)).status).toBe(403);
      expect((await list('evaluation-templates', w.a.manager, { type: 'customer_feedback' })).map((x) => x.type)).toEqual(['customer_feedback']);
    });

    it('lets managers edit a template (validated, audited), not consultants; new evaluations of that type start from it', async () => {
      const [tpl] = await list('evaluation-templates', w.a.manager, { type: 'collaboration_review' });
      const criteria = [
        { name: { 'zh-CN': '跨部门协同', en: 'Cross-department coordination' }, weight: 2, description: { 'zh-CN': '说明', en: 'Note' } },
        { name: { 'zh-CN': '与公安机关配合', en: 'Cooperation with the police' }, weight: 1 },
      ];
      expect((await put(w.a.consultant, `/api/evaluation-templates/${tpl.id}`, { criteria })).status).toBe(403);
      const bad = await put(w.a.manager, `/api/evaluation-templates/${tpl.id}`, {
        criteria: [{ name: { 'zh-CN': '甲', en: 'A' }, weight: 0 }, { name: { 'zh-CN': '乙', en: ' ' }, weight: 1 }],
      });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad)).toEqual(['criteria[0].weight', 'criteria[1].name.en']);
      expect(fieldsOf(await put(w.a.manager, `/api/evaluation-templates/${tpl.id}`, { criteria: [] }))).toEqual(['criteria']);
      expect(fieldsOf(await put(w.a.manager, `/api/evaluation-templates/${tpl.id}`, { scaleMax: 0 }))).toEqual(['scaleMax']);
      expect(fieldsOf(await put(w.a.manager, `/api/evaluation-templates/${tpl.id}`, { type: 'drill_evaluation' }))).toEqual(['type']);

      const ok = await put(w.a.manager, `/api/evaluation-templates/${tpl.id}`, { criteria, scaleMax: 10 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ type: 'collaboration_review', scaleMax: 10, criteria });
      expect(await audit('evaluation-templates', tpl.id)).toEqual(['update']);

      const e = await evaluation(w.a.consultant, { type: 'collaboration_review' });
      expect(e.scaleMax).toBe(10);
      expect(e.criteria).toEqual([
        { name: '跨部门协同', weight: 2, score: null, comment: null },
        { name: '与公安机关配合', weight: 1, score: null, comment: null },
      ]);
      expect(e.overallScore).toBeNull();
      // in English on request
      const en = await evaluation(w.a.consultant, { type: 'collaboration_review', lang: 'en' });
      expect(en.criteria.map((c: any) => c.name)).toEqual(['Cross-department coordination', 'Cooperation with the police']);
    });
  });

  describe('scoring, finalize and versions', () => {
    it('starts from the template unscored, computes the overall score as scores come in, and finalizes only when all are scored', async () => {
      const i = await incident(w.a.consultant, w.a.assigned.id);
      const e = await evaluation(w.a.consultant, { type: 'post_incident_review', incidentId: i.id, clientId: undefined });
      expect(e).toMatchObject({
        type: 'post_incident_review', clientId: w.a.assigned.id, incidentId: i.id, trainingId: null, evaluatorId: w.a.consultant.user.id,
        status: 'draft', version: 1, previousVersionId: null, nextVersionId: null, seriesId: e.id, sharedWithClient: false, scaleMax: 5,
        overallScore: null, riskLevel: null, findings: '', recommendations: '', finalizedAt: null,
      });
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.criteria).toHaveLength(7);
      expect(e.criteria.every((c: any) => c.score === null)).toBe(true);

      // unscored criteria block finalize, each named
      const early = await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`);
      expect(early.status).toBe(400);
      expect(fieldsOf(early)).toEqual(e.criteria.map((_: unknown, n: number) => `criteria[${n}].score`));

      // score some: the overall score is the weighted mean of those scored
      const partial = e.criteria.map((c: any, n: number) => ({ ...c, score: n < 2 ? 4 : null }));
      const p = await put(w.a.consultant, `/api/evaluations/${e.id}`, { criteria: partial });
      expect(p.status).toBe(200);
      expect(p.body.overallScore).toBe(80);
      const missing = await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`);
      expect(fieldsOf(missing)).toEqual(['criteria[2].score', 'criteria[3].score', 'criteria[4].score', 'criteria[5].score', 'criteria[6].score']);

      const full = e.criteria.map((c: any, n: number) => ({ ...c, score: [5, 4, 3, 5, 2, 4, 5][n], comment: n === 4 ? '通报稍晚' : null }));
      const expected = computeOverallScore(full, 5);
      expect(expected.ok).toBe(true);
      const u = await put(w.a.consultant, `/api/evaluations/${e.id}`, {
        criteria: full, riskLevel: 'medium', findings: '报告及时，沟通偏慢。', recommendations: '建立通报模板。',
      });
      expect(u.status).toBe(200);
      expect(u.body.overallScore).toBe(expected.ok && expected.overallScore);
      expect(u.body.criteria[4]).toEqual({ name: e.criteria[4].name, weight: e.criteria[4].weight, score: 2, comment: '通报稍晚' });

      const f = await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`);
      expect(f.status).toBe(200);
      expect(f.body).toMatchObject({ status: 'final', overallScore: u.body.overallScore, finalizedById: w.a.consultant.user.id, riskLevel: 'medium' });
      expect(Date.parse(f.body.finalizedAt)).toBeGreaterThan(Date.now() - 60_000);

      // final: no edit, no second finalize, no delete
      const edit = await put(w.a.consultant, `/api/evaluations/${e.id}`, { findings: 'changed' });
      expect(edit.status).toBe(409);
      expect((await put(w.a.manager, `/api/evaluations/${e.id}`, { criteria: full })).status).toBe(409);
      expect((await post(w.a.consultant, `/api/evaluations/${e.id}/finalize`)).status).toBe(409);
      expect((await api().delete(`/api/evaluations/${e.id}`).set(w.a.manager.auth)).status).toBe(409);
      const now = (await api().get(`/api/evaluations/${e.id}`).set(w.a.consultant.auth)).body;
      expect(now.findings).toBe('报告及时，沟通偏慢。');
      expect(await audit('evaluations', e.id)).toEqual(['create', 'update', 'update', 'transition']);
    });

    it('makes a new version of the latest final one: a draft copy, version + 1, linked back; older versions stay as they were', async () => {
      const v1 = await evaluation(w.a.consultant, { criteria: scored([4, 3]), riskLevel: 'low', findings: '第一版' });
      expect((await post(w.a.consultant, `/api/evaluations/${v1.id}/new-version`)).status).toBe(409); // a draft is edited, not versioned
      expect((await post(w.a.consultant, `/api/evaluations/${v1.id}/finalize`, { sharedWithClient: true })).status).toBe(200);

      const res = await post(w.a.consultant, `/api/evaluations/${v1.id}/new-version`);
      expect(res.status).toBe(201);
      const v2 = res.body;
      expect(v2).toMatchObject({
        status: 'draft', version: 2, previousVersionId: v1.id, seriesId: v1.id, nextVersionId: null, sharedWithClient: false,
        criteria: v1.criteria, overallScore: 70, riskLevel: 'low', findings: '第一版', finalizedAt: null, type: 'security_assessment',
      });
      expect(v2.id).not.toBe(v1.id);
      // only from the latest version
      expect((await post(w.a.consultant, `/api/evaluations/${v1.id}/new-version`)).status).toBe(409);
      expect((await post(w.a.consultant, `/api/evaluations/${v2.id}/new-version`)).status).toBe(409);

      const edited = await put(w.a.consultant, `/api/evaluations/${v2.id}`, { criteria: scored([5, 5]), findings: '第二版' });
      expect(edited.body.overallScore).toBe(100);
      const first = (await api().get(`/api/evaluations/${v1.id}`).set(w.a.consultant.auth)).body;
      expect(first).toMatchObject({ status: 'final', overallScore: 70, findings: '第一版', nextVersionId: v2.id, sharedWithClient: true });
      expect((await list('evaluations', w.a.consultant, { seriesId: v1.id }, ['version', 'ASC'])).map((x) => x.version)).toEqual([1, 2]);
      const latest = await ids('evaluations', w.a.consultant, { seriesId: v1.id, latest: true });
      expect(latest).toEqual([v2.id]);
      expect(await ids('evaluations', w.a.consultant, { seriesId: v1.id, latest: false })).toEqual([v1.id]);
      expect(await audit('evaluations', v2.id)).toEqual(['create', 'update']);

      // the client admin keeps seeing version 1 (shared, final) and not the draft
      expect(await ids('evaluations', w.a.clientAdmin, { seriesId: v1.id })).toEqual([v1.id]);
      expect(await ids('evaluations', w.a.clientAdmin, { seriesId: v1.id, latest: true })).toEqual([v1.id]);

      // a draft without actions can be deleted; then version 1 is the latest again
      expect((await api().delete(`/api/evaluations/${v2.id}`).set(w.a.consultant.auth)).status).toBe(200);
      expect((await api().get(`/api/evaluations/${v1.id}`).set(w.a.consultant.auth)).body.nextVersionId).toBeNull();
      expect(await audit('evaluations', v2.id)).toEqual(['create', 'update', 'delete']);
    });
  });

  it('links a drill evaluation to a training of the same client; another client\'s or firm\'s training is refused by field', async () => {
    const training = async (s: Session, clientId: string) => {
      const res = await post(s, '/api/trainings', { clientId, type: 'emergency_drill', title: '勒索软件应急演练', date: '2026-03-18' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const mine = await training(w.a.consultant, w.a.assigned.id);
    const e = await evaluation(w.a.consultant, { type: 'drill_evaluation', trainingId: mine, clientId: undefined });
    expect(e).toMatchObject({ trainingId: mine, clientId: w.a.assigned.id, incidentId: null });
    expect(e.criteria[2].name).toBe('上报与升级时效');
    expect(await ids('evaluations', w.a.consultant, { trainingId: mine })).toEqual([e.id]);
    const theirs = await training(w.b.manager, w.b.client.id);
    const other = await training(w.a.manager, w.a.unassigned.id);
    for (const [s, trainingId] of [[w.a.manager, theirs], [w.a.consultant, other]] as [Session, string][]) {
      const res = await post(s, '/api/evaluations', { type: 'drill_evaluation', trainingId });
      expect({ status: res.status, fields: fieldsOf(res) }).toEqual({ status: 400, fields: ['trainingId'] });
    }
    const mismatch = await post(w.a.manager, '/api/evaluations', { type: 'drill_evaluation', clientId: w.a.assigned.id, trainingId: other });
    expect({ status: mismatch.status, fields: fieldsOf(mismatch) }).toEqual({ status: 400, fields: ['trainingId'] });
    const i = await incident(w.a.consultant, w.a.assigned.id);
    const both = await put(w.a.consultant, `/api/evaluations/${e.id}`, { incidentId: i.id });
    expect({ status: both.status, fields: fieldsOf(both) }).toEqual({ status: 400, fields: ['trainingId'] });
    const moved = await put(w.a.consultant, `/api/evaluations/${e.id}`, { incidentId: i.id, trainingId: null });
    expect(moved.body).toMatchObject({ incidentId: i.id, trainingId: null });
  });

  describe('sharing with the client', () => {
    it('shows the client admin only final evaluations shared with their own company, without internal who-fields', async () => {
      const sharedFinal = await evaluation(w.a.consultant, { criteria: scored([3]), sharedWithClient: true, type: 'customer_feedback' });
      await post(w.a.consultant, `/api/evaluations/${sharedFinal.id}/finalize`).expect(200);
      const sharedDraft = await evaluation(w.a.consultant, { criteria: scored([3]), sharedWithClient: true });
      const unsharedFinal = await evaluation(w.a.consultant, { criteria: scored([3]) });
      await post(w.a.consultant, `/api/evaluations/${unsharedFinal.id}/finalize`).expect(200);
      const otherClient = await evaluation(w.a.manager, { clientId: w.a.unassigned.id, criteria: scored([3]), sharedWithClient: true });
      await post(w.a.manager, `/api/evaluations/${otherClient.id}/finalize`).expect(200);

      const seen = await list('evaluations', w.a.clientAdmin);
      expect(seen.map((e) => e.id)).toContain(sharedFinal.id);
      expect(seen.every((e) => e.status === 'final' && e.sharedWithClient && e.clientId === w.a.assigned.id)).toBe(true);
      for (const id of [sharedDraft.id, unsharedFinal.id, otherClient.id]) {
        expect(seen.map((e) => e.id)).not.toContain(id);
        expect((await api().get(`/api/evaluations/${id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      }
      const one = await api().get(`/api/evaluations/${sharedFinal.id}`).set(w.a.clientAdmin.auth);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: sharedFinal.id, overallScore: 60, criteria: sharedFinal.criteria, evaluatorName: 'consultant user' });
      for (const k of ['evaluatorId', 'createdById', 'finalizedById']) expect(one.body).not.toHaveProperty(k);
      // read-only for them
      expect((await post(w.a.clientAdmin, '/api/evaluations', { type: 'customer_feedback', clientId: w.a.assigned.id })).status).toBe(403);
      expect((await put(w.a.clientAdmin, `/api/evaluations/${sharedDraft.id}`, { findings: 'x' })).status).toBe(403);
      expect((await post(w.a.clientAdmin, `/api/evaluations/${sharedDraft.id}/finalize`)).status).toBe(403);
      expect((await post(w.a.clientAdmin, `/api/evaluations/${sharedFinal.id}/share`, { sharedWithClient: false })).status).toBe(403);

      // sharing a final one later, and withdrawing it, are audited; the content stays final
      const share = await post(w.a.consultant, `/api/evaluations/${unsharedFinal.id}/share`, { sharedWithClient: true });
      expect(share.status).toBe(200);
      expect(share.body).toMatchObject({ status: 'final', sharedWithClient: true });
      expect((await api().get(`/api/evaluations/${unsharedFinal.id}`).set(w.a.clientAdmin.auth)).status).toBe(200);
      await post(w.a.consultant, `/api/evaluations/${unsharedFinal.id}/share`, { sharedWithClient: false }).expect(200);
      expect((await api().get(`/api/evaluations/${unsharedFinal.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      expect(await audit('evaluations', unsharedFinal.id)).toEqual(['create', 'transition', 'update', 'update']);
      expect(fieldsOf(await post(w.a.consultant, `/api/evaluations/${unsharedFinal.id}/share`, {}))).toEqual(['sharedWithClient']);
    });
  });

  describe('improvement actions', () => {
    it('tracks an action on an incident to closure: owner, due, doneAt stamped, timeline entries, audit', async () => {
      const i = await incident(w.a.consultant, w.a.assigned.id);
      const res = await post(w.a.consultant, '/api/actions', {
        title: '全员启用邮箱二次验证', incidentId: i.id, ownerId: w.a.consultant.user.id, dueAt: daysFromNow(7), description: '先从财务部开始',
      });
      expect(res.status).toBe(201);
      const a = res.body;
      expect(a).toMatchObject({
        clientId: w.a.assigned.id, incidentId: i.id, evaluationId: null, status: 'open', doneAt: null, overdue: false,
        ownerId: w.a.consultant.user.id, ownerName: null, ownerLabel: 'consultant user', clientVisible: false,
      });
      const done = await put(w.a.consultant, `/api/actions/${a.id}`, { status: 'done' });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('done');
      expect(Date.parse(done.body.doneAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(done.body.doneById).toBe(w.a.consultant.user.id);
      const entries = (await list('timeline', w.a.consultant, { incidentId: i.id, kind: 'action' }, ['occurredAt', 'ASC']));
      expect(entries.map((e) => [e.data.event, e.visibility, e.body])).toEqual([
        ['created', 'internal', '全员启用邮箱二次验证'], ['done', 'internal', '全员启用邮箱二次验证'],
      ]);
      // internal action: the client admin sees neither the action nor its timeline entries
      expect((await list('timeline', w.a.clientAdmin, { incidentId: i.id, kind: 'action' }))).toEqual([]);
      expect((await api().get(`/api/actions/${a.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);

      const reopened = await put(w.a.consultant, `/api/actions/${a.id}`, { status: 'in_progress' });
      expect(reopened.body).toMatchObject({ status: 'in_progress', doneAt: null });
      expect(await audit('actions', a.id)).toEqual(['create', 'transition', 'transition']);
      expect((await api().delete(`/api/actions/${a.id}`).set(w.a.consultant.auth)).status).toBe(200);
      expect(await audit('actions', a.id)).toEqual(['create', 'transition', 'transition', 'delete']);
      expect((await api().get(`/api/actions/${a.id}`).set(w.a.consultant.auth)).status).toBe(404);
    });

    it('filters overdue actions (not done or cancelled, due in the past) and by client, incident, evaluation, status and owner', async () => {
      // a client of its own, so that the counts below are exact
      const clientId = (await createClient(t, w.a.manager)).id;
      const i = await incident(w.a.manager, clientId);
      const e = await evaluation(w.a.manager, { clientId, criteria: scored([2]) });
      const make = async (title: string, body: Record<string, unknown>) => {
        const r = await post(w.a.manager, '/api/actions', { title, clientId, ownerName: '客户 IT 负责人 王强', ...body });
        expect({ title, status: r.status, body: r.status === 201 ? 'ok' : r.body }).toEqual({ title, status: 201, body: 'ok' });
        return r.body;
      };
      const late = await make('修补 VPN 漏洞', { dueAt: daysFromNow(-2), incidentId: i.id });
      const lateInProgress = await make('更新应急预案', { dueAt: daysFromNow(-1), status: 'in_progress', evaluationId: e.id, ownerName: null, ownerId: w.a.consultant.user.id });
      const lateDone = await make('重置全部口令', { dueAt: daysFromNow(-3), status: 'done', incidentId: i.id });
      const lateCancelled = await make('采购新防火墙', { dueAt: daysFromNow(-3), status: 'cancelled' });
      const future = await make('组织钓鱼演练', { dueAt: daysFromNow(10), evaluationId: e.id });
      expect(late.overdue).toBe(true);
      expect(lateInProgress.overdue).toBe(true);
      expect(lateDone).toMatchObject({ overdue: false, status: 'done' });
      expect(lateDone.doneAt).not.toBeNull();
      expect(lateCancelled).toMatchObject({ overdue: false, doneAt: null });
      expect(future.overdue).toBe(false);
      expect(late.ownerLabel).toBe('客户 IT 负责人 王强');

      const sorted = (xs: string[]) => [...xs].sort();
      expect(await ids('actions', w.a.manager, { clientId, overdue: true })).toEqual(sorted([late.id, lateInProgress.id]));
      expect(await ids('actions', w.a.manager, { clientId, overdue: false })).toEqual(sorted([lateDone.id, lateCancelled.id, future.id]));
      expect(await ids('actions', w.a.manager, { clientId })).toHaveLength(5);
      expect(await ids('actions', w.a.manager, { incidentId: i.id })).toEqual(sorted([late.id, lateDone.id]));
      expect(await ids('actions', w.a.manager, { evaluationId: e.id })).toEqual(sorted([lateInProgress.id, future.id]));
      expect(await ids('actions', w.a.manager, { clientId, status: ['open', 'in_progress'] })).toEqual(sorted([late.id, lateInProgress.id, future.id]));
      expect(await ids('actions', w.a.manager, { ownerId: w.a.consultant.user.id, clientId })).toEqual([lateInProgress.id]);
      expect((await list('actions', w.a.manager, { clientId }, ['dueAt', 'ASC'])).map((a) => a.id)).toEqual([lateDone.id, lateCancelled.id, late.id, lateInProgress.id, future.id]);
      const bad = await api().get('/api/actions').query(listQuery({ filter: { overdue: 'yes' } })).set(w.a.manager.auth);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad)).toEqual(['filter.overdue']);
      // an evaluation with actions is not deleted
      expect((await api().delete(`/api/evaluations/${e.id}`).set(w.a.manager.auth)).status).toBe(409);
      // the incident's timeline has the created and done entries of its actions
      const events = (await list('timeline', w.a.manager, { incidentId: i.id, kind: 'action' })).map((x) => `${x.data.event}:${x.body}`).sort();
      expect(events).toEqual(['created:修补 VPN 漏洞', 'created:重置全部口令', 'done:重置全部口令']);
    });

    it('shows the client admin, read-only, the actions of their company marked client-visible or following up a shared final evaluation', async () => {
      const i = await incident(w.a.consultant, w.a.assigned.id);
      const shared = await evaluation(w.a.consultant, { criteria: scored([4]), sharedWithClient: true, incidentId: i.id, clientId: undefined });
      await post(w.a.consultant, `/api/evaluations/${shared.id}/finalize`).expect(200);
      const unshared = await evaluation(w.a.consultant, { criteria: scored([4]) });
      await post(w.a.consultant, `/api/evaluations/${unshared.id}/finalize`).expect(200);
      const make = async (body: Record<string, unknown>) =>
        (await post(w.a.consultant, '/api/actions', { title: `措施 ${randomUUID().slice(0, 4)}`, ownerId: w.a.consultant.user.id, dueAt: daysFromNow(5), ...body })).body;
      const viaEvaluation = await make({ evaluationId: shared.id });
      const markedVisible = await make({ incidentId: i.id, clientVisible: true, evaluationId: unshared.id });
      const internalOnIncident = await make({ incidentId: i.id });
      const internalOnUnshared = await make({ evaluationId: unshared.id });
      const otherClient = (await post(w.a.manager, '/api/actions', { title: '别家的', clientId: w.a.unassigned.id, ownerName: '某人', dueAt: daysFromNow(1), clientVisible: true })).body;

      const seen = await ids('actions', w.a.clientAdmin);
      expect(seen).toEqual(expect.arrayContaining([viaEvaluation.id, markedVisible.id]));
      for (const id of [internalOnIncident.id, internalOnUnshared.id, otherClient.id]) {
        expect(seen).not.toContain(id);
        expect((await api().get(`/api/actions/${id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      }
      const mine = (await api().get(`/api/actions/${markedVisible.id}`).set(w.a.clientAdmin.auth)).body;
      expect(mine).toMatchObject({ id: markedVisible.id, ownerLabel: 'consultant user', incidentId: i.id, status: 'open' });
      // the evaluation it follows is not shared with them: no link to it
      expect(mine.evaluationId).toBeNull();
      for (const k of ['ownerId', 'doneById', 'createdById', 'clientVisible']) expect(mine).not.toHaveProperty(k);
      expect((await api().get(`/api/actions/${viaEvaluation.id}`).set(w.a.clientAdmin.auth)).body.evaluationId).toBe(shared.id);
      // its timeline entry is client-visible, the internal one's is not
      const portal = (await list('timeline', w.a.clientAdmin, { incidentId: i.id, kind: 'action' })).map((x) => x.data.actionId);
      expect(portal).toEqual([markedVisible.id]);
      // withdrawing the evaluation hides the action that follows it
      await post(w.a.consultant, `/api/evaluations/${shared.id}/share`, { sharedWithClient: false }).expect(200);
      expect((await api().get(`/api/actions/${viaEvaluation.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
      // read-only
      expect((await put(w.a.clientAdmin, `/api/actions/${markedVisible.id}`, { status: 'done' })).status).toBe(403);
      expect((await post(w.a.clientAdmin, '/api/actions', { title: 'x', clientId: w.a.assigned.id, ownerName: 'x', dueAt: daysFromNow(1) })).status).toBe(403);
      expect((await api().delete(`/api/actions/${markedVisible.id}`).set(w.a.clientAdmin.auth)).status).toBe(403);
    });
  });

  describe('lists', () => {
    it('filters evaluations by client, incident, type, status, risk level and date range (dates or firm-time instants)', async () => {
      const c2 = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant', name: '李娜' });
      // a client of its own (not assigned to the consultant), so that the lists below are exact
      const u = (await createClient(t, w.a.manager)).id;
      const i = await incident(w.a.manager, u);
      const a = await evaluation(w.a.manager, { clientId: u, type: 'impact_assessment', date: '2025-03-01', riskLevel: 'high', evaluatorId: c2.id });
      const b = await evaluation(w.a.manager, { incidentId: i.id, clientId: undefined, type: 'post_incident_review', date: '2025-03-15', criteria: scored([1]) });
      await post(w.a.manager, `/api/evaluations/${b.id}/finalize`).expect(200);
      const c = await evaluation(w.a.manager, { clientId: u, type: 'impact_assessment', date: '2025-04-01', riskLevel: 'critical' });
      expect(a.evaluatorName).toBe('李娜');
      expect(await ids('evaluations', w.a.manager, { clientId: u, date_gte: '2025-03-01', date_lte: '2025-03-31' })).toEqual([a.id, b.id].sort());
      // the admin sends the firm's midnight as an instant: 2025-03-15 00:00 in Shanghai is 2025-03-14T16:00Z
      expect(await ids('evaluations', w.a.manager, { clientId: u, date_gte: '2025-03-14T16:00:00.000Z', date_lte: '2025-04-01T15:59:59.999Z' })).toEqual([b.id, c.id].sort());
      expect(await ids('evaluations', w.a.manager, { clientId: u, incidentId: i.id })).toEqual([b.id]);
      expect(await ids('evaluations', w.a.manager, { clientId: u, type: 'impact_assessment' })).toEqual([a.id, c.id].sort());
      expect(await ids('evaluations', w.a.manager, { clientId: u, status: 'final' })).toEqual([b.id]);
      expect(await ids('evaluations', w.a.manager, { clientId: u, riskLevel: ['high', 'critical'] })).toEqual([a.id, c.id].sort());
      expect(await ids('evaluations', w.a.manager, { clientId: u, evaluatorId: c2.id })).toEqual([a.id]);
      expect((await list('evaluations', w.a.manager, { clientId: u }, ['date', 'DESC'])).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      // the consultant does not see an unassigned client's evaluations at all
      expect(await ids('evaluations', w.a.consultant, { clientId: u })).toEqual([]);
      const bad = await api().get('/api/evaluations').query(listQuery({ filter: { date_gte: 'soon', type: 'audit' } })).set(w.a.manager.auth);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad).sort()).toEqual(['filter.date_gte', 'filter.type']);
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const iB = await incident(w.b.manager, w.b.client.id);
    const iU = await incident(w.a.manager, w.a.unassigned.id);
    const eU = await evaluation(w.a.manager, { clientId: w.a.unassigned.id });
    const draft = await evaluation(w.a.consultant, { criteria: scored([3, 4]) });
    const before = {
      evaluations: await total('evaluations', w.a.manager),
      actions: await total('actions', w.a.manager),
      audit: await total('audit-logs', w.a.manager),
      b: await total('evaluations', w.b.manager),
    };
    const expectField = async (s: Session, path: string, body: object, fields: string[], method: 'post' | 'put' = 'post') => {
      const res = await (method === 'post' ? post(s, path, body) : put(s, path, body));
      expect({ path, body, status: res.status, fields: fieldsOf(res).sort() }).toEqual({ path, body, status: 400, fields: [...fields].sort() });
      expect(res.body.code).toBe('validation_failed');
    };
    const base = { type: 'security_assessment', clientId: w.a.assigned.id };
    // bad enums
    await expectField(w.a.consultant, '/api/evaluations', { ...base, type: 'audit' }, ['type']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, riskLevel: 'extreme' }, ['riskLevel']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, lang: 'fr' }, ['lang']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, status: 'final' }, ['status']);
    // scores, weights, scale
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: scored([3, 6]) }, ['criteria[1].score']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: scored([-1]) }, ['criteria[0].score']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: scored([11]), scaleMax: 10 }, ['criteria[0].score']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: scored([3, 3], [1, 0]) }, ['criteria[1].weight']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: [{ name: 'a', weight: 1, score: 'high' }] }, ['criteria[0].score']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: [{ name: 'a', weight: 1, score: 1, extra: true }] }, ['criteria[0].extra']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, criteria: [] }, ['criteria']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, scaleMax: 0 }, ['scaleMax']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, date: '2026-02-30' }, ['date']);
    await expectField(w.a.consultant, `/api/evaluations/${draft.id}`, { criteria: scored([3, 9]) }, ['criteria[1].score'], 'put');
    await expectField(w.a.consultant, `/api/evaluations/${draft.id}`, { scaleMax: 3 }, ['criteria[1].score'], 'put');
    await expectField(w.a.consultant, `/api/evaluations/${draft.id}`, { status: 'final' }, ['status'], 'put');
    // foreign and mismatched ids
    await expectField(w.a.manager, '/api/evaluations', { ...base, clientId: w.b.client.id }, ['clientId']);
    await expectField(w.a.consultant, '/api/evaluations', { ...base, clientId: w.a.unassigned.id }, ['clientId']);
    await expectField(w.a.manager, '/api/evaluations', { type: 'post_incident_review', incidentId: iB.id }, ['incidentId']);
    await expectField(w.a.consultant, '/api/evaluations', { type: 'post_incident_review', incidentId: iU.id }, ['incidentId']);
    await expectField(w.a.manager, '/api/evaluations', { ...base, incidentId: iU.id }, ['incidentId']);
    await expectField(w.a.manager, '/api/evaluations', { ...base, trainingId: randomUUID() }, ['trainingId']);
    await expectField(w.a.manager, '/api/evaluations', { ...base, evaluatorId: w.a.clientAdmin.user.id }, ['evaluatorId']);
    await expectField(w.a.manager, '/api/evaluations', { ...base, evaluatorId: w.b.manager.user.id }, ['evaluatorId']);
    await expectField(w.a.manager, '/api/evaluations', { ...base, firmId: w.b.firmId }, ['firmId']);
    await expectField(w.a.manager, '/api/evaluations', { type: 'security_assessment' }, ['clientId']);
    await expectField(w.a.manager, `/api/evaluations/${draft.id}`, { incidentId: iB.id }, ['incidentId'], 'put');
    await expectField(w.a.manager, `/api/evaluations/${draft.id}`, { incidentId: iU.id }, ['incidentId'], 'put');
    // actions
    const action = { title: '整改', clientId: w.a.assigned.id, ownerId: w.a.consultant.user.id, dueAt: daysFromNow(3) };
    await expectField(w.a.consultant, '/api/actions', { ...action, status: 'finished' }, ['status']);
    await expectField(w.a.consultant, '/api/actions', { ...action, dueAt: 'next week' }, ['dueAt']);
    await expectField(w.a.consultant, '/api/actions', { ...action, title: '' }, ['title']);
    await expectField(w.a.consultant, '/api/actions', { ...action, ownerId: undefined }, ['ownerId']);
    await expectField(w.a.consultant, '/api/actions', { ...action, ownerName: '王强' }, ['ownerName']);
    await expectField(w.a.consultant, '/api/actions', { ...action, ownerId: w.b.manager.user.id }, ['ownerId']);
    await expectField(w.a.consultant, '/api/actions', { ...action, ownerId: w.a.clientAdmin.user.id }, ['ownerId']);
    await expectField(w.a.manager, '/api/actions', { ...action, clientId: w.b.client.id }, ['clientId']);
    await expectField(w.a.manager, '/api/actions', { ...action, clientId: undefined, incidentId: iB.id }, ['incidentId']);
    await expectField(w.a.consultant, '/api/actions', { ...action, clientId: undefined, incidentId: iU.id }, ['incidentId']);
    await expectField(w.a.manager, '/api/actions', { ...action, evaluationId: eU.id }, ['evaluationId']);
    await expectField(w.a.consultant, '/api/actions', { ...action, clientId: undefined, evaluationId: eU.id }, ['evaluationId']);
    await expectField(w.a.manager, '/api/actions', { ...action, incidentId: iU.id }, ['incidentId']);
    await expectField(w.a.manager, '/api/actions', { ...action, clientId: undefined }, ['clientId']);
    expect({
      evaluations: await total('evaluations', w.a.manager),
      actions: await total('actions', w.a.manager),
      audit: await total('audit-logs', w.a.manager),
      b: await total('evaluations', w.b.manager),
    }).toEqual(before);
  });
});
