import type { SearchResult } from '@incident-desk/shared';
import { createClient, createUser, login, makeFirm, ok, startApp, type Session, type TestApp } from '../support/app';

/**
 * GET /api/search (the admin's command palette): one text finds incidents by reference, title or client name, clients
 * by name, communications by subject or client name, within what the caller may list. (Before it, "申城" found nothing:
 * the incident list's search looks at reference and title only.)
 */
describe('search', () => {
  let t: TestApp;
  let manager: Session;
  let consultant: Session;
  let other: Session;
  const tag = `${Date.now() % 100000}`;
  const made: { shencheng: string; pujiang: string; incident: string; reference: string; communication: string; otherIncident: string } = {} as never;

  beforeAll(async () => {
    t = await startApp();
    const firm = await makeFirm(t, 'Search firm');
    manager = firm.manager;
    const shencheng = await createClient(t, manager, { name: `上海申城轨道交通运营有限公司 ${tag}` });
    const pujiang = await createClient(t, manager, { name: `上海浦江智联科技有限公司 ${tag}` });
    const c = await createUser(t, manager, firm.slug, { role: 'consultant' });
    await ok(t.api().post('/api/assignments').set(manager.auth).send({ consultantId: c.id, clientId: pujiang.id }));
    consultant = await login(t, c.email);
    // a title that does not name the client: only the client's name leads to it
    const incident = await ok(t.api().post('/api/incidents').set(manager.auth).send({
      clientId: shencheng.id, title: `信号系统告警 ${tag}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(),
    }));
    const otherIncident = await ok(t.api().post('/api/incidents').set(manager.auth).send({
      clientId: pujiang.id, title: `会员数据外泄 ${tag}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(),
    }));
    const comm = await ok(t.api().post('/api/communications').set(manager.auth).send({
      incidentId: incident.id, audience: 'client', channel: 'email', subject: `处置进展通报 ${tag}`,
    }));
    Object.assign(made, {
      shencheng: shencheng.id, pujiang: pujiang.id, incident: incident.id, reference: incident.reference, communication: comm.id, otherIncident: otherIncident.id,
    });
    const b = await makeFirm(t, 'Search other firm');
    await createClient(t, b.manager, { name: `上海申城轨道交通运营有限公司 ${tag} B` });
    other = b.manager;
  });
  afterAll(() => t.close());

  const search = (s: Session, q: string, limit?: number) =>
    t.api().get('/api/search').query({ q, ...(limit === undefined ? {} : { limit }) }).set(s.auth);
  const ids = (r: SearchResult) => ({ incidents: r.incidents.map((x) => x.id), clients: r.clients.map((x) => x.id), communications: r.communications.map((x) => x.id) });

  it('finds a client by part of its name, and its incidents and communications with it, each with the client named', async () => {
    const res = await search(manager, '申城');
    expect(res.status).toBe(200);
    const body = res.body as SearchResult;
    expect(ids(body).clients).toEqual([made.shencheng]);
    expect(ids(body).incidents).toEqual([made.incident]);
    expect(ids(body).communications).toEqual([made.communication]);
    expect(body.incidents[0]).toEqual({
      id: made.incident, reference: made.reference, title: `信号系统告警 ${tag}`, status: 'triage', clientId: made.shencheng, clientName: `上海申城轨道交通运营有限公司 ${tag}`,
    });
    expect(body.communications[0].clientName).toBe(`上海申城轨道交通运营有限公司 ${tag}`);
  });

  it('finds an incident by its reference and by a word of its title, and a communication by its subject', async () => {
    expect(ids((await search(manager, made.reference)).body).incidents).toEqual([made.incident]);
    expect(ids((await search(manager, `外泄 ${tag}`)).body).incidents).toEqual([made.otherIncident]);
    expect(ids((await search(manager, `进展通报 ${tag}`)).body).communications).toEqual([made.communication]);
  });

  it("answers within the caller's scope: a consultant finds only their clients' records, another firm nothing of this one", async () => {
    expect(ids((await search(consultant, '申城')).body)).toEqual({ incidents: [], clients: [], communications: [] });
    expect(ids((await search(consultant, tag)).body).incidents).toEqual([made.otherIncident]);
    const fromB = ids((await search(other, tag)).body);
    expect(fromB.incidents).toEqual([]);
    expect(fromB.communications).toEqual([]);
    expect(fromB.clients).not.toContain(made.shencheng);
  });

  it('returns at most `limit` of each kind', async () => {
    const body = (await search(manager, tag, 1)).body as SearchResult;
    expect(body.incidents).toHaveLength(1);
    expect(body.clients).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no text', {}, 'q'],
    ['blank text', { q: '   ' }, 'q'],
    ['text over 100 characters', { q: 'x'.repeat(101) }, 'q'],
    ['limit 0', { q: 'x', limit: 0 }, 'limit'],
    ['limit 21', { q: 'x', limit: 21 }, 'limit'],
    ['limit not a number', { q: 'x', limit: 'many' }, 'limit'],
  ])('answers 400 naming the field for %s', async (_name, query, field) => {
    const res = await t.api().get('/api/search').query(query).set(manager.auth);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('needs a session', async () => {
    expect((await t.api().get('/api/search').query({ q: '申城' })).status).toBe(401);
  });
});
