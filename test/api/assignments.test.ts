import { randomUUID } from 'node:crypto';
import {
  createClient, createUser, listQuery, login, makeWorld, startApp, type Session, type TestApp, type World,
} from '../support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.field))];
const totalOf = (res: { headers: Record<string, string> }) => Number(/^assignments \d+-\d+\/(\d+)$/.exec(res.headers['content-range'])![1]);

describe('assignments', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const list = (s: Session, params: Parameters<typeof listQuery>[0] = {}) =>
    t.api().get('/api/assignments').query(listQuery(params)).set(s.auth);
  const assign = (s: Session, body: Record<string, unknown>) => t.api().post('/api/assignments').set(s.auth).send(body);
  /** A consultant of firm A of this test's own, signed in. */
  async function newConsultant(): Promise<Session> {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    return login(t, u.email);
  }

  it('a manager assigns a consultant to a client: 201 with the record, readable, and the consultant sees the client at once', async () => {
    const c = await newConsultant();
    const client = await createClient(t, w.a.manager);
    expect((await t.api().get(`/api/clients/${client.id}`).set(c.auth)).status).toBe(404);
    const before = Date.now();
    const res = await assign(w.a.manager, { consultantId: c.user.id, clientId: client.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(UUID), consultantId: c.user.id, clientId: client.id, primary: true, createdAt: expect.any(String) });
    expect(new Date(res.body.createdAt).getTime()).toBeGreaterThanOrEqual(before - 5000);
    const show = await t.api().get(`/api/assignments/${res.body.id}`).set(w.a.manager.auth);
    expect(show.status).toBe(200);
    expect(show.body).toEqual(res.body);
    expect((await t.api().get(`/api/clients/${client.id}`).set(c.auth)).status).toBe(200);
    const clients = await t.api().get('/api/clients').set(c.auth);
    expect(clients.body.map((x: { id: string }) => x.id)).toEqual([client.id]);
  });

  it('lists with Content-Range, filters by consultant, client and id, sorts and pages', async () => {
    const c1 = await newConsultant();
    const c2 = await newConsultant();
    const k1 = await createClient(t, w.a.manager);
    const k2 = await createClient(t, w.a.manager);
    const made: Record<string, string> = {};
    for (const [key, consultant, client] of [['11', c1, k1], ['12', c1, k2], ['21', c2, k1]] as const) {
      const res = await assign(w.a.manager, { consultantId: consultant.user.id, clientId: client.id });
      expect(res.status).toBe(201);
      made[key] = res.body.id;
    }
    const byC1 = await list(w.a.manager, { filter: { consultantId: c1.user.id }, sort: ['createdAt', 'ASC'] });
    expect(byC1.status).toBe(200);
    expect(byC1.body.map((a: { id: string }) => a.id)).toEqual([made['11'], made['12']]);
    expect(byC1.headers['content-range']).toBe('assignments 0-1/2');
    // default order is newest first
    const newestFirst = await list(w.a.manager, { filter: { consultantId: c1.user.id } });
    expect(newestFirst.body.map((a: { id: string }) => a.id)).toEqual([made['12'], made['11']]);
    const byK1 = await list(w.a.manager, { filter: { clientId: k1.id } });
    expect(byK1.body.map((a: { id: string }) => a.id).sort()).toEqual([made['11'], made['21']].sort());
    const both = await list(w.a.manager, { filter: { consultantId: c2.user.id, clientId: k1.id } });
    expect(both.body.map((a: { id: string }) => a.id)).toEqual([made['21']]);
    const several = await list(w.a.manager, { filter: { consultantId: [c1.user.id, c2.user.id] } });
    expect(totalOf(several)).toBe(3);
    const byId = await list(w.a.manager, { filter: { id: [made['11'], made['21'], randomUUID()] } });
    expect(byId.body.map((a: { id: string }) => a.id).sort()).toEqual([made['11'], made['21']].sort());
    const page = await list(w.a.manager, { filter: { consultantId: [c1.user.id, c2.user.id] }, sort: ['createdAt', 'ASC'], range: [1, 1] });
    expect(page.body.map((a: { id: string }) => a.id)).toEqual([made['12']]);
    expect(page.headers['content-range']).toBe('assignments 1-1/3');
    // the whole firm's list holds them all, and the world's own assignment
    const all = await list(w.a.manager, { range: [0, 999] });
    expect(all.body.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(Object.values(made)));
    expect(all.body.some((a: { consultantId: string; clientId: string }) => a.consultantId === w.a.consultant.user.id && a.clientId === w.a.assigned.id)).toBe(true);
    expect(totalOf(all)).toBe(all.body.length);
  });

  it('refuses bad list parameters with 400 naming them', async () => {
    for (const [query, field] of [
      [{ filter: '{"consultantId":"me"}' }, 'filter.consultantId'],
      [{ filter: '{"firmId":"x"}' }, 'filter.firmId'],
      [{ sort: '["name","ASC"]' }, 'sort'],
    ] as const) {
      const res = await t.api().get('/api/assignments').query(query).set(w.a.manager.auth);
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
  });

  it('DELETE returns the deleted record; it is gone, and the consultant loses the client at once', async () => {
    const c = await newConsultant();
    const client = await createClient(t, w.a.manager);
    const created = (await assign(w.a.manager, { consultantId: c.user.id, clientId: client.id })).body;
    expect((await t.api().get(`/api/clients/${client.id}`).set(c.auth)).status).toBe(200);
    const del = await t.api().delete(`/api/assignments/${created.id}`).set(w.a.manager.auth);
    expect(del.status).toBe(200);
    expect(del.body).toEqual(created);
    expect((await t.api().get(`/api/assignments/${created.id}`).set(w.a.manager.auth)).status).toBe(404);
    expect((await list(w.a.manager, { filter: { id: [created.id] } })).body).toEqual([]);
    expect((await t.api().get(`/api/clients/${client.id}`).set(c.auth)).status).toBe(404);
    expect((await t.api().get('/api/clients').set(c.auth)).body).toEqual([]);
    // deleting again: 404
    const again = await t.api().delete(`/api/assignments/${created.id}`).set(w.a.manager.auth);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
    // and the pair can be assigned anew
    expect((await assign(w.a.manager, { consultantId: c.user.id, clientId: client.id })).status).toBe(201);
  });

  describe('the primary consultant (one per client, who owns the client\'s reports)', () => {
    const put = (s: Session, id: string, body: Record<string, unknown>) => t.api().put(`/api/assignments/${id}`).set(s.auth).send(body);
    const primaries = async (clientId: string) => (await list(w.a.manager, { filter: { clientId, primary: true } })).body.map((a: { consultantId: string }) => a.consultantId);
    /** who owns a report the client's admin makes now */
    async function owner(clientId: string) {
      const admin = await login(t, (await createUser(t, w.a.manager, w.a.slug, { role: 'client_admin', clientId })).email);
      const r = await t.api().post('/api/incidents').set(admin.auth).send({ title: '报告', detectedAt: new Date(Date.now() - 3600_000).toISOString() });
      expect(r.status).toBe(201);
      return (await t.api().get(`/api/incidents/${r.body.id}`).set(w.a.manager.auth)).body.leadId as string;
    }

    it('is the first assigned unless another is chosen; choosing one unsets the one before; reports go to the primary one', async () => {
      const client = await createClient(t, w.a.manager);
      const [c1, c2, c3] = [await newConsultant(), await newConsultant(), await newConsultant()];
      const a1 = (await assign(w.a.manager, { consultantId: c1.user.id, clientId: client.id })).body;
      const a2 = (await assign(w.a.manager, { consultantId: c2.user.id, clientId: client.id })).body;
      expect([a1.primary, a2.primary]).toEqual([true, false]);
      expect(await owner(client.id)).toBe(c1.user.id);
      // made primary on creation
      const a3 = (await assign(w.a.manager, { consultantId: c3.user.id, clientId: client.id, primary: true })).body;
      expect(a3.primary).toBe(true);
      expect(await primaries(client.id)).toEqual([c3.user.id]);
      expect(await owner(client.id)).toBe(c3.user.id);
      // chosen later
      const res = await put(w.a.manager, a2.id, { primary: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: a2.id, primary: true });
      expect(await primaries(client.id)).toEqual([c2.user.id]);
      expect(await owner(client.id)).toBe(c2.user.id);
      // the same again changes nothing; the history names both changes of the choice
      expect((await put(w.a.manager, a2.id, { primary: true })).status).toBe(200);
      const history = (await t.api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'assignments', clientId: client.id }, sort: ['seq', 'ASC'], range: [0, 99] })).set(w.a.manager.auth)).body
        .filter((x: { action: string }) => x.action === 'update').map((x: { entityId: string; changes: { primary: { after: boolean } } }) => [x.entityId, x.changes.primary.after]);
      expect(history).toEqual([[a1.id, false], [a3.id, false], [a2.id, true]]);
      // no primary: a manager owns the client's reports
      expect((await put(w.a.manager, a2.id, { primary: false })).body.primary).toBe(false);
      expect(await primaries(client.id)).toEqual([]);
      expect(await owner(client.id)).toBe(w.a.manager.user.id);
    });

    it('passes to the earliest other assignment when the primary one is removed or its consultant stops being one', async () => {
      const client = await createClient(t, w.a.manager);
      const [c1, c2, c3] = [await newConsultant(), await newConsultant(), await newConsultant()];
      const a1 = (await assign(w.a.manager, { consultantId: c1.user.id, clientId: client.id })).body;
      await assign(w.a.manager, { consultantId: c2.user.id, clientId: client.id });
      await assign(w.a.manager, { consultantId: c3.user.id, clientId: client.id });
      expect((await t.api().delete(`/api/assignments/${a1.id}`).set(w.a.manager.auth)).status).toBe(200);
      expect(await primaries(client.id)).toEqual([c2.user.id]);
      expect((await t.api().put(`/api/users/${c2.user.id}`).set(w.a.manager.auth).send({ role: 'manager' })).status).toBe(200);
      expect(await primaries(client.id)).toEqual([c3.user.id]);
      expect(await owner(client.id)).toBe(c3.user.id);
    });

    it('refuses bad input with 400 naming primary; another firm\'s or an unknown assignment is 404; only managers', async () => {
      const a = (await list(w.a.manager, { filter: { consultantId: w.a.consultant.user.id } })).body[0];
      for (const body of [{}, { primary: 'yes' }, { primary: null }]) {
        const res = await put(w.a.manager, a.id, body);
        expect([res.status, fieldsOf(res)]).toEqual([400, ['primary']]);
      }
      expect(fieldsOf(await put(w.a.manager, a.id, { primary: true, clientId: randomUUID() }))).toEqual(['clientId']);
      expect(fieldsOf(await assign(w.a.manager, { consultantId: w.a.consultant.user.id, clientId: w.a.unassigned.id, primary: 1 }))).toEqual(['primary']);
      expect((await put(w.a.manager, randomUUID(), { primary: true })).status).toBe(404);
      expect((await put(w.a.manager, 'nope', { primary: true })).status).toBe(404);
      expect((await put(w.a.consultant, a.id, { primary: false })).status).toBe(403);
      expect((await t.api().get(`/api/assignments/${a.id}`).set(w.a.manager.auth)).body.primary).toBe(a.primary);
    });
  });

  describe('refuses', () => {
    const count = async () => totalOf(await list(w.a.manager));

    it('assigning someone who is not a consultant: 400 naming consultantId, nothing written', async () => {
      const before = await count();
      const notConsultants = [
        w.a.manager.user.id,
        w.a.clientAdmin.user.id,
        w.a.otherClientAdmin.id,
        w.b.consultant.id, // a consultant, but of another firm
        randomUUID(),
      ];
      for (const consultantId of notConsultants) {
        const res = await assign(w.a.manager, { consultantId, clientId: w.a.unassigned.id });
        expect({ consultantId, status: res.status }).toEqual({ consultantId, status: 400 });
        expect(res.body.code).toBe('validation_failed');
        expect(fieldsOf(res)).toEqual(['consultantId']);
      }
      expect(await count()).toBe(before);
      expect((await t.api().get(`/api/clients/${w.a.unassigned.id}`).set(w.a.clientAdmin.auth)).status).toBe(404);
    });

    it("a client that is not the firm's: 400 naming clientId", async () => {
      const before = await count();
      for (const clientId of [w.b.client.id, randomUUID()]) {
        const res = await assign(w.a.manager, { consultantId: w.a.consultant.user.id, clientId });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toEqual(['clientId']);
      }
      expect(await count()).toBe(before);
      expect((await t.api().get(`/api/clients/${w.b.client.id}`).set(w.a.consultant.auth)).status).toBe(404);
    });

    it('malformed or missing ids and unknown fields: 400 naming them', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ consultantId: 'abc', clientId: w.a.unassigned.id }, ['consultantId']],
        [{ consultantId: w.a.consultant.user.id }, ['clientId']],
        [{}, ['consultantId', 'clientId']],
        [{ consultantId: w.a.consultant.user.id, clientId: w.a.unassigned.id, firmId: w.b.firmId }, ['firmId']],
        [{ consultantId: w.a.consultant.user.id, clientId: w.a.unassigned.id, id: randomUUID() }, ['id']],
      ];
      const before = await count();
      for (const [body, fields] of cases) {
        const res = await assign(w.a.manager, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res).sort()).toEqual([...fields].sort());
      }
      expect(await count()).toBe(before);
    });

    it('a duplicate: 409, nothing written', async () => {
      const before = await count();
      const res = await assign(w.a.manager, { consultantId: w.a.consultant.user.id, clientId: w.a.assigned.id });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'conflict' });
      expect(await count()).toBe(before);
      expect(totalOf(await list(w.a.manager, { filter: { consultantId: w.a.consultant.user.id, clientId: w.a.assigned.id } }))).toBe(1);
    });

    it("another firm's assignment, an unknown id and a malformed id: 404", async () => {
      const theirs = await list(w.b.manager, { range: [0, 0] });
      const b = await createClient(t, w.b.manager);
      const bAsg = await assign(w.b.manager, { consultantId: w.b.consultant.id, clientId: b.id });
      expect(bAsg.status).toBe(201);
      for (const id of [bAsg.body.id, randomUUID(), 'x']) {
        expect((await t.api().get(`/api/assignments/${id}`).set(w.a.manager.auth)).status).toBe(404);
        expect((await t.api().delete(`/api/assignments/${id}`).set(w.a.manager.auth)).status).toBe(404);
      }
      expect((await list(w.a.manager, { filter: { id: [bAsg.body.id] } })).body).toEqual([]);
      expect((await t.api().get(`/api/assignments/${bAsg.body.id}`).set(w.b.manager.auth)).status).toBe(200);
      expect(totalOf(await list(w.b.manager))).toBe(totalOf(theirs) + 1);
    });

    it('consultants and client admins: 403 on list, show, create and delete, and nothing changes', async () => {
      const existing = (await list(w.a.manager, { filter: { consultantId: w.a.consultant.user.id } })).body[0];
      expect(existing).toBeDefined();
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        const calls = await Promise.all([
          t.api().get('/api/assignments').set(s.auth),
          t.api().get(`/api/assignments/${existing.id}`).set(s.auth),
          assign(s, { consultantId: w.a.consultant.user.id, clientId: w.a.unassigned.id }),
          t.api().delete(`/api/assignments/${existing.id}`).set(s.auth),
        ]);
        // list, show, create, delete
        expect(calls.map((r) => r.status)).toEqual([403, 403, 403, 403]);
        expect(calls.map((r) => r.body.code)).toEqual(calls.map(() => 'forbidden'));
      }
      expect((await t.api().get(`/api/assignments/${existing.id}`).set(w.a.manager.auth)).status).toBe(200);
      expect((await t.api().get(`/api/clients/${w.a.unassigned.id}`).set(w.a.consultant.auth)).status).toBe(404);
    });

    it('without a token: 401', async () => {
      expect((await t.api().get('/api/assignments')).status).toBe(401);
      expect((await t.api().post('/api/assignments').send({ consultantId: w.a.consultant.user.id, clientId: w.a.unassigned.id })).status).toBe(401);
    });
  });
});
