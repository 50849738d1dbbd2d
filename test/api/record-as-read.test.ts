import { createClient, createUser, listQuery, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * An update accepts the record as read (issue 15): react-admin's ra-data-simple-rest sends back, as the body of a PUT,
 * the record GET returned. For every resource with a PUT: that body answers 200 and changes nothing; a field the
 * server manages (id, reference, grade, createdAt, computed fields…) sent changed is 400 naming it; a field the record
 * does not have is 400 (unknown fields stay refused).
 */
describe('PUT accepts the record as GET returned it', () => {
  let t: TestApp;
  let w: World;
  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

  const ids: Record<string, string> = {};
  /** the PUT routes the router has */
  const puts: string[] = [];
  const LONG_AGO = '2001-01-01T00:00:00.000Z';

  /**
   * Each resource with a PUT: where its record is, fields the server manages with another value than the record's
   * (each alone must be refused, naming it), and a change the editor makes to the record as read (accepted).
   */
  const cases: Record<string, {
    path: () => string;
    managed: () => Record<string, unknown>;
    /** the field a refusal names, where it is not the dotted path itself */
    named?: Record<string, string>;
    /** a field no item of a list in the record has */
    nestedUnknown?: string;
    change: Record<string, unknown>;
  }> = {
    clients: { path: () => `/api/clients/${ids.client}`, managed: () => ({ firmId: w.b.firmId, createdAt: LONG_AGO, offboardedAt: LONG_AGO }), change: { industry: '金融' } },
    users: { path: () => `/api/users/${ids.user}`, managed: () => ({ id: ids.client, firmId: w.b.firmId, updatedAt: LONG_AGO }), change: { name: '改名的顾问' } },
    incidents: {
      path: () => `/api/incidents/${ids.incident}`,
      // a field set inside one the record has but the update does not take is named by that one
      managed: () => ({ reference: 'INC-2001-0001', grade: 'especially_major', status: 'closed', nearestDueAt: LONG_AGO, 'progress.triage.done': 6 }),
      named: { 'progress.triage.done': 'progress' },
      change: { title: '读回事件（改）' },
    },
    tasks: { path: () => `/api/tasks/${ids.task}`, managed: () => ({ incidentId: ids.client, doneAt: LONG_AGO, createdAt: LONG_AGO }), change: { title: '调取全部日志' } },
    communications: {
      path: () => `/api/communications/${ids.communication}`,
      managed: () => ({ status: 'sent', direction: 'inbound', createdByName: '别人', sentAt: LONG_AGO }),
      change: { subject: '进展（二）' },
    },
    'communication-templates': { path: () => `/api/communication-templates/${ids.communicationTemplate}`, managed: () => ({ key: 'regulator', builtIn: true }), change: { channel: 'wechat' } },
    actions: { path: () => `/api/actions/${ids.action}`, managed: () => ({ overdue: true, ownerLabel: '别人', clientId: w.a.unassigned.id }), change: { title: '修补（二）' } },
    trainings: {
      path: () => `/api/trainings/${ids.training}`,
      managed: () => ({ attendanceRate: 1, participantCount: 3, dueStatus: 'overdue', reportingClockMinutes: 60, operatorType: 'cii' }),
      change: { title: '演练（二）' },
    },
    playbooks: { path: () => `/api/playbooks/${ids.playbook}`, managed: () => ({ key: 'default', builtIn: true }), change: { name: { 'zh-CN': '预案二', en: 'Playbook 2' } } },
    evaluations: {
      path: () => `/api/evaluations/${ids.evaluation}`,
      managed: () => ({ overallScore: 100, status: 'final', version: 2, evaluatorName: '别人' }),
      nestedUnknown: 'criteria.0.surprise',
      change: { findings: '响应及时' },
    },
    'evaluation-templates': { path: () => `/api/evaluation-templates/${ids.evaluationTemplate}`, managed: () => ({ type: 'customer_feedback', createdAt: LONG_AGO }), change: { scaleMax: 10 } },
    'notification-channels': { path: () => `/api/notification-channels/${ids.channel}`, managed: () => ({ hasSecret: false, createdAt: LONG_AGO }), change: { name: 'hook 2' } },
    'notification-preferences': {
      path: () => '/api/notification-preferences',
      managed: () => ({ 'preferences.0.regulatory': false, 'preferences.0.locked.inApp': false }),
      named: { 'preferences.0.locked.inApp': 'preferences[0].locked' },
      nestedUnknown: 'preferences.3.surprise',
      change: {},
    },
    'notification-settings': { path: () => '/api/notification-settings', managed: () => ({}), change: {} },
    'firm-settings': {
      path: () => '/api/firm-settings',
      managed: () => ({ logo: { contentType: 'image/png', size: 1, sha256: '0'.repeat(64), updatedAt: LONG_AGO }, 'workingDays.firmDays': 99 }),
      named: { 'workingDays.firmDays': 'workingDays' },
      change: { name: '读回事务所' },
    },
  };
  /** PUT routes that take a file (multipart), not a record */
  const UPLOADS = ['/api/firm-settings/logo'];

  /** The record with `dotted.path` set to a value (a copy). */
  function withField(record: Record<string, unknown>, path: string, value: unknown) {
    const out = structuredClone(record);
    const keys = path.split('.');
    let at: any = out;
    for (const k of keys.slice(0, -1)) at = at[k];
    at[keys[keys.length - 1]] = value;
    return out;
  }
  /** `criteria.0.surprise` as the errors name it: `criteria[0].surprise` */
  const fieldName = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

  async function auditTotal() {
    const res = await api().get('/api/audit-logs').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth);
    expect(res.status).toBe(200);
    return Number(res.headers['content-range'].split('/')[1]);
  }

  beforeAll(async () => {
    // a channel to loopback only (never used: it is made inactive)
    t = await startApp({
      env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true' },
      onFastify: (f) =>
        f.addHook('onRoute', (r: { method: string | string[]; url: string }) => {
          if ([r.method].flat().includes('PUT')) puts.push(r.url);
        }),
    });
    w = await makeWorld(t);
    const m = w.a.manager;
    const post = (path: string, body: object) => ok(api().post(path).set(m.auth).send(body));
    ids.client = (await createClient(t, m, {
      industry: '零售', contacts: [{ name: '王敏', title: '法务', email: 'wang@example.com' }],
      contractSla: { acknowledgeHours: { major: 2 }, resolveHours: { major: 24 } },
    })).id;
    ids.user = (await createUser(t, m, w.a.slug, { role: 'consultant' })).id;
    const incident = await post('/api/incidents', { clientId: w.a.assigned.id, title: '读回事件', detectedAt: hoursAgo(2), personalInfoInvolved: true });
    ids.incident = incident.id;
    await post(`/api/incidents/${incident.id}/grade`, {
      inputs: { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 10, personalInfoRecords: 100, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
    });
    ids.task = (await post('/api/tasks', { incidentId: incident.id, phase: 'triage', title: '调取日志', assigneeId: w.a.consultant.user.id })).id;
    ids.communication = (await post('/api/communications', { incidentId: incident.id, audience: 'client', channel: 'email', subject: '进展', body: '正文' })).id;
    ids.communicationTemplate = (await post('/api/communication-templates', {
      name: { 'zh-CN': '媒体口径', en: 'Media holding statement' }, audience: 'media', channel: 'press_release',
      subject: { 'zh-CN': '关于{{incident.title}}的说明', en: 'Statement on {{incident.title}}' },
      body: { 'zh-CN': '{{client.name}}已发现……', en: '{{client.name}} detected …' },
    })).id;
    ids.action = (await post('/api/actions', { incidentId: incident.id, title: '修补', ownerId: m.user.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() })).id;
    ids.training = (await post('/api/trainings', { clientId: w.a.assigned.id, type: 'emergency_drill', title: '演练', date: '2026-01-10' })).id;
    ids.playbook = (await post('/api/playbooks', { name: { 'zh-CN': '预案', en: 'Playbook' }, tasks: [] })).id;
    ids.evaluation = (await post('/api/evaluations', {
      type: 'post_incident_review', clientId: w.a.assigned.id, incidentId: incident.id, criteria: [{ name: '响应', weight: 1, score: 4 }],
    })).id;
    ids.evaluationTemplate = (await ok(api().get('/api/evaluation-templates').set(m.auth)))[0].id;
    ids.channel = (await post('/api/notification-channels', { name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 'a-secret-of-sixteen-chars', active: false })).id;
  }, 120_000);

  afterAll(() => t?.close());

  it('covers every PUT route the application registers', () => {
    const covered = Object.values(cases).map((c) => c.path().replace(/\/[0-9a-f-]{36}$/, '/:id'));
    expect(puts.length).toBeGreaterThan(10);
    expect(puts.filter((p) => !UPLOADS.includes(p)).sort()).toEqual([...covered].sort());
  });

  it.each(Object.keys(cases))('%s: the record as read is 200 and changes nothing', async (name) => {
    const { path } = cases[name];
    const read = await ok(api().get(path()).set(w.a.manager.auth));
    const audit = await auditTotal();
    const put = await api().put(path()).set(w.a.manager.auth).send(read);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(read);
    expect(await ok(api().get(path()).set(w.a.manager.auth))).toEqual(read);
    expect(await auditTotal()).toBe(audit);
  });

  it.each(Object.keys(cases))('%s: a managed field changed is 400 naming it, and nothing is written', async (name) => {
    const { path, managed, change, named } = cases[name];
    const read = await ok(api().get(path()).set(w.a.manager.auth));
    for (const [field, value] of Object.entries(managed())) {
      const res = await api().put(path()).set(w.a.manager.auth).send(withField({ ...read, ...change }, field, value));
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors).toEqual([{ field: named?.[field] ?? fieldName(field), message: expect.stringContaining('set by the server') }]);
    }
    expect(await ok(api().get(path()).set(w.a.manager.auth))).toEqual(read);
  });

  it.each(Object.keys(cases))('%s: an unknown field is 400 naming it, also beside the record as read', async (name) => {
    const { path, nestedUnknown } = cases[name];
    const read = await ok(api().get(path()).set(w.a.manager.auth));
    if (nestedUnknown) {
      const res = await api().put(path()).set(w.a.manager.auth).send(withField(read, nestedUnknown, 1));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: fieldName(nestedUnknown), message: 'property surprise should not exist' }]);
    }
    const refusal = { field: 'surprise', message: 'property surprise should not exist' };
    const beside = await api().put(path()).set(w.a.manager.auth).send({ ...read, surprise: 1 });
    expect(beside.status).toBe(400);
    expect(beside.body.errors).toEqual([refusal]);
    // alone (a singleton's PUT also misses the fields it requires)
    const alone = await api().put(path()).set(w.a.manager.auth).send({ surprise: 1 });
    expect(alone.status).toBe(400);
    expect(alone.body.errors).toContainEqual(refusal);
    expect(await ok(api().get(path()).set(w.a.manager.auth))).toEqual(read);
  });

  it.each(Object.keys(cases))('%s: the record as read with a change made to it is saved', async (name) => {
    const { path, change } = cases[name];
    const read = await ok(api().get(path()).set(w.a.manager.auth));
    const saved = await ok(api().put(path()).set(w.a.manager.auth).send({ ...read, ...change }));
    expect(saved).toMatchObject(change);
    expect(await ok(api().get(path()).set(w.a.manager.auth))).toEqual(saved);
  });
});
