import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import { AuditAnchors, FLUSH_DELAY_MS, readAnchors, type Anchor } from '../../server/src/audit/anchors';
import { auditRowHash, AuditService, GENESIS_HASH, type AuditRowForHash } from '../../server/src/audit/audit.service';
import { hashPassword } from '../../server/src/auth/password';
import { createFirm } from '../../server/src/seed/demo';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';
import { createClient, login, makeFirm, PASSWORD, startApp, TEST_AUDIT_KEY, type Session, type TestApp } from '../support/app';
import { connect } from '../support/db';

const KEY = Buffer.from(TEST_AUDIT_KEY, 'utf8');
type Firm = { firmId: string; manager: Session; slug: string };

/**
 * The audit chain keyed with AUDIT_KEY (kept outside PostgreSQL) and anchored outside the database: the two forgeries
 * that a database owner could make undetected before — rewrite history and recompute the hashes, or cut the tail and
 * rewind the head — are found by verify.
 */
describe('audit chain: keyed, and anchored outside the database', () => {
  let t: TestApp;
  let anchors: AuditAnchors;
  let sup: PgClient;
  beforeAll(async () => {
    t = await startApp();
    anchors = t.app.get(AuditAnchors);
    sup = await connect('super');
  });
  afterAll(async () => {
    await sup.end();
    await t.close();
  });

  const verify = async (f: Firm) => {
    const res = await t.api().post('/api/audit-logs/verify').set(f.manager.auth);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** The firm's rows as stored (below row-level security). */
  const rows = async (firmId: string) => (await sup.query('select * from audit_logs where firm_id = $1 order by seq', [firmId])).rows;
  const head = async (firmId: string) =>
    (await sup.query('select last_seq::int as seq, last_hash as hash, keyed_from::int as "keyedFrom" from audit_heads where firm_id = $1', [firmId])).rows[0];
  const firmAnchors = async (firmId: string): Promise<Anchor[]> => {
    const set = await readAnchors(await anchors.folder(), firmId);
    return [...(set.byFirm.get(firmId)?.bySeq.values() ?? [])].flat().sort((a, b) => a.seq - b.seq);
  };
  const forHash = (r: any): AuditRowForHash => ({
    firmId: r.firm_id, id: r.id, seq: r.seq, actorId: r.actor_id, actorRole: r.actor_role, clientId: r.client_id, entity: r.entity,
    entityId: r.entity_id, action: r.action, changes: r.changes, requestId: r.request_id, ip: r.ip, createdAt: new Date(r.created_at),
    prevHash: r.prev_hash,
  });

  /** A firm with a few rows, anchored. */
  async function anchoredFirm(label: string, clients = 4): Promise<Firm> {
    const f = await makeFirm(t, label);
    for (let i = 0; i < clients; i++) await createClient(t, f.manager);
    await anchors.flush();
    expect((await firmAnchors(f.firmId)).map((a) => a.seq).pop()).toBe(clients + 1);
    return f;
  }

  /** Statements as superuser in one transaction with the append-only trigger off (as an owner could). */
  async function asOwner(fn: () => Promise<void>) {
    await sup.query('begin');
    try {
      await sup.query('alter table audit_logs disable trigger audit_logs_no_update_delete');
      await fn();
      await sup.query('alter table audit_logs enable trigger audit_logs_no_update_delete');
      await sup.query('commit');
    } catch (e) {
      await sup.query('rollback');
      throw e;
    }
  }

  /**
   * Forgery 1: row `seq` rewritten, then every later hash, prev link and the head recomputed — with plain SHA-256 (no
   * key), or with `key` (one who stole it); optionally the keyed_from point moved too.
   */
  async function rewrite(firmId: string, seq: number, changes: object, opts: { key?: (seq: number) => Buffer | null; keyedFrom?: number } = {}) {
    const all = await rows(firmId);
    const keyFor = opts.key ?? (() => null);
    await asOwner(async () => {
      let prev = seq === 1 ? GENESIS_HASH : all[seq - 2].hash;
      for (const r of all.slice(seq - 1)) {
        const row = { ...forHash(r), changes: Number(r.seq) === seq ? changes : r.changes, prevHash: prev };
        prev = auditRowHash(row, keyFor(Number(r.seq)));
        await sup.query('update audit_logs set changes = $3, prev_hash = $4, hash = $5 where firm_id = $1 and id = $2', [
          firmId, r.id, JSON.stringify(row.changes), row.prevHash, prev,
        ]);
      }
      await sup.query('update audit_heads set last_hash = $2, keyed_from = coalesce($3, keyed_from) where firm_id = $1', [firmId, prev, opts.keyedFrom ?? null]);
    });
  }

  describe('keyed with AUDIT_KEY', () => {
    it('hashes every new row with HMAC-SHA256 and the key, which PostgreSQL never sees', async () => {
      const f = await anchoredFirm('Keyed', 2);
      const all = await rows(f.firmId);
      expect(all).toHaveLength(3);
      for (const r of all) {
        expect(r.hash).toBe(auditRowHash(forHash(r), KEY));
        expect(r.hash).not.toBe(auditRowHash(forHash(r)));
      }
      expect(await head(f.firmId)).toEqual({ seq: 3, hash: all[2].hash, keyedFrom: 1 });
      // the key is nowhere in the database
      const found = await sup.query(`select count(*)::int as n from pg_settings where setting like '%' || $1 || '%'`, [TEST_AUDIT_KEY]);
      expect(found.rows[0].n).toBe(0);
      expect(await verify(f)).toEqual({ ok: true, checked: 3, firstBroken: null });
    });

    it('keeps the rows written before the chain was keyed verifiable as they are, and keys the rows after them', async () => {
      // a firm whose chain the migration found: 3 rows hashed without a key, the head keyed from seq 4 (written as the
      // superuser in one transaction, so that no anchor can see it otherwise)
      const slug = `t-${randomUUID().slice(0, 8)}`;
      const db = t.app.get(TenantDb);
      const { firmId, managerId } = await db.runUnscoped({ requestId: 'test', ip: null }, async (em) =>
        createFirm(em, `Legacy ${slug}`, slug, { email: `manager@${slug}.test`, name: 'Legacy Manager' }, await hashPassword(PASSWORD, t.config.scryptLog2N)),
      );
      let prev = GENESIS_HASH;
      const legacy: string[] = [];
      await sup.query('begin');
      for (let seq = 1; seq <= 3; seq++) {
        const row: AuditRowForHash = {
          firmId, id: randomUUID(), seq, actorId: managerId, actorRole: 'manager', clientId: null, entity: 'users', entityId: managerId,
          action: 'login', changes: {}, requestId: `legacy-${seq}`, ip: '127.0.0.1', createdAt: new Date(Date.now() - (10 - seq) * 60_000), prevHash: prev,
        };
        prev = auditRowHash(row);
        legacy.push(prev);
        await sup.query(
          `insert into audit_logs (firm_id, id, seq, actor_id, actor_role, client_id, entity, entity_id, action, changes, request_id, ip, created_at, prev_hash, hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [firmId, row.id, seq, row.actorId, row.actorRole, null, row.entity, row.entityId, row.action, '{}', row.requestId, row.ip, row.createdAt, row.prevHash, prev],
        );
      }
      await sup.query('insert into audit_heads (firm_id, last_seq, last_hash, keyed_from) values ($1, 3, $2, 4)', [firmId, prev]);
      await sup.query('commit');
      const f: Firm = { firmId, slug, manager: await login(t, `manager@${slug}.test`) };

      const all = await rows(firmId);
      expect(all.map((r) => r.hash)).toEqual([...legacy, auditRowHash(forHash(all[3]), KEY)]);
      expect(all[3].prev_hash).toBe(legacy[2]);
      expect(await head(firmId)).toEqual({ seq: 4, hash: all[3].hash, keyedFrom: 4 });
      expect(await verify(f)).toEqual({ ok: true, checked: 4, firstBroken: null });
      await anchors.flush();
      expect((await firmAnchors(firmId)).pop()).toMatchObject({ seq: 4, hash: all[3].hash, keyedFrom: 4 });

      // an unkeyed row rewritten with every later hash recomputed: the unkeyed rows can be recomputed by anyone, but the
      // first keyed row's HMAC covers the hash before it, so it no longer matches
      await rewrite(firmId, 2, { forged: true });
      expect(await verify(f)).toEqual({
        ok: false,
        checked: 3,
        firstBroken: { seq: 4, id: all[3].id, reason: 'content does not match its hash (HMAC with the audit key)' },
      });
    });

    it('the app role cannot move the point from which the chain is keyed', async () => {
      const f = await makeFirm(t, 'Keyed from');
      const app = await connect('app');
      try {
        await app.query(`select set_config('app.firm_id', $1, false)`, [f.firmId]);
        await expect(app.query('update audit_heads set keyed_from = 100 where firm_id = $1', [f.firmId])).rejects.toMatchObject({ code: '42501' });
      } finally {
        await app.end();
      }
    });
  });

  describe('forgery 1: a row rewritten, and every later hash and the head recomputed', () => {
    it('with plain SHA-256 (no key): detected at the rewritten row', async () => {
      const f = await anchoredFirm('Rewrite');
      await rewrite(f.firmId, 3, { name: { before: null, after: 'forged' } });
      // the forgery is consistent as an unkeyed chain: every link and the head match
      const all = await rows(f.firmId);
      for (let i = 1; i < all.length; i++) expect(all[i].prev_hash).toBe(all[i - 1].hash);
      expect((await head(f.firmId)).hash).toBe(all[all.length - 1].hash);
      expect(await verify(f)).toEqual({
        ok: false,
        checked: 2,
        firstBroken: { seq: 3, id: all[2].id, reason: 'content does not match its hash (HMAC with the audit key)' },
      });
    });

    it('with plain SHA-256 after moving the keyed point past the end: detected by the anchors', async () => {
      const f = await anchoredFirm('Unkeyed');
      await rewrite(f.firmId, 2, { name: { before: null, after: 'forged' } }, { keyedFrom: 6 });
      expect(await verify(f)).toMatchObject({
        ok: false,
        checked: 0,
        firstBroken: { seq: 1, reason: expect.stringMatching(/keyed from seq 6 in the database, but from seq 1 in the anchor/) },
      });
    });

    it('with the key itself (stolen): detected by the anchors', async () => {
      const f = await anchoredFirm('Stolen key');
      await rewrite(f.firmId, 2, { name: { before: null, after: 'forged' } }, { key: () => KEY });
      const all = await rows(f.firmId);
      // every hash is a valid HMAC: only the anchor can tell
      for (const r of all) expect(r.hash).toBe(auditRowHash(forHash(r), KEY));
      // the first anchor at or after the rewritten row tells: the last row's (seq 5), or an earlier one when the
      // periodic anchoring ran while the firm was being made (it does on a loaded machine)
      const seq = Math.min(...(await firmAnchors(f.firmId)).map((a) => a.seq).filter((s) => s >= 2));
      expect(seq).toBeLessThanOrEqual(5);
      expect(await verify(f)).toMatchObject({
        ok: false,
        checked: seq - 1,
        firstBroken: { seq, id: all[seq - 1].id, reason: expect.stringMatching(/differs from the one anchored outside the database/) },
      });
    });
  });

  describe('forgery 2: the tail cut and the head rewound', () => {
    it('is detected: the chain ends before the highest anchored seq', async () => {
      const f = await anchoredFirm('Rewind');
      const all = await rows(f.firmId);
      await asOwner(async () => {
        await sup.query('delete from audit_logs where firm_id = $1 and seq > 3', [f.firmId]);
        await sup.query('update audit_heads set last_seq = 3, last_hash = $2 where firm_id = $1', [f.firmId, all[2].hash]);
      });
      expect(await verify(f)).toMatchObject({
        ok: false,
        checked: 3,
        firstBroken: { seq: 4, id: '', reason: expect.stringMatching(/the chain ends at seq 3, but seq 5 was anchored outside the database at .*: rows were removed/) },
      });
    });

    it('all of it, head included: detected as well', async () => {
      const f = await anchoredFirm('Erased', 1);
      await asOwner(async () => {
        await sup.query('delete from audit_logs where firm_id = $1', [f.firmId]);
        await sup.query('delete from audit_heads where firm_id = $1', [f.firmId]);
      });
      expect(await verify(f)).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 1, reason: expect.stringMatching(/ends at seq 0, but seq 2 was anchored/) } });
    });
  });

  describe('the anchor writer', () => {
    it('anchors the head after a committed change, within about a second, without being asked', async () => {
      const f = await makeFirm(t, 'Committed');
      await anchors.flush();
      const start = Date.now();
      await createClient(t, f.manager);
      const h = await head(f.firmId);
      let found: Anchor | undefined;
      while (!found && Date.now() - start < 10_000) {
        await new Promise((r) => setTimeout(r, 100));
        // written by this server (another test file's server may anchor every head when it starts)
        found = (await firmAnchors(f.firmId)).find((a) => a.seq === h.seq && a.by === `${hostname()}:${process.pid}`);
      }
      expect(found).toMatchObject({ firmId: f.firmId, seq: 2, hash: h.hash, keyedFrom: 1 });
      expect(Date.now() - start).toBeLessThan(FLUSH_DELAY_MS + 5000);
    });

    it('writes no anchor for a change that rolled back, and anchors the next committed one', async () => {
      const f = await makeFirm(t, 'Rolled back');
      await anchors.flush();
      const before = await head(f.firmId);
      const db = t.app.get(TenantDb);
      const audit = t.app.get(AuditService);
      await expect(
        db.runAs(f.firmId, f.manager.user.id, { requestId: 'rolled-back', ip: null }, async () => {
          await audit.record({ entity: 'clients', entityId: null, action: 'create', changes: { name: { before: null, after: 'never' } } });
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      await anchors.flush();
      await new Promise((r) => setTimeout(r, FLUSH_DELAY_MS + 500));
      expect(await head(f.firmId)).toEqual(before);
      expect((await firmAnchors(f.firmId)).map((a) => a.seq)).toEqual([before.seq]);

      await createClient(t, f.manager);
      await anchors.flush();
      const after = await head(f.firmId);
      expect(after.seq).toBe(before.seq + 1);
      expect((await firmAnchors(f.firmId)).map((a) => [a.seq, a.hash])).toEqual([[before.seq, before.hash], [after.seq, after.hash]]);
      expect(await verify(f)).toEqual({ ok: true, checked: after.seq, firstBroken: null });
    });

    it('two servers on one database write files of their own; the union verifies', async () => {
      const t2 = await startApp();
      try {
        const f = await makeFirm(t, 'Two servers');
        await Promise.all(Array.from({ length: 12 }, (_, i) => createClient(i % 2 ? t2 : t, f.manager)));
        const second = t2.app.get(AuditAnchors);
        await Promise.all([anchors.flush(), second.flush()]);
        expect(await second.folder()).toBe(await anchors.folder());
        const files = [await anchors.path(), await second.path()];
        expect(files[0]).not.toBe(files[1]);
        for (const file of files) {
          const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(f.firmId));
          expect(lines.length).toBeGreaterThan(0);
          for (const l of lines) expect(JSON.parse(l)).toMatchObject({ firmId: f.firmId, seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        }
        expect((await firmAnchors(f.firmId)).pop()).toMatchObject({ seq: 13, hash: (await head(f.firmId)).hash });
        expect(await verify(f)).toEqual({ ok: true, checked: 13, firstBroken: null });
      } finally {
        await t2.close();
      }
    });

    it('a failure to write never fails the request: it is logged, /api/health shows it, and it is retried', async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'anchors-'));
      const blocker = join(tmp, 'blocked');
      writeFileSync(blocker, 'a file where the anchor folder should be');
      const errors = jest.spyOn(Logger.prototype, 'error');
      const broken = await startApp({ env: { AUDIT_ANCHOR_DIR: join(blocker, 'anchors') } });
      try {
        const f = await makeFirm(broken, 'Unwritable');
        // createClient fails the test unless the answer is 201
        for (let i = 0; i < 2; i++) await createClient(broken, f.manager);
        await broken.app.get(AuditAnchors).flush();
        expect(errors.mock.calls.map((c) => String(c[0])).some((m) => /audit anchor not written: could not write .*anchors/.test(m))).toBe(true);
        expect((await broken.api().get('/api/health')).body).toEqual({ status: 'ok', database: 'up', auditAnchors: 'failing' });

        // the folder can be written again: the next attempt anchors what was missed
        rmSync(blocker);
        await broken.app.get(AuditAnchors).flush();
        expect((await broken.api().get('/api/health')).body.auditAnchors).toBe('ok');
        const written = await readAnchors(await broken.app.get(AuditAnchors).folder(), f.firmId);
        expect(written.byFirm.get(f.firmId)!.highest).toMatchObject({ seq: (await head(f.firmId)).seq, hash: (await head(f.firmId)).hash });
      } finally {
        errors.mockRestore();
        await broken.close();
        rmSync(tmp, { recursive: true, force: true });
      }
    });

    it('health says the anchors are written', async () => {
      expect((await t.api().get('/api/health')).body).toEqual({ status: 'ok', database: 'up', auditAnchors: 'ok' });
    });
  });
});
