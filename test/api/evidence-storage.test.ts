import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import { EVIDENCE_STORE, FolderStore, S3Store } from '../../server/src/storage';
import { moveAttachmentsToStore } from '../../server/src/storage/move';
import { connect } from '../support/db';
import { digest, hashedGet, pseudoRandom, streamUpload } from '../support/evidence';
import { makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

const MB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder (relative paths). */
function filesUnder(dir: string, rel = ''): string[] {
  if (!existsSync(join(dir, rel))) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(rel, e.name)) : [join(rel, e.name)]));
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An app on a port of 127.0.0.1 (the streamed uploads go over a real socket), with its world and an incident per firm. */
async function setUp(env: Record<string, string>) {
  const t = await startApp({ env });
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const w = await makeWorld(t);
  const incident = async (s: Session, clientId: string) => {
    const res = await t.api().post('/api/incidents').set(s.auth).send({ clientId, title: '取证镜像', detectedAt: new Date(Date.now() - 3600_000).toISOString() });
    if (res.status !== 201) throw new Error(`incident: ${res.status}`);
    return res.body.id as string;
  };
  return { t, w, base, incidentA: await incident(w.a.consultant, w.a.assigned.id), incidentB: await incident(w.b.manager, w.b.client.id) };
}

async function rowsOn(entityId: string): Promise<number> {
  const sup = await connect('super');
  try {
    return Number((await sup.query('select count(*)::int as n from attachments where entity_id = $1', [entityId])).rows[0].n);
  } finally {
    await sup.end();
  }
}

describe('evidence files outside PostgreSQL', () => {
  describe('the folder store', () => {
    let t: TestApp;
    let w: World;
    let base: string;
    let dir: string;
    let incidentA: string;
    let incidentB: string;
    let big: { id: string; sha256: string; size: number };
    beforeAll(async () => {
      dir = mkdtempSync(join(process.env.TEST_DATA_DIR!, 'evidence-'));
      ({ t, w, base, incidentA, incidentB } = await setUp({ STORAGE_URL: `file://${dir}` }));
    });
    afterAll(() => t?.close());

    it('takes a 200 MB file through the API as a stream: its SHA-256 and size recorded, the file at its content address, the same bytes back', async () => {
      const size = 200 * MB;
      const started = Date.now();
      const res = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.consultant.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: 'disk-image.dd', size, file: pseudoRandom(size, 7),
      });
      const uploadMs = Date.now() - started;
      expect(res.status).toBe(201);
      expect(res.sent.size).toBe(size);
      expect(res.body).toMatchObject({ sha256: res.sent.sha256, size, fileName: 'disk-image.dd', contentType: 'application/octet-stream', clientId: w.a.assigned.id });
      big = { id: res.body.id, sha256: res.sent.sha256, size };
      const file = join(dir, 'sha256', big.sha256.slice(0, 2), big.sha256.slice(2, 4), big.sha256);
      expect(statSync(file).size).toBe(size);
      expect(await digest(pseudoRandom(size, 7))).toEqual({ sha256: big.sha256, size });
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      const dlStarted = Date.now();
      const dl = await hashedGet(`${base}/api/attachments/${big.id}/content`, w.a.consultant.auth);
      expect([dl.status, dl.size, dl.sha256]).toEqual([200, size, big.sha256]);
      expect(dl.headers).toMatchObject({ 'content-length': String(size), 'accept-ranges': 'bytes', etag: `"${big.sha256}"`, 'x-content-type-options': 'nosniff' });
      console.log(`200 MB through the API: upload ${uploadMs} ms, download ${Date.now() - dlStarted} ms`);
    }, 300_000);

    it('answers ranges: 206 with Content-Range, the last bytes, 416 past the end, the whole file when If-Range names other content', async () => {
      const whole = Buffer.concat(await (async () => {
        const parts: Buffer[] = [];
        for await (const c of pseudoRandom(2 * MB, 7)) parts.push(c as Buffer);
        return parts;
      })());
      const url = `${base}/api/attachments/${big.id}/content`;
      const mid = await hashedGet(url, { ...w.a.consultant.auth, Range: 'bytes=1000-1999' });
      expect([mid.status, mid.headers['content-range'], mid.headers['content-length'], mid.size]).toEqual([206, `bytes 1000-1999/${big.size}`, '1000', 1000]);
      expect(mid.sha256).toBe(sha256(whole.subarray(1000, 2000)));
      const open = await hashedGet(url, { ...w.a.consultant.auth, Range: `bytes=${MB}-${2 * MB - 1}` });
      expect([open.status, open.sha256]).toEqual([206, sha256(whole.subarray(MB, 2 * MB))]);
      const last = await hashedGet(url, { ...w.a.consultant.auth, Range: 'bytes=-10' });
      expect([last.status, last.headers['content-range'], last.size]).toEqual([206, `bytes ${big.size - 10}-${big.size - 1}/${big.size}`, 10]);
      const past = await hashedGet(url, { ...w.a.consultant.auth, Range: `bytes=${big.size}-` });
      expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${big.size}`]);
      const stale = await hashedGet(url, { ...w.a.consultant.auth, Range: 'bytes=0-9', 'If-Range': '"0000"' });
      expect([stale.status, stale.size]).toEqual([200, big.size]);
      const fresh = await hashedGet(url, { ...w.a.consultant.auth, Range: 'bytes=0-9', 'If-Range': `"${big.sha256}"` });
      expect([fresh.status, fresh.size, fresh.head.toString('hex')]).toEqual([206, 10, whole.subarray(0, 10).toString('hex')]);
    });

    it('keeps downloads as isolated as before: another firm, an unassigned consultant and a client admin get 404, ranges included', async () => {
      for (const s of [w.b.manager, w.a.clientAdmin]) {
        for (const range of [undefined, 'bytes=0-9']) {
          const res = await hashedGet(`${base}/api/attachments/${big.id}/content`, { ...s.auth, ...(range ? { Range: range } : {}) });
          expect({ who: s.user.email, range, status: res.status }).toEqual({ who: s.user.email, range, status: 404 });
        }
      }
    });

    it('leaves nothing behind when the client dies mid-upload: no row, no file, no temporary file', async () => {
      const before = filesUnder(dir).filter((f) => !f.startsWith('tmp'));
      const res = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: 'cut.dd', size: 60 * MB, file: pseudoRandom(60 * MB, 9), cutAfter: 12 * MB,
      });
      expect(res.status).toBe(0);
      expect(res.sent.size).toBe(12 * MB);
      await until('the temporary file is gone', () => readdirSync(join(dir, 'tmp')).length === 0);
      expect(filesUnder(dir).filter((f) => !f.startsWith('tmp')).sort()).toEqual(before.sort());
      expect(await rowsOn(incidentA)).toBe(1); // the 200 MB file only
      // the server took it in stride
      const after = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: 'small.bin', size: MB, file: pseudoRandom(MB, 10),
      });
      expect(after.status).toBe(201);
    });

    it('leaves nothing behind when the request fails once the file is in: a record out of scope, the size limit', async () => {
      const before = filesUnder(dir).filter((f) => !f.startsWith('tmp')).sort();
      const out = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: incidentB }, fileName: 'x.bin', size: 3 * MB, file: pseudoRandom(3 * MB, 11),
      });
      expect([out.status, out.body.errors?.[0]?.field]).toEqual([400, 'entityId']);
      const small = await startApp({ env: { STORAGE_URL: `file://${dir}`, MAX_ATTACHMENT_BYTES: String(MB) } });
      try {
        await small.app.listen(0, '127.0.0.1');
        const port = (small.app.getHttpServer().address() as AddressInfo).port;
        const over = await streamUpload(`http://127.0.0.1:${port}/api/attachments`, {
          auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: 'over.bin', size: 2 * MB, file: pseudoRandom(2 * MB, 12),
        });
        expect([over.status, over.body.errors?.[0]?.field, over.body.errors?.[0]?.message]).toEqual([400, 'file', `is larger than the limit of ${MB} bytes`]);
      } finally {
        await small.close();
      }
      await until('the temporary files are gone', () => readdirSync(join(dir, 'tmp')).length === 0);
      expect(filesUnder(dir).filter((f) => !f.startsWith('tmp')).sort()).toEqual(before);
      expect(await rowsOn(incidentB)).toBe(0);
    });

    it('moves the attachments still in PostgreSQL into the store, each hash verified first; twice at once moves each once; bytes that do not match their hash stay', async () => {
      const sup = await connect('super');
      const legacy: { id: string; content: Buffer }[] = [];
      let corrupt = '';
      try {
        for (let i = 0; i < 4; i++) {
          const content = Buffer.concat([Buffer.from(`旧附件 ${i} `), randomBytes(1000 + i)]);
          const id = randomUUID();
          // a corrupted one: its row's hash is of other bytes
          const recorded = i === 3 ? sha256(Buffer.from('something else')) : sha256(content);
          await sup.query(
            `insert into attachments (firm_id, id, client_id, entity, entity_id, file_name, sha256, size, content_type) values ($1, $2, $3, 'incidents', $4, $5, $6, $7, 'application/octet-stream')`,
            [w.a.firmId, id, w.a.assigned.id, incidentA, `legacy-${i}.bin`, recorded, content.length],
          );
          await sup.query('insert into attachment_contents (firm_id, id, content) values ($1, $2, $3)', [w.a.firmId, id, content]);
          if (i === 3) corrupt = id;
          else legacy.push({ id, content });
        }
        // served from PostgreSQL until moved, ranges included
        const before = await hashedGet(`${base}/api/attachments/${legacy[0].id}/content`, { ...w.a.consultant.auth, Range: 'bytes=0-5' });
        expect([before.status, before.head.toString('hex')]).toEqual([206, legacy[0].content.subarray(0, 6).toString('hex')]);

        const store = t.app.get(EVIDENCE_STORE);
        // this test's firm only: other test files keep files from before the store in theirs
        const move = () => moveAttachmentsToStore(process.env.TEST_APP_DATABASE_URL!, store, undefined, { firmIds: [w.a.firmId] });
        const [one, two] = await Promise.all([move(), move()]);
        expect(one.moved + two.moved).toBe(3);
        expect([...one.refused, ...two.refused].map((r) => r.id)).toContain(corrupt);
        for (const { id, content } of legacy) {
          const { rows } = await sup.query(
            'select a.storage_key, (select count(*)::int from attachment_contents c where c.firm_id = a.firm_id and c.id = a.id) as in_db from attachments a where a.id = $1', [id],
          );
          expect(rows[0]).toEqual({ storage_key: `sha256/${sha256(content).slice(0, 2)}/${sha256(content).slice(2, 4)}/${sha256(content)}`, in_db: 0 });
          expect(readFileSync(join(dir, ...rows[0].storage_key.split('/')))).toEqual(content);
          const dl = await hashedGet(`${base}/api/attachments/${id}/content`, w.a.consultant.auth);
          expect([dl.status, dl.sha256]).toEqual([200, sha256(content)]);
        }
        const { rows: bad } = await sup.query('select a.storage_key, (select count(*)::int from attachment_contents c where c.id = a.id) as in_db from attachments a where a.id = $1', [corrupt]);
        expect(bad[0]).toEqual({ storage_key: null, in_db: 1 });
        // run again: nothing left to move
        const again = await move();
        expect(again.moved).toBe(0);
      } finally {
        await sup.end();
      }
    });
  });

  describe('an S3-compatible store (s3rver on 127.0.0.1)', () => {
    let s3: S3rver;
    let t: TestApp;
    let w: World;
    let base: string;
    let incidentA: string;
    let store: S3Store;
    let s3dir: string;
    // the objects' keys as s3rver keeps them on disk, `<key>._S3rver_object` (its ListObjects refuses the SDK's signature;
    // it keeps the parts of unfinished multipart uploads elsewhere, and does not implement AbortMultipartUpload)
    const objects = async () => filesUnder(join(s3dir, 'evidence')).filter((f) => f.endsWith('._S3rver_object')).map((f) => f.replace(/\._S3rver_object$/, '')).sort();
    beforeAll(async () => {
      s3dir = mkdtempSync(join(process.env.TEST_DATA_DIR!, 's3rver-'));
      // s3rver re-encodes a query string with encodeURIComponent, where SigV4 encodes ' ( ) * ! too, so it computes
      // another signature for any signed request with such a query (a Content-Disposition of `filename*=UTF-8''…` has
      // two): it checks signatures as AWS would not, and is told not to refuse on a mismatch
      s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'evidence' }], allowMismatchedSignatures: true });
      const { port } = (await s3.run()) as AddressInfo;
      ({ t, w, base, incidentA } = await setUp({ STORAGE_URL: `s3+http://S3RVER:S3RVER@127.0.0.1:${port}/evidence/files?region=cn-east-2`, STORAGE_LINK_TTL_SECONDS: '60' }));
      store = t.app.get(EVIDENCE_STORE);
    });
    afterAll(async () => {
      await t?.close();
      (s3 as unknown as { httpServer?: { closeAllConnections(): void } }).httpServer?.closeAllConnections();
      await s3?.close();
    });

    it('streams a 40 MB file up as a multipart upload, and a download redirects to a short-lived signed link that serves the same bytes as a download', async () => {
      const size = 40 * MB;
      const res = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.consultant.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: '内存镜像.raw', size, file: pseudoRandom(size, 21),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sha256: res.sent.sha256, size });
      expect(await objects()).toEqual([expect.stringMatching(/^files\/[0-9a-f-]{36}$/)]);
      const dl = await t.api().get(`/api/attachments/${res.body.id}/content`).set(w.a.consultant.auth).redirects(0);
      expect(dl.status).toBe(302);
      const link = new URL(dl.headers.location);
      expect(link.origin).toBe(new URL(store.config.endpoint).origin);
      expect(link.searchParams.get('X-Amz-Expires')).toBe('60');
      expect(link.searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\/\d{8}\/cn-east-2\/s3\/aws4_request$/);
      expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(link.pathname).toMatch(/^\/evidence\/files\/[0-9a-f-]{36}$/);
      const got = await hashedGet(link.href);
      expect([got.status, got.size, got.sha256]).toEqual([200, size, res.sent.sha256]);
      expect(decodeURIComponent(String(got.headers['content-disposition']).split("filename*=UTF-8''")[1])).toBe('内存镜像.raw');
      // isolation as before: no link for another firm or a client admin
      for (const s of [w.b.manager, w.a.clientAdmin]) expect((await t.api().get(`/api/attachments/${res.body.id}/content`).set(s.auth).redirects(0)).status).toBe(404);
    }, 180_000);

    it('leaves no object behind when the client dies mid-upload, or when the request fails once the file is in', async () => {
      const before = await objects();
      const cut = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: incidentA }, fileName: 'cut.raw', size: 40 * MB, file: pseudoRandom(40 * MB, 22), cutAfter: 20 * MB,
      });
      expect(cut.status).toBe(0);
      const out = await streamUpload(`${base}/api/attachments`, {
        auth: w.a.manager.auth, fields: { entity: 'incidents', entityId: randomUUID() }, fileName: 'x.raw', size: MB, file: pseudoRandom(MB, 23),
      });
      expect([out.status, out.body.errors?.[0]?.field]).toEqual([400, 'entityId']);
      await until('no new object', async () => (await objects()).length === before.length, 20_000);
      expect(await objects()).toEqual(before);
      expect(await rowsOn(incidentA)).toBe(1);
    }, 120_000);
  });

  it('a folder store checks its folder at start', async () => {
    const store = new FolderStore(join(mkdtempSync(join(process.env.TEST_DATA_DIR!, 'evidence-check-')), 'files'));
    await store.check();
    expect(await store.staging()).toEqual([]);
  });
});
