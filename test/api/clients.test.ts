import { randomUUID } from 'node:crypto';
import {
  createClient, listQuery, login, makeFirm, makeWorld, newCreditCode, startApp, type Session, type TestApp, type World,
} from '../support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The total from a Content-Range header such as `clients 0-24/57`. */
function total(res: { headers: Record<string, string> }): number {
  const m = /^clients (\d+)-(\d+)\/(\d+)$/.exec(res.headers['content-range'] ?? '');
  if (!m) throw new Error(`bad Content-Range: ${res.headers['content-range']}`);
  return Number(m[3]);
}

/** A credit code with a wrong check character. */
function wrongCheck(): string {
  const good = newCreditCode();
  const other = good[17] === '0' ? '1' : '0';
  return good.slice(0, 17) + other;
}

describe('clients', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const list = (s: Session, params: Parameters<typeof listQuery>[0] = {}) =>
    t.api().get('/api/clients').query(listQuery(params)).set(s.auth);
  const countAll = async (s: Session) => total(await list(s));

  describe('create', () => {
    it('a manager creates a client: 201 and every field echoed, readable afterwards', async () => {
      const body = {
        name: '上海测试数据科技有限公司',
        creditCode: newCreditCode(),
        industry: '信息技术',
        operatorType: 'cii',
        processesEuPersonalData: true,
        contacts: [{ name: '张伟', title: '信息安全负责人', email: 'zhang.wei@example.com', phone: '021-5080 1234' }],
        contractSla: { acknowledgeHours: { major: 2, general: 8 }, resolveHours: { major: 72 } },
      };
      const before = Date.now();
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...body,
        id: expect.stringMatching(UUID),
        firmId: w.a.firmId,
        status: 'active',
        offboardedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).getTime()).toBeGreaterThanOrEqual(before - 5000);
      const show = await t.api().get(`/api/clients/${res.body.id}`).set(w.a.manager.auth);
      expect(show.status).toBe(200);
      expect(show.body).toEqual(res.body);
    });

    it('fills in the optional fields with their defaults and trims the name', async () => {
      const code = newCreditCode();
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: '  南京示例有限公司  ', creditCode: code, operatorType: 'other' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '南京示例有限公司',
        creditCode: code,
        industry: null,
        operatorType: 'other',
        processesEuPersonalData: false,
        contacts: [],
        contractSla: {},
        status: 'active',
      });
    });

    it('accepts a real unified social credit code', async () => {
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: 'Real code', creditCode: '91350100M000100Y43', operatorType: 'state_organ' });
      expect(res.status).toBe(201);
      expect(res.body.creditCode).toBe('91350100M000100Y43');
    });

    const bad: [string, () => Record<string, unknown>, string[]][] = [
      ['a wrong check character', () => ({ creditCode: wrongCheck() }), ['creditCode']],
      ['a 17-character code', () => ({ creditCode: newCreditCode().slice(0, 17) }), ['creditCode']],
      ['a 19-character code', () => ({ creditCode: newCreditCode() + '1' }), ['creditCode']],
      ['a lower-case code', () => ({ creditCode: '91350100m000100y43' }), ['creditCode']],
      ['a forbidden letter (O)', () => ({ creditCode: '91350100O000100Y43' }), ['creditCode']],
      ['a credit code that is a number', () => ({ creditCode: 913501001000100 }), ['creditCode']],
      ['no credit code', () => ({ creditCode: undefined }), ['creditCode']],
      ['an unknown operatorType', () => ({ operatorType: 'bank' }), ['operatorType']],
      ['no operatorType', () => ({ operatorType: undefined }), ['operatorType']],
      ['an empty name', () => ({ name: '' }), ['name']],
      ['a name of 201 characters', () => ({ name: 'x'.repeat(201) }), ['name']],
      ['a non-boolean processesEuPersonalData', () => ({ processesEuPersonalData: 'yes' }), ['processesEuPersonalData']],
      ['an unknown field firmId', () => ({ firmId: w.b.firmId }), ['firmId']],
      ['an unknown field id', () => ({ id: randomUUID() }), ['id']],
      ['a status on create', () => ({ status: 'offboarded' }), ['status']],
      ['a contact with a bad email', () => ({ contacts: [{ name: 'A', email: 'not-an-email' }] }), ['contacts[0].email']],
      ['a contact without a name', () => ({ contacts: [{ phone: '123' }] }), ['contacts[0].name']],
      ['a contact with an unknown field', () => ({ contacts: [{ name: 'A', wechat: 'x' }] }), ['contacts[0].wechat']],
      ['negative SLA hours', () => ({ contractSla: { acknowledgeHours: { major: -1 } } }), ['contractSla.acknowledgeHours.major']],
      ['an unknown SLA grade', () => ({ contractSla: { acknowledgeHours: { urgent: 1 } } }), ['contractSla.acknowledgeHours.urgent']],
    ];
    it.each(bad)('%s: 400 naming the field, and nothing is written', async (_label, change, fields) => {
      const name = `bad ${randomUUID()}`;
      const before = await countAll(w.a.manager);
      const body = { name, creditCode: newCreditCode(), operatorType: 'other', ...change() };
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed', message: expect.any(String) });
      // one entry per broken rule: a field may be named more than once
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(fields);
      expect(res.body.errors.every((e: { message: unknown }) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
      expect(await countAll(w.a.manager)).toBe(before);
      expect(total(await list(w.a.manager, { filter: { q: name } }))).toBe(0);
    });

    it('says what is wrong with a credit code', async () => {
      const check = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: 'x', creditCode: wrongCheck(), operatorType: 'other' });
      expect(check.body.errors).toEqual([{ field: 'creditCode', message: expect.stringMatching(/check character/) }]);
      const length = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: 'x', creditCode: '123', operatorType: 'other' });
      expect(length.body.errors).toEqual([{ field: 'creditCode', message: expect.stringMatching(/18 characters/) }]);
    });

    it('names every bad field at once', async () => {
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: '', creditCode: 'x', operatorType: 'x', firmId: w.a.firmId });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['creditCode', 'firmId', 'name', 'operatorType']);
    });

    it('a body that is not JSON is a 400, not a 500', async () => {
      const res = await t.api().post('/api/clients').set(w.a.manager.auth).set('Content-Type', 'application/json').send('{"name":');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    });

    it('a duplicate credit code in the same firm is a 409, and is not written; another firm may use it', async () => {
      const code = newCreditCode();
      const first = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: 'First', creditCode: code, operatorType: 'other' });
      expect(first.status).toBe(201);
      const before = await countAll(w.a.manager);
      const dup = await t.api().post('/api/clients').set(w.a.manager.auth).send({ name: 'Second', creditCode: code, operatorType: 'cii' });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ statusCode: 409, code: 'conflict' });
      expect(await countAll(w.a.manager)).toBe(before);
      const other = await t.api().post('/api/clients').set(w.b.manager.auth).send({ name: 'Elsewhere', creditCode: code, operatorType: 'other' });
      expect(other.status).toBe(201);
      expect(other.body.firmId).toBe(w.b.firmId);
    });

    it('a consultant and a client admin get 403 and nothing is written', async () => {
      const before = await countAll(w.a.manager);
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        const res = await t.api().post('/api/clients').set(s.auth).send({ name: 'Not mine', creditCode: newCreditCode(), operatorType: 'other' });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'forbidden' });
      }
      expect(await countAll(w.a.manager)).toBe(before);
    });

    it('needs a token', async () => {
      const res = await t.api().post('/api/clients').send({ name: 'Anon', creditCode: newCreditCode(), operatorType: 'other' });
      expect(res.status).toBe(401);
    });
  });

  describe('update', () => {
    it('a manager edits a client: PUT returns the updated record, show agrees', async () => {
      const c = await createClient(t, w.a.manager, { industry: '物流' });
      const original = (await t.api().get(`/api/clients/${c.id}`).set(w.a.manager.auth)).body;
      const newCode = newCreditCode();
      const res = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({
        name: '改名后的公司',
        creditCode: newCode,
        industry: '金融服务',
        operatorType: 'state_organ',
        processesEuPersonalData: true,
        contacts: [{ name: '李娜' }],
        contractSla: { resolveHours: { general: 240 } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...original,
        name: '改名后的公司',
        creditCode: newCode,
        industry: '金融服务',
        operatorType: 'state_organ',
        processesEuPersonalData: true,
        contacts: [{ name: '李娜' }],
        contractSla: { resolveHours: { general: 240 } },
        updatedAt: expect.any(String),
      });
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(original.updatedAt).getTime());
      expect((await t.api().get(`/api/clients/${c.id}`).set(w.a.manager.auth)).body).toEqual(res.body);
    });

    it('changes only the fields sent', async () => {
      const c = await createClient(t, w.a.manager, { industry: '能源', operatorType: 'cii' });
      const res = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ industry: '电力' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: c.name, creditCode: c.creditCode, industry: '电力', operatorType: 'cii', status: 'active' });
    });

    it('validates like create: 400 naming the field, and the record is unchanged', async () => {
      const c = await createClient(t, w.a.manager);
      const original = (await t.api().get(`/api/clients/${c.id}`).set(w.a.manager.auth)).body;
      const cases: [Record<string, unknown>, string][] = [
        [{ creditCode: wrongCheck() }, 'creditCode'],
        [{ creditCode: 'ABC' }, 'creditCode'],
        [{ operatorType: 'bank' }, 'operatorType'],
        [{ status: 'deleted' }, 'status'],
        [{ name: '' }, 'name'],
        [{ firmId: w.b.firmId }, 'firmId'],
        [{ id: randomUUID() }, 'id'],
        [{ offboardedAt: new Date().toISOString() }, 'offboardedAt'],
      ];
      for (const [body, field] of cases) {
        const res = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
      expect((await t.api().get(`/api/clients/${c.id}`).set(w.a.manager.auth)).body).toEqual(original);
    });

    it("changing the credit code to another client's is a 409", async () => {
      const a = await createClient(t, w.a.manager);
      const b = await createClient(t, w.a.manager);
      const res = await t.api().put(`/api/clients/${b.id}`).set(w.a.manager.auth).send({ creditCode: a.creditCode });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('conflict');
      expect((await t.api().get(`/api/clients/${b.id}`).set(w.a.manager.auth)).body.creditCode).toBe(b.creditCode);
    });

    it('offboards a client (status offboarded, offboardedAt set) and can take it back', async () => {
      const c = await createClient(t, w.a.manager);
      const before = Date.now();
      const off = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ status: 'offboarded' });
      expect(off.status).toBe(200);
      expect(off.body.status).toBe('offboarded');
      expect(off.body.offboardedAt).toEqual(expect.any(String));
      const at = new Date(off.body.offboardedAt).getTime();
      expect(at).toBeGreaterThanOrEqual(before - 5000);
      expect(at).toBeLessThanOrEqual(Date.now() + 5000);
      // offboarded clients are kept, and can be found
      const found = await list(w.a.manager, { filter: { status: 'offboarded', id: [c.id] } });
      expect(found.body.map((x: { id: string }) => x.id)).toEqual([c.id]);
      // saving other fields keeps the offboarding time
      const edit = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ status: 'offboarded', industry: '其他' });
      expect(edit.body.offboardedAt).toBe(off.body.offboardedAt);
      const back = await t.api().put(`/api/clients/${c.id}`).set(w.a.manager.auth).send({ status: 'active' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'active', offboardedAt: null });
    });

    it('there is no DELETE for clients (they are offboarded)', async () => {
      const c = await createClient(t, w.a.manager);
      const res = await t.api().delete(`/api/clients/${c.id}`).set(w.a.manager.auth);
      expect(res.status).toBe(404);
      expect((await t.api().get(`/api/clients/${c.id}`).set(w.a.manager.auth)).status).toBe(200);
    });

    it('a consultant (even on an assigned client) and a client admin (on their own) get 403', async () => {
      const original = (await t.api().get(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth)).body;
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        const res = await t.api().put(`/api/clients/${w.a.assigned.id}`).set(s.auth).send({ name: 'Taken over' });
        expect(res.status).toBe(403);
      }
      expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth)).body).toEqual(original);
    });

    it("another firm's client, an unknown id and a malformed id answer 404", async () => {
      for (const id of [w.b.client.id, randomUUID(), 'not-a-uuid']) {
        const res = await t.api().put(`/api/clients/${id}`).set(w.a.manager.auth).send({ name: 'x' });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect((await t.api().get(`/api/clients/${id}`).set(w.a.manager.auth)).status).toBe(404);
      }
    });
  });

  describe('list', () => {
    /** A firm of its own, so that the list holds exactly what this block made. */
    let m: Session;
    let firmId: string;
    let made: { id: string; name: string; creditCode: string }[];
    beforeAll(async () => {
      const f = await makeFirm(t, 'List');
      m = f.manager;
      firmId = f.firmId;
      const specs = [
        { name: 'Alpha 信息', operatorType: 'cii', industry: '能源', processesEuPersonalData: false },
        { name: 'Bravo 100% 数据', operatorType: 'other', industry: '金融', processesEuPersonalData: true },
        { name: 'Charlie 物流', operatorType: 'other', industry: '物流', processesEuPersonalData: false },
        { name: 'Delta 机关', operatorType: 'state_organ', industry: '公共管理', processesEuPersonalData: false },
        { name: 'Echo_电商', operatorType: 'other', industry: '金融', processesEuPersonalData: true },
      ];
      made = [];
      for (const s of specs) made.push(await createClient(t, m, s));
    });
    const names = (res: { body: { name: string }[] }) => res.body.map((c) => c.name);

    it('returns an array and Content-Range with the total; default sort is by name', async () => {
      const res = await list(m);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.headers['content-range']).toBe('clients 0-4/5');
      expect(res.headers['access-control-expose-headers']).toMatch(/Content-Range/i);
      expect(names(res)).toEqual(['Alpha 信息', 'Bravo 100% 数据', 'Charlie 物流', 'Delta 机关', 'Echo_电商']);
      expect(res.body.every((c: { firmId: string }) => c.firmId === firmId)).toBe(true);
    });

    it('sorts by a whitelisted field in either direction', async () => {
      expect(names(await list(m, { sort: ['name', 'DESC'] }))).toEqual(['Echo_电商', 'Delta 机关', 'Charlie 物流', 'Bravo 100% 数据', 'Alpha 信息']);
      const byType = await list(m, { sort: ['operatorType', 'ASC'] });
      expect(byType.body.map((c: { operatorType: string }) => c.operatorType)).toEqual(['cii', 'other', 'other', 'other', 'state_organ']);
      const byCreated = await list(m, { sort: ['createdAt', 'ASC'] });
      expect(byCreated.body.map((c: { id: string }) => c.id)).toEqual(made.map((c) => c.id));
    });

    it('pages with range: both ends included, Content-Range names them and the total', async () => {
      const res = await list(m, { sort: ['name', 'ASC'], range: [1, 2] });
      expect(names(res)).toEqual(['Bravo 100% 数据', 'Charlie 物流']);
      expect(res.headers['content-range']).toBe('clients 1-2/5');
      const last = await list(m, { sort: ['name', 'ASC'], range: [4, 10] });
      expect(names(last)).toEqual(['Echo_电商']);
      expect(last.headers['content-range']).toBe('clients 4-4/5');
      const past = await list(m, { range: [10, 19] });
      expect(past.body).toEqual([]);
      expect(total(past)).toBe(5);
    });

    it('filters by field; Content-Range counts the filtered rows', async () => {
      const other = await list(m, { filter: { operatorType: 'other' } });
      expect(names(other)).toEqual(['Bravo 100% 数据', 'Charlie 物流', 'Echo_电商']);
      expect(other.headers['content-range']).toBe('clients 0-2/3');
      expect(names(await list(m, { filter: { operatorType: ['cii', 'state_organ'] } }))).toEqual(['Alpha 信息', 'Delta 机关']);
      expect(names(await list(m, { filter: { industry: '金融' } }))).toEqual(['Bravo 100% 数据', 'Echo_电商']);
      expect(names(await list(m, { filter: { processesEuPersonalData: true } }))).toEqual(['Bravo 100% 数据', 'Echo_电商']);
      expect(names(await list(m, { filter: { processesEuPersonalData: false, operatorType: 'other' } }))).toEqual(['Charlie 物流']);
      expect(total(await list(m, { filter: { status: 'offboarded' } }))).toBe(0);
      expect(total(await list(m, { filter: { status: 'active' } }))).toBe(5);
      const paged = await list(m, { filter: { operatorType: 'other' }, range: [0, 0] });
      expect(paged.headers['content-range']).toBe('clients 0-0/3');
    });

    it('searches name, credit code and industry with q (case-insensitive, wildcards taken literally)', async () => {
      expect(names(await list(m, { filter: { q: 'charlie' } }))).toEqual(['Charlie 物流']);
      expect(names(await list(m, { filter: { q: '物流' } }))).toEqual(['Charlie 物流']); // name and industry
      expect(names(await list(m, { filter: { q: made[3].creditCode.slice(8) } }))).toEqual(['Delta 机关']);
      expect(names(await list(m, { filter: { q: '公共' } }))).toEqual(['Delta 机关']); // industry only
      expect(names(await list(m, { filter: { q: '%' } }))).toEqual(['Bravo 100% 数据']);
      expect(names(await list(m, { filter: { q: '_' } }))).toEqual(['Echo_电商']);
      const none = await list(m, { filter: { q: 'nothing like this' } });
      expect(none.body).toEqual([]);
      expect(total(none)).toBe(0);
    });

    it('fetches many with filter={"id":[…]}, leaving out what is not the caller\'s', async () => {
      const ids = [made[0].id, made[3].id];
      const res = await list(m, { filter: { id: ids } });
      expect(res.body.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
      expect(total(res)).toBe(2);
      // another firm's client and an unknown id are simply absent
      const mixed = await list(m, { filter: { id: [made[1].id, w.a.assigned.id, randomUUID()] } });
      expect(mixed.body.map((c: { id: string }) => c.id)).toEqual([made[1].id]);
      // a single id works too
      expect((await list(m, { filter: { id: made[2].id } })).body.map((c: { id: string }) => c.id)).toEqual([made[2].id]);
      const bad = await list(m, { filter: { id: ['nope'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('filter.id');
    });

    it('refuses what it does not know: 400 naming the parameter', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ sort: '["creditCode; drop table clients","ASC"]' }, 'sort'],
        [{ sort: '["firmId","ASC"]' }, 'sort'],
        [{ sort: 'name' }, 'sort'],
        [{ range: '[0,1000]' }, 'range'],
        [{ range: '[5,1]' }, 'range'],
        [{ filter: '{"firmId":"x"}' }, 'filter.firmId'],
        [{ filter: '{"operatorType":"bank"}' }, 'filter.operatorType'],
        [{ filter: '{"processesEuPersonalData":"yes"}' }, 'filter.processesEuPersonalData'],
        [{ filter: '{nope' }, 'filter'],
      ];
      for (const [query, field] of cases) {
        const res = await t.api().get('/api/clients').query(query).set(m.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    });

    it('a range of up to 1000 rows is allowed', async () => {
      const res = await list(m, { range: [0, 999] });
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe('clients 0-4/5');
    });
  });

  describe('what each role sees', () => {
    it('a manager sees every client of the firm and none of another firm', async () => {
      const res = await list(w.a.manager, { range: [0, 999] });
      const ids = res.body.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([w.a.assigned.id, w.a.unassigned.id]));
      expect(ids).not.toContain(w.b.client.id);
      expect(res.body.every((c: { firmId: string }) => c.firmId === w.a.firmId)).toBe(true);
      expect(total(res)).toBe(ids.length);
    });

    it('a consultant lists only assigned clients, and the total says so', async () => {
      const res = await list(w.a.consultant, { range: [0, 999] });
      expect(res.status).toBe(200);
      expect(res.body.map((c: { id: string }) => c.id)).toEqual([w.a.assigned.id]);
      expect(res.headers['content-range']).toBe('clients 0-0/1');
      expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(w.a.consultant.auth)).status).toBe(200);
      expect((await t.api().get(`/api/clients/${w.a.unassigned.id}`).set(w.a.consultant.auth)).status).toBe(404);
      const many = await list(w.a.consultant, { filter: { id: [w.a.assigned.id, w.a.unassigned.id, w.b.client.id] } });
      expect(many.body.map((c: { id: string }) => c.id)).toEqual([w.a.assigned.id]);
      // a search that would match the unassigned client finds nothing
      const unassigned = (await t.api().get(`/api/clients/${w.a.unassigned.id}`).set(w.a.manager.auth)).body;
      expect(total(await list(w.a.consultant, { filter: { q: unassigned.creditCode } }))).toBe(0);
    });

    it('a newly assigned client shows up for the consultant at once', async () => {
      const c = await createClient(t, w.a.manager);
      expect((await list(w.a.consultant, { filter: { id: [c.id] } })).body).toEqual([]);
      const asg = await t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: w.a.consultant.user.id, clientId: c.id });
      expect(asg.status).toBe(201);
      try {
        expect((await list(w.a.consultant, { filter: { id: [c.id] } })).body.map((x: { id: string }) => x.id)).toEqual([c.id]);
      } finally {
        await t.api().delete(`/api/assignments/${asg.body.id}`).set(w.a.manager.auth);
      }
    });

    it('a client admin sees only their own company', async () => {
      const res = await list(w.a.clientAdmin, { range: [0, 999] });
      expect(res.status).toBe(200);
      expect(res.body.map((c: { id: string }) => c.id)).toEqual([w.a.assigned.id]);
      expect(res.headers['content-range']).toBe('clients 0-0/1');
      expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(w.a.clientAdmin.auth)).status).toBe(200);
      for (const id of [w.a.unassigned.id, w.b.client.id]) {
        const res2 = await t.api().get(`/api/clients/${id}`).set(w.a.clientAdmin.auth);
        expect(res2.status).toBe(404);
      }
      const other = await login(t, (await t.api().get(`/api/users/${w.a.otherClientAdmin.id}`).set(w.a.manager.auth)).body.email);
      expect((await list(other)).body.map((c: { id: string }) => c.id)).toEqual([w.a.unassigned.id]);
    });
  });
});
