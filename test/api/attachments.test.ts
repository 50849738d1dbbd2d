import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../support/db';
import { listQuery, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8CFC0F01F0005000201A2F5C8C30000000049454E44AE426082',
  'hex',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** supertest: collect a binary body as a Buffer */
const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('attachments', () => {
  let t: TestApp;
  let w: World;
  const ids = { incidentA: '', incidentU: '', incidentB: '', trainingA: '', trainingU: '' };
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    const incident = async (s: Session, clientId: string) =>
      (await t.api().post('/api/incidents').set(s.auth).send({ clientId, title: '附件测试', detectedAt: new Date(Date.now() - 3600_000).toISOString() })).body.id;
    const training = async (clientId: string) =>
      (await t.api().post('/api/trainings').set(w.a.manager.auth).send({ clientId, type: 'emergency_drill', title: '演练', date: '2026-01-10' })).body.id;
    ids.incidentA = await incident(w.a.consultant, w.a.assigned.id);
    ids.incidentU = await incident(w.a.manager, w.a.unassigned.id);
    ids.incidentB = await incident(w.b.manager, w.b.client.id);
    ids.trainingA = await training(w.a.assigned.id);
    ids.trainingU = await training(w.a.unassigned.id);
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const upload = (s: Session, entity: string, entityId: string, content: Buffer, filename = 'x.pdf', contentType = 'application/pdf', app = t) =>
    app.api().post('/api/attachments').set(s.auth).field('entity', entity).field('entityId', entityId).attach('file', content, { filename, contentType });
  const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
  async function list(s: Session, filter: Record<string, unknown>) {
    const res = await api().get('/api/attachments').query(listQuery({ range: [0, 499], filter })).set(s.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toMatch(/^attachments \d+-\d+\/\d+$/);
    return res.body as any[];
  }

  it('stores a file with its SHA-256 and size; the content type comes from the content, never the claim', async () => {
    const res = await upload(w.a.consultant, 'incidents', ids.incidentA, PNG, 'x.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String), entity: 'incidents', entityId: ids.incidentA, clientId: w.a.assigned.id, fileName: 'x.pdf', sha256: sha256(PNG),
      size: PNG.length, contentType: 'image/png', uploadedById: w.a.consultant.user.id, createdAt: expect.any(String), removedAt: null, removedById: null, report: null,
    });
    const text = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.from('日志摘录\n2026-03-01 登录失败\n'), 'log.exe', 'application/x-msdownload');
    expect(text.body.contentType).toBe('text/plain');
    const bin = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 7]), 'notes.txt', 'text/plain');
    expect(bin.body.contentType).toBe('application/octet-stream');
    const html = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/html');
    expect(html.body.contentType).not.toBe('text/html');
    // the claimed type is kept in the audit row only
    const audit = await api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'attachments', entityId: res.body.id } })).set(w.a.manager.auth);
    expect(audit.body[0]).toMatchObject({ action: 'create', clientId: w.a.assigned.id });
    expect(audit.body[0].changes.claimedContentType).toEqual({ before: null, after: 'application/pdf' });
    expect(audit.body[0].changes.sha256.after).toBe(sha256(PNG));
    // the incident's timeline records it (internal)
    const timeline = await api().get('/api/timeline').query(listQuery({ filter: { incidentId: ids.incidentA } })).set(w.a.consultant.auth);
    expect(timeline.body.find((e: any) => e.kind === 'attachment' && e.data.attachmentId === res.body.id)).toMatchObject({ visibility: 'internal', body: 'x.pdf' });
  });

  it('serves the bytes as a download: same bytes, attachment with an RFC 5987 Chinese name, nosniff, the detected type', async () => {
    const content = Buffer.concat([PNG, randomBytes(64)]);
    const up = await upload(w.a.consultant, 'trainings', ids.trainingA, content, '演练 现场照片(1).png', 'image/png');
    expect(up.body.fileName).toBe('演练 现场照片(1).png');
    const res = await api().get(`/api/attachments/${up.body.id}/content`).set(w.a.consultant.auth).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body, content)).toBe(0);
    expect(sha256(res.body)).toBe(up.body.sha256);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-length']).toBe(String(content.length));
    const disposition = res.headers['content-disposition'];
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe('演练 现场照片(1).png');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    // downloads are audited
    const audit = await api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'attachments', entityId: up.body.id, action: 'download' } })).set(w.a.manager.auth);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0].actorId).toBe(w.a.consultant.user.id);
  });

  it('sanitises file names (paths, controls, bidi overrides)', async () => {
    const res = await upload(w.a.consultant, 'incidents', ids.incidentA, PNG, '../../evil\u202Egnp.exe', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body.fileName).toBe('evilgnp.exe');
  });

  it('refuses an oversized file with 400 naming file, and stores nothing', async () => {
    const small = await startApp({ env: { MAX_ATTACHMENT_BYTES: '2048' } });
    try {
      const before = (await list(w.a.manager, { entityId: ids.incidentU })).length;
      const res = await upload(w.a.manager, 'incidents', ids.incidentU, randomBytes(4096), 'big.bin', 'application/octet-stream', small);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed', errors: [{ field: 'file', message: expect.stringContaining('2048') }] });
      // much larger than the limit: still a clean 400, not a reset connection
      const huge = await upload(w.a.manager, 'incidents', ids.incidentU, randomBytes(3 * 1024 * 1024), 'huge.bin', 'application/octet-stream', small);
      expect([huge.status, fields(huge)]).toEqual([400, ['file']]);
      const fits = await upload(w.a.manager, 'incidents', ids.incidentU, randomBytes(2000), 'fits.bin', 'application/octet-stream', small);
      expect(fits.status).toBe(201);
      expect((await list(w.a.manager, { entityId: ids.incidentU })).length).toBe(before + 1);
    } finally {
      await small.close();
    }
  });

  it('refuses bad uploads with 400 naming the field: no file, an empty file, an unknown entity, a record out of scope', async () => {
    const before = (await list(w.a.manager, {})).length;
    const noFile = await api().post('/api/attachments').set(w.a.consultant.auth).field('entity', 'incidents').field('entityId', ids.incidentA);
    expect([noFile.status, fields(noFile)]).toEqual([400, ['file']]);
    const empty = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.alloc(0));
    expect([empty.status, fields(empty)]).toEqual([400, ['file']]);
    const entity = await upload(w.a.consultant, 'firms', ids.incidentA, PNG);
    expect([entity.status, fields(entity)]).toEqual([400, ['entity']]);
    const extra = await api().post('/api/attachments').set(w.a.manager.auth).field('entity', 'incidents').field('entityId', ids.incidentA).field('clientId', w.b.client.id).attach('file', PNG, 'a.png');
    expect([extra.status, fields(extra)]).toEqual([400, ['clientId']]);
    for (const [s, entityName, id] of [
      [w.a.manager, 'incidents', ids.incidentB], [w.a.consultant, 'incidents', ids.incidentU], [w.a.consultant, 'trainings', ids.trainingU],
      [w.a.manager, 'trainings', ids.incidentA], [w.a.manager, 'incidents', '00000000-0000-4000-8000-000000000000'],
    ] as [Session, string, string][]) {
      const res = await upload(s, entityName, id, PNG);
      expect({ entityName, id, status: res.status, fields: fields(res) }).toEqual({ entityName, id, status: 400, fields: ['entityId'] });
    }
    expect((await upload(w.a.consultant, 'incidents', 'nope', PNG)).status).toBe(400);
    expect((await list(w.a.manager, {})).length).toBe(before);
  });

  it('marks a removal (who, when), audits it, hides the file from lists unless asked for removed ones, keeps the bytes', async () => {
    const up = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.from('误传的文件'), '误传.txt', 'text/plain');
    const del = await api().delete(`/api/attachments/${up.body.id}`).set(w.a.consultant.auth);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: up.body.id, removedById: w.a.consultant.user.id, removedAt: expect.any(String) });
    expect((await list(w.a.consultant, { entityId: ids.incidentA })).map((a) => a.id)).not.toContain(up.body.id);
    expect((await list(w.a.consultant, { entityId: ids.incidentA, removed: true })).map((a) => a.id)).toEqual([up.body.id]);
    expect((await api().delete(`/api/attachments/${up.body.id}`).set(w.a.manager.auth)).status).toBe(409);
    const bytes = await api().get(`/api/attachments/${up.body.id}/content`).set(w.a.manager.auth).buffer(true).parse(binary);
    expect(bytes.body.toString('utf8')).toBe('误传的文件');
    const audit = await api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'attachments', entityId: up.body.id, action: 'delete' } })).set(w.a.manager.auth);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0].changes.removedById).toEqual({ before: null, after: w.a.consultant.user.id });
    expect((await api().delete(`/api/attachments/${up.body.id}`).set(w.a.clientAdmin.auth)).status).toBe(403);
  });

  it('never changes content: no PUT, a read-only file at its content address, and the database refuses updates of the metadata and of where the bytes are', async () => {
    const up = await upload(w.a.manager, 'incidents', ids.incidentA, Buffer.from('原始内容'), 'orig.txt');
    expect((await api().put(`/api/attachments/${up.body.id}`).set(w.a.manager.auth).send({ fileName: 'y.txt' })).status).toBe(404);
    const sup = await connect('super');
    try {
      const [row] = (await sup.query(`select storage_key from attachments where id = $1`, [up.body.id])).rows;
      expect(row.storage_key).toBe(`sha256/${up.body.sha256.slice(0, 2)}/${up.body.sha256.slice(2, 4)}/${up.body.sha256}`);
      const file = join(t.config.dataDir, 'files', ...row.storage_key.split('/'));
      expect(statSync(file).mode & 0o777).toBe(0o400);
      expect(readFileSync(file, 'utf8')).toBe('原始内容');
      await expect(sup.query(`update attachments set sha256 = repeat('0', 64) where id = $1`, [up.body.id])).rejects.toThrow(/only records its removal/);
      await expect(sup.query(`update attachments set storage_key = 'sha256/00/00/elsewhere' where id = $1`, [up.body.id])).rejects.toThrow(/only records its removal/);
      await expect(sup.query(`update attachments set storage_key = null where id = $1`, [up.body.id])).rejects.toThrow(/only records its removal/);
      const app = await connect('app');
      try {
        // the app role may not even try
        await expect(app.query(`update attachment_contents set content = 'x'::bytea`)).rejects.toThrow(/permission denied/);
        await expect(app.query(`delete from attachment_contents`)).rejects.toThrow(/permission denied/);
      } finally {
        await app.end();
      }
    } finally {
      await sup.end();
    }
    const bytes = await api().get(`/api/attachments/${up.body.id}/content`).set(w.a.manager.auth).buffer(true).parse(binary);
    expect(bytes.body.toString('utf8')).toBe('原始内容');
  });

  it('lets a client admin list and download the files of their own company’s trainings, never removed ones or those on incidents, and write nothing', async () => {
    const onTraining = await upload(w.a.consultant, 'trainings', ids.trainingA, Buffer.from('签到表'), '签到表.txt');
    const removed = await upload(w.a.consultant, 'trainings', ids.trainingA, Buffer.from('旧版'), '旧版.txt');
    await api().delete(`/api/attachments/${removed.body.id}`).set(w.a.consultant.auth);
    const onIncident = await upload(w.a.consultant, 'incidents', ids.incidentA, Buffer.from('取证'), '取证.txt');
    const otherClient = await upload(w.a.manager, 'trainings', ids.trainingU, Buffer.from('别家'), '别家.txt');
    const admin = w.a.clientAdmin;
    const listed = (await list(admin, {})).map((a) => a.id);
    expect(listed).toContain(onTraining.body.id);
    for (const id of [removed.body.id, onIncident.body.id, otherClient.body.id]) expect(listed).not.toContain(id);
    expect(await list(admin, { removed: true })).toEqual([]);
    expect(await list(admin, { entity: 'incidents' })).toEqual([]);
    expect((await api().get(`/api/attachments/${onTraining.body.id}`).set(admin.auth)).status).toBe(200);
    const dl = await api().get(`/api/attachments/${onTraining.body.id}/content`).set(admin.auth).buffer(true).parse(binary);
    expect([dl.status, dl.body.toString('utf8')]).toEqual([200, '签到表']);
    for (const id of [removed.body.id, onIncident.body.id, otherClient.body.id]) {
      expect({ id, show: (await api().get(`/api/attachments/${id}`).set(admin.auth)).status, content: (await api().get(`/api/attachments/${id}/content`).set(admin.auth)).status }).toEqual({ id, show: 404, content: 404 });
    }
    expect((await upload(admin, 'trainings', ids.trainingA, PNG)).status).toBe(403);
    expect((await api().delete(`/api/attachments/${onTraining.body.id}`).set(admin.auth)).status).toBe(403);
  });

  it('lets a client admin download the files of the communications and evaluations they see, and no others', async () => {
    const admin = w.a.clientAdmin;
    const staff = w.a.consultant;
    const move = async (id: string, steps: [Session, string][]) => {
      for (const [who, to] of steps) expect((await api().post(`/api/communications/${id}/transition`).set(who.auth).send({ to })).status).toBe(200);
    };
    const communication = async (clientVisible: boolean, send: boolean) => {
      const c = await api().post('/api/communications').set(staff.auth).send({ incidentId: ids.incidentA, audience: 'client', channel: 'email', subject: '处置报告', clientVisible });
      expect(c.status).toBe(201);
      const file = await upload(staff, 'communications', c.body.id, Buffer.from(`报告 ${clientVisible} ${send}`), '处置报告.txt');
      expect(file.status).toBe(201);
      if (send) await move(c.body.id, [[staff, 'in_review'], [w.a.manager, 'approved'], [staff, 'sent']]);
      return file.body.id as string;
    };
    const sentVisible = await communication(true, true);
    const draftVisible = await communication(true, false);
    const sentInternal = await communication(false, true);
    const evaluation = async (share: boolean) => {
      const e = await api().post('/api/evaluations').set(staff.auth).send({
        type: 'post_incident_review', clientId: w.a.assigned.id, incidentId: ids.incidentA, criteria: [{ name: '响应', weight: 1, score: 4 }], sharedWithClient: share,
      });
      expect(e.status).toBe(201);
      const file = await upload(staff, 'evaluations', e.body.id, Buffer.from(`复盘 ${share}`), '复盘.txt');
      expect(file.status).toBe(201);
      expect((await api().post(`/api/evaluations/${e.body.id}/finalize`).set(staff.auth).send({})).status).toBe(200);
      return file.body.id as string;
    };
    const shared = await evaluation(true);
    const unshared = await evaluation(false);

    const listed = (await list(admin, {})).map((a) => a.id);
    for (const id of [sentVisible, shared]) expect(listed).toContain(id);
    for (const id of [draftVisible, sentInternal, unshared]) expect(listed).not.toContain(id);
    const dl = await api().get(`/api/attachments/${sentVisible}/content`).set(admin.auth).buffer(true).parse(binary);
    expect([dl.status, dl.body.toString('utf8')]).toEqual([200, '报告 true true']);
    expect((await api().get(`/api/attachments/${shared}`).set(admin.auth)).status).toBe(200);
    for (const id of [draftVisible, sentInternal, unshared]) {
      expect({ id, show: (await api().get(`/api/attachments/${id}`).set(admin.auth)).status, content: (await api().get(`/api/attachments/${id}/content`).set(admin.auth)).status }).toEqual({ id, show: 404, content: 404 });
    }
    // staff see them all
    const all = (await list(staff, {})).map((a) => a.id);
    for (const id of [sentVisible, draftVisible, sentInternal, shared, unshared]) expect(all).toContain(id);
  });

  it('attaches to draft communications only: a sent communication’s files are final', async () => {
    const body = { incidentId: ids.incidentA, audience: 'client', channel: 'email', subject: '进展通报', clientVisible: true };
    const draft = await api().post('/api/communications').set(w.a.consultant.auth).send(body);
    expect(draft.status).toBe(201);
    const onDraft = await upload(w.a.consultant, 'communications', draft.body.id, PNG, '截图.png');
    expect(onDraft.status).toBe(201);
    expect(onDraft.body.clientId).toBe(w.a.assigned.id);
    for (const [who, to] of [[w.a.consultant, 'in_review'], [w.a.manager, 'approved'], [w.a.consultant, 'sent']] as [Session, string][]) {
      expect((await api().post(`/api/communications/${draft.body.id}/transition`).set(who.auth).send({ to })).status).toBe(200);
    }
    const late = await upload(w.a.consultant, 'communications', draft.body.id, PNG, '补充.png');
    expect([late.status, fields(late)]).toEqual([400, ['entityId']]);
    expect((await api().delete(`/api/attachments/${onDraft.body.id}`).set(w.a.consultant.auth)).status).toBe(409);
    expect((await list(w.a.consultant, { entity: 'communications', entityId: draft.body.id })).map((a) => a.id)).toEqual([onDraft.body.id]);
  });

  it('attaches to draft evaluations (e.g. a drill evaluation) only: a final evaluation’s files are final', async () => {
    const ev = await api().post('/api/evaluations').set(w.a.consultant.auth).send({
      type: 'drill_evaluation', trainingId: ids.trainingA, criteria: [{ name: '报告时效', weight: 1, score: 4 }], findings: '报告及时',
    });
    expect(ev.status).toBe(201);
    const onDraft = await upload(w.a.consultant, 'evaluations', ev.body.id, PNG, '评分表.png');
    expect([onDraft.status, onDraft.body.clientId]).toEqual([201, w.a.assigned.id]);
    expect((await api().post(`/api/evaluations/${ev.body.id}/finalize`).set(w.a.consultant.auth).send({})).status).toBe(200);
    const late = await upload(w.a.consultant, 'evaluations', ev.body.id, PNG, '补充.png');
    expect([late.status, fields(late)]).toEqual([400, ['entityId']]);
    // the drill's evaluations are found by trainingId
    const linked = await api().get('/api/evaluations').query(listQuery({ filter: { trainingId: ids.trainingA } })).set(w.a.consultant.auth);
    expect(linked.body.map((e: any) => e.id)).toContain(ev.body.id);
  });
});
