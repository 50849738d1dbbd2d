import type { Client } from 'pg';
import { connect } from '../support/db';
import { listQuery, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * The incident list's total (Content-Range) when nothing but clients filters it comes from the per-client counters the
 * database keeps (incident_totals, migration 1765000000000). These tests check that the totals are those of the rows
 * each role may see, that the list really reads the counters, and that the triggers keep them through every kind of
 * write.
 */
describe('incident totals', () => {
  let t: TestApp;
  let w: World;
  let sup: Client;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    sup = await connect('super');
    const make = (s: Session, clientId: string, n: number) =>
      Promise.all(Array.from({ length: n }, (_, k) =>
        ok(t.api().post('/api/incidents').set(s.auth).send({ clientId, title: `计数 ${k}`, detectedAt: new Date(Date.now() - 3600_000).toISOString() })),
      ));
    await make(w.a.manager, w.a.assigned.id, 3);
    await make(w.a.manager, w.a.unassigned.id, 2);
    // a client admin's report goes through the same trigger, as that user
    await ok(t.api().post('/api/incidents').set(w.a.clientAdmin.auth).send({ title: '客户报告', detectedAt: new Date().toISOString() }));
    await make(w.b.manager, w.b.client.id, 1);
  }, 60_000);
  afterAll(async () => {
    await sup.end();
    await t.close();
  });

  /** The total a list answers, and how many rows its page has. */
  async function total(s: Session, filter?: Record<string, unknown>, range: [number, number] = [0, 24]) {
    const res = await t.api().get('/api/incidents').query(listQuery({ range, filter })).set(s.auth);
    expect(res.status).toBe(200);
    return { n: Number(/\/(\d+)$/.exec(res.headers['content-range'])![1]), rows: res.body.length as number };
  }
  /** The real number of incidents, counted by the superuser (no row-level security). */
  async function counted(firmId: string, clientIds?: string[]) {
    const r = await sup.query(`select count(*)::int as n from incidents where firm_id = $1 and ($2::uuid[] is null or client_id = any($2))`, [firmId, clientIds ?? null]);
    return r.rows[0].n as number;
  }
  /** Every counter of the firm against the incidents it counts: the clients whose counter is wrong. */
  async function wrongCounters(firmId: string) {
    const r = await sup.query(
      `select coalesce(c.client_id, t.client_id) as client_id, c.n as counted, t.n as kept
         from (select client_id, count(*)::int as n from incidents where firm_id = $1 group by 1) c
         full join (select client_id, n::int from incident_totals where firm_id = $1) t on t.client_id = c.client_id
        where c.n is distinct from t.n and not (c.n is null and t.n = 0)`,
      [firmId],
    );
    return r.rows;
  }

  it('answers each role the total of the incidents it may see, with and without a client filter', async () => {
    const { a, b } = w;
    expect(await counted(a.firmId, [a.assigned.id])).toBe(4);
    expect(await counted(a.firmId, [a.unassigned.id])).toBe(2);
    // manager: the firm, one client, two clients
    expect(await total(a.manager)).toEqual({ n: await counted(a.firmId), rows: 6 });
    expect(await total(a.manager, { clientId: a.assigned.id })).toEqual({ n: 4, rows: 4 });
    expect(await total(a.manager, { clientId: [a.assigned.id, a.unassigned.id] })).toEqual({ n: 6, rows: 6 });
    // a page that is not the last one has its total from the statement, a page past the end from the counters alone
    expect(await total(a.manager, { clientId: a.assigned.id }, [0, 1])).toEqual({ n: 4, rows: 2 });
    expect(await total(a.manager, { clientId: a.assigned.id }, [10, 11])).toEqual({ n: 4, rows: 0 });
    // consultant: the assigned client only, also when asking for an unassigned one
    expect(await total(a.consultant)).toEqual({ n: 4, rows: 4 });
    expect(await total(a.consultant, { clientId: a.unassigned.id })).toEqual({ n: 0, rows: 0 });
    expect(await total(a.consultant, { clientId: [a.assigned.id, a.unassigned.id] }, [0, 1])).toEqual({ n: 4, rows: 2 });
    // client admin: their own company
    expect(await total(a.clientAdmin)).toEqual({ n: 4, rows: 4 });
    expect(await total(a.clientAdmin, { clientId: a.unassigned.id })).toEqual({ n: 0, rows: 0 });
    // another firm: its own only; firm A's client is nothing to it
    expect(await total(b.manager)).toEqual({ n: 1, rows: 1 });
    expect(await total(b.manager, { clientId: a.assigned.id })).toEqual({ n: 0, rows: 0 });
    // other filters are counted as before; a client id that is not a UUID is still a 400 naming the filter
    expect(await total(a.manager, { clientId: a.assigned.id, status: 'reported' })).toEqual({ n: 1, rows: 1 });
    const bad = await t.api().get('/api/incidents').query(listQuery({ filter: { clientId: 'nope' } })).set(a.manager.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'filter.clientId' })]);
  });

  it('reads the counters, not a count, when nothing but clients filters the list', async () => {
    const { a } = w;
    await sup.query(`update incident_totals set n = n + 1000 where firm_id = $1 and client_id = $2`, [a.firmId, a.assigned.id]);
    try {
      expect(await total(a.manager, { clientId: a.assigned.id }, [0, 1])).toEqual({ n: 1004, rows: 2 });
      expect(await total(a.consultant, undefined, [0, 1])).toEqual({ n: 1004, rows: 2 });
      expect(await total(a.manager, undefined, [0, 1])).toEqual({ n: 1006, rows: 2 });
      // a status filter counts the rows
      expect(await total(a.manager, { clientId: a.assigned.id, status: ['reported', 'triage'] }, [0, 1])).toEqual({ n: 4, rows: 2 });
    } finally {
      await sup.query(`update incident_totals set n = n - 1000 where firm_id = $1 and client_id = $2`, [a.firmId, a.assigned.id]);
    }
    expect(await total(a.manager, { clientId: a.assigned.id }, [0, 1])).toEqual({ n: 4, rows: 2 });
  });

  it('keeps the counters through many rows inserted at once, deletes and a change of client', async () => {
    const { a } = w;
    expect(await wrongCounters(a.firmId)).toEqual([]);
    const copies = (
      await sup.query(
        `insert into incidents
         select (json_populate_record(null::incidents, (to_jsonb(i) || jsonb_build_object('id', gen_random_uuid(), 'reference', i.reference || '-copy' || g))::json)).*
           from incidents i, generate_series(1, 3) g
          where i.firm_id = $1
         returning id, client_id`,
        [a.firmId],
      )
    ).rows;
    expect(copies).toHaveLength(18);
    expect(await wrongCounters(a.firmId)).toEqual([]);
    expect(await total(a.manager, { clientId: a.assigned.id }, [0, 1])).toEqual({ n: 16, rows: 2 });

    const moved = copies.filter((c) => c.client_id === a.assigned.id).slice(0, 5).map((c) => c.id);
    await sup.query(`update incidents set client_id = $2 where id = any($1)`, [moved, a.unassigned.id]);
    expect(await wrongCounters(a.firmId)).toEqual([]);
    expect(await total(a.manager, { clientId: a.unassigned.id }, [0, 1])).toEqual({ n: 13, rows: 2 });
    // an update that leaves the client alone changes no counter
    await sup.query(`update incidents set title = title || ' (copy)' where id = any($1)`, [copies.map((c) => c.id)]);
    expect(await wrongCounters(a.firmId)).toEqual([]);

    await sup.query(`delete from incidents where id = any($1)`, [copies.map((c) => c.id)]);
    expect(await wrongCounters(a.firmId)).toEqual([]);
    expect(await total(a.manager)).toEqual({ n: 6, rows: 6 });
    expect(await wrongCounters(w.b.firmId)).toEqual([]);
  });

  it('shows a scope only its own clients\' counters (row-level security)', async () => {
    const app = await connect('app');
    try {
      const visible = async (userId: string, firmId: string) => {
        await app.query('begin');
        try {
          await app.query(`select 1 from app_enter($1, $2)`, [firmId, userId]);
          return (await app.query(`select client_id, n::int from incident_totals order by n`)).rows;
        } finally {
          await app.query('rollback');
        }
      };
      expect(await visible(w.a.consultant.user.id, w.a.firmId)).toEqual([{ client_id: w.a.assigned.id, n: 4 }]);
      expect(await visible(w.a.clientAdmin.user.id, w.a.firmId)).toEqual([{ client_id: w.a.assigned.id, n: 4 }]);
      expect(await visible(w.b.manager.user.id, w.b.firmId)).toEqual([{ client_id: w.b.client.id, n: 1 }]);
      // no scope: nothing
      expect((await app.query(`select count(*)::int as n from incident_totals`)).rows[0].n).toBe(0);
    } finally {
      await app.end();
    }
  });
});
