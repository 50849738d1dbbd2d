import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import oldPrcReport from './fixtures/prc-incident-report-2026-11.json';
import { BUILT_IN_COMMUNICATION_TEMPLATES } from '@incident-desk/shared';
import { builtInVersion, CURRENT_BUILT_IN_VERSIONS, EARLIER_BUILT_IN_VERSIONS } from '../../server/src/communications/built-in-template-versions';
import { listQuery, makeFirm, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';
import { connect } from '../support/db';
import { pdfText, squash } from '../support/pdf';
import { RaceGate } from '../support/race';

/**
 * Issue 17, what was left: the incident report kept on its incident and linked to the summary-report obligation, the
 * grading questions on websites and population shares, and stored built-in templates brought up to the new text.
 */
describe('regulatory records', () => {
  let t: TestApp;
  let w: World;
  let gate: RaceGate;
  let su: Client;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    gate = await RaceGate.open();
    su = await connect('super');
  });
  afterAll(async () => {
    await su.end();
    await gate.close();
    await t.close();
  });

  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const NO_IMPACT = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 0, personalInfoRecords: 0, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
  async function list(resource: string, s: Session, filter: Record<string, unknown> = {}) {
    return ok<any[]>(api().get(`/api/${resource}`).query(listQuery({ range: [0, 499], filter })).set(s.auth));
  }
  async function incident(body: Record<string, unknown> = {}) {
    return ok(api().post('/api/incidents').set(w.a.manager.auth).send({
      clientId: w.a.assigned.id, title: '门户网站被篡改', detectedAt: hoursAgo(3), nature: 'external_attack', ...body,
    }));
  }
  /** An incident graded 重大 whose handling has ended: its summary-report clock runs. */
  async function handled() {
    const i = await incident();
    await ok(api().post(`/api/incidents/${i.id}/grade`).set(w.a.manager.auth).send({ inputs: NO_IMPACT, grade: 'major', rationale: '人工定级' }));
    for (const to of ['responding', 'recovering', 'investigating']) {
      await ok(api().post(`/api/incidents/${i.id}/transition`).set(w.a.manager.auth).send({ to, override: true, reason: '推进' }));
    }
    const [o] = await list('obligations', w.a.manager, { incidentId: i.id, rule: 'prc_summary_report' });
    expect(o).toMatchObject({ status: 'pending', reportAttachmentId: null });
    return { i, o };
  }
  const download = (s: Session, id: string) =>
    api().get(`/api/attachments/${id}/content`).set(s.auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  const keep = (s: Session, id: string, body: Record<string, unknown> = {}) => api().post(`/api/incidents/${id}/report`).set(s.auth).send(body);
  const audit = (filter: Record<string, unknown>) => list('audit-logs', w.a.manager, filter);

  describe('the incident report kept on the incident', () => {
    it('is stored as an attachment (SHA-256 of its bytes), linked to the summary-report obligation, audited and on the timeline', async () => {
      const { i, o } = await handled();
      const res = await keep(w.a.consultant, i.id, { lang: 'zh-CN', version: 'internal' });
      expect(res.status).toBe(201);
      const { attachment, obligation, created } = res.body;
      expect(created).toBe(true);
      expect(attachment).toMatchObject({
        entity: 'incidents', entityId: i.id, clientId: w.a.assigned.id, contentType: 'application/pdf', fileName: `${i.reference}-internal-zh-CN.pdf`,
        report: { lang: 'zh-CN', version: 'internal' },
      });
      expect(obligation).toMatchObject({ id: o.id, reportAttachmentId: attachment.id, status: 'pending' });
      // the obligation shows the link when read again, and the file is the incident's
      expect((await ok(api().get(`/api/obligations/${o.id}`).set(w.a.manager.auth))).reportAttachmentId).toBe(attachment.id);
      expect((await list('attachments', w.a.manager, { entity: 'incidents', entityId: i.id })).map((a) => a.id)).toEqual([attachment.id]);
      const bytes = await download(w.a.manager, attachment.id);
      expect(bytes.status).toBe(200);
      expect(createHash('sha256').update(bytes.body).digest('hex')).toBe(attachment.sha256);
      expect(bytes.body.length).toBe(attachment.size);
      const text = squash(pdfText(bytes.body).pages.join('\n'));
      for (const s of ['网络安全事件处置总结报告', i.reference, '重大', '内部版']) expect({ s, found: text.includes(squash(s)) }).toEqual({ s, found: true });
      const entries = await list('timeline', w.a.manager, { incidentId: i.id, kind: 'attachment' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ visibility: 'internal', data: { attachmentId: attachment.id, sha256: attachment.sha256, report: { lang: 'zh-CN', version: 'internal' }, obligationId: o.id } });
      expect((await audit({ entity: 'attachments', entityId: attachment.id, action: 'create' })).map((a) => a.changes.sha256?.after)).toEqual([attachment.sha256]);
      const linked = await audit({ entity: 'obligations', entityId: o.id, action: 'update' });
      expect(linked).toHaveLength(1);
      // client admins neither see the file nor keep a report
      expect((await download(w.a.clientAdmin, attachment.id)).status).toBe(404);
      expect((await keep(w.a.clientAdmin, i.id)).status).toBe(403);
    });

    it('two at once: one attachment and one link; the other request is answered the report the first kept', async () => {
      const { i, o } = await handled();
      const results = await gate.race('incidents', w.a.firmId, i.id, [1, 2, 3].map(() => () => keep(w.a.manager, i.id, { lang: 'zh-CN' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      const ids = new Set(results.map((r) => r.body.attachment.id));
      expect(ids.size).toBe(1);
      const [id] = [...ids];
      expect(results.filter((r) => r.body.created)).toHaveLength(1);
      expect((await list('attachments', w.a.manager, { entity: 'incidents', entityId: i.id })).map((a) => a.id)).toEqual([id]);
      expect((await ok(api().get(`/api/obligations/${o.id}`).set(w.a.manager.auth))).reportAttachmentId).toBe(id);
      expect(await audit({ entity: 'obligations', entityId: o.id, action: 'update' })).toHaveLength(1);
      expect(await list('timeline', w.a.manager, { incidentId: i.id, kind: 'attachment' })).toHaveLength(1);
      // kept without a link, at once (only the incident's lock orders these): another language is another report, kept once
      const unlinked = await gate.race('incidents', w.a.firmId, i.id, [1, 2, 3].map(() => () => keep(w.a.manager, i.id, { lang: 'en', obligationId: null })));
      expect(unlinked.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      const enIds = new Set(unlinked.map((r) => r.body.attachment.id));
      expect(enIds.size).toBe(1);
      const [enId] = [...enIds];
      expect(enId).not.toBe(id);
      expect(unlinked.map((r) => r.body.obligation)).toEqual([null, null, null]);
      expect((await list('attachments', w.a.manager, { entity: 'incidents', entityId: i.id })).map((a) => a.id).sort()).toEqual([id, enId].sort());
      // the link goes to the newest one asked for
      const en = await keep(w.a.manager, i.id, { lang: 'en' });
      expect(en.status).toBe(200);
      expect(en.body.attachment.id).toBe(enId);
      expect(en.body.obligation.reportAttachmentId).toBe(enId);
    });

    it('a change to the incident makes a new report, which replaces the link; once the obligation is met the link stays', async () => {
      const { i, o } = await handled();
      const first = await ok(keep(w.a.manager, i.id));
      expect((await keep(w.a.manager, i.id)).status).toBe(200);
      await ok(api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: i.id, body: '补充：已确认漏洞编号', visibility: 'internal' }));
      const second = await keep(w.a.manager, i.id);
      expect(second.status).toBe(201);
      expect(second.body.attachment.id).not.toBe(first.attachment.id);
      expect(second.body.obligation.reportAttachmentId).toBe(second.body.attachment.id);
      expect(squash(pdfText((await download(w.a.manager, second.body.attachment.id)).body).pages.join('\n'))).toContain(squash('补充：已确认漏洞编号'));
      const before = await audit({ entity: 'obligations', entityId: o.id, action: 'update' });
      expect(before).toHaveLength(2);
      expect(before.map((a) => a.changes.reportAttachmentId.after).sort()).toEqual([first.attachment.id, second.body.attachment.id].sort());

      await ok(api().post(`/api/obligations/${o.id}/fulfil`).set(w.a.manager.auth).send({ note: '已按原渠道报送总结报告' }));
      await ok(api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: i.id, body: '结案后补记', visibility: 'internal' }));
      // kept, but no longer linked: the report that went out stays the one linked
      const third = await keep(w.a.manager, i.id);
      expect(third.status).toBe(201);
      expect(third.body.obligation).toBeNull();
      expect((await ok(api().get(`/api/obligations/${o.id}`).set(w.a.manager.auth))).reportAttachmentId).toBe(second.body.attachment.id);
      // naming the met obligation is refused with it as it is
      const named = await keep(w.a.manager, i.id, { obligationId: o.id, lang: 'en' });
      expect(named.status).toBe(409);
      expect(named.body).toMatchObject({ code: 'conflict', status: 'met' });
    });

    it('without a summary-report obligation it is kept alone; bad fields are 400 naming them, and nothing is kept', async () => {
      const i = await incident();
      const alone = await keep(w.a.manager, i.id, { version: 'client' });
      expect(alone.status).toBe(201);
      expect(alone.body).toMatchObject({ obligation: null, attachment: { report: { version: 'client' } } });

      const { i: j, o } = await handled();
      const [other] = await list('obligations', w.a.manager, { incidentId: j.id, rule: 'prc_incident_report' });
      const cases: [Record<string, unknown>, string][] = [
        [{ lang: 'fr' }, 'lang'], [{ version: 'board' }, 'version'], [{ obligationId: 'x' }, 'obligationId'],
        [{ obligationId: other.id }, 'obligationId'], [{ obligationId: o.id.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) }, 'obligationId'],
      ];
      for (const [body, field] of cases) {
        const res = await keep(w.a.manager, j.id, body);
        expect({ body, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ body, status: 400, fields: [field] });
      }
      // an obligation of another incident is not this incident's
      const { o: elsewhere } = await handled();
      expect((await keep(w.a.manager, j.id, { obligationId: elsewhere.id })).body.errors?.[0]?.field).toBe('obligationId');
      expect(await list('attachments', w.a.manager, { entity: 'incidents', entityId: j.id })).toEqual([]);
      // null: kept, not linked
      const unlinked = await keep(w.a.manager, j.id, { obligationId: null });
      expect(unlinked.status).toBe(201);
      expect(unlinked.body.obligation).toBeNull();
      expect((await ok(api().get(`/api/obligations/${o.id}`).set(w.a.manager.auth))).reportAttachmentId).toBeNull();
      // asked again with the link: the same report, now linked
      const linked = await keep(w.a.manager, j.id, {});
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ created: false, attachment: { id: unlinked.body.attachment.id }, obligation: { reportAttachmentId: unlinked.body.attachment.id } });
    });
  });

  describe('grading: websites that cannot be reached, shares of a population', () => {
    const gradeWith = (id: string, inputs: Record<string, unknown>) => api().post(`/api/incidents/${id}/grade`).set(w.a.consultant.auth).send({ inputs: { ...NO_IMPACT, ...inputs } });

    it('suggests the grade of the annex at each threshold and stores every answer', async () => {
      const i = await incident();
      const cases: [Record<string, unknown>, string, string | null][] = [
        [{ websiteClass: 'province_or_above', websiteUnreachableHours: 24 }, 'especially_major', 'website_especially_major'],
        [{ websiteClass: 'province_or_above', websiteUnreachableHours: 23.5 }, 'major', 'website_major'],
        [{ websiteClass: 'city_or_above', websiteUnreachableHours: 6 }, 'major', 'website_major'],
        [{ websiteClass: 'city_or_above', websiteUnreachableHours: 2 }, 'relatively_major', 'website_relatively_major'],
        [{ websiteClass: 'city_or_above', websiteUnreachableHours: 1.9 }, 'general', null],
        [{ websiteClass: 'none', websiteUnreachableHours: 48 }, 'general', null],
        [{ provincePopulationSharePct: 50 }, 'especially_major', 'people_share_province_especially_major'],
        [{ cityPopulationSharePct: 50 }, 'major', 'people_share_city_major'],
        [{ cityPopulationSharePct: 30 }, 'relatively_major', 'people_share_city_relatively_major'],
        [{ cityPopulationSharePct: 29.99 }, 'general', null],
      ];
      for (const [inputs, grade, rule] of cases) {
        const res = await gradeWith(i.id, inputs);
        expect({ inputs, status: res.status }).toEqual({ inputs, status: 200 });
        expect({ inputs, grade: res.body.grading.suggestedGrade, rule: res.body.grading.matchedRules[0]?.id ?? null }).toEqual({ inputs, grade, rule });
        expect(res.body.grading.inputs).toMatchObject(inputs);
      }
    });

    it('a request without the new questions (an older client) is graded as before, its answers stored as nothing affected', async () => {
      const i = await incident();
      const res = await gradeWith(i.id, { peopleAffected: 100_000 });
      expect(res.status).toBe(200);
      expect(res.body.grading.suggestedGrade).toBe('relatively_major');
      expect(res.body.grading.inputs).toMatchObject({ websiteClass: 'none', websiteUnreachableHours: 0, provincePopulationSharePct: 0, cityPopulationSharePct: 0 });
    });

    it('refuses a share outside 0–100, negative hours and an unknown kind of site with 400 naming the field; no grading is stored', async () => {
      const i = await incident();
      const cases: [Record<string, unknown>, string][] = [
        [{ cityPopulationSharePct: 100.5 }, 'inputs.cityPopulationSharePct'],
        [{ provincePopulationSharePct: -1 }, 'inputs.provincePopulationSharePct'],
        [{ provincePopulationSharePct: '50' }, 'inputs.provincePopulationSharePct'],
        [{ websiteUnreachableHours: -2 }, 'inputs.websiteUnreachableHours'],
        [{ websiteClass: 'national_portal' }, 'inputs.websiteClass'],
        [{ websiteClass: null }, 'inputs.websiteClass'],
      ];
      for (const [inputs, field] of cases) {
        const res = await gradeWith(i.id, inputs);
        expect({ inputs, status: res.status, fields: [...new Set(res.body.errors?.map((e: { field: string }) => e.field))] }).toEqual({ inputs, status: 400, fields: [field] });
      }
      expect(await list('gradings', w.a.manager, { incidentId: i.id })).toEqual([]);
      expect((await ok(api().get(`/api/incidents/${i.id}`).set(w.a.manager.auth))).grade).toBeNull();
    });
  });

  describe('built-in templates stored before a newer text', () => {
    const KEY = 'prc_incident_report';
    const current = BUILT_IN_COMMUNICATION_TEMPLATES.find((d) => d.key === KEY)!;
    /** A firm with its built-in templates made; its regulator template set back to the text of 2026-11 as `version` records it. */
    async function firmHoldingOldText(version: string | null, edit?: (body: string) => string) {
      const f = await makeFirm(t, 'Templates');
      const before = await list('communication-templates', f.manager, { key: KEY });
      expect(before).toHaveLength(1);
      expect(before[0]).toMatchObject({ builtIn: true, customized: false, newerVersion: false });
      const body = { ...oldPrcReport.body, 'zh-CN': edit ? edit(oldPrcReport.body['zh-CN']) : oldPrcReport.body['zh-CN'] };
      await su.query(
        `update communication_templates set name = $3, subject = $4, body = $5, audience = $6, channel = $7, built_in_version = $8 where firm_id = $1 and id = $2`,
        [f.firmId, before[0].id, oldPrcReport.name, oldPrcReport.subject, body, oldPrcReport.audience, oldPrcReport.channel, version],
      );
      return { ...f, id: before[0].id as string };
    }
    const show = (s: Session, id: string) => ok(api().get(`/api/communication-templates/${id}`).set(s.auth));

    it('the text of 2026-11 is one the upgrade knows, and differs from the current one', () => {
      expect(builtInVersion(oldPrcReport)).toBe(EARLIER_BUILT_IN_VERSIONS[KEY][0]);
      expect(CURRENT_BUILT_IN_VERSIONS[KEY]).toBe(builtInVersion(current));
      expect(CURRENT_BUILT_IN_VERSIONS[KEY]).not.toBe(EARLIER_BUILT_IN_VERSIONS[KEY][0]);
    });

    it.each([
      ['made before versions were recorded', null],
      ['made from the earlier version', EARLIER_BUILT_IN_VERSIONS[KEY][0]],
    ])('one the firm never edited gets the new text (%s), audited once', async (_what, version) => {
      const f = await firmHoldingOldText(version);
      const [a, b] = await gate.race('communication_templates', f.firmId, f.id, [
        () => api().get('/api/communication-templates').query(listQuery({ filter: { key: KEY } })).set(f.manager.auth),
        () => api().get(`/api/communication-templates/${f.id}`).set(f.manager.auth),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const t1 = await show(f.manager, f.id);
      expect(t1).toMatchObject({ body: current.body, subject: current.subject, name: current.name, customized: false, newerVersion: false });
      expect(t1.body['zh-CN']).toContain('《国家网络安全事件报告管理办法》');
      const rows = await ok<any[]>(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'communication-templates', entityId: f.id } })).set(f.manager.auth));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'update', changes: { builtInVersion: { before: version, after: CURRENT_BUILT_IN_VERSIONS[KEY] } } });
      expect(rows[0].changes.body.before['zh-CN']).toBe(oldPrcReport.body['zh-CN']);
    });

    it('one the firm edited keeps its text and says a newer version exists; the manager adopts it (once)', async () => {
      const f = await firmHoldingOldText(null, (b) => `${b}\n本所补充：报送前须经合伙人复核。`);
      const kept = await show(f.manager, f.id);
      expect(kept).toMatchObject({ customized: true, newerVersion: true });
      expect(kept.body['zh-CN']).toContain('本所补充');
      expect(await ok<any[]>(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'communication-templates', entityId: f.id } })).set(f.manager.auth))).toEqual([]);
      // read again: still the firm's (the check is not repeated)
      expect((await show(f.manager, f.id)).body['zh-CN']).toContain('本所补充');

      const results = await gate.race('communication_templates', f.firmId, f.id, [1, 2].map(() => () => api().post(`/api/communication-templates/${f.id}/upgrade`).set(f.manager.auth).send({})));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const after = await show(f.manager, f.id);
      expect(after).toMatchObject({ body: current.body, customized: false, newerVersion: false });
      const rows = await ok<any[]>(api().get('/api/audit-logs').query(listQuery({ filter: { entity: 'communication-templates', entityId: f.id } })).set(f.manager.auth));
      expect(rows).toHaveLength(1);
      expect(rows[0].changes.body.before['zh-CN']).toContain('本所补充');
      expect(rows[0].changes.customized).toEqual({ before: true, after: false });
    });

    it('an edit of the current text marks it the firm’s own; an edit back to the built-in text does not', async () => {
      const [tpl] = await list('communication-templates', w.a.manager, { key: KEY });
      const edited = await ok(api().put(`/api/communication-templates/${tpl.id}`).set(w.a.manager.auth).send({ body: { ...current.body, en: `${current.body.en}\nReviewed by a partner.` } }));
      expect(edited).toMatchObject({ customized: true, newerVersion: false });
      const back = await ok(api().put(`/api/communication-templates/${tpl.id}`).set(w.a.manager.auth).send({ body: current.body }));
      expect(back).toMatchObject({ customized: false, newerVersion: false });
      expect((await api().post(`/api/communication-templates/${tpl.id}/upgrade`).set(w.a.manager.auth).send({})).status).toBe(409);
      expect((await api().post(`/api/communication-templates/${tpl.id}/upgrade`).set(w.a.consultant.auth).send({})).status).toBe(403);
      const own = await ok(api().post('/api/communication-templates').set(w.a.manager.auth).send({
        name: { 'zh-CN': '自定义', en: 'Own' }, audience: 'client', channel: 'email', subject: { 'zh-CN': '主题', en: 'Subject' }, body: { 'zh-CN': '正文', en: 'Body' },
      }));
      expect(own).toMatchObject({ builtIn: false, customized: false, newerVersion: false });
      expect((await api().post(`/api/communication-templates/${own.id}/upgrade`).set(w.a.manager.auth).send({})).status).toBe(409);
    });
  });
});
