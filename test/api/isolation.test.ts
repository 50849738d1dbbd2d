import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from '../support/db';
import { createUser, listQuery, login, makeFirm, makeOperator, makeWorld, PASSWORD, sessionIdOf, startApp, type Session, type TestApp, type World } from '../support/app';
import { gradeMajor } from '../support/notify';
import { testPng } from '../support/images';
import { base32Decode, totp } from '../../server/src/auth/totp';
import { PLATFORM_FIRM_ID } from '../../server/src/firms/firm.entity';

/**
 * The tenant-isolation matrix. Every route the application registers must have an entry here (the list is
 * read from the router, so a new route without one fails the first test). For each role: its own data is
 * reachable; another firm's and an unassigned client's records answer 404 on show/update/delete, are absent
 * from lists and from filter={"id":[...]}, and cannot be written by passing their ids in a body.
 */
const registered: string[] = [];
let t: TestApp;
let w: World;
/** an operator (issue 20): outside every firm */
let op: Session;
const firmRoles = () => [w.a.manager, w.a.consultant, w.a.clientAdmin, w.b.manager];
/** records of firm B made for the matrix */
const b: { assignmentId?: string; auditId?: string } = {};
/** a day firm B adds to its working-day calendar */
const firmBDay = '2027-01-01';
/** incident work in both firms: on firm A's assigned and unassigned client, and on firm B's client */
const inc: Record<'a' | 'u' | 'b', { id: string; taskId: string; obligationId: string; waivableId: string; gradingId: string; noteId: string }> = {} as any;
const pb: { a?: string; b?: string } = {};
/** communications on each incident of `inc`: a client-visible draft and a client-visible sent one; templates per firm */
const comm: Record<'a' | 'u' | 'b', { draftId: string; sentId: string }> = {} as any;
const tpl: { a?: string; b?: string } = {};
/** evaluations on each incident of `inc`: a draft, a final one shared with the client; improvement actions (one client-visible) */
const ev: Record<'a' | 'u' | 'b', { draftId: string; finalId: string; actionId: string; internalActionId: string }> = {} as any;
/** the security_assessment criteria template of each firm */
const etpl: { a?: string; b?: string } = {};
/** a drill on each client of `inc`, with an attachment on it and one on the client's incident */
const trn: Record<'a' | 'u' | 'b', { id: string; attachmentId: string; incidentAttachmentId: string }> = {} as any;
/** stored service reports: firm A's client version of the assigned client, its internal version, one of the unassigned client; firm B's */
const rep: Record<'a' | 'ai' | 'u' | 'b', string> = {} as any;
/** notifications: firm A's manager's and firm B's manager's (of a major incident), each firm's channel and a delivery of it */
const nt: { a?: string; b?: string; consultantA?: string } = {};
const ch: { a?: string; b?: string } = {};
const dl: { a?: string; b?: string } = {};

/** time entries (issue 18) on each incident of `inc`: firm A's consultant's (a), firm A's manager's (u), firm B's (b) */
const te: Record<'a' | 'u' | 'b', string> = {} as any;
/** a month that has ended, which firm B reopened for its time entries */
const endedMonth = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
})();

async function timeWorld(key: 'a' | 'u' | 'b', s: Session, clientId: string) {
  const res = await status('post', '/api/time-entries', s, { clientId, incidentId: inc[key].id, date: reportPeriod().today, minutes: 30, activity: 'triage', note: `time ${key}` });
  expect(res.status).toBe(201);
  te[key] = res.body.id;
}

/** the service report's period (around today in the firm's time zone, where the incidents of `inc` were detected) */
const reportPeriod = () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { from: shift(-2), to: shift(2), month: today.slice(0, 7), today };
};

/**
 * A service report route (`get(session, clientIds)`) for chosen clients: 200 within the user's scope, 404 for a client
 * of the firm out of it, of another firm, or one of those among others.
 */
async function expectReportScope(get: (s: Session, clientIds: string) => PromiseLike<{ status: number }>) {
  const cases: [Session, string, number][] = [
    [w.a.manager, w.a.unassigned.id, 200], [w.a.manager, w.b.client.id, 404], [w.a.manager, `${w.a.assigned.id},${w.b.client.id}`, 404],
    [w.a.consultant, w.a.assigned.id, 200], [w.a.consultant, w.a.unassigned.id, 404], [w.a.consultant, w.b.client.id, 404],
    [w.a.clientAdmin, w.a.assigned.id, 200], [w.a.clientAdmin, w.a.unassigned.id, 404], [w.a.clientAdmin, w.b.client.id, 404],
    [w.b.manager, w.a.assigned.id, 404],
  ];
  for (const [s, clientIds, code] of cases) expect({ clientIds, got: (await get(s, clientIds)).status }).toEqual({ clientIds, got: code });
}

/** How many incidents the user's list counts (its Content-Range total). */
const listedIncidents = async (s: Session) => Number((await t.api().get('/api/incidents').query(listQuery({ range: [0, 0] })).set(s.auth)).headers['content-range'].split('/')[1]);

function uploadAs(s: Session, fields: Record<string, string>, name = 'file.txt') {
  let req = t.api().post('/api/attachments').set(s.auth);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', Buffer.from(`content of ${name}`), name);
}

async function trainingWorld(key: 'a' | 'u' | 'b', s: Session, clientId: string) {
  const res = await status('post', '/api/trainings', s, {
    clientId, type: 'emergency_drill', title: `Drill ${key}`, date: '2026-01-15', status: 'completed', recurrenceMonths: 12, participants: [{ name: `p ${key}`, attended: true }],
  });
  expect(res.status).toBe(201);
  const a = await uploadAs(s, { entity: 'trainings', entityId: res.body.id }, `training-${key}.txt`);
  const i = await uploadAs(s, { entity: 'incidents', entityId: inc[key].id }, `incident-${key}.txt`);
  expect([a.status, i.status]).toEqual([201, 201]);
  trn[key] = { id: res.body.id, attachmentId: a.body.id, incidentAttachmentId: i.body.id };
}

async function evaluationWorld(key: 'a' | 'u' | 'b', s: Session) {
  const criteria = [{ name: `criterion ${key}`, weight: 1, score: 3 }];
  const d = await status('post', '/api/evaluations', s, { type: 'post_incident_review', incidentId: inc[key].id, findings: `draft ${key}` });
  const f = await status('post', '/api/evaluations', s, { type: 'security_assessment', incidentId: inc[key].id, criteria, findings: `final ${key}` });
  expect([d.status, f.status]).toEqual([201, 201]);
  expect((await status('post', `/api/evaluations/${f.body.id}/finalize`, s, { sharedWithClient: true })).status).toBe(200);
  const action = { incidentId: inc[key].id, evaluationId: f.body.id, ownerId: s.user.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() };
  const a = await status('post', '/api/actions', s, { ...action, title: `action ${key}`, clientVisible: true });
  const i = await status('post', '/api/actions', s, { ...action, evaluationId: d.body.id, title: `internal action ${key}` });
  expect([a.status, i.status]).toEqual([201, 201]);
  ev[key] = { draftId: d.body.id, finalId: f.body.id, actionId: a.body.id, internalActionId: i.body.id };
}

async function commWorld(key: 'a' | 'u' | 'b', author: Session, approver: Session) {
  const body = { incidentId: inc[key].id, audience: 'client', channel: 'email', clientVisible: true };
  const d = await status('post', '/api/communications', author, { ...body, subject: `draft ${key}` });
  const s = await status('post', '/api/communications', author, { ...body, subject: `sent ${key}` });
  expect([d.status, s.status]).toEqual([201, 201]);
  for (const [who, to] of [[author, 'in_review'], [approver, 'approved'], [author, 'sent']] as [Session, string][]) {
    expect((await status('post', `/api/communications/${s.body.id}/transition`, who, { to })).status).toBe(200);
  }
  comm[key] = { draftId: d.body.id, sentId: s.body.id };
}

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
  const waivableId = obligations.body.find((o: { rule: string }) => o.rule === 'pipl_notify_individuals').id;
  inc[key] = { id, taskId: tasks.body[0].id, obligationId: obligations.body[0].id, waivableId, gradingId: graded.body.grading.id, noteId: note.body.id };
}

/** firm incidents: firm A's across the assigned and the unassigned client (`a`), on the unassigned one only (`u`); firm B's */
const fi: Record<'a' | 'u' | 'b', { id: string; children: Record<string, string> }> = {} as any;

async function firmIncidentWorld(key: 'a' | 'u' | 'b', s: Session, clientIds: string[]) {
  const res = await status('post', '/api/incidents', s, { scope: 'firm', title: `Firm breach ${key}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(), affectedClientIds: clientIds });
  expect(res.status).toBe(201);
  fi[key] = { id: res.body.id, children: Object.fromEntries(res.body.children.map((c: { clientId: string; incidentId: string }) => [c.clientId, c.incidentId])) };
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
    // firm A cannot end a firm B session (logging out ends the caller's own session: a second one of A's manager)
    const s = await login(t, w.b.manager.user.email);
    const mine = await login(t, w.a.manager.user.email);
    expect((await status('post', '/api/auth/logout', mine, { refreshToken: s.refreshToken })).status).toBe(204);
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: s.refreshToken })).status).toBe(200);
    expect((await status('get', '/api/auth/me', mine)).status).toBe(401);
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
    const res = await status('post', '/api/users', w.a.manager, { email, name: 'x', role: 'client_admin', clientId: w.b.client.id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('clientId');
    expect((await status('post', '/api/auth/login', null, { email, password: PASSWORD })).status).toBe(401);
    expect((await status('post', '/api/users', w.a.consultant, { email, name: 'x', role: 'manager' })).status).toBe(403);
  },
  'PUT /api/users/:id': async () => {
    expect((await status('put', `/api/users/${w.b.consultant.id}`, w.a.manager, { active: false })).status).toBe(404);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.active).toBe(true);
    // a user cannot be moved onto another firm's client
    expect((await status('put', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager, { clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager)).body.clientId).toBe(w.a.assigned.id);
  },
  'POST /api/users/:id/reset-password': async () => {
    const res = await status('post', `/api/users/${w.b.consultant.id}/reset-password`, w.a.manager);
    expect(res.status).toBe(404);
    const bEmail = (await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.email;
    expect((await status('post', '/api/auth/login', null, { email: bEmail, password: PASSWORD })).status).toBe(200);
  },
  'POST /api/users/:id/resend-invitation': async () => {
    // firm B's pending invitee: firm A's manager finds no such user; consultants may not
    const invited = await status('post', '/api/users', w.b.manager, { email: `invitee-${randomUUID().slice(0, 8)}@x.test`, name: 'B invitee', role: 'consultant' });
    expect((await status('post', `/api/users/${invited.body.id}/resend-invitation`, w.a.manager)).status).toBe(404);
    expect((await status('post', `/api/users/${invited.body.id}/resend-invitation`, w.a.consultant)).status).toBe(403);
    expect((await status('post', `/api/users/${invited.body.id}/resend-invitation`, w.b.manager)).status).toBe(200);
  },
  'POST /api/users/:id/revoke-invitation': async () => {
    const invited = await status('post', '/api/users', w.b.manager, { email: `invitee-${randomUUID().slice(0, 8)}@x.test`, name: 'B invitee', role: 'consultant' });
    expect((await status('post', `/api/users/${invited.body.id}/revoke-invitation`, w.a.manager)).status).toBe(404);
    expect((await status('post', `/api/users/${invited.body.id}/revoke-invitation`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('post', `/api/users/${invited.body.id}/revoke-invitation`, w.b.manager)).body).toEqual({ revoked: 1 });
  },
  'POST /api/auth/accept-invite': async () => {
    // a token naming firm B with an id of firm A's (or anything made up) sets nothing
    for (const firm of [w.a.firmId, w.b.firmId]) {
      const res = await status('post', '/api/auth/accept-invite', null, { token: `${firm}.${randomUUID()}.${randomBytes(32).toString('base64url')}`, password: 'tulip-orbit-canyon-47' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
    }
  },
  'POST /api/auth/reset-password': async () => {
    const res = await status('post', '/api/auth/reset-password', null, { token: `${w.b.firmId}.${randomUUID()}.${randomBytes(32).toString('base64url')}`, password: 'tulip-orbit-canyon-47' });
    expect(res.status).toBe(400);
    expect((await status('post', '/api/auth/login', null, { email: w.b.manager.user.email, password: PASSWORD })).status).toBe(200);
  },
  'POST /api/auth/forgot-password': async () => {
    // the same answer for a firm B address as for one that exists nowhere
    const known = await status('post', '/api/auth/forgot-password', null, { email: w.b.manager.user.email });
    const unknown = await status('post', '/api/auth/forgot-password', null, { email: `nobody-${randomUUID()}@x.test` });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
  },
  'POST /api/auth/change-password': async () => {
    // changes the caller's own password only: firm B's manager is untouched
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    expect((await status('post', '/api/auth/change-password', s, { currentPassword: PASSWORD, newPassword: 'tulip-orbit-canyon-47' })).status).toBe(200);
    expect((await status('post', '/api/auth/login', null, { email: w.b.manager.user.email, password: PASSWORD })).status).toBe(200);
    expect((await status('post', '/api/auth/login', null, { email: u.email, password: 'tulip-orbit-canyon-47' })).status).toBe(200);
  },
  'GET /api/sessions': async () => {
    const own = await login(t, w.a.consultant.user.email);
    for (const s of [w.a.manager, w.b.manager]) {
      const listed = (await status('get', '/api/sessions', s)).body.map((x: { id: string }) => x.id);
      expect(listed).not.toContain(sessionIdOf(own.token));
    }
  },
  'DELETE /api/sessions/:id': async () => {
    const victim = await login(t, w.b.manager.user.email);
    const sid = sessionIdOf(victim.token);
    const colleague = await login(t, w.a.consultant.user.email);
    const colleagueSid = sessionIdOf(colleague.token);
    for (const id of [sid, colleagueSid]) expect((await status('delete', `/api/sessions/${id}`, w.a.manager)).status).toBe(404);
    expect((await status('get', '/api/auth/me', victim)).status).toBe(200);
    expect((await status('get', '/api/auth/me', colleague)).status).toBe(200);
  },

  // two-factor sign-in: each user's own; nothing of another user or firm is reached
  'GET /api/auth/mfa': async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    const setup = await status('post', '/api/auth/mfa/setup', s, {});
    expect((await status('post', '/api/auth/mfa/enable', s, { code: totp(base32Decode(setup.body.secret)!, Date.now()) })).status).toBe(200);
    expect((await status('get', '/api/auth/mfa', s)).body.enabled).toBe(true);
    for (const other of [w.a.manager, w.b.manager, w.a.clientAdmin]) expect((await status('get', '/api/auth/mfa', other)).body.enabled).toBe(false);
    expect((await status('get', '/api/auth/mfa', null)).status).toBe(401);
  },
  'POST /api/auth/mfa/setup': async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    // no way to name another user or firm
    expect((await status('post', '/api/auth/mfa/setup', s, { userId: w.b.manager.user.id, firmId: w.b.firmId })).status).toBe(400);
    expect((await status('post', '/api/auth/mfa/setup', s, {})).status).toBe(200);
    expect((await status('post', '/api/auth/mfa/setup', null, {})).status).toBe(401);
    // the others still sign in without a code
    expect((await status('post', '/api/auth/login', null, { email: w.b.manager.user.email, password: PASSWORD })).status).toBe(200);
  },
  'POST /api/auth/mfa/enable': async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    const setup = await status('post', '/api/auth/mfa/setup', s, {});
    const code = totp(base32Decode(setup.body.secret)!, Date.now());
    // another user's enable with this code: theirs has no secret set up
    expect((await status('post', '/api/auth/mfa/enable', w.b.manager, { code })).body.code).toBe('mfa_not_set_up');
    expect((await status('post', '/api/auth/mfa/enable', s, { code })).status).toBe(200);
    expect((await status('post', '/api/auth/login', null, { email: u.email, password: PASSWORD })).body.code).toBe('mfa_required');
    expect((await status('post', '/api/auth/login', null, { email: w.a.manager.user.email, password: PASSWORD })).status).toBe(200);
  },
  'POST /api/auth/mfa/disable': async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    const setup = await status('post', '/api/auth/mfa/setup', s, {});
    const key = base32Decode(setup.body.secret)!;
    const en = await status('post', '/api/auth/mfa/enable', s, { code: totp(key, Date.now()) });
    // another user with this user's recovery code: theirs is not enabled, nothing changes here
    expect((await status('post', '/api/auth/mfa/disable', w.a.manager, { code: en.body.recoveryCodes[0] })).body.code).toBe('mfa_not_enabled');
    expect((await status('get', '/api/auth/mfa', s)).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await status('post', '/api/auth/mfa/disable', s, { code: en.body.recoveryCodes[0] })).status).toBe(204);
  },

  // firm settings: the manager's own firm only
  'GET /api/firm-settings': async () => {
    const a = await status('get', '/api/firm-settings', w.a.manager);
    const b = await status('get', '/api/firm-settings', w.b.manager);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.name).not.toBe(b.body.name);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/firm-settings', s)).status).toBe(403);
  },
  'PUT /api/firm-settings': async () => {
    const before = (await status('get', '/api/firm-settings', w.b.manager)).body;
    expect((await status('put', '/api/firm-settings', w.a.manager, { name: 'Renamed A', firmId: w.b.firmId })).status).toBe(400);
    const res = await status('put', '/api/firm-settings', w.a.manager, { defaultClientSla: { acknowledgeHours: { major: 2 } }, alerting: { acknowledgeMinutes: 40 } });
    expect(res.status).toBe(200);
    expect(res.body.alerting.acknowledgeMinutes).toBe(40);
    expect((await status('get', '/api/firm-settings', w.b.manager)).body).toEqual(before);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('put', '/api/firm-settings', s, { locale: 'en' })).status).toBe(403);
  },
  'PUT /api/firm-settings/logo': async () => {
    const png = testPng(12, 6);
    const put = (s: Session) => t.api().put('/api/firm-settings/logo').set(s.auth).attach('file', png, 'logo.png');
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await put(s)).status).toBe(403);
    expect((await put(w.a.manager)).status).toBe(200);
    expect((await status('get', '/api/firm-settings/logo', w.b.manager)).status).toBe(404);
  },
  'GET /api/firm-settings/logo': async () => {
    const png = testPng(10, 10);
    expect((await t.api().put('/api/firm-settings/logo').set(w.a.manager.auth).attach('file', png, 'logo.png')).status).toBe(200);
    // everyone of firm A sees it (the admin's header), firm B does not
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      const res = await t.api().get('/api/firm-settings/logo').set(s.auth).buffer(true).parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); });
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body, png)).toBe(0);
    }
    expect((await status('get', '/api/firm-settings/logo', w.b.manager)).status).toBe(404);
    expect((await status('get', '/api/firm-settings/logo', null)).status).toBe(401);
  },
  'DELETE /api/firm-settings/logo': async () => {
    expect((await t.api().put('/api/firm-settings/logo').set(w.a.manager.auth).attach('file', testPng(8, 8), 'logo.png')).status).toBe(200);
    expect((await status('delete', '/api/firm-settings/logo', w.b.manager)).status).toBe(404);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('delete', '/api/firm-settings/logo', s)).status).toBe(403);
    expect((await status('get', '/api/firm-settings/logo', w.a.clientAdmin)).status).toBe(200);
    expect((await status('delete', '/api/firm-settings/logo', w.a.manager)).status).toBe(204);
    expect((await status('get', '/api/firm-settings/logo', w.a.manager)).status).toBe(404);
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
  'PUT /api/assignments/:id': async () => {
    expect((await status('put', `/api/assignments/${b.assignmentId}`, w.a.manager, { primary: false })).status).toBe(404);
    expect((await status('put', `/api/assignments/${b.assignmentId}`, w.a.consultant, { primary: false })).status).toBe(403);
    expect((await status('get', `/api/assignments/${b.assignmentId}`, w.b.manager)).body.primary).toBe(true);
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
    const unassignedBefore = await ids('incidents', w.a.manager, { clientId: w.a.unassigned.id });
    const body = { title: 'x', detectedAt: new Date().toISOString() };
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.b.client.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.consultant, { ...body, clientId: w.a.unassigned.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.clientAdmin, { ...body, clientId: w.a.unassigned.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.a.assigned.id, leadId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.manager, { ...body, clientId: w.a.assigned.id, playbookId: pb.b })).status).toBe(400);
    expect(await ids('incidents', w.b.manager)).toEqual(before);
    expect(await ids('incidents', w.a.manager, { clientId: w.a.unassigned.id })).toEqual(unassignedBefore);
    expect(unassignedBefore).toContain(inc.u.id);
    // a firm incident cannot take another firm's client, nor come from a consultant or a client admin
    const firm = { ...body, scope: 'firm' };
    expect((await status('post', '/api/incidents', w.a.manager, { ...firm, affectedClientIds: [w.b.client.id] })).status).toBe(400);
    expect((await status('post', '/api/incidents', w.a.consultant, { ...firm, affectedClientIds: [w.a.assigned.id] })).status).toBe(403);
    expect((await status('post', '/api/incidents', w.a.clientAdmin, { ...firm, affectedClientIds: [w.a.assigned.id] })).status).toBe(403);
    expect(await ids('incidents', w.b.manager)).toEqual(before);
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
  'GET /api/firm-incidents': async () => {
    await expectList('firm-incidents', w.a.manager, [fi.a.id, fi.u.id], [fi.b.id]);
    await expectList('firm-incidents', w.a.consultant, [fi.a.id], [fi.u.id, fi.b.id]);
    expect((await status('get', '/api/firm-incidents', w.a.clientAdmin)).status).toBe(403);
    // the consultant sees the child of their client only, and how many others there are
    const [seen] = (await status('get', '/api/firm-incidents', w.a.consultant)).body.filter((x: { id: string }) => x.id === fi.a.id);
    expect([seen.children.map((c: { clientId: string }) => c.clientId), seen.hiddenChildren]).toEqual([[w.a.assigned.id], 1]);
    // the client admin's own incident list holds their child, never their sibling's
    await expectList('incidents', w.a.clientAdmin, [fi.a.children[w.a.assigned.id]], [fi.a.children[w.a.unassigned.id]]);
  },
  'GET /api/firm-incidents/:id': async () => {
    await expectShow('firm-incidents', [
      [w.a.manager, fi.a.id, 200], [w.a.manager, fi.u.id, 200], [w.a.manager, fi.b.id, 404],
      [w.a.consultant, fi.a.id, 200], [w.a.consultant, fi.u.id, 404], [w.a.consultant, fi.b.id, 404],
      [w.a.clientAdmin, fi.a.id, 403], [w.b.manager, fi.a.id, 404],
    ]);
    // the parent's own timeline names only the clients the viewer may see (a count of the others)
    const created = (await status('get', `/api/firm-incidents/${fi.a.id}`, w.a.consultant)).body.timeline.find((e: { kind: string }) => e.kind === 'created');
    expect(created.data).toMatchObject({ clientIds: [w.a.assigned.id], otherClients: 1 });
    const portal = await status('get', `/api/incidents/${fi.a.children[w.a.assigned.id]}`, w.a.clientAdmin);
    expect(portal.status).toBe(200);
    expect(portal.body).not.toHaveProperty('parentId');
  },
  'POST /api/firm-incidents/:id/transition': async () => {
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/transition`, w.a.manager, { to: 'dismissed' })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/transition`, w.a.consultant, { to: 'dismissed' })).status).toBe(403);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/transition`, w.a.clientAdmin, { to: 'dismissed' })).status).toBe(403);
    expect((await status('get', `/api/firm-incidents/${fi.b.id}`, w.b.manager)).body.status).toBe('triage');
  },
  'POST /api/firm-incidents/:id/clients': async () => {
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/clients`, w.a.manager, { clientIds: [w.a.assigned.id] })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.u.id}/clients`, w.a.manager, { clientIds: [w.b.client.id] })).status).toBe(400);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/clients`, w.a.consultant, { clientIds: [w.a.assigned.id] })).status).toBe(403);
    expect((await status('get', `/api/firm-incidents/${fi.b.id}`, w.b.manager)).body.children).toHaveLength(1);
  },
  'POST /api/firm-incidents/:id/remove-client': async () => {
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/remove-client`, w.a.manager, { clientId: w.b.client.id, reason: 'x' })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/remove-client`, w.a.manager, { clientId: w.b.client.id, reason: 'x' })).status).toBe(400);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/remove-client`, w.a.clientAdmin, { clientId: w.a.assigned.id, reason: 'x' })).status).toBe(403);
    expect((await status('get', `/api/incidents/${fi.b.children[w.b.client.id]}`, w.b.manager)).body.status).toBe('triage');
  },
  'POST /api/firm-incidents/:id/updates': async () => {
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/updates`, w.a.manager, { body: 'taken over' })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/updates`, w.a.consultant, { body: 'taken over' })).status).toBe(403);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/updates`, w.a.clientAdmin, { body: 'taken over' })).status).toBe(403);
    expect(JSON.stringify((await status('get', '/api/timeline', w.b.manager)).body)).not.toContain('taken over');
  },
  'POST /api/firm-incidents/:id/notices': async () => {
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/notices`, w.a.manager, { templateId: tpl.a })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.u.id}/notices`, w.a.manager, { templateId: tpl.b })).status).toBe(400);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/notices`, w.a.consultant, { templateId: tpl.a })).status).toBe(403);
    expect(await ids('communications', w.b.manager, { incidentId: fi.b.children[w.b.client.id] })).toEqual([]);
  },
  'POST /api/firm-incidents/:id/grade': async () => {
    const inputs = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 0, personalInfoRecords: 0, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/grade`, w.a.manager, { inputs })).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/grade`, w.a.consultant, { inputs })).status).toBe(403);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/grade`, w.a.clientAdmin, { inputs })).status).toBe(403);
    expect((await status('get', `/api/firm-incidents/${fi.b.id}`, w.b.manager)).body.grade).toBeNull();
    expect((await status('get', `/api/incidents/${fi.b.children[w.b.client.id]}`, w.b.manager)).body.grade).toBeNull();
  },
  'POST /api/firm-incidents/:id/tasks': async () => {
    const body = { key: 'triage.confirm', status: 'done' };
    expect((await status('post', `/api/firm-incidents/${fi.b.id}/tasks`, w.a.manager, body)).status).toBe(404);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/tasks`, w.a.consultant, body)).status).toBe(403);
    expect((await status('post', `/api/firm-incidents/${fi.a.id}/tasks`, w.a.clientAdmin, body)).status).toBe(403);
    expect((await status('get', `/api/firm-incidents/${fi.b.id}`, w.b.manager)).body.tasks.every((t: { done: number }) => t.done === 0)).toBe(true);
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

  'GET /api/communications': async () => {
    await expectList('communications', w.a.manager, [comm.a.draftId, comm.a.sentId, comm.u.draftId, comm.u.sentId], [comm.b.draftId, comm.b.sentId]);
    await expectList('communications', w.a.consultant, [comm.a.draftId, comm.a.sentId], [comm.u.draftId, comm.u.sentId, comm.b.draftId, comm.b.sentId]);
    // the client admin: their company's sent client-visible one; never a draft, another client's or another firm's
    await expectList('communications', w.a.clientAdmin, [comm.a.sentId], [comm.a.draftId, comm.u.sentId, comm.b.sentId]);
    expect(await ids('communications', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('communications', w.a.manager, { incidentId: inc.b.id })).toEqual([]);
  },
  'GET /api/communications/:id': async () => {
    await expectShow('communications', [
      [w.a.manager, comm.a.draftId, 200], [w.a.manager, comm.u.sentId, 200], [w.a.manager, comm.b.sentId, 404],
      [w.a.consultant, comm.a.draftId, 200], [w.a.consultant, comm.u.sentId, 404], [w.a.consultant, comm.b.sentId, 404],
      [w.a.clientAdmin, comm.a.sentId, 200], [w.a.clientAdmin, comm.a.draftId, 404], [w.a.clientAdmin, comm.u.sentId, 404], [w.a.clientAdmin, comm.b.sentId, 404],
    ]);
  },
  'POST /api/communications': async () => {
    const before = await ids('communications', w.b.manager);
    const body = { audience: 'regulator', channel: 'letter', subject: 'x' };
    const field = async (s: Session, b: object, name: string) => {
      const res = await status('post', '/api/communications', s, { ...body, ...b });
      expect({ b, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ b, status: 400, fields: expect.arrayContaining([name]) });
    };
    await field(w.a.manager, { incidentId: inc.b.id }, 'incidentId');
    await field(w.a.manager, { clientId: w.b.client.id }, 'clientId');
    await field(w.a.consultant, { incidentId: inc.u.id }, 'incidentId');
    await field(w.a.consultant, { clientId: w.a.unassigned.id }, 'clientId');
    await field(w.a.manager, { incidentId: inc.a.id, obligationId: inc.b.obligationId }, 'obligationId');
    await field(w.a.consultant, { incidentId: inc.a.id, obligationId: inc.u.obligationId }, 'obligationId');
    await field(w.a.manager, { incidentId: inc.a.id, templateId: tpl.b }, 'templateId');
    await field(w.a.manager, { incidentId: inc.a.id, firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/communications', w.a.clientAdmin, { ...body, incidentId: inc.a.id })).status).toBe(403);
    expect(await ids('communications', w.b.manager)).toEqual(before);
    expect((await ids('communications', w.a.manager, { clientId: w.a.unassigned.id })).sort()).toEqual([comm.u.draftId, comm.u.sentId].sort());
  },
  'PUT /api/communications/:id': async () => {
    expect((await status('put', `/api/communications/${comm.b.draftId}`, w.a.manager, { subject: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/communications/${comm.u.draftId}`, w.a.consultant, { subject: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/communications/${comm.a.draftId}`, w.a.clientAdmin, { subject: 'taken over' })).status).toBe(403);
    // an own draft cannot be moved onto another firm's or an unassigned client's incident
    expect((await status('put', `/api/communications/${comm.a.draftId}`, w.a.manager, { incidentId: inc.b.id })).status).toBe(400);
    expect((await status('put', `/api/communications/${comm.a.draftId}`, w.a.consultant, { incidentId: inc.u.id })).status).toBe(400);
    expect((await status('get', `/api/communications/${comm.b.draftId}`, w.b.manager)).body.subject).toBe('draft b');
    expect((await status('get', `/api/communications/${comm.a.draftId}`, w.a.manager)).body.incidentId).toBe(inc.a.id);
  },
  'POST /api/communications/:id/transition': async () => {
    expect((await status('post', `/api/communications/${comm.b.draftId}/transition`, w.a.manager, { to: 'in_review' })).status).toBe(404);
    expect((await status('post', `/api/communications/${comm.u.draftId}/transition`, w.a.consultant, { to: 'in_review' })).status).toBe(404);
    expect((await status('post', `/api/communications/${comm.a.draftId}/transition`, w.a.clientAdmin, { to: 'in_review' })).status).toBe(403);
    expect((await status('get', `/api/communications/${comm.b.draftId}`, w.b.manager)).body.status).toBe('draft');
    expect((await status('get', `/api/communications/${comm.u.draftId}`, w.a.manager)).body.status).toBe('draft');
  },
  'POST /api/communications/:id/acknowledge': async () => {
    expect((await status('post', `/api/communications/${comm.b.sentId}/acknowledge`, w.a.clientAdmin)).status).toBe(404);
    expect((await status('post', `/api/communications/${comm.u.sentId}/acknowledge`, w.a.clientAdmin)).status).toBe(404);
    expect((await status('post', `/api/communications/${comm.a.draftId}/acknowledge`, w.a.clientAdmin)).status).toBe(404);
    expect((await status('post', `/api/communications/${comm.a.sentId}/acknowledge`, w.a.manager)).status).toBe(403);
    expect((await status('post', `/api/communications/${comm.a.sentId}/acknowledge`, w.a.clientAdmin)).status).toBe(200);
    expect((await status('get', `/api/communications/${comm.b.sentId}`, w.b.manager)).body.acknowledgedAt).toBeNull();
    expect((await status('get', `/api/communications/${comm.u.sentId}`, w.a.manager)).body.acknowledgedAt).toBeNull();
  },
  'GET /api/communication-templates': async () => {
    await expectList('communication-templates', w.a.manager, [tpl.a!], [tpl.b!]);
    await expectList('communication-templates', w.a.consultant, [tpl.a!], [tpl.b!]);
    expect((await status('get', '/api/communication-templates', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/communication-templates/:id': async () => {
    await expectShow('communication-templates', [[w.a.manager, tpl.b!, 404], [w.a.consultant, tpl.b!, 404], [w.a.manager, tpl.a!, 200], [w.a.consultant, tpl.a!, 200], [w.a.clientAdmin, tpl.a!, 403]]);
  },
  'POST /api/communication-templates': async () => {
    const before = await ids('communication-templates', w.b.manager);
    const body = { name: { 'zh-CN': '抄', en: 'copy' }, audience: 'client', channel: 'email', subject: { 'zh-CN': 's', en: 's' }, body: { 'zh-CN': 'b', en: 'b' } };
    const res = await status('post', '/api/communication-templates', w.a.manager, { ...body, firmId: w.b.firmId });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('firmId');
    expect((await status('post', '/api/communication-templates', w.a.consultant, body)).status).toBe(403);
    expect((await status('post', '/api/communication-templates', w.a.clientAdmin, body)).status).toBe(403);
    expect(await ids('communication-templates', w.b.manager)).toEqual(before);
  },
  'PUT /api/communication-templates/:id': async () => {
    expect((await status('put', `/api/communication-templates/${tpl.b}`, w.a.manager, { channel: 'sms' })).status).toBe(404);
    expect((await status('put', `/api/communication-templates/${tpl.a}`, w.a.consultant, { channel: 'sms' })).status).toBe(403);
    expect((await status('get', `/api/communication-templates/${tpl.b}`, w.b.manager)).body.channel).toBe('email');
  },
  'DELETE /api/communication-templates/:id': async () => {
    expect((await status('delete', `/api/communication-templates/${tpl.b}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/communication-templates/${tpl.a}`, w.a.consultant)).status).toBe(403);
    expect((await status('get', `/api/communication-templates/${tpl.b}`, w.b.manager)).status).toBe(200);
  },
  'POST /api/communication-templates/:id/upgrade': async () => {
    expect((await status('post', `/api/communication-templates/${tpl.b}/upgrade`, w.a.manager, {})).status).toBe(404);
    expect((await status('post', `/api/communication-templates/${tpl.a}/upgrade`, w.a.consultant, {})).status).toBe(403);
    expect((await status('post', `/api/communication-templates/${tpl.a}/upgrade`, w.a.clientAdmin, {})).status).toBe(403);
    // firm A's own template has no built-in text to take
    expect((await status('post', `/api/communication-templates/${tpl.a}/upgrade`, w.a.manager, {})).status).toBe(409);
    expect((await status('get', `/api/communication-templates/${tpl.b}`, w.b.manager)).body).toMatchObject({ builtIn: false, channel: 'email' });
  },
  'POST /api/communication-templates/:id/render': async () => {
    expect((await status('post', `/api/communication-templates/${tpl.a}/render`, w.a.consultant, { incidentId: inc.a.id })).status).toBe(200);
    expect((await status('post', `/api/communication-templates/${tpl.b}/render`, w.a.manager, { incidentId: inc.a.id })).status).toBe(404);
    const foreign = await status('post', `/api/communication-templates/${tpl.a}/render`, w.a.manager, { incidentId: inc.b.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('incidentId');
    expect((await status('post', `/api/communication-templates/${tpl.a}/render`, w.a.consultant, { incidentId: inc.u.id })).status).toBe(400);
    expect((await status('post', `/api/communication-templates/${tpl.a}/render`, w.a.clientAdmin, { incidentId: inc.a.id })).status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('Leak b');
  },

  'GET /api/evaluations': async () => {
    await expectList('evaluations', w.a.manager, [ev.a.draftId, ev.a.finalId, ev.u.draftId, ev.u.finalId], [ev.b.draftId, ev.b.finalId]);
    await expectList('evaluations', w.a.consultant, [ev.a.draftId, ev.a.finalId], [ev.u.draftId, ev.u.finalId, ev.b.draftId, ev.b.finalId]);
    // the client admin: the final one shared with their company; never a draft, another client's or another firm's
    await expectList('evaluations', w.a.clientAdmin, [ev.a.finalId], [ev.a.draftId, ev.u.finalId, ev.b.finalId]);
    expect(await ids('evaluations', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('evaluations', w.a.manager, { incidentId: inc.b.id })).toEqual([]);
    expect(await ids('evaluations', w.a.manager, { seriesId: ev.b.finalId })).toEqual([]);
  },
  'GET /api/evaluations/:id': async () => {
    await expectShow('evaluations', [
      [w.a.manager, ev.a.draftId, 200], [w.a.manager, ev.u.finalId, 200], [w.a.manager, ev.b.finalId, 404], [w.a.manager, ev.b.draftId, 404],
      [w.a.consultant, ev.a.draftId, 200], [w.a.consultant, ev.u.finalId, 404], [w.a.consultant, ev.b.finalId, 404],
      [w.a.clientAdmin, ev.a.finalId, 200], [w.a.clientAdmin, ev.a.draftId, 404], [w.a.clientAdmin, ev.u.finalId, 404], [w.a.clientAdmin, ev.b.finalId, 404],
    ]);
  },
  'POST /api/evaluations': async () => {
    const before = await ids('evaluations', w.b.manager);
    const field = async (s: Session, body: object, name: string) => {
      const res = await status('post', '/api/evaluations', s, { type: 'impact_assessment', ...body });
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: [name] });
    };
    await field(w.a.manager, { clientId: w.b.client.id }, 'clientId');
    await field(w.a.manager, { incidentId: inc.b.id }, 'incidentId');
    await field(w.a.consultant, { clientId: w.a.unassigned.id }, 'clientId');
    await field(w.a.consultant, { incidentId: inc.u.id }, 'incidentId');
    await field(w.a.manager, { incidentId: inc.a.id, evaluatorId: w.b.manager.user.id }, 'evaluatorId');
    await field(w.a.manager, { incidentId: inc.a.id, firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/evaluations', w.a.clientAdmin, { type: 'impact_assessment', clientId: w.a.assigned.id })).status).toBe(403);
    expect(await ids('evaluations', w.b.manager)).toEqual(before);
  },
  'PUT /api/evaluations/:id': async () => {
    expect((await status('put', `/api/evaluations/${ev.b.draftId}`, w.a.manager, { findings: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/evaluations/${ev.u.draftId}`, w.a.consultant, { findings: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/evaluations/${ev.a.draftId}`, w.a.clientAdmin, { findings: 'taken over' })).status).toBe(403);
    // an own draft cannot be moved onto another firm's or an unassigned client's incident, nor given a foreign evaluator
    expect((await status('put', `/api/evaluations/${ev.a.draftId}`, w.a.manager, { incidentId: inc.b.id })).status).toBe(400);
    expect((await status('put', `/api/evaluations/${ev.a.draftId}`, w.a.consultant, { incidentId: inc.u.id })).status).toBe(400);
    expect((await status('put', `/api/evaluations/${ev.a.draftId}`, w.a.manager, { evaluatorId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('get', `/api/evaluations/${ev.b.draftId}`, w.b.manager)).body.findings).toBe('draft b');
    expect((await status('get', `/api/evaluations/${ev.a.draftId}`, w.a.manager)).body).toMatchObject({ findings: 'draft a', incidentId: inc.a.id });
  },
  'DELETE /api/evaluations/:id': async () => {
    expect((await status('delete', `/api/evaluations/${ev.b.draftId}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/evaluations/${ev.u.draftId}`, w.a.consultant)).status).toBe(404);
    expect((await status('delete', `/api/evaluations/${ev.a.draftId}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/evaluations/${ev.b.draftId}`, w.b.manager)).status).toBe(200);
    expect((await status('get', `/api/evaluations/${ev.u.draftId}`, w.a.manager)).status).toBe(200);
  },
  'POST /api/evaluations/:id/finalize': async () => {
    expect((await status('post', `/api/evaluations/${ev.b.draftId}/finalize`, w.a.manager)).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.u.draftId}/finalize`, w.a.consultant)).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.a.draftId}/finalize`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/evaluations/${ev.b.draftId}`, w.b.manager)).body.status).toBe('draft');
    expect((await status('get', `/api/evaluations/${ev.u.draftId}`, w.a.manager)).body.status).toBe('draft');
  },
  'POST /api/evaluations/:id/new-version': async () => {
    expect((await status('post', `/api/evaluations/${ev.b.finalId}/new-version`, w.a.manager)).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.u.finalId}/new-version`, w.a.consultant)).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.a.finalId}/new-version`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/evaluations/${ev.b.finalId}`, w.b.manager)).body.nextVersionId).toBeNull();
    expect((await status('get', `/api/evaluations/${ev.u.finalId}`, w.a.manager)).body.nextVersionId).toBeNull();
  },
  'POST /api/evaluations/:id/share': async () => {
    expect((await status('post', `/api/evaluations/${ev.b.finalId}/share`, w.a.manager, { sharedWithClient: false })).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.u.finalId}/share`, w.a.consultant, { sharedWithClient: false })).status).toBe(404);
    expect((await status('post', `/api/evaluations/${ev.a.finalId}/share`, w.a.clientAdmin, { sharedWithClient: false })).status).toBe(403);
    expect((await status('get', `/api/evaluations/${ev.b.finalId}`, w.b.manager)).body.sharedWithClient).toBe(true);
    expect((await status('get', `/api/evaluations/${ev.u.finalId}`, w.a.manager)).body.sharedWithClient).toBe(true);
  },
  'GET /api/evaluation-templates': async () => {
    await expectList('evaluation-templates', w.a.manager, [etpl.a!], [etpl.b!]);
    await expectList('evaluation-templates', w.a.consultant, [etpl.a!], [etpl.b!]);
    expect((await status('get', '/api/evaluation-templates', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/evaluation-templates/:id': async () => {
    await expectShow('evaluation-templates', [[w.a.manager, etpl.b!, 404], [w.a.consultant, etpl.b!, 404], [w.a.manager, etpl.a!, 200], [w.a.consultant, etpl.a!, 200], [w.a.clientAdmin, etpl.a!, 403]]);
  },
  'PUT /api/evaluation-templates/:id': async () => {
    const before = (await status('get', `/api/evaluation-templates/${etpl.b}`, w.b.manager)).body;
    expect((await status('put', `/api/evaluation-templates/${etpl.b}`, w.a.manager, { scaleMax: 9 })).status).toBe(404);
    expect((await status('put', `/api/evaluation-templates/${etpl.a}`, w.a.consultant, { scaleMax: 9 })).status).toBe(403);
    expect((await status('put', `/api/evaluation-templates/${etpl.a}`, w.a.clientAdmin, { scaleMax: 9 })).status).toBe(403);
    expect((await status('get', `/api/evaluation-templates/${etpl.b}`, w.b.manager)).body).toEqual(before);
  },
  'GET /api/actions': async () => {
    const all = (k: 'a' | 'u' | 'b') => [ev[k].actionId, ev[k].internalActionId];
    await expectList('actions', w.a.manager, [...all('a'), ...all('u')], all('b'));
    await expectList('actions', w.a.consultant, all('a'), [...all('u'), ...all('b')]);
    // the client admin: their company's client-visible action; not the internal one, another client's or another firm's
    await expectList('actions', w.a.clientAdmin, [ev.a.actionId], [ev.a.internalActionId, ev.u.actionId, ev.b.actionId]);
    expect(await ids('actions', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('actions', w.a.manager, { evaluationId: ev.b.finalId })).toEqual([]);
    expect(await ids('actions', w.a.manager, { incidentId: inc.b.id, overdue: false })).toEqual([]);
  },
  'GET /api/actions/:id': async () => {
    await expectShow('actions', [
      [w.a.manager, ev.a.internalActionId, 200], [w.a.manager, ev.u.actionId, 200], [w.a.manager, ev.b.actionId, 404],
      [w.a.consultant, ev.a.actionId, 200], [w.a.consultant, ev.u.actionId, 404], [w.a.consultant, ev.b.actionId, 404],
      [w.a.clientAdmin, ev.a.actionId, 200], [w.a.clientAdmin, ev.a.internalActionId, 404], [w.a.clientAdmin, ev.u.actionId, 404], [w.a.clientAdmin, ev.b.actionId, 404],
    ]);
  },
  'POST /api/actions': async () => {
    const before = await ids('actions', w.b.manager);
    const body = { title: 'x', ownerName: 'x', dueAt: new Date().toISOString() };
    const field = async (s: Session, b: object, name: string) => {
      const res = await status('post', '/api/actions', s, { ...body, ...b });
      expect({ b, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ b, status: 400, fields: [name] });
    };
    await field(w.a.manager, { clientId: w.b.client.id }, 'clientId');
    await field(w.a.manager, { incidentId: inc.b.id }, 'incidentId');
    await field(w.a.manager, { evaluationId: ev.b.finalId }, 'evaluationId');
    await field(w.a.consultant, { clientId: w.a.unassigned.id }, 'clientId');
    await field(w.a.consultant, { incidentId: inc.u.id }, 'incidentId');
    await field(w.a.consultant, { evaluationId: ev.u.finalId }, 'evaluationId');
    await field(w.a.manager, { incidentId: inc.a.id, ownerName: undefined, ownerId: w.b.manager.user.id }, 'ownerId');
    await field(w.a.manager, { incidentId: inc.a.id, firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/actions', w.a.clientAdmin, { ...body, incidentId: inc.a.id })).status).toBe(403);
    expect(await ids('actions', w.b.manager)).toEqual(before);
  },
  'PUT /api/actions/:id': async () => {
    expect((await status('put', `/api/actions/${ev.b.actionId}`, w.a.manager, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/actions/${ev.u.actionId}`, w.a.consultant, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/actions/${ev.a.actionId}`, w.a.clientAdmin, { status: 'done' })).status).toBe(403);
    // an own action cannot be linked to another firm's or an unassigned client's records, nor owned by another firm's user
    expect((await status('put', `/api/actions/${ev.a.actionId}`, w.a.manager, { incidentId: inc.b.id })).status).toBe(400);
    expect((await status('put', `/api/actions/${ev.a.actionId}`, w.a.manager, { evaluationId: ev.b.finalId })).status).toBe(400);
    expect((await status('put', `/api/actions/${ev.a.actionId}`, w.a.consultant, { evaluationId: ev.u.finalId })).status).toBe(400);
    expect((await status('put', `/api/actions/${ev.a.actionId}`, w.a.manager, { ownerId: w.b.manager.user.id })).status).toBe(400);
    expect((await status('get', `/api/actions/${ev.b.actionId}`, w.b.manager)).body).toMatchObject({ title: 'action b', status: 'open' });
    expect((await status('get', `/api/actions/${ev.a.actionId}`, w.a.manager)).body).toMatchObject({ incidentId: inc.a.id, evaluationId: ev.a.finalId, ownerId: w.a.consultant.user.id });
  },
  'DELETE /api/actions/:id': async () => {
    expect((await status('delete', `/api/actions/${ev.b.actionId}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/actions/${ev.u.actionId}`, w.a.consultant)).status).toBe(404);
    expect((await status('delete', `/api/actions/${ev.a.actionId}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/actions/${ev.b.actionId}`, w.b.manager)).status).toBe(200);
    expect((await status('get', `/api/actions/${ev.u.actionId}`, w.a.manager)).status).toBe(200);
  },

  'GET /api/trainings': async () => {
    await expectList('trainings', w.a.manager, [trn.a.id, trn.u.id], [trn.b.id]);
    await expectList('trainings', w.a.consultant, [trn.a.id], [trn.u.id, trn.b.id]);
    await expectList('trainings', w.a.clientAdmin, [trn.a.id], [trn.u.id, trn.b.id]);
    expect(await ids('trainings', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('trainings', w.a.manager, { clientId: w.b.client.id })).toEqual([]);
    // the due lists (a subquery over the series) stay in scope too
    expect(await ids('trainings', w.a.consultant, { dueWithinDays: 3660 })).not.toContain(trn.u.id);
    expect(await ids('trainings', w.a.manager, { dueWithinDays: 3660 })).not.toContain(trn.b.id);
  },
  'GET /api/trainings/:id': async () => {
    await expectShow('trainings', [
      [w.a.manager, trn.a.id, 200], [w.a.manager, trn.u.id, 200], [w.a.manager, trn.b.id, 404],
      [w.a.consultant, trn.a.id, 200], [w.a.consultant, trn.u.id, 404], [w.a.consultant, trn.b.id, 404],
      [w.a.clientAdmin, trn.a.id, 200], [w.a.clientAdmin, trn.u.id, 404], [w.a.clientAdmin, trn.b.id, 404],
    ]);
  },
  'POST /api/trainings': async () => {
    const before = await ids('trainings', w.b.manager);
    const body = { type: 'technical', title: 'x', date: '2026-01-01' };
    const field = async (s: Session, extra: object, name: string) => {
      const res = await status('post', '/api/trainings', s, { ...body, ...extra });
      expect({ extra, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ extra, status: 400, fields: [name] });
    };
    await field(w.a.manager, { clientId: w.b.client.id }, 'clientId');
    await field(w.a.consultant, { clientId: w.a.unassigned.id }, 'clientId');
    await field(w.a.manager, { clientId: w.a.assigned.id, firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/trainings', w.a.clientAdmin, { ...body, clientId: w.a.assigned.id })).status).toBe(403);
    expect(await ids('trainings', w.b.manager)).toEqual(before);
    expect(await ids('trainings', w.a.manager, { clientId: w.a.unassigned.id })).toEqual([trn.u.id]);
  },
  'PUT /api/trainings/:id': async () => {
    expect((await status('put', `/api/trainings/${trn.b.id}`, w.a.manager, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/trainings/${trn.u.id}`, w.a.consultant, { title: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/trainings/${trn.a.id}`, w.a.clientAdmin, { title: 'taken over' })).status).toBe(403);
    // an own training cannot be moved onto another client
    expect((await status('put', `/api/trainings/${trn.a.id}`, w.a.manager, { clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/trainings/${trn.b.id}`, w.b.manager)).body.title).toBe('Drill b');
    expect((await status('get', `/api/trainings/${trn.u.id}`, w.a.manager)).body.title).toBe('Drill u');
    expect((await status('get', `/api/trainings/${trn.a.id}`, w.a.manager)).body).toMatchObject({ title: 'Drill a', clientId: w.a.assigned.id });
  },
  'POST /api/trainings/:id/exercise': async () => {
    // another firm's drill, an unassigned client's drill, a client admin: no exercise, no incident opened
    expect((await status('post', `/api/trainings/${trn.b.id}/exercise`, w.a.manager, { scenario: 'x', clientId: w.b.client.id })).status).toBe(404);
    expect((await status('post', `/api/trainings/${trn.u.id}/exercise`, w.a.consultant, { scenario: 'x', clientId: w.a.unassigned.id })).status).toBe(404);
    expect((await status('post', `/api/trainings/${trn.a.id}/exercise`, w.a.clientAdmin, { scenario: 'x', clientId: w.a.assigned.id })).status).toBe(403);
    // an own drill cannot run for another firm's client
    expect((await status('post', `/api/trainings/${trn.a.id}/exercise`, w.a.manager, { scenario: 'x', clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/trainings/${trn.b.id}`, w.b.manager)).body.exerciseIncidentId).toBeNull();
    expect((await status('get', `/api/trainings/${trn.u.id}`, w.a.manager)).body.exerciseIncidentId).toBeNull();
  },
  'POST /api/trainings/:id/exercise/reset': async () => {
    expect((await status('post', `/api/trainings/${trn.b.id}/exercise/reset`, w.a.manager)).status).toBe(404);
    expect((await status('post', `/api/trainings/${trn.u.id}/exercise/reset`, w.a.consultant)).status).toBe(404);
    expect((await status('post', `/api/trainings/${trn.a.id}/exercise/reset`, w.a.clientAdmin)).status).toBe(403);
  },
  'POST /api/trainings/:id/participants/import': async () => {
    const csv = Buffer.from('name,department,attended,score\nintruder,x,yes,100\n');
    const post = (s: Session, id: string) => t.api().post(`/api/trainings/${id}/participants/import`).set(s.auth).attach('file', csv, 'p.csv');
    expect((await post(w.a.manager, trn.b.id)).status).toBe(404);
    expect((await post(w.a.consultant, trn.u.id)).status).toBe(404);
    expect((await post(w.a.clientAdmin, trn.a.id)).status).toBe(403);
    expect((await status('get', `/api/trainings/${trn.b.id}`, w.b.manager)).body.participants.map((p: { name: string }) => p.name)).toEqual(['p b']);
    expect((await status('get', `/api/trainings/${trn.u.id}`, w.a.manager)).body.participants.map((p: { name: string }) => p.name)).toEqual(['p u']);
  },

  'GET /api/time-entries': async () => {
    await expectList('time-entries', w.a.manager, [te.a, te.u], [te.b]);
    await expectList('time-entries', w.a.consultant, [te.a], [te.u, te.b]);
    expect((await status('get', '/api/time-entries', w.a.clientAdmin)).status).toBe(403);
    expect(await ids('time-entries', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('time-entries', w.a.manager, { clientId: w.b.client.id })).toEqual([]);
    expect(await ids('time-entries', w.a.manager, { incidentId: inc.b.id })).toEqual([]);
  },
  'GET /api/time-entries/export.csv': async () => {
    const csv = async (s: Session) => (await t.api().get('/api/time-entries/export.csv').set(s.auth)).text;
    const manager = await csv(w.a.manager);
    expect([manager.includes('time a'), manager.includes('time u'), manager.includes('time b')]).toEqual([true, true, false]);
    const consultant = await csv(w.a.consultant);
    expect([consultant.includes('time a'), consultant.includes('time u'), consultant.includes('time b')]).toEqual([true, false, false]);
    expect((await status('get', '/api/time-entries/export.csv', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/time-entries/timer': async () => {
    expect((await status('get', '/api/time-entries/timer', w.b.manager)).body.timer).toMatchObject({ incidentId: inc.b.id });
    expect((await status('get', '/api/time-entries/timer', w.a.manager)).body.timer).toBeNull();
    expect((await status('get', '/api/time-entries/timer', w.a.consultant)).body.timer).toBeNull();
    expect((await status('get', '/api/time-entries/timer', w.a.clientAdmin)).status).toBe(403);
  },
  'POST /api/time-entries/timer': async () => {
    const before = (await status('get', '/api/time-entries/timer', w.b.manager)).body.timer;
    expect((await status('post', '/api/time-entries/timer', w.a.manager, { incidentId: inc.b.id })).status).toBe(400);
    expect((await status('post', '/api/time-entries/timer', w.a.consultant, { incidentId: inc.u.id })).status).toBe(400);
    expect((await status('post', '/api/time-entries/timer', w.a.clientAdmin, { incidentId: inc.a.id })).status).toBe(403);
    expect((await status('get', '/api/time-entries/timer', w.a.manager)).body.timer).toBeNull();
    expect((await status('get', '/api/time-entries/timer', w.b.manager)).body.timer).toEqual(before);
  },
  'POST /api/time-entries/timer/stop': async () => {
    expect((await status('post', '/api/time-entries/timer/stop', w.a.manager, {})).status).toBe(409);
    expect((await status('post', '/api/time-entries/timer/stop', w.a.clientAdmin, {})).status).toBe(403);
    expect((await status('get', '/api/time-entries/timer', w.b.manager)).body.timer).toMatchObject({ incidentId: inc.b.id });
  },
  'DELETE /api/time-entries/timer': async () => {
    expect((await status('delete', '/api/time-entries/timer', w.a.manager)).status).toBe(409);
    expect((await status('delete', '/api/time-entries/timer', w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', '/api/time-entries/timer', w.b.manager)).body.timer).toMatchObject({ incidentId: inc.b.id });
  },
  'GET /api/time-entries/months/:month': async () => {
    expect((await status('get', `/api/time-entries/months/${endedMonth}`, w.b.manager)).body.state).toBe('reopened');
    expect((await status('get', `/api/time-entries/months/${endedMonth}`, w.a.manager)).body.state).toBe('closed');
    expect((await status('get', `/api/time-entries/months/${endedMonth}`, w.a.consultant)).body.state).toBe('closed');
    expect((await status('get', `/api/time-entries/months/${endedMonth}`, w.a.clientAdmin)).status).toBe(403);
  },
  'POST /api/time-entries/months/:month/reopen': async () => {
    const other = (() => {
      const d = new Date();
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 5, 1)).toISOString().slice(0, 7);
    })();
    expect((await status('post', `/api/time-entries/months/${other}/reopen`, w.a.consultant)).status).toBe(403);
    expect((await status('post', `/api/time-entries/months/${other}/reopen`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('post', `/api/time-entries/months/${other}/reopen`, w.a.manager)).status).toBe(200);
    // firm A's reopen is firm A's: firm B's month stays closed
    expect((await status('get', `/api/time-entries/months/${other}`, w.b.manager)).body.state).toBe('closed');
    expect((await status('post', `/api/time-entries/months/${other}/close`, w.a.manager)).status).toBe(200);
  },
  'POST /api/time-entries/months/:month/close': async () => {
    // firm B reopened it, not firm A: nothing of firm A's to close, and firm B's stays reopened
    expect((await status('post', `/api/time-entries/months/${endedMonth}/close`, w.a.manager)).status).toBe(409);
    expect((await status('post', `/api/time-entries/months/${endedMonth}/close`, w.a.consultant)).status).toBe(403);
    expect((await status('post', `/api/time-entries/months/${endedMonth}/close`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/time-entries/months/${endedMonth}`, w.b.manager)).body.state).toBe('reopened');
  },
  'GET /api/time-entries/:id': async () => {
    await expectShow('time-entries', [
      [w.a.manager, te.a, 200], [w.a.manager, te.u, 200], [w.a.manager, te.b, 404],
      [w.a.consultant, te.a, 200], [w.a.consultant, te.u, 404], [w.a.consultant, te.b, 404],
      [w.a.clientAdmin, te.a, 403], [w.a.clientAdmin, te.u, 403], [w.a.clientAdmin, te.b, 403],
    ]);
  },
  'POST /api/time-entries': async () => {
    const before = await ids('time-entries', w.b.manager);
    const body = { date: reportPeriod().today, minutes: 5, activity: 'other' };
    const field = async (s: Session, extra: object, name: string) => {
      const res = await status('post', '/api/time-entries', s, { ...body, ...extra });
      expect({ extra, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ extra, status: 400, fields: [name] });
    };
    await field(w.a.manager, { clientId: w.b.client.id }, 'clientId');
    await field(w.a.consultant, { clientId: w.a.unassigned.id }, 'clientId');
    await field(w.a.manager, { clientId: w.a.assigned.id, incidentId: inc.b.id }, 'incidentId');
    await field(w.a.consultant, { clientId: w.a.assigned.id, incidentId: inc.u.id }, 'incidentId');
    await field(w.a.manager, { clientId: w.a.assigned.id, userId: w.b.consultant.id }, 'userId');
    await field(w.a.manager, { clientId: w.a.assigned.id, firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/time-entries', w.a.clientAdmin, { ...body, clientId: w.a.assigned.id })).status).toBe(403);
    expect(await ids('time-entries', w.b.manager)).toEqual(before);
    expect(await ids('time-entries', w.a.manager, { clientId: w.a.unassigned.id })).toEqual([te.u]);
  },
  'PUT /api/time-entries/:id': async () => {
    expect((await status('put', `/api/time-entries/${te.b}`, w.a.manager, { minutes: 1 })).status).toBe(404);
    expect((await status('put', `/api/time-entries/${te.u}`, w.a.consultant, { minutes: 1 })).status).toBe(404);
    expect((await status('put', `/api/time-entries/${te.a}`, w.a.clientAdmin, { minutes: 1 })).status).toBe(403);
    // an own entry cannot be moved onto another firm's incident or client
    expect((await status('put', `/api/time-entries/${te.a}`, w.a.manager, { incidentId: inc.b.id })).status).toBe(400);
    expect((await status('put', `/api/time-entries/${te.a}`, w.a.manager, { clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/time-entries/${te.b}`, w.b.manager)).body.minutes).toBe(30);
    expect((await status('get', `/api/time-entries/${te.u}`, w.a.manager)).body.minutes).toBe(30);
    expect((await status('get', `/api/time-entries/${te.a}`, w.a.manager)).body).toMatchObject({ minutes: 30, incidentId: inc.a.id, clientId: w.a.assigned.id });
  },
  'DELETE /api/time-entries/:id': async () => {
    expect((await status('delete', `/api/time-entries/${te.b}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/time-entries/${te.u}`, w.a.consultant)).status).toBe(404);
    expect((await status('delete', `/api/time-entries/${te.a}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/time-entries/${te.b}`, w.b.manager)).status).toBe(200);
    expect((await status('get', `/api/time-entries/${te.u}`, w.a.manager)).status).toBe(200);
  },
  'GET /api/attachments': async () => {
    const all = (k: 'a' | 'u' | 'b') => [trn[k].attachmentId, trn[k].incidentAttachmentId];
    await expectList('attachments', w.a.manager, [...all('a'), ...all('u')], all('b'));
    await expectList('attachments', w.a.consultant, all('a'), [...all('u'), ...all('b')]);
    // the client admin: files on their company's trainings only
    await expectList('attachments', w.a.clientAdmin, [trn.a.attachmentId], [trn.a.incidentAttachmentId, ...all('u'), ...all('b')]);
    expect(await ids('attachments', w.a.manager, { entityId: trn.b.id })).toEqual([]);
    expect(await ids('attachments', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
    expect(await ids('attachments', w.a.manager, { removed: true, clientId: w.b.client.id })).toEqual([]);
  },
  'GET /api/attachments/:id': async () => {
    await expectShow('attachments', [
      [w.a.manager, trn.a.attachmentId, 200], [w.a.manager, trn.u.incidentAttachmentId, 200], [w.a.manager, trn.b.attachmentId, 404],
      [w.a.consultant, trn.a.incidentAttachmentId, 200], [w.a.consultant, trn.u.attachmentId, 404], [w.a.consultant, trn.b.incidentAttachmentId, 404],
      [w.a.clientAdmin, trn.a.attachmentId, 200], [w.a.clientAdmin, trn.a.incidentAttachmentId, 404], [w.a.clientAdmin, trn.u.attachmentId, 404],
      [w.a.clientAdmin, trn.b.attachmentId, 404],
    ]);
  },
  'GET /api/attachments/:id/content': async () => {
    const cases: [Session, string, number][] = [
      [w.a.manager, trn.u.attachmentId, 200], [w.a.manager, trn.b.attachmentId, 404], [w.a.manager, trn.b.incidentAttachmentId, 404],
      [w.a.consultant, trn.a.attachmentId, 200], [w.a.consultant, trn.u.incidentAttachmentId, 404], [w.a.consultant, trn.b.attachmentId, 404],
      [w.a.clientAdmin, trn.a.attachmentId, 200], [w.a.clientAdmin, trn.a.incidentAttachmentId, 404], [w.a.clientAdmin, trn.u.attachmentId, 404],
      [w.a.clientAdmin, trn.b.attachmentId, 404],
    ];
    for (const [s, id, code] of cases) {
      const res = await status('get', `/api/attachments/${id}/content`, s);
      expect({ id, got: res.status }).toEqual({ id, got: code });
      if (code === 404) expect(JSON.stringify(res.body ?? {})).not.toContain('content of');
    }
  },
  'POST /api/attachments': async () => {
    const before = await ids('attachments', w.b.manager);
    const refused = async (s: Session, fields: Record<string, string>, name: string) => {
      const res = await uploadAs(s, fields);
      expect({ fields, status: res.status, errors: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ fields, status: 400, errors: [name] });
    };
    await refused(w.a.manager, { entity: 'trainings', entityId: trn.b.id }, 'entityId');
    await refused(w.a.manager, { entity: 'incidents', entityId: inc.b.id }, 'entityId');
    await refused(w.a.manager, { entity: 'communications', entityId: comm.b.draftId }, 'entityId');
    await refused(w.a.manager, { entity: 'evaluations', entityId: ev.b.draftId }, 'entityId');
    await refused(w.a.consultant, { entity: 'trainings', entityId: trn.u.id }, 'entityId');
    await refused(w.a.consultant, { entity: 'incidents', entityId: inc.u.id }, 'entityId');
    await refused(w.a.consultant, { entity: 'communications', entityId: comm.u.draftId }, 'entityId');
    await refused(w.a.consultant, { entity: 'evaluations', entityId: ev.u.draftId }, 'entityId');
    await refused(w.a.manager, { entity: 'trainings', entityId: trn.a.id, clientId: w.b.client.id }, 'clientId');
    await refused(w.a.manager, { entity: 'trainings', entityId: trn.a.id, firmId: w.b.firmId }, 'firmId');
    expect((await uploadAs(w.a.clientAdmin, { entity: 'trainings', entityId: trn.a.id })).status).toBe(403);
    expect(await ids('attachments', w.b.manager)).toEqual(before);
    expect((await ids('attachments', w.a.manager, { clientId: w.a.unassigned.id })).sort()).toEqual([trn.u.attachmentId, trn.u.incidentAttachmentId].sort());
  },
  'DELETE /api/attachments/:id': async () => {
    expect((await status('delete', `/api/attachments/${trn.b.attachmentId}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/attachments/${trn.u.attachmentId}`, w.a.consultant)).status).toBe(404);
    expect((await status('delete', `/api/attachments/${trn.a.attachmentId}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/attachments/${trn.b.attachmentId}`, w.b.manager)).body.removedAt).toBeNull();
    expect((await status('get', `/api/attachments/${trn.u.attachmentId}`, w.a.manager)).body.removedAt).toBeNull();
    expect((await status('get', `/api/attachments/${trn.a.attachmentId}`, w.a.manager)).body.removedAt).toBeNull();
  },
  'GET /api/incidents/:id/report.pdf': async () => {
    const cases: [Session, string, number][] = [
      [w.a.manager, inc.b.id, 404], [w.a.consultant, inc.u.id, 404], [w.a.clientAdmin, inc.u.id, 404], [w.a.clientAdmin, inc.b.id, 404],
      [w.a.clientAdmin, inc.a.id, 200], [w.a.consultant, inc.a.id, 200],
    ];
    for (const [s, id, code] of cases) expect({ id, got: (await status('get', `/api/incidents/${id}/report.pdf`, s)).status }).toEqual({ id, got: code });
  },
  'POST /api/incidents/:id/report': async () => {
    const before = { a: await ids('attachments', w.a.manager), b: await ids('attachments', w.b.manager) };
    expect((await status('post', `/api/incidents/${inc.b.id}/report`, w.a.manager, {})).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.u.id}/report`, w.a.consultant, {})).status).toBe(404);
    expect((await status('post', `/api/incidents/${inc.a.id}/report`, w.a.clientAdmin, {})).status).toBe(403);
    // another firm's or an unassigned client's obligation cannot be linked (400 naming it), and nothing is kept
    for (const [s, obligationId] of [[w.a.manager, inc.b.obligationId], [w.a.consultant, inc.u.obligationId]] as const) {
      const res = await status('post', `/api/incidents/${inc.a.id}/report`, s, { obligationId });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('obligationId');
    }
    expect({ a: await ids('attachments', w.a.manager), b: await ids('attachments', w.b.manager) }).toEqual(before);
    expect((await status('get', `/api/obligations/${inc.b.obligationId}`, w.b.manager)).body.reportAttachmentId).toBeNull();
  },
  'POST /api/obligations/:id/waive': async () => {
    const waive = { reason: 'encrypted at rest, keys not taken', basis: 'pipl_57_2' };
    expect((await status('post', `/api/obligations/${inc.b.waivableId}/waive`, w.a.manager, waive)).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.u.waivableId}/waive`, w.a.consultant, waive)).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.a.waivableId}/waive`, w.a.clientAdmin, waive)).status).toBe(403);
    expect((await status('get', `/api/obligations/${inc.b.waivableId}`, w.b.manager)).body.status).not.toBe('waived');
    expect((await status('get', `/api/obligations/${inc.a.waivableId}`, w.a.manager)).body.status).not.toBe('waived');
  },
  'POST /api/obligations/:id/unwaive': async () => {
    // firm B's obligation, waived by its own manager, stays waived whatever firm A tries
    expect((await status('post', `/api/obligations/${inc.b.waivableId}/waive`, w.b.manager, { reason: 'r', basis: 'pipl_57_2' })).status).toBe(200);
    expect((await status('post', `/api/obligations/${inc.b.waivableId}/unwaive`, w.a.manager, {})).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.u.waivableId}/unwaive`, w.a.consultant, {})).status).toBe(404);
    expect((await status('post', `/api/obligations/${inc.a.waivableId}/unwaive`, w.a.clientAdmin, {})).status).toBe(403);
    expect((await status('get', `/api/obligations/${inc.b.waivableId}`, w.b.manager)).body.status).toBe('waived');
    expect((await status('post', `/api/obligations/${inc.b.waivableId}/unwaive`, w.b.manager, {})).status).toBe(200);
  },
  'GET /api/working-days': async () => {
    const dates = async (s: Session) => (await ids('working-days', s, { builtIn: false }));
    expect(await dates(w.b.manager)).toEqual([firmBDay]);
    expect(await dates(w.a.manager)).toEqual([]);
    expect(await dates(w.a.consultant)).toEqual([]);
    expect((await status('get', '/api/working-days', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/working-days/coverage': async () => {
    expect((await status('get', '/api/working-days/coverage', w.b.manager)).body.years).toContain(2027);
    expect((await status('get', '/api/working-days/coverage', w.a.manager)).body.years).not.toContain(2027);
    expect((await status('get', '/api/working-days/coverage', w.a.clientAdmin)).status).toBe(403);
  },
  'GET /api/working-days/:id': async () => {
    expect((await status('get', `/api/working-days/${firmBDay}`, w.b.manager)).body.builtIn).toBe(false);
    expect((await status('get', `/api/working-days/${firmBDay}`, w.a.manager)).status).toBe(404);
    expect((await status('get', '/api/working-days/2026-10-01', w.a.consultant)).body).toMatchObject({ kind: 'holiday', builtIn: true });
    expect((await status('get', '/api/working-days/2026-10-01', w.a.clientAdmin)).status).toBe(403);
  },
  'POST /api/working-days': async () => {
    const day = { date: '2027-02-01', kind: 'holiday', name: 'x', source: 'y' };
    expect((await status('post', '/api/working-days', w.a.consultant, day)).status).toBe(403);
    expect((await status('post', '/api/working-days', w.a.clientAdmin, day)).status).toBe(403);
    const own = await status('post', '/api/working-days', w.a.manager, day);
    expect(own.status).toBe(201);
    expect(await ids('working-days', w.b.manager, { builtIn: false })).toEqual([firmBDay]);
    expect((await status('delete', '/api/working-days/2027-02-01', w.a.manager)).status).toBe(200);
  },
  'DELETE /api/working-days/:id': async () => {
    expect((await status('delete', `/api/working-days/${firmBDay}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/working-days/${firmBDay}`, w.a.consultant)).status).toBe(403);
    expect((await status('delete', `/api/working-days/${firmBDay}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/working-days/${firmBDay}`, w.b.manager)).status).toBe(200);
  },
  'GET /api/reports/service': async () => {
    const { from, to } = reportPeriod();
    const get = (s: Session, clientIds?: string) => t.api().get('/api/reports/service').query({ from, to, ...(clientIds ? { clientIds } : {}) }).set(s.auth);
    await expectReportScope(get);
    // without a choice: the clients in scope, and only their incidents (every incident here was detected in the period)
    const all = (await get(w.a.manager)).body;
    expect(all.clients.map((c: { id: string }) => c.id).sort()).toEqual([w.a.assigned.id, w.a.unassigned.id].sort());
    expect(all.incidents.opened).toBe(await listedIncidents(w.a.manager));
    for (const s of [w.a.consultant, w.a.clientAdmin]) {
      const r = (await get(s)).body;
      expect(r.clients.map((c: { id: string }) => c.id)).toEqual([w.a.assigned.id]);
      expect(r.incidents.opened).toBe(await listedIncidents(s));
      expect(r.incidents.opened).toBeLessThan(all.incidents.opened);
    }
    expect((await get(w.a.clientAdmin)).body).not.toHaveProperty('workload');
    expect((await get(w.b.manager)).body.clients.map((c: { id: string }) => c.id)).toEqual([w.b.client.id]);
  },
  'GET /api/reports/service/trends': async () => {
    const { from, to } = reportPeriod();
    const get = (s: Session, clientIds?: string) => t.api().get('/api/reports/service/trends').query({ from, to, ...(clientIds ? { clientIds } : {}) }).set(s.auth);
    await expectReportScope(get);
    // without a choice: the clients in scope, and only their incidents (every incident here was detected in the period)
    const opened = (r: { months: { incidents: { opened: number } }[] }) => r.months.reduce((n, m) => n + m.incidents.opened, 0);
    const all = (await get(w.a.manager)).body;
    expect(all.clients.map((c: { id: string }) => c.id).sort()).toEqual([w.a.assigned.id, w.a.unassigned.id].sort());
    expect(opened(all)).toBe(await listedIncidents(w.a.manager));
    for (const s of [w.a.consultant, w.a.clientAdmin]) {
      const r = (await get(s)).body;
      expect(r.clients.map((c: { id: string }) => c.id)).toEqual([w.a.assigned.id]);
      expect(opened(r)).toBe(await listedIncidents(s));
      expect(opened(r)).toBeLessThan(opened(all));
    }
    expect((await get(w.b.manager)).body.clients.map((c: { id: string }) => c.id)).toEqual([w.b.client.id]);
    expect(opened((await get(w.b.manager)).body)).toBe(await listedIncidents(w.b.manager));
  },
  'GET /api/reports/service.csv': async () => {
    const { from, to } = reportPeriod();
    const get = (s: Session, clientIds?: string) => t.api().get('/api/reports/service.csv').query({ from, to, ...(clientIds ? { clientIds } : {}) }).set(s.auth);
    expect((await get(w.a.manager, w.b.client.id)).status).toBe(404);
    expect((await get(w.a.consultant, w.a.unassigned.id)).status).toBe(404);
    expect((await get(w.a.clientAdmin, w.a.unassigned.id)).status).toBe(404);
    const names = (s: string) => ({ assigned: s.includes((w.a.assigned as { name: string }).name), unassigned: s.includes((w.a.unassigned as { name: string }).name) });
    const consultant = await get(w.a.consultant, w.a.assigned.id);
    expect(consultant.status).toBe(200);
    expect(names(consultant.text)).toEqual({ assigned: true, unassigned: false });
  },
  'GET /api/reports/service.pdf': async () => {
    const { from, to } = reportPeriod();
    const get = (s: Session, clientIds: string) => t.api().get('/api/reports/service.pdf').query({ from, to, clientIds }).set(s.auth);
    const cases: [Session, string, number][] = [
      [w.a.manager, w.b.client.id, 404], [w.a.consultant, w.a.unassigned.id, 404], [w.a.clientAdmin, w.a.unassigned.id, 404], [w.a.clientAdmin, w.a.assigned.id, 200],
    ];
    for (const [s, clientIds, code] of cases) expect({ clientIds, got: (await get(s, clientIds)).status }).toEqual({ clientIds, got: code });
  },
  'GET /api/reports': async () => {
    await expectList('reports', w.a.manager, [rep.a, rep.ai, rep.u], [rep.b]);
    await expectList('reports', w.a.consultant, [rep.a, rep.ai], [rep.u, rep.b]);
    // client admins: the client version of their own company only
    await expectList('reports', w.a.clientAdmin, [rep.a], [rep.ai, rep.u, rep.b]);
    expect(await ids('reports', w.a.manager, { clientId: w.b.client.id })).toEqual([]);
    expect(await ids('reports', w.a.consultant, { clientId: w.a.unassigned.id })).toEqual([]);
  },
  'GET /api/reports/:id': async () => {
    await expectShow('reports', [
      [w.a.manager, rep.u, 200], [w.a.manager, rep.b, 404],
      [w.a.consultant, rep.ai, 200], [w.a.consultant, rep.u, 404], [w.a.consultant, rep.b, 404],
      [w.a.clientAdmin, rep.a, 200], [w.a.clientAdmin, rep.ai, 404], [w.a.clientAdmin, rep.u, 404], [w.a.clientAdmin, rep.b, 404],
    ]);
  },
  'GET /api/reports/:id/content': async () => {
    const cases: [Session, string, number][] = [
      [w.a.manager, rep.u, 200], [w.a.manager, rep.b, 404], [w.a.consultant, rep.a, 200], [w.a.consultant, rep.u, 404], [w.a.consultant, rep.b, 404],
      [w.a.clientAdmin, rep.a, 200], [w.a.clientAdmin, rep.ai, 404], [w.a.clientAdmin, rep.b, 404],
    ];
    for (const [s, id, code] of cases) expect({ id, got: (await status('get', `/api/reports/${id}/content`, s)).status }).toEqual({ id, got: code });
  },
  'POST /api/reports': async () => {
    const before = await ids('reports', w.b.manager);
    const { month } = reportPeriod();
    const field = async (s: Session, body: object, name: string) => {
      const res = await status('post', '/api/reports', s, { period: month, ...body });
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: [name] });
    };
    await field(w.a.manager, { clientIds: [w.b.client.id] }, 'clientIds');
    await field(w.a.consultant, { clientIds: [w.a.unassigned.id] }, 'clientIds');
    await field(w.a.manager, { clientIds: [w.a.assigned.id], firmId: w.b.firmId }, 'firmId');
    expect((await status('post', '/api/reports', w.a.clientAdmin, { period: month })).status).toBe(403);
    expect(await ids('reports', w.b.manager)).toEqual(before);
    // a consultant's report without a choice covers their assigned client only
    const own = await status('post', '/api/reports', w.a.consultant, { period: month });
    expect(own.status).toBe(201);
    expect(own.body.clientIds).toEqual([w.a.assigned.id]);
    expect(own.body.size).toBeGreaterThan(0);
  },
  'GET /api/notifications': async () => {
    await expectList('notifications', w.a.manager, [nt.a!], [nt.b!, nt.consultantA!]);
    await expectList('notifications', w.a.consultant, [nt.consultantA!], [nt.a!, nt.b!]);
    await expectList('notifications', w.a.clientAdmin, [], [nt.a!, nt.b!, nt.consultantA!]);
  },
  'GET /api/notifications/:id': async () => {
    await expectShow('notifications', [
      [w.a.manager, nt.a!, 200], [w.a.manager, nt.b!, 404], [w.a.manager, nt.consultantA!, 404],
      [w.a.consultant, nt.a!, 404], [w.a.clientAdmin, nt.a!, 404], [w.b.manager, nt.a!, 404], [w.b.manager, nt.b!, 200],
    ]);
  },
  'POST /api/notifications/:id/read': async () => {
    for (const [s, id] of [[w.a.manager, nt.b], [w.a.consultant, nt.a], [w.a.clientAdmin, nt.consultantA]] as [Session, string][]) {
      expect((await status('post', `/api/notifications/${id}/read`, s)).status).toBe(404);
    }
    expect((await status('get', `/api/notifications/${nt.b}`, w.b.manager)).body.readAt).toBeNull();
    expect((await status('get', `/api/notifications/${nt.a}`, w.a.manager)).body.readAt).toBeNull();
  },
  'POST /api/notifications/read-all': async () => {
    // firm A's consultant reads all of theirs: nobody else's changes
    expect((await status('post', '/api/notifications/read-all', w.a.consultant)).body.read).toBeGreaterThanOrEqual(1);
    expect((await status('get', `/api/notifications/${nt.a}`, w.a.manager)).body.readAt).toBeNull();
    expect((await status('get', `/api/notifications/${nt.b}`, w.b.manager)).body.readAt).toBeNull();
    expect((await status('get', `/api/notifications/${nt.consultantA}`, w.a.consultant)).body.readAt).not.toBeNull();
  },
  'GET /api/notification-preferences': async () => {
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/notification-preferences', s)).status).toBe(200);
    expect((await status('get', '/api/notification-preferences', w.a.clientAdmin)).body.preferences.map((p: { kind: string }) => p.kind)).toEqual(['client_update']);
  },
  'PUT /api/notification-preferences': async () => {
    const before = (await status('get', '/api/notification-preferences', w.b.manager)).body;
    // nobody sets another firm's or another user's preferences through a body
    for (const extra of [{ firmId: w.b.firmId }, { userId: w.b.manager.user.id }]) {
      const res = await status('put', '/api/notification-preferences', w.a.manager, { preferences: [{ kind: 'task_assigned', email: false }], ...extra });
      expect({ status: res.status, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: Object.keys(extra) });
    }
    expect((await status('put', '/api/notification-preferences', w.a.manager, { preferences: [{ kind: 'task_assigned', email: false }] })).status).toBe(200);
    expect((await status('get', '/api/notification-preferences', w.b.manager)).body).toEqual(before);
    expect((await status('get', '/api/notification-preferences', w.a.consultant)).body.preferences.find((p: { kind: string }) => p.kind === 'task_assigned').email).toBe(true);
  },
  'GET /api/notification-settings': async () => {
    expect((await status('get', '/api/notification-settings', w.a.manager)).body.alerting).toMatchObject({ halfWindow: true, acknowledgeMinutes: expect.any(Number) });
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/notification-settings', s)).status).toBe(403);
  },
  'PUT /api/notification-settings': async () => {
    const before = (await status('get', '/api/notification-settings', w.b.manager)).body;
    // a firm's manager sets their own firm's only: a body naming another firm is refused, the other firm unchanged
    const res = await status('put', '/api/notification-settings', w.a.manager, { alerting: { acknowledgeMinutes: 45 }, firmId: w.b.firmId });
    expect({ status: res.status, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: ['firmId'] });
    expect((await status('put', '/api/notification-settings', w.a.manager, { alerting: { acknowledgeMinutes: 45 } })).body.alerting.acknowledgeMinutes).toBe(45);
    expect((await status('get', '/api/notification-settings', w.b.manager)).body).toEqual(before);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('put', '/api/notification-settings', s, { alerting: { acknowledgeMinutes: 5 } })).status).toBe(403);
  },
  'GET /api/notification-channels': async () => {
    await expectList('notification-channels', w.a.manager, [ch.a!], [ch.b!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/notification-channels', s)).status).toBe(403);
  },
  'GET /api/notification-channels/:id': async () => {
    await expectShow('notification-channels', [[w.a.manager, ch.a!, 200], [w.a.manager, ch.b!, 404], [w.a.consultant, ch.a!, 403], [w.a.clientAdmin, ch.a!, 403]]);
  },
  'POST /api/notification-channels': async () => {
    const before = await ids('notification-channels', w.b.manager);
    const body = { name: 'x', kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 'a-secret-of-sixteen-chars' };
    const cross = await status('post', '/api/notification-channels', w.a.manager, { ...body, clientIds: [w.b.client.id] });
    expect({ status: cross.status, fields: cross.body.errors.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: ['clientIds[0]'] });
    expect((await status('post', '/api/notification-channels', w.a.manager, { ...body, firmId: w.b.firmId })).status).toBe(400);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('post', '/api/notification-channels', s, body)).status).toBe(403);
    expect(await ids('notification-channels', w.b.manager)).toEqual(before);
  },
  'PUT /api/notification-channels/:id': async () => {
    expect((await status('put', `/api/notification-channels/${ch.b}`, w.a.manager, { active: false })).status).toBe(404);
    expect((await status('put', `/api/notification-channels/${ch.a}`, w.a.consultant, { active: false })).status).toBe(403);
    expect((await status('get', `/api/notification-channels/${ch.b}`, w.b.manager)).body.active).toBe(true);
  },
  'DELETE /api/notification-channels/:id': async () => {
    expect((await status('delete', `/api/notification-channels/${ch.b}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/notification-channels/${ch.a}`, w.a.consultant)).status).toBe(403);
    expect((await status('get', `/api/notification-channels/${ch.b}`, w.b.manager)).status).toBe(200);
  },
  'POST /api/notification-channels/:id/test': async () => {
    const before = await ids('notification-deliveries', w.b.manager);
    expect((await status('post', `/api/notification-channels/${ch.b}/test`, w.a.manager)).status).toBe(404);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('post', `/api/notification-channels/${ch.a}/test`, s)).status).toBe(403);
    expect(await ids('notification-deliveries', w.b.manager)).toEqual(before);
  },
  'GET /api/notification-deliveries': async () => {
    await expectList('notification-deliveries', w.a.manager, [dl.a!], [dl.b!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/notification-deliveries', s)).status).toBe(403);
  },
  'GET /api/notification-deliveries/:id': async () => {
    await expectShow('notification-deliveries', [[w.a.manager, dl.a!, 200], [w.a.manager, dl.b!, 404], [w.a.consultant, dl.a!, 403], [w.b.manager, dl.a!, 404]]);
  },
  'DELETE /api/reports/:id': async () => {
    expect((await status('delete', `/api/reports/${rep.b}`, w.a.manager)).status).toBe(404);
    expect((await status('delete', `/api/reports/${rep.a}`, w.a.consultant)).status).toBe(403);
    expect((await status('delete', `/api/reports/${rep.a}`, w.a.clientAdmin)).status).toBe(403);
    expect((await status('get', `/api/reports/${rep.b}`, w.b.manager)).status).toBe(200);
    expect((await status('get', `/api/reports/${rep.a}`, w.a.manager)).status).toBe(200);
  },

  'GET /api/search': async () => {
    const search = async (s: Session, q: string) => {
      const res = await status('get', `/api/search?q=${encodeURIComponent(q)}&limit=20`, s);
      expect(res.status).toBe(200);
      return res.body as { incidents: { id: string }[]; clients: { id: string }[]; communications: { id: string }[] };
    };
    const found = (r: Awaited<ReturnType<typeof search>>) => ({
      incidents: r.incidents.map((x) => x.id), clients: r.clients.map((x) => x.id), communications: r.communications.map((x) => x.id),
    });
    const nothing = { incidents: [], clients: [], communications: [] };
    // by title: each role finds what it may list, never firm B's
    const byTitle = found(await search(w.a.manager, 'Leak'));
    expect(byTitle.incidents).toEqual(expect.arrayContaining([inc.a.id, inc.u.id]));
    expect(byTitle.incidents).not.toContain(inc.b.id);
    expect(found(await search(w.a.consultant, 'Leak')).incidents).toEqual([inc.a.id]);
    expect(found(await search(w.a.clientAdmin, 'Leak')).incidents).toEqual([inc.a.id]);
    // by client name: the client, its incidents and communications
    const byName = found(await search(w.a.consultant, (w.a.assigned as { name: string }).name));
    expect(byName.clients).toEqual([w.a.assigned.id]);
    expect(byName.incidents).toContain(inc.a.id);
    expect(byName.communications).toEqual(expect.arrayContaining([comm.a.draftId, comm.a.sentId]));
    // a client admin: only the communications shown to the client (the sent one, not the draft)
    const portal = found(await search(w.a.clientAdmin, (w.a.assigned as { name: string }).name));
    expect(portal.communications).toContain(comm.a.sentId);
    expect(portal.communications).not.toContain(comm.a.draftId);
    // another firm's client, an unassigned client: nothing at all
    const bName = (await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).body.name as string;
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) expect(found(await search(s, bName))).toEqual(nothing);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect(found(await search(s, (w.a.unassigned as { name: string }).name))).toEqual(nothing);
    // by subject: firm B's communications never
    const bySubject = found(await search(w.a.manager, 'sent'));
    expect(bySubject.communications).toEqual(expect.arrayContaining([comm.a.sentId, comm.u.sentId]));
    expect(bySubject.communications).not.toContain(comm.b.sentId);
    // no text: 400 naming it
    const bad = await status('get', '/api/search', w.a.manager);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('q');
  },

  // the operator's firms (issue 20): operators only; firm roles 403. Changes of state on firms of their own (firm A and
  // B stay as they are for the rest of the matrix)
  'GET /api/firms': async () => {
    const listed = (await status('get', `/api/firms?${new URLSearchParams(listQuery({ range: [0, 999] }))}`, op)).body.map((x: { id: string }) => x.id);
    expect(listed).toEqual(expect.arrayContaining([w.a.firmId, w.b.firmId]));
    expect(listed).not.toContain(PLATFORM_FIRM_ID);
    for (const s of firmRoles()) expect((await status('get', '/api/firms', s)).status).toBe(403);
  },
  'GET /api/firms/:id': async () => {
    const res = await status('get', `/api/firms/${w.a.firmId}`, op);
    expect(res.status).toBe(200);
    // counts, never records
    expect(JSON.stringify(res.body)).not.toContain(w.a.assigned.id);
    expect((await status('get', `/api/firms/${PLATFORM_FIRM_ID}`, op)).status).toBe(404);
    for (const s of firmRoles()) for (const id of [w.a.firmId, w.b.firmId]) expect((await status('get', `/api/firms/${id}`, s)).status).toBe(403);
  },
  'POST /api/firms': async () => {
    const body = { name: 'x', creditCode: '91350100M000100Y43', timeZone: 'Asia/Shanghai', locale: 'en', managerEmail: `m-${randomUUID().slice(0, 6)}@x.test`, managerName: 'M' };
    for (const s of firmRoles()) expect((await status('post', '/api/firms', s, body)).status).toBe(403);
    // no firm's id in a body reaches anything: unknown fields are refused
    expect((await status('post', '/api/firms', op, { ...body, firmId: w.b.firmId })).status).toBe(400);
  },
  'POST /api/firms/:id/suspend': async () => {
    const spare = await makeFirm(t, 'Spare');
    for (const s of firmRoles()) expect((await status('post', `/api/firms/${spare.firmId}/suspend`, s, {})).status).toBe(403);
    expect((await status('post', `/api/firms/${PLATFORM_FIRM_ID}/suspend`, op, {})).status).toBe(404);
    expect((await status('post', `/api/firms/${spare.firmId}/suspend`, op, {})).status).toBe(200);
    expect((await status('get', '/api/auth/me', spare.manager)).status).toBe(401);
    expect((await status('get', '/api/auth/me', w.b.manager)).status).toBe(200);
  },
  'POST /api/firms/:id/reactivate': async () => {
    const spare = await makeFirm(t, 'Spare');
    expect((await status('post', `/api/firms/${spare.firmId}/suspend`, op, {})).status).toBe(200);
    for (const s of firmRoles()) expect((await status('post', `/api/firms/${spare.firmId}/reactivate`, s, {})).status).toBe(403);
    expect((await status('post', `/api/firms/${PLATFORM_FIRM_ID}/reactivate`, op, {})).status).toBe(404);
    expect((await status('post', `/api/firms/${spare.firmId}/reactivate`, op, {})).status).toBe(200);
  },
  'POST /api/firms/:id/export': async () => {
    for (const s of firmRoles()) for (const id of [w.a.firmId, w.b.firmId]) expect((await status('post', `/api/firms/${id}/export`, s, {})).status).toBe(403);
    expect((await status('post', `/api/firms/${PLATFORM_FIRM_ID}/export`, op, {})).status).toBe(404);
  },
  'DELETE /api/firms/:id': async () => {
    const spare = await makeFirm(t, 'Spare');
    expect((await status('post', `/api/firms/${spare.firmId}/suspend`, op, {})).status).toBe(200);
    for (const s of firmRoles()) expect((await status('delete', `/api/firms/${spare.firmId}`, s)).status).toBe(403);
    expect((await status('delete', `/api/firms/${PLATFORM_FIRM_ID}`, op)).status).toBe(404);
    expect((await status('delete', `/api/firms/${w.b.firmId}`, op)).status).toBe(409);
    expect((await status('delete', `/api/firms/${spare.firmId}`, op)).status).toBe(200);
    expect((await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).status).toBe(200);
  },
};

beforeAll(async () => {
  t = await startApp({
    // channels to a closed port on 127.0.0.1 (their tests are refused at once)
    env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true' },
    onFastify: (f) =>
      f.addHook('onRoute', (r: { method: string | string[]; url: string }) => {
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          if (m !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) registered.push(`${m} ${r.url}`);
        }
      }),
  });
  w = await makeWorld(t);
  op = await makeOperator(t);
  const asg = await status('post', '/api/assignments', w.b.manager, { consultantId: w.b.consultant.id, clientId: w.b.client.id });
  b.assignmentId = asg.body.id;
  b.auditId = (await ids('audit-logs', w.b.manager))[0];
  expect((await status('post', '/api/working-days', w.b.manager, { date: firmBDay, kind: 'holiday', name: '元旦', source: 'firm B' })).status).toBe(201);
  await incidentWorld('a', w.a.consultant, w.a.assigned.id);
  await incidentWorld('u', w.a.manager, w.a.unassigned.id);
  await incidentWorld('b', w.b.manager, w.b.client.id);
  pb.a = (await status('post', '/api/playbooks', w.a.manager, { name: { 'zh-CN': '甲', en: 'A' }, tasks: [] })).body.id;
  pb.b = (await status('post', '/api/playbooks', w.b.manager, { name: { 'zh-CN': '乙', en: 'B' }, tasks: [] })).body.id;
  const manager2 = await createUser(t, w.a.manager, w.a.slug, { role: 'manager' });
  const consultantB = await login(t, (w.b.consultant as { id: string; email?: string }).email!);
  await commWorld('a', w.a.consultant, w.a.manager);
  await commWorld('u', w.a.manager, await login(t, manager2.email));
  await commWorld('b', w.b.manager, consultantB);
  const template = { audience: 'client', channel: 'email', subject: { 'zh-CN': '{{incident.reference}}', en: '{{incident.reference}}' }, body: { 'zh-CN': '正文', en: 'Body' } };
  tpl.a = (await status('post', '/api/communication-templates', w.a.manager, { ...template, name: { 'zh-CN': '甲', en: 'A' } })).body.id;
  tpl.b = (await status('post', '/api/communication-templates', w.b.manager, { ...template, name: { 'zh-CN': '乙', en: 'B' } })).body.id;
  await evaluationWorld('a', w.a.consultant);
  await evaluationWorld('u', w.a.manager);
  await evaluationWorld('b', w.b.manager);
  etpl.a = (await ids('evaluation-templates', w.a.manager, { type: 'security_assessment' }))[0];
  etpl.b = (await ids('evaluation-templates', w.b.manager, { type: 'security_assessment' }))[0];
  await firmIncidentWorld('a', w.a.manager, [w.a.assigned.id, w.a.unassigned.id]);
  await firmIncidentWorld('u', w.a.manager, [w.a.unassigned.id]);
  await firmIncidentWorld('b', w.b.manager, [w.b.client.id]);
  await trainingWorld('a', w.a.consultant, w.a.assigned.id);
  await trainingWorld('u', w.a.manager, w.a.unassigned.id);
  await trainingWorld('b', w.b.manager, w.b.client.id);
  await timeWorld('a', w.a.consultant, w.a.assigned.id);
  await timeWorld('u', w.a.manager, w.a.unassigned.id);
  await timeWorld('b', w.b.manager, w.b.client.id);
  expect((await status('post', '/api/time-entries/timer', w.b.manager, { incidentId: inc.b.id })).status).toBe(201);
  expect((await status('post', `/api/time-entries/months/${endedMonth}/reopen`, w.b.manager)).status).toBe(200);
  const { month } = reportPeriod();
  const stored = async (s: Session, body: object) => {
    const res = await status('post', '/api/reports', s, { period: month, ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  rep.a = await stored(w.a.manager, { clientIds: [w.a.assigned.id], version: 'client' });
  rep.ai = await stored(w.a.manager, { clientIds: [w.a.assigned.id] });
  rep.u = await stored(w.a.manager, { clientIds: [w.a.unassigned.id] });
  rep.b = await stored(w.b.manager, { clientIds: [w.b.client.id] });
  // notifications: a major incident in each firm (told to its managers), a task assigned to firm A's consultant (each from its own request)
  await gradeMajor(t, w.a.consultant, inc.a.id);
  await gradeMajor(t, consultantB, inc.b.id);
  expect((await status('put', `/api/tasks/${inc.a.taskId}`, w.a.manager, { assigneeId: w.a.consultant.user.id })).status).toBe(200);
  const first = async (s: Session, filter: Record<string, unknown>) => (await ids('notifications', s, filter))[0];
  nt.a = await first(w.a.manager, { incidentId: inc.a.id });
  nt.b = await first(w.b.manager, { incidentId: inc.b.id });
  nt.consultantA = await first(w.a.consultant, { kind: 'task_assigned' });
  for (const [k, m] of [['a', w.a.manager], ['b', w.b.manager]] as ['a' | 'b', Session][]) {
    const c = await status('post', '/api/notification-channels', m, { name: `hook ${k}`, kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 'a-secret-of-sixteen-chars' });
    expect(c.status).toBe(201);
    ch[k] = c.body.id;
    dl[k] = (await status('post', `/api/notification-channels/${c.body.id}/test`, m)).body.delivery.id;
  }
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

  it('the operator reaches no firm\'s record on any route: every route of a firm\'s resources refuses them, and writes nothing', async () => {
    const { rows: before } = await auditCounts();
    // a record of firm A for every path parameter; bodies empty (a 400 before the access check writes nothing either)
    const ids = [w.a.firmId, w.a.assigned.id, inc.a.id, comm.a.sentId, ev.a.finalId, trn.a.id, trn.a.attachmentId, rep.a];
    const own = (route: string) => /^\w+ \/api\/(firms|auth|health|sessions)\b/.test(route);
    const checked: string[] = [];
    for (const route of registered.filter((r) => !own(r))) {
      const [method, path] = route.split(' ');
      const url = path.replace(/:\w+/g, inc.a.id);
      const m = method.toLowerCase() as 'get' | 'put' | 'delete' | 'post';
      const res = await status(m, url, op, m === 'get' || m === 'delete' ? undefined : {});
      expect({ route, status: res.status, refused: [400, 403, 404].includes(res.status) }).toEqual({ route, status: res.status, refused: true });
      const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
      for (const id of ids) expect({ route, leaks: text.includes(id) }).toEqual({ route, leaks: false });
      checked.push(route);
    }
    expect(checked.length).toBeGreaterThan(80);
    expect((await auditCounts()).rows).toEqual(before);
  });
});

/** Each firm's count of audit rows (any write would add one). */
async function auditCounts() {
  const sup = await connect('super');
  try {
    return await sup.query(`select firm_id, count(*)::int as n from audit_logs where firm_id = any($1) group by firm_id order by firm_id`, [[w.a.firmId, w.b.firmId]]);
  } finally {
    await sup.end();
  }
}
