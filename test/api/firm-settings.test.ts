import { createClient, createUser, login, makeFirm, startApp, type Session, type TestApp } from '../support/app';
import { testPng } from '../support/images';

function binary(res: any, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The images a PDF holds (its image XObjects' sizes), read from the file's dictionaries. */
function pdfImages(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/<<[^<>]*\/Subtype \/Image[^<>]*>>/g)].map((m) => ({
    width: Number(/\/Width (\d+)/.exec(m[0])?.[1]),
    height: Number(/\/Height (\d+)/.exec(m[0])?.[1]),
  }));
}

/** Firm settings (managers): validation naming the field, nothing half-written, the logo and where it shows. */
describe('firm settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (s: Session) => t.api().get('/api/firm-settings').set(s.auth);
  const put = (s: Session, body: object) => t.api().put('/api/firm-settings').set(s.auth).send(body);
  const putLogo = (s: Session, bytes: Buffer, name = 'logo.png') => t.api().put('/api/firm-settings/logo').set(s.auth).attach('file', bytes, name);

  it('shows every setting in one place, the alerting settings and working days from their own homes', async () => {
    const { manager } = await makeFirm(t, 'Settings');
    const res = await get(manager);
    expect(res.status).toBe(200);
    const alerting = (await t.api().get('/api/notification-settings').set(manager.auth)).body.alerting;
    expect(res.body).toEqual({
      name: expect.stringContaining('Settings'),
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      defaultClientSla: {},
      alerting,
      mfaRequired: false,
      logo: null,
      workingDays: { resource: 'working-days', firmDays: 0, years: expect.arrayContaining([2025, 2026]), missing: expect.any(Array) },
    });
    // a day of the firm's own, added through working-days, is counted here
    expect((await t.api().post('/api/working-days').set(manager.auth).send({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'test' })).status).toBe(201);
    expect((await get(manager)).body.workingDays.firmDays).toBe(1);
  });

  it('changes name, language, time zone, default client SLA and alerting in one PUT; the alerting settings are the same ones', async () => {
    const { manager } = await makeFirm(t, 'Change');
    const sla = { acknowledgeHours: { major: 2, general: 8 }, resolveHours: { major: 48 } };
    const res = await put(manager, { name: '  新名称 Firm ', locale: 'en', timeZone: 'Europe/Berlin', defaultClientSla: sla, alerting: { acknowledgeMinutes: 45, digestHour: 7 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '新名称 Firm', locale: 'en', timeZone: 'Europe/Berlin', defaultClientSla: sla });
    expect(res.body.alerting).toMatchObject({ acknowledgeMinutes: 45, digestHour: 7 });
    // one home: the notification settings read what was set here, and the other way round
    expect((await t.api().get('/api/notification-settings').set(manager.auth)).body.alerting).toEqual(res.body.alerting);
    expect((await t.api().put('/api/notification-settings').set(manager.auth).send({ alerting: { acknowledgeMinutes: 30 } })).status).toBe(200);
    expect((await get(manager)).body.alerting.acknowledgeMinutes).toBe(30);
    // the session shows the new name and time zone on the next request
    expect((await t.api().get('/api/auth/me').set(manager.auth)).body).toMatchObject({ firmName: '新名称 Firm', timeZone: 'Europe/Berlin' });
    // a new client without an SLA gets the default; one with its own keeps its own
    const c = await createClient(t, manager);
    expect((await t.api().get(`/api/clients/${c.id}`).set(manager.auth)).body.contractSla).toEqual(sla);
    const own = await createClient(t, manager, { contractSla: { acknowledgeHours: { major: 1 } } });
    expect((await t.api().get(`/api/clients/${own.id}`).set(manager.auth)).body.contractSla).toEqual({ acknowledgeHours: { major: 1 } });
    // audited
    const audit = await t.api().get('/api/audit-logs').query({ filter: JSON.stringify({ entity: 'firm-settings' }), range: '[0,9]' }).set(manager.auth);
    expect(audit.status).toBe(200);
    expect(audit.body.length).toBeGreaterThanOrEqual(1);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const { manager } = await makeFirm(t, 'Bad');
    const before = (await get(manager)).body;
    const cases: [object, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: null }, 'name'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: 42 }, 'timeZone'],
      [{ locale: 'fr' }, 'locale'],
      [{ defaultClientSla: { acknowledgeHours: { major: 'soon' } } }, 'defaultClientSla.acknowledgeHours.major'],
      [{ defaultClientSla: 'fast' }, 'defaultClientSla'],
      [{ alerting: { acknowledgeMinutes: 0 } }, 'alerting.acknowledgeMinutes'],
      [{ alerting: { sirens: true } }, 'alerting.sirens'],
      [{ mfaRequired: 'yes' }, 'mfaRequired'],
      [{ firmId: '00000000-0000-0000-0000-000000000000' }, 'firmId'],
      // a valid change beside an invalid one: neither is written
      [{ name: 'Half written', alerting: { digestHour: 25 } }, 'alerting.digestHour'],
      [{ name: 'Half written', timeZone: 'Nowhere/Land' }, 'timeZone'],
    ];
    for (const [body, field] of cases) {
      const res = await put(manager, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect({ body, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
    expect((await get(manager)).body).toEqual(before);
  });

  it('lets one of two managers\' parallel changes land after the other, each from what the other left', async () => {
    const { manager } = await makeFirm(t, 'Race');
    const other = await login(t, manager.user.email);
    const [a, b] = await Promise.all([put(manager, { alerting: { acknowledgeMinutes: 11 } }), put(other, { name: 'Raced name' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = (await get(manager)).body;
    expect(now).toMatchObject({ name: 'Raced name', alerting: expect.objectContaining({ acknowledgeMinutes: 11 }) });
  });

  it('takes a PNG or JPEG logo of at most 256 KiB, judged by its content', async () => {
    const { manager } = await makeFirm(t, 'Logo');
    const png = testPng(40, 20);
    const res = await putLogo(manager, png);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contentType: 'image/png', size: png.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await get(manager)).body.logo).toEqual(res.body);
    const back = await t.api().get('/api/firm-settings/logo').set(manager.auth).buffer(true).parse(binary);
    expect(back.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(back.body, png)).toBe(0);
    const refused: [Buffer, string][] = [
      [Buffer.from('just text, called a png'), 'logo.png'],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'logo.gif'],
      // the PNG signature and nothing readable after it
      [Buffer.concat([png.subarray(0, 8), Buffer.alloc(64, 7)]), 'broken.png'],
      [Buffer.concat([png, Buffer.alloc(256 * 1024)]), 'huge.png'],
    ];
    for (const [bytes, name] of refused) {
      const bad = await putLogo(manager, bytes, name);
      expect({ name, status: bad.status, fields: bad.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ name, status: 400, fields: ['file'] });
    }
    const none = await t.api().put('/api/firm-settings/logo').set(manager.auth).field('x', 'y');
    expect(none.status).toBe(400);
    // still the good one
    expect((await get(manager)).body.logo.sha256).toBe(res.body.sha256);
  });

  it("names the firm's logo (its SHA-256) in the signed-in user of every role, from sign-in, refresh and me; none is null", async () => {
    const { manager, slug } = await makeFirm(t, 'LogoUser');
    const client = await createClient(t, manager);
    const consultant = await login(t, (await createUser(t, manager, slug, { role: 'consultant' })).email);
    const clientAdmin = await login(t, (await createUser(t, manager, slug, { role: 'client_admin', clientId: client.id })).email);
    const other = await makeFirm(t, 'LogoOther');
    const me = async (s: Session) => (await t.api().get('/api/auth/me').set(s.auth)).body.firmLogo;
    expect([manager.user, consultant.user, clientAdmin.user].map((u) => (u as { firmLogo?: unknown }).firmLogo)).toEqual([null, null, null]);
    expect(await me(manager)).toBeNull();

    const sha = (await putLogo(manager, testPng(12, 12))).body.sha256 as string;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect([await me(manager), await me(consultant), await me(clientAdmin)]).toEqual([sha, sha, sha]);
    expect((await login(t, consultant.user.email)).user).toMatchObject({ firmLogo: sha });
    const refreshed = await t.api().post('/api/auth/refresh').send({ refreshToken: clientAdmin.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.firmLogo).toBe(sha);
    // another firm's users: their own firm's (none)
    expect(await me(other.manager)).toBeNull();

    expect((await t.api().delete('/api/firm-settings/logo').set(manager.auth)).status).toBe(204);
    expect([await me(manager), await me(consultant)]).toEqual([null, null]);
  });

  it('puts the logo on the service report and the incident report PDFs', async () => {
    const { manager } = await makeFirm(t, 'PDF');
    const client = await createClient(t, manager);
    const inc = await t.api().post('/api/incidents').set(manager.auth).send({ clientId: client.id, title: 'Logo test', detectedAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(inc.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const reports = async () => [
      (await t.api().get('/api/reports/service.pdf').query({ from: today, to: today, clientIds: client.id }).set(manager.auth).buffer(true).parse(binary)).body as Buffer,
      (await t.api().get(`/api/incidents/${inc.body.id}/report.pdf`).set(manager.auth).buffer(true).parse(binary)).body as Buffer,
    ];
    for (const pdf of await reports()) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfImages(pdf)).toEqual([]);
    }
    expect((await putLogo(manager, testPng(37, 23))).status).toBe(200);
    // the image (and, for a PNG with an alpha channel, its soft mask): the logo's size
    for (const pdf of await reports()) {
      expect(pdfImages(pdf).length).toBeGreaterThan(0);
      expect(new Set(pdfImages(pdf).map((i) => `${i.width}x${i.height}`))).toEqual(new Set(['37x23']));
    }
    // removed: gone from the PDFs again
    expect((await t.api().delete('/api/firm-settings/logo').set(manager.auth)).status).toBe(204);
    for (const pdf of await reports()) expect(pdfImages(pdf)).toEqual([]);
  });
});
