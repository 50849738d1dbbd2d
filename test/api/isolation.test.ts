import { listQuery, login, makeWorld, PASSWORD, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * The tenant-isolation matrix. Every route the application registers must have an entry here (the list is
 * read from the router, so a new route without one fails the first test). For each role: its own data is
 * reachable; another firm's and an unassigned client's records answer 404 on show/update/delete, are absent
 * from lists and from filter={"id":[...]}, and cannot be written by passing their ids in a body.
 */
const registered: string[] = [];
let t: TestApp;
let w: World;
/** records of firm B made for the matrix */
const b: { assignmentId?: string; auditId?: string } = {};
/** incident work in both firms: on firm A's assigned and unassigned client, and on firm B's client */
const inc: Record<'a' | 'u' | 'b', { id: string; taskId: string; obligationId: string; gradingId: string; noteId: string }> = {} as any;
const pb: { a?: string; b?: string } = {};

async function incidentWorld(key: 'a' | 'u' | 'b', s: Session, clientId: string) {
  const res = await status('post', '/api/incidents', s, {
    clientId, title: `Leak ${key}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(), personalInfoInvolved: true,
  });
  expect(res.status).toBe(201);
  const id = res.body.id;
  const graded = await status('post', `/api/incidents/${id}/grade`, s, {
    inputs: { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 10, personalInfoRecords: 100, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
  });
  expect(graded.status).toBe(200);
  const tasks = await t.api().get('/api/tasks').query(listQuery({ filter: { incidentId: id } })).set(s.auth);
  const obligations = await t.api().get('/api/obligations').query(listQuery({ filter: { incidentId: id } })).set(s.auth);
  const note = await status('post', '/api/timeline', s, { incidentId: id, body: `internal note ${key}`, visibility: 'internal' });
  expect(note.status).toBe(201);
  inc[key] = { id, taskId: tasks.body[0].id, obligationId: obligations.body[0].id, gradingId: graded.body.grading.id, noteId: note.body.id };
}

/** show: status per session for an id */
async function expectShow(resource: string, cases: [Session, string, number][]) {
  for (const [s, id, code] of cases) expect({ resource, id, got: (await status('get', `/api/${resource}/${id}`, s)).status }).toEqual({ resource, id, got: code });
}

async function ids(resource: string, s: Session, filter: Record<string, unknown> = {}): Promise<string[]> {
  const res = await t.api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], filter })).set(s.auth);
  expect(res.status).toBe(200);
  expect(res.headers['content-range']).toMatch(new RegExp(`^${resource} \\d+-\\d+/\\d+$`));
  return res.body.map((r: { id: string }) => r.id);
}

/** own ids listed; foreign ids neither listed nor fetchable by id filter */
async function expectList(resource: string, s: Session, own: string[], foreign: string[]) {
  const listed = await ids(resource, s);
  for (const id of own) expect(listed).toContain(id);
  for (const id of foreign) expect(listed).not.toContain(id);
  expect(await ids(resource, s, { id: foreign })).toEqual([]);
  if (own.length) expect((await ids(resource, s, { id: [...own, ...foreign] })).sort()).toEqual([...own].sort());
}

async function status(method: 'get' | 'put' | 'delete' | 'post', path: string, s: Session | null, body?: object) {
  let req = t.api()[method](path);
  if (s) req = req.set(s.auth);
  const res = await (body ? req.send(body) : req);
  return res;
}

const MATRIX: Record<string, () => Promise<void>> = {
  'GET /api/health': async () => {
    const res = await status('get', '/api/health', null);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/firm|client/i);
  },
  'POST /api/auth/login': async () => {
    const res = await status('post', '/api/auth/login', null, { email: w.a.consultant.user.email, password: PASSWORD });
    expect(res.body.user.firmId).toBe(w.a.firmId);
  },
  'POST /api/auth/refresh': async () => {
    // a firm B refresh token presented as firm A's is refused
    const s = await login(t, w.b.manager.user.email);
    const [, id, secret] = s.refreshToken.split('.');
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: `${w.a.firmId}.${id}.${secret}` })).status).toBe(401);
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: s.refreshToken })).status).toBe(200);
  },
  'POST /api/auth/logout': async () => {
    // firm A cannot end a firm B session
    const s = await login(t, w.b.manager.user.email);
    expect((await status('post', '/api/auth/logout', w.a.manager, { refreshToken: s.refreshToken })).status).toBe(204);
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: s.refreshToken })).status).toBe(200);
  },
  'GET /api/auth/me': async () => {
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      const res = await status('get', '/api/auth/me', s);
      expect(res.body).toEqual(expect.objectContaining({ id: s.user.id, firmId: w.a.firmId }));
    }
  },

  'GET /api/clients': async () => {
    await expectList('clients', w.a.manager, [w.a.assigned.id, w.a.unassigned.id], [w.b.client.id]);
    await expectList('clients', w.a.consultant, [w.a.assigned.id], [w.a.unassigned.id, w.b.client.id]);
    await expectList('clients', w.a.clientAdmin, [w.a.assigned.id], [w.a.unassigned.id, w.b.client.id]);
  },
  'GET /api/clients/:id': async () => {
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      expect((await status('get', `/api/clients/${w.a.assigned.id}`, s)).status).toBe(200);
      expect((await status('get', `/api/clients/${w.b.client.id}`, s)).status).toBe(404);
    }
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.manager)).status).toBe(200);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.consultant)).status).toBe(404);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.clientAdmin)).status).toBe(404);
  },
  'POST /api/clients': async () => {
    const res = await status('post', '/api/clients', w.a.manager, { name: 'x', creditCode: '91350100M000100Y43', operatorType: 'other', firmId: w.b.firmId });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'firmId' })]));
    expect(await ids('clients', w.b.manager)).toEqual([w.b.client.id]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) {
      expect((await status('post', '/api/clients', s, { name: 'x', creditCode: '91350100M000100Y43', operatorType: 'other' })).status).toBe(403);
    }
  },
  'PUT /api/clients/:id': async () => {
    const before = (await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).body;
    expect((await status('put', `/api/clients/${w.b.client.id}`, w.a.manager, { name: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/clients/${w.a.unassigned.id}`, w.a.consultant, { name: 'taken over' })).status).toBeGreaterThanOrEqual(403);
    expect((await status('put', `/api/clients/${w.a.assigned.id}`, w.a.clientAdmin, { name: 'taken over' })).status).toBe(403);
    expect((await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).body).toEqual(before);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.manager)).body.name).not.toBe('taken over');
  },

  'GET /api/users': async () => {
    await expectList('users', w.a.manager, [w.a.consultant.user.id, w.a.clientAdmin.user.id], [w.b.manager.user.id, w.b.consultant.id]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/users', s)).status).toBe(403);
  },
  'GET /api/users/:id': async () => {
    expect((await status('get', `/api/users/${w.a.consultant.user.id}`, w.a.manager)).status).toBe(200);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.a.consultant)).status).toBeGreaterThanOrEqual(403);
  },
  'POST /api/users': async () => {
    const email = `intruder-${Date.now()}@x.test`;
    const res = await status('post', '/api/users', w.a.manager, { email, name: 'x', role: 'client_admin', clientId: w.b.client.id, password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('clientId');
    expect((await status('post', '/api/auth/login', null, { email, password: PASSWORD })).status).toBe(401);
    expect((await status('post', '/api/users', w.a.consultant, { email, name: 'x', role: 'manager', password: PASSWORD })).status).toBe(403);
  },
  'PUT /api/users/:id': async () => {
    expect((await status('put', `/api/users/${w.b.consultant.id}`, w.a.manager, { active: false })).status).toBe(404);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.active).toBe(true);
    // a user cannot be moved onto another firm's client
    expect((await status('put', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager, { clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager)).body.clientId).toBe(w.a.assigned.id);
  },
  'POST /api/users/:id/reset-password': async () => {
    const res = await status('post', `/api/users/${w.b.consultant.id}/reset-password`, w.a.manager, { password: 'taken-over-password' });
    expect(res.status).toBe(404);
    const bEmail = (await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.email;
    expect((await status('post', '/api/auth/login', null, { email: bEmail, password: PASSWORD })).status).toBe(200);
  },

  'GET /api/assignments': async () => {
    const own = await ids('assignments', w.a.manager, { consultantId: w.a.consultant.user.id });
    expect(own).toHaveLength(1);
    await expectList('assignments', w.a.manager, own, [b.assignmentId!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/assignments', s)).status).toBe(403);
  },
  'GET /api/assignments/:id': async () => {
    expect((await status('get', `/api/assignments/${b.assignmentId}`, w.a.manager)).status).toBe(404);
  },
  'POST /api/assignments': async () => {
    const before = await ids('assignments', w.b.manager);
    const cross1 = await status('post', '/api/assignments', w.a.manager, { consultantId: w.a.consultant.user.id, clientId: w.b.client.id });
    const cross2 = await status('post', '/api/assignments', w.a.manager, { consultantId: w.b.consultant.id, clientId: w.a.assigned.id });
    expect([cross1.status, cross2.status]).toEqual([400, 400]);
    expect(await ids('assignments', w.b.manager)).toEqual(before);
    expect(await ids('assignments', w.a.manager, { consultantId: w.b.consultant.id })).toEqual([]);
    // the consultant still cannot see firm B's client
    expect((await status('get', `/api/clients/${w.b.client.id}`, w.a.consultant)).status).toBe(404);
  },
  'DELETE /api/assignments/:id': async () => {
    expect((await status('delete', `/api/assignments/${b.assignmentId}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/assignments/${b.assignmentId}`, w.b.manager)).status).toBe(200);
    expect((await status('delete', `/api/assignments/${b.assignmentId}`, w.a.consultant)).status).toBe(403);
  },

  'GET /api/audit-logs': async () => {
    const own = (await ids('audit-logs', w.a.manager)).slice(0, 3);
    expect(own.length).toBeGreaterThan(0);
    await expectList('audit-logs', w.a.manager, own, [b.auditId!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/audit-logs', s)).status).toBe(403);
  },
  'GET /api/audit-logs/:id': async () => {
    expect((await status('get', `/api/audit-logs/${b.auditId}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/audit-logs/${b.auditId}`, w.b.manager)).status).toBe(200);
  },
  'POST /api/audit-logs/verify': async () => {
    const res = await status('post', '/api/audit-logs/verify', w.a.manager);
    expect(res.body.ok).toBe(true);
    // it walks firm A's chain only: as many rows as firm A's log holds right now
    const total = Number((await t.api().get('/api/audit-logs').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth)).headers['content-range'].split('/')[1]);
    expect(res.body.checked).toBe(total);
    expect((await status('post', '/api/audit-logs/verify', w.a.consultant)).status).toBe(403);
  },

  'GET /api/incidents': async () => {
    await expectList('incidents', w.a.manager, [inc.a.id, inc.u.id], [inc.b.id]);
    await expectList('incidents', w.a.consultant, [inc.a.id], [inc.u.id, inc.b.id]);
    await expectList('incidents', w.a.clientAdmin, [inc.a.id], [inc.u.id, inc.b.id]);
  },
  'GET /api/incidents/:id': async () => {
    await expectShow('incidents', [
      [w.a.manager, inc.a.id, 200], [w.a.manager, inc.u.id, 200], [w.a.manager, inc.b.id, 404],
      [w.a.consultant, inc.a.id, 200], [w.a.consultant, inc.u.id, 404], [w.a.consultant, inc.b.id, 404],
      [w.a.clientAdmin, inc.a.id, 200], [w.a.clientAdmin, inc.u.id, 404], [w.a.clientAdmin, inc.b.id, 404],
    ]);
    const portal = await status('get', `/api/incidents/${inc.a.id}`, w.a.clientAdmin);
    expect(portal.body).not.toHaveProperty('gradeRationale');
  },
  'POST /api/incidents': async () => {
    const before = await ids('incidents', w.b.manager);
    const body = { title: 'x', detectedAt: new Date().toISOString() };
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.b.client.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.consultant, { ...body, clientId: w.a.unassigned.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.clientAdmin, { ...body, clientId: w.a.unassigned.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.a.assigned.id, leadId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.a.assigned.id, playbookId: pb.b })).status).toBe(400);
    expect(await ids('incidents', w.b.manager)).toEqual(before);
    expect(await ids('incidents', w.a.manager, { clientId: w.a.unassigned.id })).toEqual([inc.u.id]);
  },
  'PUT /api/incidents/:id': async () => {
    expect((await status('put', `/api/incidents/${inc.b.id}`, w.a.manager, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/incidents/${inc.u.id}`, w.a.consultant, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/incidents/${inc.a.id}`, w.a.clientAdmin, { title: 'taken over' })).status).toBe(403);
    expect((await status('put', `/api/incidents/${inc.a.id}`, w.a.manager, { leadId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('get', `/api/incidents/${inc.b.id}`, w.b.manager)).body.title).toBe('Leak b');
  },
  'POST /api/incidents/:id/transition': async () => {
    expect((await status('post', `/api/incidents/${inc.b.id}/transition`, w.a.manager, { to: 'dismissed' })).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.u.id}/transition`, w.a.consultant, { to: 'dismissed' })).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.a.id}/transition`, w.a.clientAdmin, { to: 'dismissed' })).status).toBe(403);
    expect((await status('get', `/api/incidents/${inc.b.id}`, w.b.manager)).body.status).toBe('triage');
  },
  'POST /api/incidents/:id/grade': async () => {
    const inputs = { criticalInfrastructureAffected: true, outageHours: 100, peopleAffected: 1e8, personalInfoRecords: 1e8, directLossRmb: 1e9, contentSpread: 'massive', coreOrImportantData: 'core' };
    expect((await status('post', `/api/incidents/${inc.b.id}/grade`, w.a.manager, { inputs })).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.u.id}/grade`, w.a.consultant, { inputs })).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.a.id}/grade`, w.a.clientAdmin, { inputs })).status).toBe(403);
    expect((await status('get', `/api/incidents/${inc.b.id}`, w.b.manager)).body.grade).not.toBe('especially_major');
  },
  'GET /api/gradings': async () => {
    await expectList('gradings', w.a.manager, [inc.a.gradingId, inc.u.gradingId], [inc.b.gradingId]);
    await expectList('gradings', w.a.consultant, [inc.a.gradingId], [inc.u.gradingId, inc.b.gradingId]);
    expect((await status('get', '/api/gradings', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/gradings/:id': async () => {
    await expectShow('gradings', [[w.a.manager, inc.b.gradingId, 404], [w.a.consultant, inc.u.gradingId, 404], [w.a.consultant, inc.a.gradingId, 200], [w.a.clientAdmin, inc.a.gradingId, 403]]);
  },
  'GET /api/tasks': async () => {
    await expectList('tasks', w.a.manager, [inc.a.taskId, inc.u.taskId], [inc.b.taskId]);
    await expectList('tasks', w.a.consultant, [inc.a.taskId], [inc.u.taskId, inc.b.taskId]);
    expect((await status('get', '/api/tasks', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/tasks/:id': async () => {
    await expectShow('tasks', [[w.a.manager, inc.b.taskId, 404], [w.a.consultant, inc.u.taskId, 404], [w.a.consultant, inc.a.taskId, 200], [w.a.clientAdmin, inc.a.taskId, 403]]);
  },
  'POST /api/tasks': async () => {
    const before = await ids('tasks', w.b.manager, { incidentId: inc.b.id });
    expect((await status('post', '/api/tasks', w.a.manager, { incidentId: inc.b.id, phase: 'triage', title: 'x' })).status).toBe(400);
    expect((await status('post', '/api/tasks', w.a.consultant, { incidentId: inc.u.id, phase: 'triage', title: 'x' })).status).toBe(400);
    expect((await status('post', '/api/tasks', w.a.manager, { incidentId: inc.a.id, phase: 'triage', title: 'x', assigneeId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('post', '/api/tasks', w.a.clientAdmin, { incidentId: inc.a.id, phase: 'triage', title: 'x' })).status).toBe(403);
    expect(await ids('tasks', w.b.manager, { incidentId: inc.b.id })).toEqual(before);
  },
  'PUT /api/tasks/:id': async () => {
    expect((await status('put', `/api/tasks/${inc.b.taskId}`, w.a.manager, { status: 'done' })).status).toBe(404);
    expect((await status('put', `/api/tasks/${inc.u.taskId}`, w.a.consultant, { status: 'done' })).status).toBe(404);
    expect((await status('get', `/api/tasks/${inc.b.taskId}`, w.b.manager)).body.status).toBe('todo');
  },
  'DELETE /api/tasks/:id': async () => {
    expect((await status('delete', `/api/tasks/${inc.b.taskId}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/tasks/${inc.u.taskId}`, w.a.consultant)).status).toBe(404);
    expect((await status('get', `/api/tasks/${inc.b.taskId}`, w.b.manager)).status).toBe(200);
  },
  'GET /api/timeline': async () => {
    const noteB = inc.b.noteId;
    await expectList('timeline', w.a.manager, [inc.a.noteId, inc.u.noteId], [noteB]);
    await expectList('timeline', w.a.consultant, [inc.a.noteId], [inc.u.noteId, noteB]);
    // the client admin sees client entries of their own incident, never the internal note
    const portal = await ids('timeline', w.a.clientAdmin, { incidentId: inc.a.id });
    expect(portal.length).toBeGreaterThan(0);
    await expectList('timeline', w.a.clientAdmin, portal, [inc.a.noteId, inc.u.noteId, noteB]);
  },
  'GET /api/timeline/:id': async () => {
    await expectShow('timeline', [[w.a.manager, inc.b.noteId, 404], [w.a.consultant, inc.u.noteId, 404], [w.a.consultant, inc.a.noteId, 200], [w.a.clientAdmin, inc.a.noteId, 404]]);
  },
  'POST /api/timeline': async () => {
    const before = await ids('timeline', w.b.manager, { incidentId: inc.b.id });
    expect((await status('post', '/api/timeline', w.a.manager, { incidentId: inc.b.id, body: 'x' })).status).toBe(400);
    expect((await status('post', '/api/timeline', w.a.consultant, { incidentId: inc.u.id, body: 'x' })).status).toBe(400);
    expect((await status('post', '/api/timeline', w.a.clientAdmin, { incidentId: inc.u.id, body: 'x' })).status).toBe(400);
    expect((await status('post', '/api/timeline', w.a.clientAdmin, { incidentId: inc.a.id, body: 'x', visibility: 'internal' })).status).toBe(400);
    expect(await ids('timeline', w.b.manager, { incidentId: inc.b.id })).toEqual(before);
  },
  'GET /api/obligations': async () => {
    await expectList('obligations', w.a.manager, [inc.a.obligationId, inc.u.obligationId], [inc.b.obligationId]);
    await expectList('obligations', w.a.consultant, [inc.a.obligationId], [inc.u.obligationId, inc.b.obligationId]);
    await expectList('obligations', w.a.clientAdmin, [inc.a.obligationId], [inc.u.obligationId, inc.b.obligationId]);
  },
  'GET /api/obligations/:id': async () => {
    await expectShow('obligations', [[w.a.manager, inc.b.obligationId, 404], [w.a.consultant, inc.u.obligationId, 404], [w.a.clientAdmin, inc.a.obligationId, 200], [w.a.clientAdmin, inc.u.obligationId, 404]]);
  },
  'POST /api/obligations/:id/fulfil': async () => {
    expect((await status('post', `/api/obligations/${inc.b.obligationId}/fulfil`, w.a.manager, { note: 'x' })).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.u.obligationId}/fulfil`, w.a.consultant, { note: 'x' })).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.a.obligationId}/fulfil`, w.a.clientAdmin, { note: 'x' })).status).toBe(403);
    expect((await status('get', `/api/obligations/${inc.b.obligationId}`, w.b.manager)).body.fulfilledAt).toBeNull();
  },
  'GET /api/playbooks': async () => {
    await expectList('playbooks', w.a.manager, [pb.a!], [pb.b!]);
    await expectList('playbooks', w.a.consultant, [pb.a!], [pb.b!]);
    expect((await status('get', '/api/playbooks', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/playbooks/:id': async () => {
    await expectShow('playbooks', [[w.a.manager, pb.b!, 404], [w.a.consultant, pb.b!, 404], [w.a.manager, pb.a!, 200]]);
  },
  'POST /api/playbooks': async () => {
    const before = await ids('playbooks', w.b.manager);
    expect((await status('post', '/api/playbooks', w.a.manager, { copyFromId: pb.b, name: { 'zh-CN': '抄', en: 'copy' } })).status).toBe(404);
    expect((await status('post', '/api/playbooks', w.a.consultant, { name: { 'zh-CN': '抄', en: 'copy' } })).status).toBe(403);
    expect(await ids('playbooks', w.b.manager)).toEqual(before);
  },
  'PUT /api/playbooks/:id': async () => {
    expect((await status('put', `/api/playbooks/${pb.b}`, w.a.manager, { name: { 'zh-CN': '占', en: 'taken' } })).status).toBe(404);
    expect((await status('get', `/api/playbooks/${pb.b}`, w.b.manager)).body.name.en).toBe('B');
  },
  'DELETE /api/playbooks/:id': async () => {
    expect((await status('delete', `/api/playbooks/${pb.b}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/playbooks/${pb.b}`, w.b.manager)).status).toBe(200);
  },
};

beforeAll(async () => {
  t = await startApp({
    onFastify: (f) =>
      f.addHook('onRoute', (r: { method: string | string[]; url: string }) => {
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          if (m !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) registered.push(`${m} ${r.url}`);
        }
      }),
  });
  w = await makeWorld(t);
  const asg = await status('post', '/api/assignments', w.b.manager, { consultantId: w.b.consultant.id, clientId: w.b.client.id });
  b.assignmentId = asg.body.id;
  b.auditId = (await ids('audit-logs', w.b.manager))[0];
  await incidentWorld('a', w.a.consultant, w.a.assigned.id);
  await incidentWorld('u', w.a.manager, w.a.unassigned.id);
  await incidentWorld('b', w.b.manager, w.b.client.id);
  pb.a = (await status('post', '/api/playbooks', w.a.manager, { name: { 'zh-CN': '甲', en: 'A' }, tasks: [] })).body.id;
  pb.b = (await status('post', '/api/playbooks', w.b.manager, { name: { 'zh-CN': '乙', en: 'B' }, tasks: [] })).body.id;
});
afterAll(() => t.close());

describe('tenant isolation matrix', () => {
  it('has an entry for every route the application registers', () => {
    expect(registered.length).toBeGreaterThan(10);
    const missing = registered.filter((r) => !(r in MATRIX));
    expect(missing).toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => !registered.includes(r));
    expect(stale).toEqual([]);
  });

  for (const route of Object.keys(MATRIX)) {
    it(route, () => MATRIX[route]());
  }
});
