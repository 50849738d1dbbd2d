import { addDays, addMonthsClamped, nextDueDate, todayIn } from '@incident-desk/shared';
import { createClient, listQuery, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

describe('trainings', () => {
  let t: TestApp;
  let w: World;
  let today: string;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    today = todayIn('Asia/Shanghai');
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const daysAgo = (n: number) => addDays(today, -n);
  async function create(s: Session, body: Record<string, unknown>, expected = 201) {
    const res = await api().post('/api/trainings').set(s.auth).send({ clientId: w.a.assigned.id, type: 'security_awareness', title: '年度安全意识培训', date: daysAgo(3), ...body });
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({ status: expected, body: null });
    return res.body;
  }
  async function list(s: Session, filter: Record<string, unknown>) {
    const res = await api().get('/api/trainings').query(listQuery({ range: [0, 499], filter })).set(s.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toMatch(/^trainings \d+-\d+\/\d+$/);
    return res.body as any[];
  }
  const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
  const importCsv = (s: Session, id: string, csv: string | Buffer, query = '') =>
    api().post(`/api/trainings/${id}/participants/import${query}`).set(s.auth).attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), { filename: '签到表.csv', contentType: 'text/csv' });

  it('creates a drill with participants: rates, passed from the pass mark, next due date, times against the reporting clock', async () => {
    const cii = await createClient(t, w.a.manager, { operatorType: 'cii' });
    const d = await create(w.a.manager, {
      clientId: cii.id, type: 'emergency_drill', title: '勒索软件应急演练', date: '2026-01-31', status: 'completed', deliveryMode: 'onsite',
      trainer: '陈磊', scenario: '票务后台服务器被加密', objectives: '检验 1 小时报告时限', durationMinutes: 120, passMark: 60, recurrenceMonths: 1,
      detectMinutes: 12, escalateMinutes: 20, reportMinutes: 55,
      participants: [
        { name: '张伟', department: '信息安全部', attended: true, score: 85, passed: false },
        { name: '李娜', department: '运维部', attended: true, score: 40 },
        { name: '王敏', department: '法务部', attended: true },
        { name: '赵磊', department: '运维部', attended: false },
      ],
    });
    expect(d).toMatchObject({
      type: 'emergency_drill', status: 'completed', date: '2026-01-31', participantCount: 4, attendedCount: 3, passedCount: 1,
      attendanceRate: 0.75, passRate: 0.5, nextDueAt: '2026-02-28', operatorType: 'cii', reportingClockMinutes: 60, withinReportingClock: true,
      detectMinutes: 12, escalateMinutes: 20, reportMinutes: 55, createdById: w.a.manager.user.id,
    });
    // the score decides, not the recorded flag
    expect(d.participants[0]).toEqual({ name: '张伟', department: '信息安全部', attended: true, score: 85, passed: true, acknowledged: false });
    expect(d.participants[2].passed).toBeNull();
    // a slower report misses the CII clock; the same time is within an ordinary operator's 4 hours
    const slow = await api().put(`/api/trainings/${d.id}`).set(w.a.manager.auth).send({ reportMinutes: 75 });
    expect(slow.body).toMatchObject({ reportMinutes: 75, withinReportingClock: false, reportingClockMinutes: 60 });
    const other = await create(w.a.manager, { type: 'tabletop_exercise', reportMinutes: 75 });
    expect(other).toMatchObject({ operatorType: 'other', reportingClockMinutes: 240, withinReportingClock: true });
    // a training that is not a drill has no clock
    const plain = await create(w.a.manager, {});
    expect(plain).toMatchObject({ reportingClockMinutes: null, withinReportingClock: null, participantCount: 0, attendanceRate: null, passRate: null, nextDueAt: null, dueStatus: 'none' });
    // rates describe a training that took place
    const planned = await create(w.a.manager, { date: addDays(today, 7), participants: [{ name: '受邀人', attended: false }] });
    expect(planned).toMatchObject({ status: 'planned', participantCount: 1, attendedCount: 0, attendanceRate: null, passRate: null });
    expect((await api().get(`/api/trainings/${d.id}`).set(w.a.consultant.auth)).status).toBe(404); // not the consultant's client
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const before = (await list(w.a.manager, { clientId: w.a.assigned.id })).length;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await api().post('/api/trainings').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, type: 'technical', title: 'x', date: daysAgo(1), ...body });
      expect({ body, status: res.status, fields: fields(res) }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
    };
    await bad({ type: 'party' }, 'type');
    await bad({ date: '2026-02-30' }, 'date');
    await bad({ date: '2026/01/01' }, 'date');
    await bad({ title: '' }, 'title');
    await bad({ status: 'completed', date: addDays(today, 2) }, 'status');
    await bad({ detectMinutes: 5 }, 'detectMinutes');
    await bad({ passMark: 101 }, 'passMark');
    await bad({ recurrenceMonths: 0 }, 'recurrenceMonths');
    await bad({ deliveryMode: 'carrier_pigeon' }, 'deliveryMode');
    await bad({ participants: [{ name: '张伟', attended: true }, { name: '李娜', attended: false, score: 80 }] }, 'participants[1].score');
    await bad({ participants: [{ name: '', attended: true }] }, 'participants[0].name');
    await bad({ participants: [{ name: '张伟', score: 'high' }] }, 'participants[0].score');
    await bad({ nextDueAt: '2030-01-01' }, 'nextDueAt');
    await bad({ clientId: 'not-a-uuid' }, 'clientId');
    await bad({ clientId: w.b.client.id }, 'clientId');
    expect((await list(w.a.manager, { clientId: w.a.assigned.id })).length).toBe(before);
  });

  it('updates: a new pass mark re-derives results; the type cannot drop to a non-drill with times; the client never changes; audited', async () => {
    const d = await create(w.a.consultant, {
      type: 'tabletop_exercise', status: 'completed', passMark: 60, detectMinutes: 5,
      participants: [{ name: '周静', attended: true, score: 70 }, { name: '钱芳', attended: true, score: 50 }],
    });
    expect(d.passRate).toBe(0.5);
    const stricter = await api().put(`/api/trainings/${d.id}`).set(w.a.consultant.auth).send({ passMark: 80 });
    expect(stricter.status).toBe(200);
    expect(stricter.body.passRate).toBe(0);
    expect(stricter.body.participants.map((p: any) => p.passed)).toEqual([false, false]);
    const toPlain = await api().put(`/api/trainings/${d.id}`).set(w.a.consultant.auth).send({ type: 'technical' });
    expect(toPlain.status).toBe(400);
    expect(fields(toPlain)).toEqual(['detectMinutes']);
    const cleared = await api().put(`/api/trainings/${d.id}`).set(w.a.consultant.auth).send({ type: 'technical', detectMinutes: null });
    expect(cleared.body).toMatchObject({ type: 'technical', detectMinutes: null, reportingClockMinutes: null });
    const move = await api().put(`/api/trainings/${d.id}`).set(w.a.consultant.auth).send({ clientId: w.a.unassigned.id });
    expect(move.status).toBe(400);
    expect(fields(move)).toEqual(['clientId']);
    const cancelled = await api().put(`/api/trainings/${d.id}`).set(w.a.consultant.auth).send({ status: 'cancelled', recurrenceMonths: 12 });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', recurrenceMonths: 12, nextDueAt: null });
    const audit = await api().get('/api/audit-logs').query(listQuery({ range: [0, 49], sort: ['seq', 'ASC'], filter: { entity: 'trainings', entityId: d.id } })).set(w.a.manager.auth);
    expect(audit.body.map((a: any) => a.action)).toEqual(['create', 'update', 'update', 'transition']);
    expect(audit.body[1].changes.passMark).toEqual({ before: 60, after: 80 });
    expect(audit.body[3].changes.status).toEqual({ before: 'completed', after: 'cancelled' });
  });

  describe('CSV import of participants', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(w.a.consultant, { status: 'completed', passMark: 60, participants: [{ name: '原有', attended: true, score: 90 }] })).id;
    });

    it('imports UTF-8 with a BOM, Chinese names and quoted fields, replacing the list', async () => {
      const csv = '\ufeffname,department,attended,score\r\n张伟,"信息安全部, 上海",是,92\r\n李娜,财务部,no,\r\n"欧阳 ""小明""",IT,yes,59\r\n';
      const res = await importCsv(w.a.consultant, id, csv);
      expect(res.status).toBe(200);
      expect(res.body.participants).toEqual([
        { name: '张伟', department: '信息安全部, 上海', attended: true, score: 92, passed: true, acknowledged: false },
        { name: '李娜', department: '财务部', attended: false, score: null, passed: null, acknowledged: false },
        { name: '欧阳 "小明"', department: 'IT', attended: true, score: 59, passed: false, acknowledged: false },
      ]);
      expect(res.body).toMatchObject({ participantCount: 3, attendedCount: 2, passedCount: 1, attendanceRate: 0.6667, passRate: 0.5 });
      const audit = await api().get('/api/audit-logs').query(listQuery({ range: [0, 0], filter: { entity: 'trainings', entityId: id } })).set(w.a.manager.auth);
      expect(audit.body[0].changes.import.after).toEqual({ fileName: '签到表.csv', mode: 'replace', rows: 3 });
      expect(audit.body[0].changes.participants.before).toEqual([expect.objectContaining({ name: '原有' })]);
    });

    it('appends without a BOM on request', async () => {
      const res = await importCsv(w.a.consultant, id, 'name,department,attended,score\n王敏,法务部,yes,100\n', '?mode=append');
      expect(res.status).toBe(200);
      expect(res.body.participants.map((p: any) => p.name)).toEqual(['张伟', '李娜', '欧阳 "小明"', '王敏']);
    });

    it('imports nothing when a row is bad, and names every bad line', async () => {
      const csv = ['name,department,attended,score', '新人甲,IT,yes,88', '新人乙,IT,yes,88', '新人丙,IT,yes,abc', '新人丁,IT,yes,70', ',IT,no,', '新人戊,IT,no,30'].join('\r\n');
      const res = await importCsv(w.a.consultant, id, csv);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([
        { field: 'file', message: 'line 4: score must be a number 0..100' },
        { field: 'file', message: 'line 6: name is required' },
        { field: 'file', message: 'line 7: score is given for someone who did not attend' },
      ]);
      const after = await api().get(`/api/trainings/${id}`).set(w.a.consultant.auth);
      expect(after.body.participants.map((p: any) => p.name)).toEqual(['张伟', '李娜', '欧阳 "小明"', '王敏']);
    });

    it('refuses a file that is not UTF-8, a missing file, an unknown mode, and wrong columns', async () => {
      // "姓名" in GBK
      const gbk = Buffer.concat([Buffer.from('name\n'), Buffer.from([0xd5, 0xc5, 0xce, 0xb0, 0x0a])]);
      const notUtf8 = await importCsv(w.a.consultant, id, gbk);
      expect(notUtf8.status).toBe(400);
      expect(notUtf8.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('UTF-8') }]);
      const none = await api().post(`/api/trainings/${id}/participants/import`).set(w.a.consultant.auth).field('note', 'x');
      expect(none.status).toBe(400);
      expect(fields(none)).toEqual(['file']);
      const json = await api().post(`/api/trainings/${id}/participants/import`).set(w.a.consultant.auth).send({ csv: 'name\nx' });
      expect(json.status).toBe(400);
      expect(fields(json)).toEqual(['file']);
      expect(fields(await importCsv(w.a.consultant, id, 'name\nx\n', '?mode=merge'))).toEqual(['mode']);
      const cols = await importCsv(w.a.consultant, id, 'nom,score\nx,1\n');
      expect(cols.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/^line 1: unknown column "nom"/) }]);
      expect((await api().get(`/api/trainings/${id}`).set(w.a.consultant.auth)).body.participantCount).toBe(4);
    });

    it('is for firm staff in scope only', async () => {
      expect((await importCsv(w.a.clientAdmin, id, 'name\nx\n')).status).toBe(403);
      const u = await create(w.a.manager, { clientId: w.a.unassigned.id });
      expect((await importCsv(w.a.consultant, u.id, 'name\nx\n')).status).toBe(404);
      expect((await importCsv(w.b.manager, id, 'name\nx\n')).status).toBe(404);
      expect((await api().get(`/api/trainings/${u.id}`).set(w.a.manager.auth)).body.participantCount).toBe(0);
    });
  });

  it('lists trainings coming due in the next 30 days and overdue ones per client; a later training renews an earlier one', async () => {
    const client = await createClient(t, w.a.manager, { operatorType: 'state_organ' });
    const mk = (title: string, dueOn: string, extra: Record<string, unknown> = {}, months = 3) =>
      create(w.a.manager, { clientId: client.id, title, status: 'completed', recurrenceMonths: months, date: addMonthsClamped(dueOn, -months), ...extra });
    // one type each: a later training of the same client and type renews an earlier one
    const soon = await mk('十天后到期', addDays(today, 10), { type: 'security_awareness' });
    const late = await mk('已逾期', addDays(today, -5), { type: 'technical' });
    const far = await mk('远期', addDays(today, 60), { type: 'communication' });
    const renewedOld = await mk('已续期的旧培训', addDays(today, -20), { type: 'legal_compliance' });
    await create(w.a.manager, { clientId: client.id, title: '新一轮', type: 'legal_compliance', status: 'planned', date: addDays(today, 3) });
    const cancelled = await mk('取消', addDays(today, -3), { type: 'collaboration', status: 'cancelled' });
    // a cancelled later one renews nothing
    await create(w.a.manager, { clientId: client.id, title: '取消的新一轮', type: 'technical', status: 'cancelled', date: daysAgo(1) });
    for (const x of [soon, late, far, renewedOld]) expect(x.nextDueAt).toBe(nextDueDate(x));
    expect([soon.dueStatus, late.dueStatus, far.dueStatus, cancelled.dueStatus]).toEqual(['due_soon', 'overdue', 'ok', 'none']);
    expect((await api().get(`/api/trainings/${renewedOld.id}`).set(w.a.manager.auth)).body.dueStatus).toBe('renewed');

    const ids = (rows: any[]) => rows.map((r) => r.id).sort();
    expect(ids(await list(w.a.manager, { clientId: client.id, due: 'next30' }))).toEqual([soon.id]);
    expect(ids(await list(w.a.manager, { clientId: client.id, due: 'overdue' }))).toEqual([late.id]);
    expect(ids(await list(w.a.manager, { clientId: client.id, dueWithinDays: 90 }))).toEqual([soon.id, far.id].sort());
    const firmWide = ids(await list(w.a.manager, { due: 'overdue' }));
    expect(firmWide).toContain(late.id);
    expect(firmWide).not.toContain(renewedOld.id);
    for (const [filter, field] of [[{ due: 'soon' }, 'filter.due'], [{ dueWithinDays: -1 }, 'filter.dueWithinDays'], [{ date_gte: 'x' }, 'filter.date_gte'], [{ drill: 'yes' }, 'filter.drill'], [{ nope: 1 }, 'filter.nope']] as const) {
      const res = await api().get('/api/trainings').query(listQuery({ filter })).set(w.a.manager.auth);
      expect({ filter, status: res.status, fields: fields(res) }).toEqual({ filter, status: 400, fields: [field] });
    }
  });

  it('filters by client, type, status, date range (dates or instants), drills and text, and sorts', async () => {
    const client = await createClient(t, w.a.manager);
    await create(w.a.manager, { clientId: client.id, title: '一月安全意识', date: '2025-01-15' });
    await create(w.a.manager, { clientId: client.id, title: '二月演练', type: 'emergency_drill', date: '2025-02-15', status: 'completed' });
    await create(w.a.manager, { clientId: client.id, title: '三月法律', type: 'legal_compliance', date: '2025-03-15', status: 'cancelled', trainer: 'Ms Legal' });
    const titles = async (filter: Record<string, unknown>, sort?: [string, string]) =>
      (await api().get('/api/trainings').query(listQuery({ filter: { clientId: client.id, ...filter }, sort, range: [0, 99] })).set(w.a.manager.auth)).body.map((x: any) => x.title);
    expect(await titles({})).toEqual(['三月法律', '二月演练', '一月安全意识']);
    expect(await titles({}, ['date', 'ASC'])).toEqual(['一月安全意识', '二月演练', '三月法律']);
    expect(await titles({ type: 'emergency_drill' })).toEqual(['二月演练']);
    expect(await titles({ status: ['planned', 'cancelled'] })).toEqual(['三月法律', '一月安全意识']);
    expect(await titles({ date_gte: '2025-02-01', date_lte: '2025-02-28' })).toEqual(['二月演练']);
    // the admin sends wall-clock dates as instants in the firm's time zone (Asia/Shanghai)
    expect(await titles({ date_gte: '2025-02-14T16:00:00.000Z', date_lte: '2025-02-15T15:59:59.000Z' })).toEqual(['二月演练']);
    expect(await titles({ drill: true })).toEqual(['二月演练']);
    expect(await titles({ drill: false })).toEqual(['三月法律', '一月安全意识']);
    expect(await titles({ q: 'legal' })).toEqual(['三月法律']);
  });

  it('lets a client admin read their own company’s trainings only, and change nothing', async () => {
    const own = await create(w.a.manager, { participants: [{ name: '张伟', attended: true }] });
    const other = await create(w.a.manager, { clientId: w.a.unassigned.id });
    const portal = await list(w.a.clientAdmin, {});
    expect(portal.length).toBeGreaterThan(0);
    expect(portal.every((x) => x.clientId === w.a.assigned.id)).toBe(true);
    expect(portal.map((x) => x.id)).not.toContain(other.id);
    expect((await api().get(`/api/trainings/${own.id}`).set(w.a.clientAdmin.auth)).body.participants[0].name).toBe('张伟');
    expect((await api().get(`/api/trainings/${other.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
    expect((await api().post('/api/trainings').set(w.a.clientAdmin.auth).send({ clientId: w.a.assigned.id, type: 'technical', title: 'x', date: today })).status).toBe(403);
    expect((await api().put(`/api/trainings/${own.id}`).set(w.a.clientAdmin.auth).send({ title: 'changed' })).status).toBe(403);
    expect((await api().get(`/api/trainings/${own.id}`).set(w.a.manager.auth)).body.title).toBe('年度安全意识培训');
  });
});
