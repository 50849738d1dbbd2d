import { pdfText, squash } from '../support/pdf';
import { createHash, randomUUID } from 'node:crypto';
import type { Client as Pg } from 'pg';
import { todayIn, addDays, type ServiceReport, type ServiceReportTrends } from '@incident-desk/shared';
import { connect } from '../support/db';
import { ok, createClient, createUser, listQuery, login, makeFirm, reportEnv, startApp, type Session, type TestApp } from '../support/app';

/**
 * Service reports on a small hand-made data set in a firm of its own. The data are made through the API (clients,
 * users, assignments, incidents, tasks, communications, trainings, evaluations, actions); what the API cannot
 * backdate (the incidents' phase timestamps, sending times, creation and completion times, the obligations' clocks)
 * is set directly through a superuser connection, and every expected figure below is worked out by hand.
 *
 * The period is January and February 2024 in the firm's time zone (Asia/Shanghai, UTC+8): the instants
 * [2023-12-31T16:00Z, 2024-02-29T16:00Z). Being in the past, nothing in it depends on when the test runs.
 *
 * Clients: A (CII operator; consultant K1, client admin CA), B (other operator; K1), C (state organ; K2).
 * Incidents (times UTC; d = detected, r = reported, ack, cont = contained, res = resolved, closed):
 *   A1 d 01-05 02:00 r 02:30 ack 03:30 cont 08:00 res 01-06 02:00 closed 01-10  closed  general / malware / external  lead K1
 *   A2 d 01-31 17:00 (= 02-01 01:00 in Shanghai: a February incident) r 17:30 ack 19:30 cont 02-01 05:00
 *                                                                              recovering  rel. major / data sec. / internal  K1
 *   A3 d 2023-12-20, res 01-14, closed 01-15                                    closed  major / network attack / external       K1
 *   A4 d 02-10 02:00 r 02:30 ack 04:00 closed(dismissed) 06:00                  dismissed  — / — / —                              K1
 *   A5 d 03-05 (after the period)                                               triage  general                                  K1
 *   A6 d 2023-11-01, closed 03-10 (after the period: open at its end)           closed  general / other / unknown                K1
 *   B1 d 01-20 02:00 r 03:00 ack 07:00 cont 01-21 02:00 res 01-23 02:00 closed 02-05  closed  general / malware / human error  K1
 *   B2 d 02-20 02:00 r 02:10 (not acknowledged)                                 reported   — / — / —                              —
 *   C1 d 01-08 02:00 r 02:30 ack 02:45 cont 12:00 res 01-09 02:00 closed 01-20  closed  esp. major / equipment / vulnerability K2
 * A second firm has an incident, a training and an evaluation in the same period: none of it may count.
 */
let t: TestApp;
let sup: Pg;
let mgr: Session;
let k1: Session;
let k2: Session;
let ca: Session;
let other: Session;
let firmId: string;
const c: Record<'A' | 'B' | 'C' | 'G', string> = {} as any;
const inc: Record<string, string> = {};
const user: Record<'k1' | 'k2', string> = {} as any;
const FROM = '2024-01-01';
const TO = '2024-02-29';

const post = (s: Session, path: string, body: object) => t.api().post(path).set(s.auth).send(body);
const put = (s: Session, path: string, body: object) => t.api().put(path).set(s.auth).send(body);

function report(s: Session, params: Record<string, string>, ext = '') {
  return t.api().get(`/api/reports/service${ext}`).query(params).set(s.auth);
}

async function json(s: Session, params: Record<string, string> = {}): Promise<ServiceReport> {
  return ok(report(s, { from: FROM, to: TO, lang: 'en', ...params }), [200]);
}

/** A binary body as a Buffer. */
function binary(res: any, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function download(path: string, s: Session, params: Record<string, string> = {}) {
  return t.api().get(path).query(params).set(s.auth).buffer(true).parse(binary);
}

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) throw new Error('the last record has no CRLF');
  return rows;
}

/** The rows of a CSV section: after its title line and its column headings, up to the empty line. */
function csvSection(rows: string[][], title: string): { head: string[]; rows: string[][] } {
  const start = rows.findIndex((r) => r[0] === title && r.slice(1).every((x) => x === ''));
  if (start < 0) throw new Error(`no section ${title}`);
  const out: string[][] = [];
  for (let k = start + 2; k < rows.length && rows[k].some((x) => x !== ''); k++) out.push(rows[k]);
  const width = rows[start + 1].findLastIndex((x) => x !== '') + 1;
  return { head: rows[start + 1].slice(0, width), rows: out.map((r) => r.slice(0, width)) };
}


beforeAll(async () => {
  t = await startApp({ env: reportEnv() });
  sup = await connect('super');
  const f = await makeFirm(t, 'Report Firm');
  firmId = f.firmId;
  mgr = f.manager;
  // a client name with a comma and quotes: the CSV must quote it
  c.A = (await createClient(t, mgr, { name: 'Alpha 甲方科技', operatorType: 'cii' })).id;
  c.B = (await createClient(t, mgr, { name: 'Beta 乙方数据, "Ltd"', operatorType: 'other' })).id;
  c.C = (await createClient(t, mgr, { name: 'Gamma 丙方机关', operatorType: 'state_organ' })).id;
  const u1 = await createUser(t, mgr, f.slug, { role: 'consultant', name: 'Alice Chen' });
  const u2 = await createUser(t, mgr, f.slug, { role: 'consultant', name: 'Bob Lin' });
  const u3 = await createUser(t, mgr, f.slug, { role: 'client_admin', clientId: c.A, name: 'Carol Admin' });
  user.k1 = u1.id;
  user.k2 = u2.id;
  for (const [consultantId, clientId] of [[u1.id, c.A], [u1.id, c.B], [u2.id, c.C]]) await ok(post(mgr, '/api/assignments', { consultantId, clientId }));
  k1 = await login(t, u1.email);
  k2 = await login(t, u2.email);
  ca = await login(t, u3.email);

  // incidents, through the API; then their phases and timestamps as they happened
  type Spec = [string, 'A' | 'B' | 'C', string, string, string | null, string | null, string | null, string | null, string, string | null, string | null, string | null, 'k1' | 'k2' | null];
  const specs: Spec[] = [
    // key, client, detected, reported, acknowledged, contained, resolved, closed, status, grade, category, nature, lead
    ['A1', 'A', '2024-01-05T02:00Z', '2024-01-05T02:30Z', '2024-01-05T03:30Z', '2024-01-05T08:00Z', '2024-01-06T02:00Z', '2024-01-10T02:00Z', 'closed', 'general', 'malware', 'external_attack', 'k1'],
    ['A2', 'A', '2024-01-31T17:00Z', '2024-01-31T17:30Z', '2024-01-31T19:30Z', '2024-02-01T05:00Z', null, null, 'recovering', 'relatively_major', 'data_security', 'internal_attack', 'k1'],
    ['A3', 'A', '2023-12-20T02:00Z', '2023-12-20T03:00Z', '2023-12-20T04:00Z', '2023-12-21T02:00Z', '2024-01-14T02:00Z', '2024-01-15T02:00Z', 'closed', 'major', 'network_attack', 'external_attack', 'k1'],
    ['A4', 'A', '2024-02-10T02:00Z', '2024-02-10T02:30Z', '2024-02-10T04:00Z', null, null, '2024-02-10T06:00Z', 'dismissed', null, null, null, 'k1'],
    ['A5', 'A', '2024-03-05T02:00Z', '2024-03-05T02:30Z', '2024-03-05T03:00Z', null, null, null, 'triage', 'general', 'malware', 'external_attack', 'k1'],
    ['A6', 'A', '2023-11-01T02:00Z', '2023-11-01T03:00Z', '2023-11-01T04:00Z', '2023-11-02T02:00Z', '2024-03-01T02:00Z', '2024-03-10T02:00Z', 'closed', 'general', 'other', 'unknown', 'k1'],
    ['B1', 'B', '2024-01-20T02:00Z', '2024-01-20T03:00Z', '2024-01-20T07:00Z', '2024-01-21T02:00Z', '2024-01-23T02:00Z', '2024-02-05T02:00Z', 'closed', 'general', 'malware', 'human_error', 'k1'],
    ['B2', 'B', '2024-02-20T02:00Z', '2024-02-20T02:10Z', null, null, null, null, 'reported', null, null, null, null],
    ['C1', 'C', '2024-01-08T02:00Z', '2024-01-08T02:30Z', '2024-01-08T02:45Z', '2024-01-08T12:00Z', '2024-01-09T02:00Z', '2024-01-20T02:00Z', 'closed', 'especially_major', 'equipment_facility_failure', 'system_vulnerability', 'k2'],
  ];
  for (const [key, client, detected] of specs) {
    inc[key] = (await ok(post(mgr, '/api/incidents', { clientId: c[client], title: `Incident ${key}`, detectedAt: detected }))).id;
  }
  // tasks completed by the consultants (workload): two on A1 by K1 and one on C1 by K2 in the period, one on B1 by K1 today
  const tasksOf = async (key: string) => ok<{ id: string }[]>(t.api().get('/api/tasks').query(listQuery({ filter: { incidentId: inc[key] }, range: [0, 9] })).set(mgr.auth));
  const [a1t1, a1t2] = await tasksOf('A1');
  const [c1t] = await tasksOf('C1');
  const [b1t] = await tasksOf('B1');
  for (const [s, id] of [[k1, a1t1.id], [k1, a1t2.id], [k2, c1t.id], [k1, b1t.id]] as [Session, string][]) await ok(put(s, `/api/tasks/${id}`, { status: 'done' }));
  await sup.query(`update tasks set done_at = '2024-01-05T04:00Z' where firm_id = $1 and id = any($2)`, [firmId, [a1t1.id, a1t2.id]]);
  await sup.query(`update tasks set done_at = '2024-01-08T05:00Z' where firm_id = $1 and id = $2`, [firmId, c1t.id]);

  // communications: M1 client (sent 01-05), M2 regulator (sent 01-31), M3 client inbound (received 02-02), M4 internal (B, sent 01-21),
  // M5 regulator (C, sent 01-08 by K2), M6 a draft, M7 sent after the period
  const send = async (author: Session, body: object, sentAt: string) => {
    const m = await ok(post(author, '/api/communications', { channel: 'email', ...body }));
    await ok(post(author, `/api/communications/${m.id}/transition`, { to: 'in_review' }));
    await ok(post(mgr, `/api/communications/${m.id}/transition`, { to: 'approved' }));
    await ok(post(author, `/api/communications/${m.id}/transition`, { to: 'sent' }));
    await sup.query(`update communications set sent_at = $3 where firm_id = $1 and id = $2`, [firmId, m.id, sentAt]);
  };
  await send(k1, { incidentId: inc.A1, audience: 'client', subject: 'M1', clientVisible: true }, '2024-01-05T05:00Z');
  await send(k1, { incidentId: inc.A2, audience: 'regulator', channel: 'letter', subject: 'M2', clientVisible: false }, '2024-01-31T17:45Z');
  await ok(post(k1, '/api/communications', {
    incidentId: inc.A2, direction: 'inbound', audience: 'client', channel: 'phone', subject: 'M3', clientVisible: true, receivedAt: '2024-02-02T03:00:00Z',
  }));
  await send(k1, { incidentId: inc.B1, audience: 'internal', channel: 'meeting', subject: 'M4', clientVisible: false }, '2024-01-21T00:00Z');
  await send(k2, { incidentId: inc.C1, audience: 'regulator', channel: 'letter', subject: 'M5', clientVisible: false }, '2024-01-08T03:00Z');
  await ok(post(k1, '/api/communications', { incidentId: inc.A1, audience: 'client', channel: 'email', subject: 'M6 draft', clientVisible: true }));
  await send(k1, { incidentId: inc.A1, audience: 'client', subject: 'M7', clientVisible: true }, '2024-03-02T02:00Z');

  // trainings (completed ones dated in the period count; T6 is planned, T7 after the period)
  const training = (client: 'A' | 'B' | 'C', body: object) => ok(post(mgr, '/api/trainings', { clientId: c[client], status: 'completed', ...body }));
  await training('A', {
    type: 'security_awareness', title: 'T1', date: '2024-01-15', passMark: 60,
    participants: [{ name: 'p1', attended: true, score: 80 }, { name: 'p2', attended: true, score: 50 }, { name: 'p3', attended: false }, { name: 'p4', attended: true }],
  });
  await training('A', { type: 'emergency_drill', title: 'T2', date: '2024-02-10', reportMinutes: 50, participants: [{ name: 'q1', attended: true, passed: true }, { name: 'q2', attended: true, passed: false }] });
  await training('B', { type: 'tabletop_exercise', title: 'T3', date: '2024-01-25', reportMinutes: 300, participants: [{ name: 'r1', attended: true }] });
  await training('B', { type: 'emergency_drill', title: 'T4', date: '2024-02-15', participants: [] });
  await training('C', { type: 'emergency_drill', title: 'T5', date: '2024-01-30', reportMinutes: 100, passMark: 60, participants: [{ name: 's1', attended: true, score: 90 }] });
  await training('A', { type: 'security_awareness', title: 'T6', date: '2024-02-20', status: 'planned', participants: [{ name: 'x', attended: false }] });
  await training('A', { type: 'technical', title: 'T7', date: '2024-03-01', participants: [{ name: 'y', attended: true }] });

  // evaluations on a 0..5 scale, one criterion: overall score = score / 5 × 100
  const evaluation = async (client: 'A' | 'B' | 'C', type: string, date: string, score: number, finalize: boolean | null) => {
    const e = await ok(post(mgr, '/api/evaluations', { clientId: c[client], type, date, criteria: [{ name: 'overall', weight: 1, score }] }));
    if (finalize !== null) await ok(post(mgr, `/api/evaluations/${e.id}/finalize`, { sharedWithClient: finalize }));
    return e.id as string;
  };
  const e1 = await evaluation('A', 'security_assessment', '2024-01-20', 4, true); // 80, shared
  const e2 = await evaluation('A', 'post_incident_review', '2024-02-05', 3, false); // 60, not shared
  await evaluation('B', 'security_assessment', '2024-02-10', 5, true); // 100
  await evaluation('A', 'customer_feedback', '2024-01-25', 2, null); // a draft
  await evaluation('C', 'post_incident_review', '2024-01-22', 2.5, false); // 50
  // E6: version 1 (20, shared) is replaced by version 2 (60, shared): only the latest final version counts
  const e6 = await evaluation('A', 'security_assessment', '2024-01-10', 1, true);
  const v2 = await ok(post(mgr, `/api/evaluations/${e6}/new-version`, {}));
  await ok(put(mgr, `/api/evaluations/${v2.id}`, { date: '2024-01-28', criteria: [{ name: 'overall', weight: 1, score: 3 }] }));
  await ok(post(mgr, `/api/evaluations/${v2.id}/finalize`, { sharedWithClient: true }));

  // improvement actions, then when they were made and done
  const action = async (body: object, createdAt: string, doneAt: string | null = null) => {
    const a = await ok(post(mgr, '/api/actions', { ownerName: 'Owner', clientVisible: false, ...body }));
    await sup.query(`update improvement_actions set created_at = $3, done_at = coalesce($4, done_at) where firm_id = $1 and id = $2`, [firmId, a.id, createdAt, doneAt]);
  };
  await action({ title: 'X1', evaluationId: e1, dueAt: '2024-02-15T00:00:00Z' }, '2024-01-21T00:00Z'); // shown to the client through E1
  await action({ title: 'X2', incidentId: inc.A1, clientVisible: true, dueAt: '2024-03-31T00:00:00Z' }, '2024-01-06T00:00Z');
  await action({ title: 'X3', evaluationId: e2, status: 'done', dueAt: '2024-02-01T00:00:00Z' }, '2024-02-06T00:00Z', '2024-02-20T00:00Z');
  await action({ title: 'X4', incidentId: inc.B1, status: 'in_progress', dueAt: '2024-02-10T00:00:00Z' }, '2024-01-25T00:00Z');
  await action({ title: 'X5', clientId: c.C, clientVisible: true, status: 'done', dueAt: '2024-01-31T00:00:00Z' }, '2024-01-10T00:00Z', '2024-03-05T00:00Z');
  await action({ title: 'X6', clientId: c.A, status: 'cancelled', dueAt: '2024-01-20T00:00:00Z' }, '2024-01-15T00:00Z');
  await action({ title: 'X7', clientId: c.A, clientVisible: true, dueAt: '2023-12-31T00:00:00Z' }, '2023-12-01T00:00Z');

  // the incidents as they went, and their obligations as the clocks stored them
  for (const [key, , detected, reported, ack, cont, res, closed, status, grade, category, nature, lead] of specs) {
    await sup.query(
      `update incidents set detected_at = $3, reported_at = $4, acknowledged_at = $5, contained_at = $6, resolved_at = $7, closed_at = $8,
              status = $9, grade = $10, category = $11, nature = $12, lead_id = $13 where firm_id = $1 and id = $2`,
      [firmId, inc[key], detected, reported, ack, cont, res, closed, status, grade, category, nature, lead ? user[lead] : null],
    );
  }
  await sup.query(`delete from obligations where firm_id = $1`, [firmId]);
  const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const obligations: [string, string, string, string, string, string | null][] = [
    // incident, rule, audience, due, status, fulfilled
    ['A2', 'prc_incident_report', 'regulator', '2024-01-31T18:00Z', 'met', '2024-01-31T17:45Z'], // O1
    ['A2', 'pipl_notify_authority', 'regulator', '2024-02-01T17:00Z', 'met_late', '2024-02-02T01:00Z'], // O2
    ['A2', 'pipl_notify_individuals', 'affected_individuals', '2024-02-01T17:00Z', 'pending', null], // O3: missed
    ['C1', 'prc_incident_report', 'regulator', '2024-01-08T04:00Z', 'met', '2024-01-08T03:00Z'], // O4
    ['B1', 'pipl_notify_authority', 'regulator', '2024-01-21T02:00Z', 'not_applicable', null], // O5: left out
    ['A5', 'prc_incident_report', 'regulator', '2024-03-05T03:00Z', 'pending', null], // O6: due after the period
    ['B2', 'gdpr_art33_authority', 'regulator', '2024-02-23T02:00Z', 'pending', null], // O7: missed
    ['A1', 'sla_acknowledge', 'client', '2024-01-05T06:30Z', 'met', '2024-01-05T03:30Z'], // S1
    ['A1', 'sla_resolve', 'client', '2024-01-07T02:30Z', 'met', '2024-01-06T02:00Z'], // S2
    ['B1', 'sla_acknowledge', 'client', '2024-01-20T05:00Z', 'met_late', '2024-01-20T07:00Z'], // S3
    ['B1', 'sla_resolve', 'client', '2024-01-22T03:00Z', 'met_late', '2024-01-23T02:00Z'], // S4
    ['C1', 'sla_acknowledge', 'client', '2024-01-08T03:30Z', 'met', '2024-01-08T02:45Z'], // S5
    ['B2', 'sla_acknowledge', 'client', '2024-02-20T06:10Z', 'pending', null], // S6: missed
    ['B2', 'pipl_notify_authority', 'regulator', inTwoDays, 'pending', null], // O8: not yet due (the current-period check)
  ];
  const clientOfIncident = (key: string) => c[key[0] as 'A' | 'B' | 'C'];
  for (const [key, rule, audience, due, status, fulfilled] of obligations) {
    await sup.query(
      `insert into obligations (firm_id, id, incident_id, client_id, rule, audience, starts_at, due_at, status, fulfilled_at)
       values ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)`,
      [firmId, randomUUID(), inc[key], clientOfIncident(key), rule, audience, due, status, fulfilled],
    );
  }
  // fix the due time of O8's starts_at (a clock starts before it ends)
  await sup.query(`update obligations set starts_at = now() where firm_id = $1 and due_at > now()`, [firmId]);

  // another firm with data in the same period
  const g = await makeFirm(t, 'Other Firm');
  other = g.manager;
  c.G = (await createClient(t, other, { name: 'Other client', operatorType: 'other' })).id;
  const gi = await ok(post(other, '/api/incidents', { clientId: c.G, title: 'Other incident', detectedAt: '2024-01-15T02:00:00Z' }));
  await sup.query(`update incidents set reported_at = detected_at, acknowledged_at = detected_at + interval '1 hour', lead_id = null where id = $1`, [gi.id]);
  await ok(post(other, '/api/trainings', { clientId: c.G, type: 'emergency_drill', title: 'G', date: '2024-01-15', status: 'completed', reportMinutes: 10, participants: [{ name: 'g', attended: true }] }));
}, 180_000);

afterAll(async () => {
  await sup?.end();
  await t?.close();
});

const zero = { total: 0, metOnTime: 0, metLate: 0, missed: 0, pending: 0, waived: 0, onTimeRate: null };
const noneOf = <K extends string>(keys: readonly K[], counts: Partial<Record<K, number>>) => keys.map((key) => ({ key, count: counts[key] ?? 0 }));
const GRADE_KEYS = ['especially_major', 'major', 'relatively_major', 'general', 'ungraded'] as const;
const CATEGORY_KEYS = [
  'malware', 'network_attack', 'data_security', 'information_content_security', 'equipment_facility_failure', 'violation_of_operating_rules',
  'security_hazard', 'abnormal_behaviour', 'force_majeure', 'other', 'unspecified',
] as const;
const NATURE_KEYS = ['internal_attack', 'external_attack', 'system_vulnerability', 'human_error', 'unknown', 'unspecified'] as const;
const audiences = (counts: Partial<Record<string, [number, number]>>) =>
  ['internal', 'client', 'partner', 'regulator', 'media', 'public', 'affected_individuals'].map((audience) => {
    const [outbound, inbound] = counts[audience] ?? [0, 0];
    return { audience, outbound, inbound, total: outbound + inbound };
  });

describe('service report figures', () => {
  it('gives a manager every client of the firm, with the internal figures and the workload', async () => {
    const r = await json(mgr);
    expect(r.version).toBe('internal');
    expect(r.period).toEqual({ from: FROM, to: TO, start: '2023-12-31T16:00:00.000Z', end: '2024-02-29T16:00:00.000Z', months: ['2024-01', '2024-02'] });
    expect(r.allClients).toBe(true);
    expect(r.clients.map((x) => x.id)).toEqual([c.A, c.B, c.C]);
    expect(r.firm).toEqual({ name: expect.stringContaining('Report Firm'), timeZone: 'Asia/Shanghai' });
    expect(r.generatedBy).toEqual({ id: mgr.user.id, name: mgr.user.name });
    expect(r.incidents).toEqual({
      // detected in the period: A1, A2, A4, B1, B2, C1 (A3, A6 before it, A5 after it)
      opened: 6,
      // status closed, closed in the period: A1, A3, B1, C1 (A6 closed in March; A4 is dismissed)
      closed: 4,
      dismissed: 1, // A4
      // detected before the end and not closed before it: A2 and B2 (open), A6 (closed 03-10)
      openAtEnd: 3,
      // no breach at the firm itself: every incident counts once already
      firmBreaches: { opened: 0, children: 0, countedOnce: 6 },
      // general A1 B1; relatively major A2; especially major C1; ungraded A4 B2
      byGrade: noneOf(GRADE_KEYS, { general: 2, relatively_major: 1, especially_major: 1, ungraded: 2 }),
      byCategory: noneOf(CATEGORY_KEYS, { malware: 2, data_security: 1, equipment_facility_failure: 1, unspecified: 2 }),
      byNature: noneOf(NATURE_KEYS, { external_attack: 1, internal_attack: 1, human_error: 1, system_vulnerability: 1, unspecified: 2 }),
      byMonth: [
        // January (Shanghai): A1, B1, C1 opened; A1, A3, C1 closed. February: A2 (01-31 17:00Z is 02-01 01:00 there), A4, B2; B1 closed
        { month: '2024-01', opened: 3, closed: 3 },
        { month: '2024-02', opened: 3, closed: 1 },
      ],
    });
    expect(r.responseTimes).toEqual({
      // acknowledged − reported: A1 1, A2 2, A4 1.5, B1 4, C1 0.25 h → sorted 0.25 1 1.5 2 4; median 1.5;
      // p90 at (5 − 1) × 0.9 = 3.6 → 2 + 0.6 × (4 − 2) = 3.2
      acknowledge: { count: 5, medianHours: 1.5, p90Hours: 3.2 },
      // contained − detected: A1 6, A2 12, B1 24, C1 10 → 6 10 12 24; median at 1.5 → 10 + 0.5 × 2 = 11; p90 at 2.7 → 12 + 0.7 × 12 = 20.4
      contain: { count: 4, medianHours: 11, p90Hours: 20.4 },
      // resolved − detected: A1 24, B1 72, C1 24 → 24 24 72; median 24; p90 at 1.8 → 24 + 0.8 × 48 = 62.4
      resolve: { count: 3, medianHours: 24, p90Hours: 62.4 },
    });
    expect(r.obligations).toEqual({
      // due in the period (O5 not applicable, O6 and O8 due later): O1 O4 on time, O2 late, O3 O7 missed → 2 / 5 = 0.4
      total: { total: 5, metOnTime: 2, metLate: 1, missed: 2, pending: 0, waived: 0, onTimeRate: 0.4 },
      byRule: [
        { rule: 'prc_incident_report', total: 2, metOnTime: 2, metLate: 0, missed: 0, pending: 0, waived: 0, onTimeRate: 1 },
        { rule: 'prc_summary_report', ...zero },
        { rule: 'dsl_notify_users', ...zero },
        { rule: 'dsl_report_authority', ...zero },
        { rule: 'crime_report_police', ...zero },
        { rule: 'pipl_notify_authority', total: 1, metOnTime: 0, metLate: 1, missed: 0, pending: 0, waived: 0, onTimeRate: 0 },
        { rule: 'pipl_notify_individuals', total: 1, metOnTime: 0, metLate: 0, missed: 1, pending: 0, waived: 0, onTimeRate: 0 },
        { rule: 'gdpr_art33_authority', total: 1, metOnTime: 0, metLate: 0, missed: 1, pending: 0, waived: 0, onTimeRate: 0 },
        { rule: 'gdpr_art34_individuals', ...zero },
      ],
    });
    expect(r.sla).toEqual({
      // acknowledge: S1 S5 on time, S3 late, S6 missed → 2 / 4; resolve: S2 on time, S4 late → 1 / 2; all: 3 / 6
      total: { total: 6, metOnTime: 3, metLate: 2, missed: 1, pending: 0, waived: 0, onTimeRate: 0.5 },
      byRule: [
        { rule: 'sla_acknowledge', total: 4, metOnTime: 2, metLate: 1, missed: 1, pending: 0, waived: 0, onTimeRate: 0.5 },
        { rule: 'sla_resolve', total: 2, metOnTime: 1, metLate: 1, missed: 0, pending: 0, waived: 0, onTimeRate: 0.5 },
      ],
    });
    // sent or received in the period: M1 client out, M3 client in, M2 M5 regulator, M4 internal (M6 a draft, M7 in March)
    expect(r.communications).toEqual({ total: 5, byAudience: audiences({ client: [1, 1], regulator: [2, 0], internal: [1, 0] }) });
    expect(r.trainings).toEqual({
      // T1..T5: participants 4 + 2 + 1 + 0 + 1 = 8, attended 3 + 2 + 1 + 0 + 1 = 7, assessed 2 + 2 + 0 + 0 + 1 = 5, passed 1 + 1 + 0 + 0 + 1 = 3
      held: 5, participants: 8, attended: 7, assessed: 5, passed: 3, attendanceRate: 0.875, passRate: 0.6,
      byType: [
        // T1: p1 80 passed, p2 50 failed, p3 absent, p4 not assessed
        { type: 'security_awareness', held: 1, participants: 4, attended: 3, assessed: 2, passed: 1, attendanceRate: 0.75, passRate: 0.5 },
        // T2 (1 of 2 passed), T4 (nobody), T5 (1 of 1): 2 / 3 = 0.6667
        { type: 'emergency_drill', held: 3, participants: 3, attended: 3, assessed: 3, passed: 2, attendanceRate: 1, passRate: 0.6667 },
        { type: 'tabletop_exercise', held: 1, participants: 1, attended: 1, assessed: 0, passed: 0, attendanceRate: 1, passRate: null },
      ],
      drills: {
        // no time logged on exercises in this firm (issue 18)
        held: 4, measured: 3, withinClock: 2, exerciseMinutes: 0,
        byOperatorType: [
          // A (CII, 60 min): T2 reported in 50
          { operatorType: 'cii', clockMinutes: 60, drills: 1, measured: 1, withinClock: 1, medianReportMinutes: 50, exerciseMinutes: 0 },
          // C (state organ, 120 min): T5 in 100
          { operatorType: 'state_organ', clockMinutes: 120, drills: 1, measured: 1, withinClock: 1, medianReportMinutes: 100, exerciseMinutes: 0 },
          // B (other, 240 min): T3 in 300, T4 not timed
          { operatorType: 'other', clockMinutes: 240, drills: 2, measured: 1, withinClock: 0, medianReportMinutes: 300, exerciseMinutes: 0 },
        ],
      },
    });
    expect(r.evaluations).toEqual({
      // final, latest version: E1 80, E2 60, E3 100, E5 50, E6 v2 60 (not v1's 20) → 350 / 5 = 70
      count: 5, averageScore: 70,
      byType: [
        { type: 'security_assessment', count: 3, averageScore: 80 }, // (80 + 100 + 60) / 3
        { type: 'post_incident_review', count: 2, averageScore: 55 }, // (60 + 50) / 2
      ],
    });
    expect(r.actions).toEqual({
      asOf: '2024-02-29T16:00:00.000Z',
      open: 5, // X1 X2 X4 X7, and X5 (done only in March); X3 done in February, X6 cancelled
      overdue: 4, // X1 (02-15) X4 (02-10) X5 (01-31) X7 (2023-12-31); X2 is due in March
      created: 6, // X1..X6 (X7 before the period)
      done: 1, // X3
    });
    expect(r.internal).toEqual({
      communicationsNotVisible: 3, // M2 M4 M5
      evaluationDrafts: 1, // E4
      actionsNotVisible: 1, // X4 (X1 is shown through the shared E1)
    });
    expect(r.workload).toEqual([
      // K1: assigned A and B; led A1 A2 A4 B1 opened in the period; A2 and A6 open at its end; 2 tasks on A1; sent M1 M2 M4
      { userId: user.k1, name: 'Alice Chen', assignedClients: 2, incidentsLed: 4, openLed: 2, tasksDone: 2, communicationsSent: 3 },
      // K2: assigned C; led C1; 1 task on C1; sent M5. The manager did none of it and is not listed.
      { userId: user.k2, name: 'Bob Lin', assignedClients: 1, incidentsLed: 1, openLed: 0, tasksDone: 1, communicationsSent: 1 },
    ]);
  });

  it('gives a consultant their assigned clients only, by default and when asked', async () => {
    const r = await json(k1);
    const chosen = await json(k1, { clientIds: `${c.B},${c.A}` });
    for (const x of [r, chosen]) {
      expect(x.allClients).toBe(false);
      expect(x.clients.map((y) => y.id)).toEqual([c.A, c.B]);
      expect(x.incidents).toEqual({
        opened: 5, closed: 3, dismissed: 1, openAtEnd: 3, // A1 A2 A4 B1 B2; A1 A3 B1; A4; A2 A6 B2
        firmBreaches: { opened: 0, children: 0, countedOnce: 5 },
        byGrade: noneOf(GRADE_KEYS, { general: 2, relatively_major: 1, ungraded: 2 }),
        byCategory: noneOf(CATEGORY_KEYS, { malware: 2, data_security: 1, unspecified: 2 }),
        byNature: noneOf(NATURE_KEYS, { external_attack: 1, internal_attack: 1, human_error: 1, unspecified: 2 }),
        byMonth: [{ month: '2024-01', opened: 2, closed: 2 }, { month: '2024-02', opened: 3, closed: 1 }],
      });
      expect(x.responseTimes).toEqual({
        // 1 1.5 2 4: median at 1.5 → 1.5 + 0.5 × 0.5 = 1.75; p90 at 2.7 → 2 + 0.7 × 2 = 3.4
        acknowledge: { count: 4, medianHours: 1.75, p90Hours: 3.4 },
        // 6 12 24: median 12; p90 at 1.8 → 12 + 0.8 × 12 = 21.6
        contain: { count: 3, medianHours: 12, p90Hours: 21.6 },
        // 24 72: median 48; p90 at 0.9 → 24 + 0.9 × 48 = 67.2
        resolve: { count: 2, medianHours: 48, p90Hours: 67.2 },
      });
      // O1 on time, O2 late, O3 O7 missed → 1 / 4
      expect(x.obligations.total).toEqual({ total: 4, metOnTime: 1, metLate: 1, missed: 2, pending: 0, waived: 0, onTimeRate: 0.25 });
      // acknowledge S1 on time, S3 late, S6 missed → 1 / 3; resolve S2, S4 → 1 / 2; all 2 / 5
      expect(x.sla.byRule[0]).toEqual({ rule: 'sla_acknowledge', total: 3, metOnTime: 1, metLate: 1, missed: 1, pending: 0, waived: 0, onTimeRate: 0.3333 });
      expect(x.sla.total).toEqual({ total: 5, metOnTime: 2, metLate: 2, missed: 1, pending: 0, waived: 0, onTimeRate: 0.4 });
      expect(x.communications).toEqual({ total: 4, byAudience: audiences({ client: [1, 1], regulator: [1, 0], internal: [1, 0] }) });
      // T1 T2 T3 T4: 7 participants, 6 attended, 4 assessed, 2 passed
      expect(x.trainings).toMatchObject({ held: 4, participants: 7, attended: 6, assessed: 4, passed: 2, attendanceRate: 0.8571, passRate: 0.5 });
      expect(x.trainings.drills).toEqual({
        held: 3, measured: 2, withinClock: 1, exerciseMinutes: 0,
        byOperatorType: [
          { operatorType: 'cii', clockMinutes: 60, drills: 1, measured: 1, withinClock: 1, medianReportMinutes: 50, exerciseMinutes: 0 },
          { operatorType: 'state_organ', clockMinutes: 120, drills: 0, measured: 0, withinClock: 0, medianReportMinutes: null, exerciseMinutes: 0 },
          { operatorType: 'other', clockMinutes: 240, drills: 2, measured: 1, withinClock: 0, medianReportMinutes: 300, exerciseMinutes: 0 },
        ],
      });
      // E1 80, E2 60, E3 100, E6 v2 60 → 300 / 4 = 75
      expect(x.evaluations).toEqual({
        count: 4, averageScore: 75,
        byType: [{ type: 'security_assessment', count: 3, averageScore: 80 }, { type: 'post_incident_review', count: 1, averageScore: 60 }],
      });
      // open X1 X2 X4 X7; overdue X1 X4 X7; created X1 X2 X3 X4 X6; done X3
      expect(x.actions).toEqual({ asOf: '2024-02-29T16:00:00.000Z', open: 4, overdue: 3, created: 5, done: 1 });
      expect(x.internal).toEqual({ communicationsNotVisible: 2, evaluationDrafts: 1, actionsNotVisible: 1 }); // M2 M4; E4; X4
      // only K1 worked on A and B
      expect(x.workload).toEqual([{ userId: user.k1, name: 'Alice Chen', assignedClients: 2, incidentsLed: 4, openLed: 2, tasksDone: 2, communicationsSent: 3 }]);
    }
    // another consultant's client, another firm's client, an unknown client: 404 as if it did not exist
    for (const id of [c.C, c.G, randomUUID()]) expect((await report(k1, { from: FROM, to: TO, clientIds: `${c.A},${id}` })).status).toBe(404);
    expect((await report(k2, { from: FROM, to: TO, clientIds: c.A })).status).toBe(404);
    expect((await json(k2)).incidents.opened).toBe(1); // C1
  });

  it('gives a client admin their own company only, in the client version without internal figures or workload', async () => {
    const r = await json(ca);
    expect(r.version).toBe('client');
    expect('internal' in r).toBe(false);
    expect('workload' in r).toBe(false);
    expect(r.clients.map((x) => x.id)).toEqual([c.A]);
    expect(r.incidents).toEqual({
      opened: 3, closed: 2, dismissed: 1, openAtEnd: 2, // A1 A2 A4; A1 A3; A4; A2 A6
      firmBreaches: { opened: 0, children: 0, countedOnce: 3 },
      byGrade: noneOf(GRADE_KEYS, { general: 1, relatively_major: 1, ungraded: 1 }),
      byCategory: noneOf(CATEGORY_KEYS, { malware: 1, data_security: 1, unspecified: 1 }),
      byNature: noneOf(NATURE_KEYS, { external_attack: 1, internal_attack: 1, unspecified: 1 }),
      byMonth: [{ month: '2024-01', opened: 1, closed: 2 }, { month: '2024-02', opened: 2, closed: 0 }],
    });
    expect(r.responseTimes).toEqual({
      // 1 1.5 2: median 1.5; p90 at 1.8 → 1.5 + 0.8 × 0.5 = 1.9
      acknowledge: { count: 3, medianHours: 1.5, p90Hours: 1.9 },
      // 6 12: median 9; p90 at 0.9 → 6 + 0.9 × 6 = 11.4
      contain: { count: 2, medianHours: 9, p90Hours: 11.4 },
      resolve: { count: 1, medianHours: 24, p90Hours: 24 },
    });
    expect(r.obligations.total).toEqual({ total: 3, metOnTime: 1, metLate: 1, missed: 1, pending: 0, waived: 0, onTimeRate: 0.3333 }); // O1; O2; O3
    expect(r.sla.total).toEqual({ total: 2, metOnTime: 2, metLate: 0, missed: 0, pending: 0, waived: 0, onTimeRate: 1 }); // S1 S2
    // client-visible only: M1 out and M3 in (M2 to the regulator is not shown to the client)
    expect(r.communications).toEqual({ total: 2, byAudience: audiences({ client: [1, 1] }) });
    // T1 + T2: 6 participants, 5 attended, 4 assessed, 2 passed
    expect(r.trainings).toMatchObject({ held: 2, participants: 6, attended: 5, assessed: 4, passed: 2, attendanceRate: 0.8333, passRate: 0.5 });
    expect(r.trainings.drills).toMatchObject({ held: 1, measured: 1, withinClock: 1 });
    // shared with the client: E1 80, E6 v2 60 (E2 is not shared) → 70
    expect(r.evaluations).toEqual({ count: 2, averageScore: 70, byType: [{ type: 'security_assessment', count: 2, averageScore: 70 }] });
    // shown to the client: X1 (through E1), X2, X7 open; X1 X7 overdue; X1 X2 created in the period; X3 (done) is not shown
    expect(r.actions).toEqual({ asOf: '2024-02-29T16:00:00.000Z', open: 3, overdue: 2, created: 2, done: 0 });

    // the client version a manager hands over is the same report
    const handed = await json(mgr, { clientIds: c.A, version: 'client' });
    const strip = ({ generatedAt: _a, generatedBy: _b, ...rest }: ServiceReport) => rest;
    expect(strip(handed)).toEqual(strip(r));

    expect((await report(ca, { from: FROM, to: TO, clientIds: c.B })).status).toBe(404);
    // client admins always get the client version, whichever they ask for: the same report, as JSON, CSV and PDF
    const asked = await json(ca, { version: 'internal' });
    expect(asked.version).toBe('client');
    expect(strip(asked)).toEqual(strip(r));
    for (const ext of ['.csv', '.pdf']) {
      const file = await download(`/api/reports/service${ext}`, ca, { from: FROM, to: TO, lang: 'en', version: 'internal' });
      expect({ ext, status: file.status }).toEqual({ ext, status: 200 });
      expect(file.headers['content-disposition']).toMatch(/_client\.(csv|pdf)"/);
      const plain = await download(`/api/reports/service${ext}`, ca, { from: FROM, to: TO, lang: 'en' });
      // the same but for the minute it was generated at
      const untimed = (text: string) => text.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '…');
      const texts = (b: Buffer) => (ext === '.csv' ? [b.toString('utf8')] : pdfText(b).pages).map(untimed);
      expect(texts(file.body)).toEqual(texts(plain.body));
    }
    expect((await report(ca, { from: FROM, to: TO, version: 'secret' })).status).toBe(400);
  });

  it('counts obligations not yet due as pending, and actions as of now, in a period that has not ended', async () => {
    const today = todayIn('Asia/Shanghai');
    const r = await json(mgr, { from: addDays(today, -1), to: addDays(today, 3), clientIds: c.B });
    // O8 is due in two days; nothing else of B's falls in these days
    expect(r.obligations.total).toEqual({ total: 1, metOnTime: 0, metLate: 0, missed: 0, pending: 1, waived: 0, onTimeRate: null });
    expect(r.obligations.byRule.find((o) => o.rule === 'pipl_notify_authority')).toMatchObject({ pending: 1 });
    expect(r.actions.asOf).toBe(r.generatedAt);
    // X4 is still open (in progress) and overdue
    expect(r.actions).toMatchObject({ open: 1, overdue: 1, created: 0, done: 0 });
    // B2 is still open
    expect(r.incidents.openAtEnd).toBe(1);
  });

  it('does not count another firm, and answers 404 for its clients', async () => {
    const r = await json(other);
    expect(r.clients.map((x) => x.id)).toEqual([c.G]);
    expect(r.incidents.opened).toBe(1);
    expect(r.trainings.held).toBe(1);
    expect(r.workload).toEqual([]);
    expect((await report(other, { from: FROM, to: TO, clientIds: c.A })).status).toBe(404);
    expect((await report(mgr, { from: FROM, to: TO, clientIds: c.G })).status).toBe(404);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const field = async (params: Record<string, string>, name: string) => {
      const res = await report(mgr, params);
      expect({ params, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ params, status: 400, fields: [name] });
    };
    await field({ to: TO }, 'from');
    await field({ from: FROM }, 'to');
    await field({ from: '2024-13-01', to: TO }, 'from');
    await field({ from: FROM, to: '2024-02-30' }, 'to');
    await field({ from: '2024-03-01', to: TO }, 'to');
    await field({ from: '2019-01-01', to: TO }, 'to');
    await field({ from: FROM, to: TO, lang: 'fr' }, 'lang');
    await field({ from: FROM, to: TO, version: 'secret' }, 'version');
    await field({ from: FROM, to: TO, clientIds: 'not-a-uuid' }, 'clientIds');
    const res = await t.api().get('/api/reports/service.pdf').query({ from: FROM, to: TO, lang: 'de' }).set(mgr.auth);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect((await t.api().get('/api/reports/service').query({ from: FROM, to: TO })).status).toBe(401);
  });

  it('reads without writing to the audit log', async () => {
    const count = async () => Number((await sup.query(`select count(*) from audit_logs where firm_id = $1`, [firmId])).rows[0].count);
    const before = await count();
    await json(mgr);
    expect((await download('/api/reports/service.pdf', mgr, { from: FROM, to: TO })).status).toBe(200);
    expect(await count()).toBe(before);
  });
});

describe('service report trends', () => {
  const trends = (s: Session, params: Record<string, string> = {}) => t.api().get('/api/reports/service/trends').query({ from: FROM, to: TO, ...params }).set(s.auth);

  it('gives each month of the period the figures of that month\'s report, for every role and choice of clients', async () => {
    const cases: [Session, Record<string, string>][] = [[mgr, {}], [mgr, { clientIds: c.A }], [mgr, { version: 'client' }], [k1, {}], [k2, {}], [ca, {}]];
    for (const [s, extra] of cases) {
      const r: ServiceReportTrends = await ok(trends(s, extra), [200]);
      const whole = await json(s, extra);
      expect({ version: r.version, allClients: r.allClients, clients: r.clients }).toEqual({ version: whole.version, allClients: whole.allClients, clients: whole.clients });
      expect(r.months.map((m) => [m.month, m.from, m.to])).toEqual([['2024-01', '2024-01-01', '2024-01-31'], ['2024-02', '2024-02-01', '2024-02-29']]);
      for (const m of r.months) {
        const month = await json(s, { ...extra, from: m.from, to: m.to });
        expect(m).toEqual({
          month: m.month, from: m.from, to: m.to,
          incidents: { opened: month.incidents.opened, closed: month.incidents.closed },
          responseTimes: { acknowledge: month.responseTimes.acknowledge, resolve: month.responseTimes.resolve },
          obligations: month.obligations.total,
          sla: month.sla.total,
        });
      }
      // the months add up to the period's counts
      expect(r.months.reduce((n, m) => n + m.incidents.opened, 0)).toBe(whole.incidents.opened);
      expect(r.months.reduce((n, m) => n + m.incidents.closed, 0)).toBe(whole.incidents.closed);
    }
    // by hand (the manager): January A1 B1 C1 opened, A1 A3 C1 closed; February A2 A4 B2 opened, B1 closed.
    // Acknowledged − reported: January A1 1 h, B1 4 h, C1 0.25 h (median 1); February A2 2 h, A4 1.5 h (median 1.75).
    // Resolved − detected: January A1 24 h, B1 72 h, C1 24 h (median 24); February none
    const r: ServiceReportTrends = await ok(trends(mgr), [200]);
    expect(r.months.map((m) => m.incidents)).toEqual([{ opened: 3, closed: 3 }, { opened: 3, closed: 1 }]);
    expect(r.months.map((m) => [m.responseTimes.acknowledge.medianHours, m.responseTimes.resolve.medianHours])).toEqual([[1, 24], [1.75, null]]);
    // K2 sees client C only: January's C1
    const own: ServiceReportTrends = await ok(trends(k2), [200]);
    expect(own.months.map((m) => m.incidents)).toEqual([{ opened: 1, closed: 1 }, { opened: 0, closed: 0 }]);
  });

  it('cuts the first and the last month to the period', async () => {
    const r: ServiceReportTrends = await ok(trends(mgr, { from: '2024-01-06', to: '2024-02-10' }), [200]);
    expect(r.months.map((m) => [m.month, m.from, m.to])).toEqual([['2024-01', '2024-01-06', '2024-01-31'], ['2024-02', '2024-02-01', '2024-02-10']]);
    // January from the 6th: B1 and C1 (A1 was detected on the 5th); February to the 10th: A2, A4 (B2 on the 20th)
    expect(r.months.map((m) => m.incidents.opened)).toEqual([2, 2]);
  });

  it('refuses bad input with 400 naming the field, clients out of scope with 404, and anyone signed out with 401', async () => {
    const field = async (params: Record<string, string>, name: string) => {
      const res = await t.api().get('/api/reports/service/trends').query(params).set(mgr.auth);
      expect({ params, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ params, status: 400, fields: [name] });
    };
    await field({ to: TO }, 'from');
    await field({ from: FROM, to: '2024-02-30' }, 'to');
    await field({ from: '2024-03-01', to: TO }, 'to');
    await field({ from: '2019-01-01', to: TO }, 'to');
    await field({ from: FROM, to: TO, version: 'secret' }, 'version');
    await field({ from: FROM, to: TO, clientIds: 'not-a-uuid' }, 'clientIds');
    expect((await trends(k2, { clientIds: c.A })).status).toBe(404);
    expect((await trends(ca, { clientIds: c.B })).status).toBe(404);
    expect((await trends(other, { clientIds: c.A })).status).toBe(404);
    expect((await t.api().get('/api/reports/service/trends').query({ from: FROM, to: TO })).status).toBe(401);
  });
});

describe('service report as CSV', () => {
  it('is UTF-8 with a BOM, parses as RFC 4180 and has every section with the figures (zh-CN)', async () => {
    const res = await download('/api/reports/service.csv', mgr, { from: FROM, to: TO, lang: 'zh-CN' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1])).toBe('服务报告_2024-01-01_2024-02-29_全部客户.csv');
    const buf: Buffer = res.body;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.subarray(3).toString('utf8'));
    // every record as wide as the others
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect(rows[0][0]).toBe('安全事件服务报告');
    expect(rows.find((r) => r[0] === '客户')![1]).toBe('全部客户 (3)');
    expect(rows.find((r) => r[0] === '报告期间')![1]).toBe('2024-01-01 至 2024-02-29');

    expect(csvSection(rows, '事件概况')).toEqual({
      head: ['指标', '数值'],
      rows: [['新增事件', '6'], ['已结案事件', '4'], ['经研判非安全事件', '1'], ['期末未结案事件', '3'],
        ['其中：本所自身安全事件（按受影响客户逐一计数）', '0'], ['新增事件（本所自身事件只计一次）', '6']],
    });
    expect(csvSection(rows, '按月事件数').rows).toEqual([['2024-01', '3', '3'], ['2024-02', '3', '1']]);
    expect(csvSection(rows, '按级别事件数').rows).toEqual([['特别重大', '1'], ['重大', '0'], ['较大', '1'], ['一般', '2'], ['未定级', '2']]);
    expect(csvSection(rows, '响应时效')).toEqual({
      head: ['时效', '事件数', '中位数（小时）', 'P90（小时）'],
      rows: [['确认响应时间', '5', '1.5', '3.2'], ['控制时间', '4', '11', '20.4'], ['解决时间', '3', '24', '62.4']],
    });
    // rates as percentages
    expect(csvSection(rows, '法定报告义务履行情况').rows.at(-1)).toEqual(['合计', '5', '2', '1', '2', '0', '0', '40']);
    expect(csvSection(rows, '合同SLA达成情况').rows).toEqual([
      ['合同SLA:响应确认', '4', '2', '1', '1', '0', '0', '50'], ['合同SLA:解决', '2', '1', '1', '0', '0', '0', '50'], ['合计', '6', '3', '2', '1', '0', '0', '50'],
    ]);
    expect(csvSection(rows, '按对象的沟通记录').rows.at(-1)).toEqual(['合计', '4', '1', '5']);
    expect(csvSection(rows, '培训与演练').rows.at(-1)).toEqual(['合计', '5', '8', '7', '5', '3', '87.5', '60']);
    expect(csvSection(rows, '演练与报告时限').rows).toEqual([
      // the last column: hours logged on exercises (issue 18), none here
      ['关键信息基础设施运营者', '60', '1', '1', '1', '50', '0'], ['中央和国家机关各部门及其直属单位', '120', '1', '1', '1', '100', '0'], ['其他网络运营者（含地方党政机关、事业单位）', '240', '2', '1', '0', '300', '0'],
      ['合计', '', '4', '3', '2', '', '0'],
    ]);
    expect(csvSection(rows, '评估得分').rows).toEqual([['安全评估', '3', '80'], ['事后复盘', '2', '55'], ['合计', '5', '70']]);
    expect(csvSection(rows, '改进措施').rows).toEqual([['未完成的改进措施', '5'], ['已逾期的改进措施', '4'], ['本期新增措施', '6'], ['本期完成措施', '1']]);
    expect(csvSection(rows, '内部指标（不对客户提供）').rows).toEqual([['未对客户展示的沟通', '3'], ['草稿状态的评估', '1'], ['未对客户展示的未完成措施', '1']]);
    expect(csvSection(rows, '顾问工作量').rows).toEqual([['Alice Chen', '2', '4', '2', '2', '3'], ['Bob Lin', '1', '1', '0', '1', '1']]);
    expect(rows.some((r) => r[0] === '口径说明')).toBe(true);
  });

  it('names the chosen clients; a name with a comma and quotes survives quoting', async () => {
    const res = await download('/api/reports/service.csv', k1, { from: FROM, to: TO, lang: 'zh-CN', clientIds: `${c.A},${c.B}` });
    const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
    expect(rows.find((r) => r[0] === '客户')![1]).toBe('Alpha 甲方科技; Beta 乙方数据, "Ltd"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1])).toBe('服务报告_2024-01-01_2024-02-29_2家客户.csv');
  });

  it('leaves internal sections out of the client version (en)', async () => {
    const res = await download('/api/reports/service.csv', ca, { from: FROM, to: TO, lang: 'en' });
    expect(res.status).toBe(200);
    const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
    expect(csvSection(rows, 'Incidents overview').rows).toEqual([['Incidents opened', '3'], ['Incidents closed', '2'], ['Dismissed (not an incident)', '1'], ['Open at the end of the period', '2'],
      ['Of which: breaches at the firm itself (counted per affected client)', '0'], ['Incidents opened (a breach at the firm counted once)', '3']]);
    expect(csvSection(rows, 'Response times').rows[0]).toEqual(['Time to acknowledge', '3', '1.5', '1.9']);
    const text = rows.flat().join('\n');
    expect(text).not.toContain('Consultant workload');
    expect(text).not.toContain('Internal figures');
    expect(text).not.toContain('Alice Chen');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1])).toBe('service-report_2024-01-01_2024-02-29_Alpha-甲方科技_client.csv');
  });
});

describe('service report as PDF', () => {
  it('is a PDF with the title page, every section and the figures as real Chinese text (zh-CN)', async () => {
    const res = await download('/api/reports/service.pdf', mgr, { from: FROM, to: TO, lang: 'zh-CN' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''/);
    const pdf: Buffer = res.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, info } = pdfText(pdf);
    expect(pages.length).toBeGreaterThan(2);
    const title = squash(pages[0]);
    for (const s of ['安全事件服务报告', 'Report Firm', '2024-01-01至2024-02-29', '全部客户（3家客户）', '内部版', 'Asia/Shanghai', 'Report Firm Manager']) {
      expect({ s, found: title.includes(squash(s)) }).toEqual({ s, found: true });
    }
    const all = squash(pages.join('\n'));
    const expected = [
      // section titles and labels in Chinese
      '事件概况', '按月事件数', '按级别事件数', '按类别事件数', '按性质事件数', '响应时效', '法定报告义务履行情况', '合同SLA达成情况', '按对象的沟通记录',
      '培训与演练', '演练与报告时限', '评估得分', '改进措施', '内部指标（不对客户提供）', '顾问工作量', '口径说明',
      '新增事件', '确认响应时间', '控制时间', '解决时间', '特别重大', '恶意程序事件', '关键信息基础设施运营者', '第2页',
      // figures: p90 of the response times, rates, averages, the workload
      '3.2', '20.4', '62.4', '87.50%', '60.00%', '40.00%', '50.00%', '66.67%', 'AliceChen', 'BobLin',
    ];
    for (const s of expected) expect({ s, found: all.includes(squash(s)) }).toEqual({ s, found: true });
    expect(String(info.Title)).toContain('安全事件服务报告');
  });

  it('is in English with lang=en, and the client version has no internal pages', async () => {
    const en = pdfText((await download('/api/reports/service.pdf', mgr, { from: FROM, to: TO, lang: 'en' })).body);
    const all = squash(en.pages.join('\n'));
    for (const s of ['Incident response service report', '2024-01-01 to 2024-02-29', 'Time to acknowledge', 'Regulatory obligations', 'Client SLA compliance', 'Consultant workload', 'Drills against the reporting clock', 'Page 2 of']) {
      expect({ s, found: all.includes(squash(s)) }).toEqual({ s, found: true });
    }
    const client = pdfText((await download('/api/reports/service.pdf', ca, { from: FROM, to: TO, lang: 'zh-CN' })).body);
    const text = squash(client.pages.join('\n'));
    expect(text).toContain('客户版');
    expect(text).toContain('Alpha甲方科技');
    for (const s of ['顾问工作量', '内部指标', 'AliceChen', 'BobLin', 'Beta乙方数据', 'Gamma丙方机关']) expect({ s, found: text.includes(s) }).toEqual({ s, found: false });
  });
});

describe('stored monthly reports', () => {
  const created: Record<string, any> = {};

  it('generates and keeps a report (audited), for managers and consultants within their clients', async () => {
    created.aClient = await ok(post(mgr, '/api/reports', { period: '2024-01', clientIds: [c.A], lang: 'zh-CN', version: 'client' }), [201]);
    expect(created.aClient).toMatchObject({
      period: '2024-01', from: '2024-01-01', to: '2024-01-31', clientIds: [c.A], lang: 'zh-CN', version: 'client',
      fileName: '服务报告_2024-01-01_2024-01-31_Alpha-甲方科技_客户版.pdf', generatedById: mgr.user.id, generatedByName: mgr.user.name,
    });
    expect(created.aClient.size).toBeGreaterThan(1000);
    expect(created.aClient.data).toBeUndefined();
    created.firm = await ok(post(mgr, '/api/reports', { period: '2024-02', lang: 'en' }), [201]);
    expect(created.firm).toMatchObject({ clientIds: [], version: 'internal', lang: 'en', fileName: 'service-report_2024-02-01_2024-02-29_all-clients.pdf' });
    // a consultant's report without a choice covers their assigned clients
    created.k1 = await ok(post(k1, '/api/reports', { period: '2024-01' }), [201]);
    expect(created.k1.clientIds).toEqual([c.A, c.B].sort());
    expect(created.k1.lang).toBe('zh-CN');

    const audit = await sup.query(`select entity_id, action, actor_id, client_id from audit_logs where firm_id = $1 and entity = 'reports' order by seq`, [firmId]);
    expect(audit.rows).toEqual([
      { entity_id: created.aClient.id, action: 'create', actor_id: mgr.user.id, client_id: c.A },
      { entity_id: created.firm.id, action: 'create', actor_id: mgr.user.id, client_id: null },
      { entity_id: created.k1.id, action: 'create', actor_id: k1.user.id, client_id: null },
    ]);
  });

  it('keeps the figures it was made from, equal to the report on screen', async () => {
    const shown = await ok(t.api().get(`/api/reports/${created.aClient.id}`).set(mgr.auth), [200]);
    const live = await ok<ServiceReport>(report(mgr, { from: '2024-01-01', to: '2024-01-31', clientIds: c.A, version: 'client', lang: 'zh-CN' }), [200]);
    const strip = ({ generatedAt: _a, ...rest }: ServiceReport) => rest;
    expect(strip(shown.data)).toEqual(strip(live));
    // January, client A, client version: A1 opened; A1 and A3 closed
    expect(shown.data.incidents).toMatchObject({ opened: 1, closed: 2 });
  });

  it('lists with Content-Range and filters, each user seeing only reports of clients they may see', async () => {
    const ids = async (s: Session, filter: Record<string, unknown> = {}) => {
      const res = await t.api().get('/api/reports').query(listQuery({ filter, range: [0, 99] })).set(s.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toMatch(/^reports \d+-\d+\/\d+$/);
      return res.body.map((r: { id: string }) => r.id).sort();
    };
    expect(await ids(mgr)).toEqual([created.aClient.id, created.firm.id, created.k1.id].sort());
    // the consultant: reports covering only A and B (not the firm-wide one)
    expect(await ids(k1)).toEqual([created.aClient.id, created.k1.id].sort());
    expect(await ids(k2)).toEqual([]);
    // the client admin: the client version of their company alone
    expect(await ids(ca)).toEqual([created.aClient.id]);
    expect(await ids(other)).toEqual([]);
    expect(await ids(mgr, { clientId: c.B })).toEqual([created.k1.id]);
    expect(await ids(mgr, { period: '2024-02' })).toEqual([created.firm.id]);
    expect(await ids(mgr, { version: 'client' })).toEqual([created.aClient.id]);
    expect(await ids(k1, { id: [created.firm.id] })).toEqual([]);
    const bad = await t.api().get('/api/reports').query(listQuery({ filter: { clientId: 'x' } })).set(mgr.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('filter.clientId');
  });

  it('downloads the kept PDF (nosniff, a safe file name) for those who may see it, 404 for anyone else', async () => {
    const res = await download(`/api/reports/${created.aClient.id}/content`, ca);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_____2024-01-01_2024-01-31_Alpha-________.pdf"; filename*=UTF-8''${encodeURIComponent('服务报告_2024-01-01_2024-01-31_Alpha-甲方科技_客户版.pdf')}`,
    );
    const pdf: Buffer = res.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(created.aClient.sha256);
    expect(squash(pdfText(pdf).pages[0])).toContain('2024-01-01至2024-01-31');

    for (const [s, id] of [[ca, created.firm.id], [ca, created.k1.id], [k1, created.firm.id], [k2, created.k1.id], [other, created.aClient.id]] as [Session, string][]) {
      expect({ id, show: (await t.api().get(`/api/reports/${id}`).set(s.auth)).status }).toEqual({ id, show: 404 });
      expect({ id, content: (await t.api().get(`/api/reports/${id}/content`).set(s.auth)).status }).toEqual({ id, content: 404 });
    }
    expect((await t.api().get('/api/reports/not-a-uuid').set(mgr.auth)).status).toBe(404);
  });

  it('refuses bad input (400 naming the field), clients out of scope, and client admins generating', async () => {
    const field = async (s: Session, body: object, name: string) => {
      const res = await post(s, '/api/reports', body);
      expect({ body, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: [name] });
    };
    await field(mgr, { period: '2024-13' }, 'period');
    await field(mgr, { period: '2024-1' }, 'period');
    await field(mgr, {}, 'period');
    await field(mgr, { period: '2024-01', lang: 'fr' }, 'lang');
    await field(mgr, { period: '2024-01', version: 'secret' }, 'version');
    await field(mgr, { period: '2024-01', clientIds: ['x'] }, 'clientIds');
    await field(mgr, { period: '2024-01', firmId: randomUUID() }, 'firmId');
    await field(mgr, { period: '2024-01', clientIds: [c.G] }, 'clientIds');
    await field(k1, { period: '2024-01', clientIds: [c.C] }, 'clientIds');
    expect((await post(ca, '/api/reports', { period: '2024-01' })).status).toBe(403);
    expect(await sup.query(`select count(*)::int as n from reports where firm_id = $1`, [firmId]).then((r) => r.rows[0].n)).toBe(3);
  });

  it('lets a manager delete one (audited); nobody else, and not another firm', async () => {
    expect((await t.api().delete(`/api/reports/${created.k1.id}`).set(k1.auth)).status).toBe(403);
    expect((await t.api().delete(`/api/reports/${created.aClient.id}`).set(ca.auth)).status).toBe(403);
    expect((await t.api().delete(`/api/reports/${created.k1.id}`).set(other.auth)).status).toBe(404);
    const res = await t.api().delete(`/api/reports/${created.k1.id}`).set(mgr.auth);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.k1.id);
    expect((await t.api().get(`/api/reports/${created.k1.id}`).set(mgr.auth)).status).toBe(404);
    const audit = await sup.query(`select action, actor_id from audit_logs where firm_id = $1 and entity = 'reports' and entity_id = $2 order by seq`, [firmId, created.k1.id]);
    expect(audit.rows).toEqual([{ action: 'create', actor_id: k1.user.id }, { action: 'delete', actor_id: mgr.user.id }]);
  });
});
