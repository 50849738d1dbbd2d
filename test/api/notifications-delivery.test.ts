import { randomUUID } from 'node:crypto';
import { connect } from '../support/db';
import { createClient, createUser, listQuery, login, makeFirm, ok, startApp, type Session, type TestApp } from '../support/app';
import {
  dingtalkSignatureValid, eventually, gradeMajor, feishuSignatureValid, startReceiver, startSmtp, webhookSignatureValid, type ReceivedRequest,
} from '../support/notify';
import { JobRunner } from '../../server/src/jobs/job-queue';
import { NotificationsService } from '../../server/src/notifications/notifications.service';
import { DEAD_QUEUE, DELIVER_QUEUE, SCAN_QUEUE } from '../../server/src/notifications/queues';
import { RemindersService } from '../../server/src/notifications/reminders.service';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';

/**
 * Delivery, for real, by job runners (pg-boss workers) of in-process apps: e-mail to an SMTP server the test runs,
 * each chat robot's and the webhook's message to HTTP receivers the test runs (signatures checked the way each platform
 * checks them), retries and the dead state, several servers on one database sending each reminder once, and a crash
 * between the commit and the delivery. Every server listens on 127.0.0.1. The runners keep no schedules here (a cron
 * scan would look at every test's firms): scans are asked for, for this file's firms.
 */
const DINGTALK_SECRET = 'SECdingtalk-signing-secret';
const FEISHU_SECRET = 'feishu-signing-secret';
const WEBHOOK_SECRET = 'webhook-signing-secret-0123';
const MAIL_FROM = 'Incident Desk <alerts@desk.test>';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let robots: Awaited<ReturnType<typeof startReceiver>>;
const apps: TestApp[] = [];

/** Each platform as its servers answer: 200 with a code in the body, the signature checked as the platform does. */
function platform(r: ReceivedRequest): { status?: number; body?: unknown } {
  const url = new URL(r.url, 'http://x');
  let body: any = {};
  try {
    body = JSON.parse(r.body);
  } catch {
    return { status: 400 };
  }
  if (url.pathname === '/cgi-bin/webhook/send') {
    return { body: url.searchParams.get('key') === 'good-key' && body.msgtype === 'markdown' ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' } };
  }
  if (url.pathname === '/robot/send') {
    return { body: dingtalkSignatureValid(r.url, DINGTALK_SECRET) ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' } };
  }
  if (url.pathname.startsWith('/open-apis/bot/v2/hook/')) {
    return { body: feishuSignatureValid(body, FEISHU_SECRET) ? { code: 0, msg: 'success', data: {} } : { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } };
  }
  if (url.pathname === '/hook') return { status: webhookSignatureValid(r.headers['x-incident-desk-signature'] as string, r.body, WEBHOOK_SECRET) ? 204 : 401 };
  if (url.pathname === '/fail') return { status: 500 };
  return { status: 404 };
}

async function app(env: Record<string, string> = {}, run = true): Promise<TestApp> {
  const t = await startApp({
    env: {
      NOTIFY_ALLOW_PRIVATE_HOSTS: 'true', SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL: 'https://desk.test',
      NOTIFY_RETRY_LIMIT: '2', NOTIFY_RETRY_DELAY_SECONDS: '1', ...env,
    },
  });
  apps.push(t);
  if (run) await runner(t).start({ schedule: false, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 2 });
  return t;
}
const runner = (t: TestApp) => t.app.get(JobRunner);

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
/** the notifications mailed to the address (not the invitation each person created here gets: issue 20) */
const mailsTo = (email: string) =>
  smtp.mails.filter((m) => m.to.includes(email.toLowerCase()) && !String(m.mail.headers.get('x-incident-desk-event') ?? '').startsWith('account_'));
/** The e-mails of the clocks' reminders and escalations to someone (not the grading's news before them). */
const remindersTo = (email: string) => mailsTo(email).filter((m) => m.mail.headers.get('x-incident-desk-event') !== 'incident_major');
const requestsTo = (path: string) => robots.requests.filter((r) => new URL(r.url, 'http://x').pathname === path);

async function deliveriesOf(t: TestApp, s: Session, filter: Record<string, unknown>) {
  return ok<{ id: string; status: string; attempts: number; lastError: string | null; transport: string; userId: string | null; channelId: string | null; sentAt: string | null }[]>(
    t.api().get('/api/notification-deliveries').query(listQuery({ filter, range: [0, 999] })).set(s.auth),
  );
}

/** A firm with a manager (zh-CN), a manager who reads English, a consultant assigned to a client. */
async function firmWithPeople(t: TestApp, client: Record<string, unknown> = {}) {
  const f = await makeFirm(t, 'Alerting');
  const c = await createClient(t, f.manager, client);
  const en = await createUser(t, f.manager, f.slug, { role: 'manager', name: 'Ann Manager', locale: 'en' } as never);
  const consultant = await createUser(t, f.manager, f.slug, { role: 'consultant', name: '陈顾问' });
  await ok(t.api().post('/api/assignments').set(f.manager.auth).send({ consultantId: consultant.id, clientId: c.id }));
  return { ...f, client: c, en: await login(t, en.email), consultant: await login(t, consultant.email) };
}

beforeAll(async () => {
  smtp = await startSmtp();
  robots = await startReceiver(platform);
});
afterAll(async () => {
  for (const t of apps) await t.close().catch(() => undefined);
  await smtp.close();
  await robots.close();
});

describe('e-mail', () => {
  it('reaches each recipient in their language, as plain text and HTML, with the link to the record', async () => {
    const t = await app();
    const f = await firmWithPeople(t);
    const i = await ok(t.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '勒索软件加密了文件服务器', detectedAt: hoursAgo(1) }));
    await gradeMajor(t, f.consultant, i.id);
    const link = `https://desk.test/#/incidents/${i.id}/show`;
    const [zh] = await eventually(() => mailsTo(f.manager.user.email).length === 1 && mailsTo(f.manager.user.email), 45_000, 'the zh-CN e-mail');
    const [en] = await eventually(() => mailsTo(f.en.user.email).length === 1 && mailsTo(f.en.user.email), 45_000, 'the English e-mail');
    expect(zh.mail.subject).toBe(`较大事件 ${i.reference}`);
    expect(zh.mail.from?.text).toBe(MAIL_FROM.replace('Incident Desk', '"Incident Desk"'));
    expect(zh.mail.text).toContain('勒索软件加密了文件服务器');
    expect(zh.mail.text).toContain(`打开记录: ${link}`);
    expect(zh.mail.html).toContain(`<a href="${link}"`);
    expect(zh.mail.html).toContain('勒索软件加密了文件服务器');
    expect(zh.mail.headers.get('x-incident-desk-event')).toBe('incident_major');
    expect(en.mail.subject).toBe(`Relatively major incident ${i.reference}`);
    expect(en.mail.text).toContain('Launch the response plan');
    expect(en.mail.text).toContain(`Open the record: ${link}`);
    expect(en.mail.html).toContain(`<a href="${link}"`);
    // the actor (the consultant) is not told; each delivery sent once, its Message-ID its own
    expect(mailsTo(f.consultant.user.email)).toEqual([]);
    const ds = await deliveriesOf(t, f.manager, { incidentId: i.id });
    await eventually(async () => (await deliveriesOf(t, f.manager, { incidentId: i.id })).every((d) => d.status === 'sent'), 10_000, 'sent');
    expect(ds.length).toBe(2);
    const mine = ds.find((d) => d.userId === f.manager.user.id)!;
    expect(zh.mail.messageId).toBe(`<${mine.id}@desk.test>`);
    // the same delivery's job run again (a retry after a crash, a duplicate): the row says sent, nothing goes out
    await runner(t).sendNow(DELIVER_QUEUE, { firmId: f.firmId, deliveryId: mine.id });
    await new Promise((r) => setTimeout(r, 2000));
    expect(mailsTo(f.manager.user.email).length).toBe(1);
    expect((await deliveriesOf(t, f.manager, { id: mine.id }))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('tasks assigned by team role', () => {
  it('tell each person once, by one e-mail that lists all their tasks of the action, not one e-mail per task', async () => {
    const t = await app();
    const f = await firmWithPeople(t);
    const legal = await createUser(t, f.manager, f.slug, { role: 'consultant', name: 'Lee Legal', locale: 'en' } as never);
    await ok(t.api().post('/api/assignments').set(f.manager.auth).send({ consultantId: legal.id, clientId: f.client.id }));
    const lead = f.consultant.user;
    // opened by the manager: the lead's and the IT tasks go to the consultant, the legal tasks to the English reader
    const i = await ok(t.api().post('/api/incidents').set(f.manager.auth).send({
      clientId: f.client.id, title: '供应商系统泄露客户名单', detectedAt: hoursAgo(1), leadId: lead.id,
      team: [{ userId: lead.id, name: '陈顾问', role: 'it' }, { userId: legal.id, name: 'Lee Legal', role: 'legal' }],
    }));
    const tasks = await ok<{ id: string; title: string; titleEn: string | null; assigneeId: string | null }[]>(
      t.api().get('/api/tasks').query(listQuery({ filter: { incidentId: i.id }, sort: ['position', 'ASC'], range: [0, 999] })).set(f.manager.auth),
    );
    const leads = tasks.filter((x) => x.assigneeId === lead.id);
    const legals = tasks.filter((x) => x.assigneeId === legal.id);
    expect(leads.length).toBeGreaterThan(3);
    expect(legals.length).toBeGreaterThan(3);
    // one delivery per person, each sent
    await eventually(async () => {
      const ds = await deliveriesOf(t, f.manager, { incidentId: i.id, kind: 'task_assigned' });
      return ds.length === 2 && ds.every((d) => d.status === 'sent') && ds;
    }, 45_000, 'both e-mails sent');
    const assigned = (email: string) => mailsTo(email).filter((m) => m.mail.headers.get('x-incident-desk-event') === 'task_assigned');
    const [zh] = assigned(lead.email);
    const [en] = assigned(legal.email);
    expect([assigned(lead.email).length, assigned(legal.email).length, assigned(f.manager.user.email).length]).toEqual([1, 1, 0]);
    expect(zh.mail.subject).toBe(`${leads.length} 项新任务：${i.reference}`);
    for (const x of leads) expect(zh.mail.text).toContain(`- ${x.title}`);
    expect(en.mail.subject).toBe(`${legals.length} new tasks: ${i.reference}`);
    for (const x of legals) expect(en.mail.text).toContain(`- ${x.titleEn ?? x.title}`);
    expect(en.mail.text).toContain(`https://desk.test/#/incidents/${i.id}/show`);
    // in the app too: one notification each
    for (const [s, n] of [[f.consultant, leads.length]] as const) {
      const mine = await ok<{ title: string }[]>(t.api().get('/api/notifications').query(listQuery({ filter: { incidentId: i.id, kind: 'task_assigned' } })).set(s.auth));
      expect(mine.map((x) => x.title)).toEqual([`${n} 项新任务：${i.reference}`]);
    }
  });
});

describe('group robots and webhooks', () => {
  it('get each platform\'s message, signed as the platform checks it, once', async () => {
    const t = await app();
    const f = await firmWithPeople(t);
    const base = robots.base;
    // the incident first: the channels (every kind) hear of its grading only
    const i = await ok(t.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '数据库被拖库', detectedAt: hoursAgo(1) }));
    const make = (body: object) => ok(t.api().post('/api/notification-channels').set(f.manager.auth).send(body));
    await make({ name: '企业微信群', kind: 'wecom', url: `${base}/cgi-bin/webhook/send?key=good-key` });
    await make({ name: '钉钉群', kind: 'dingtalk', url: `${base}/robot/send?access_token=tok`, secret: DINGTALK_SECRET });
    const feishuId = randomUUID();
    await make({ name: '飞书群', kind: 'feishu', url: `${base}/open-apis/bot/v2/hook/${feishuId}`, secret: FEISHU_SECRET });
    await make({ name: 'SIEM', kind: 'webhook', url: `${base}/hook`, secret: WEBHOOK_SECRET });
    const before = robots.requests.length;
    await gradeMajor(t, f.consultant, i.id);
    await eventually(async () => (await deliveriesOf(t, f.manager, { incidentId: i.id, transport: ['wecom', 'dingtalk', 'feishu', 'webhook'] })).filter((d) => d.status === 'sent').length === 4, 45_000, 'four channel deliveries sent');
    const mine = robots.requests.slice(before).filter((r) => r.body.includes(i.reference));
    const link = `https://desk.test/#/incidents/${i.id}/show`;

    const w = mine.filter((r) => r.url.startsWith('/cgi-bin/webhook/send'));
    expect(w.length).toBe(1);
    const wb = JSON.parse(w[0].body);
    expect(wb.msgtype).toBe('markdown');
    expect(wb.markdown.content).toMatch(new RegExp(`^### .*${i.reference}`));
    expect(wb.markdown.content).toContain(`[打开记录](${link})`);

    const d = mine.filter((r) => r.url.startsWith('/robot/send'));
    expect(d.length).toBe(1);
    expect(dingtalkSignatureValid(d[0].url, DINGTALK_SECRET)).toBe(true);
    const db = JSON.parse(d[0].body);
    expect(db.msgtype).toBe('markdown');
    expect(db.markdown.title).toContain(i.reference);
    expect(db.markdown.text).toContain(link);

    const fs = mine.filter((r) => r.url === `/open-apis/bot/v2/hook/${feishuId}`);
    expect(fs.length).toBe(1);
    const fb = JSON.parse(fs[0].body);
    expect(feishuSignatureValid(fb, FEISHU_SECRET)).toBe(true);
    expect(fb.msg_type).toBe('post');
    expect(fb.content.post.zh_cn.title).toContain(i.reference);
    expect(JSON.stringify(fb.content.post.zh_cn.content)).toContain(link);

    const h = mine.filter((r) => r.url === '/hook');
    expect(h.length).toBe(1);
    expect(webhookSignatureValid(h[0].headers['x-incident-desk-signature'] as string, h[0].body, WEBHOOK_SECRET)).toBe(true);
    // a replay after 5 minutes, or a changed body, does not verify
    expect(webhookSignatureValid(h[0].headers['x-incident-desk-signature'] as string, h[0].body, WEBHOOK_SECRET, -1)).toBe(false);
    expect(webhookSignatureValid(h[0].headers['x-incident-desk-signature'] as string, h[0].body.replace(i.reference, 'X'), WEBHOOK_SECRET)).toBe(false);
    expect(h[0].headers['x-incident-desk-event']).toBe('incident_major');
    const hb = JSON.parse(h[0].body);
    expect(hb).toMatchObject({ event: 'incident_major', url: link, incident: { id: i.id, reference: i.reference }, client: { id: f.client.id }, entity: { type: 'incidents', id: i.id } });
    expect(h[0].headers['x-incident-desk-delivery']).toBe(hb.id);
  });

  it('test a channel at once: what the endpoint answered, recorded as a delivery', async () => {
    const t = await app({}, false);
    const f = await firmWithPeople(t);
    const make = (body: object) => ok(t.api().post('/api/notification-channels').set(f.manager.auth).send(body));
    const test = (id: string) => ok(t.api().post(`/api/notification-channels/${id}/test`).set(f.manager.auth));
    const good = await make({ name: 'good', kind: 'dingtalk', url: `${robots.base}/robot/send?access_token=tok`, secret: DINGTALK_SECRET, active: false });
    const r = await test(good.id);
    expect(r).toMatchObject({ ok: true, error: null, delivery: { kind: 'channel_test', transport: 'dingtalk', status: 'sent', attempts: 1, channelId: good.id } });
    const bad = await make({ name: 'bad', kind: 'dingtalk', url: `${robots.base}/robot/send?access_token=tok`, secret: 'SECwrong-secret' });
    expect(await test(bad.id)).toMatchObject({ ok: false, error: 'DingTalk errcode 310000: sign not match', delivery: { status: 'dead', lastError: 'DingTalk errcode 310000: sign not match' } });
    const wrongKey = await make({ name: 'wrong key', kind: 'wecom', url: `${robots.base}/cgi-bin/webhook/send?key=bad-key` });
    expect((await test(wrongKey.id)).error).toBe('WeCom errcode 93000: invalid webhook url');
    const feishu = await make({ name: 'feishu', kind: 'feishu', url: `${robots.base}/open-apis/bot/v2/hook/x`, secret: 'not-the-secret' });
    expect((await test(feishu.id)).error).toMatch(/^Feishu code 19021/);
    const hook = await make({ name: 'hook', kind: 'webhook', url: `${robots.base}/hook`, secret: WEBHOOK_SECRET });
    expect((await test(hook.id)).ok).toBe(true);
    const closed = await make({ name: 'closed', kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: WEBHOOK_SECRET });
    expect((await test(closed.id)).error).toMatch(/^cannot connect \(ECONNREFUSED\)/);
    expect((await t.api().post(`/api/notification-channels/${good.id}/test`).set(f.consultant.auth)).status).toBe(403);
  });
});

describe('failures', () => {
  it('are tried again with growing pauses, then dead, shown to managers; the event\'s request never waits for them', async () => {
    const t = await app();
    const f = await firmWithPeople(t);
    const i = await ok(t.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '接口故障', detectedAt: hoursAgo(1) }));
    const failing = await ok(t.api().post('/api/notification-channels').set(f.manager.auth).send({ name: 'down', kind: 'webhook', url: `${robots.base}/fail`, secret: WEBHOOK_SECRET }));
    const began = Date.now();
    await gradeMajor(t, f.consultant, i.id);
    expect(Date.now() - began).toBeLessThan(2000);
    const [dead] = await eventually(async () => {
      const ds = await deliveriesOf(t, f.manager, { channelId: failing.id, status: 'dead' });
      return ds.length ? ds : null;
    }, 40_000, 'the delivery dead');
    // NOTIFY_RETRY_LIMIT=2: three attempts in all
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500', sentAt: null });
    expect(requestsTo('/fail').filter((r) => r.body.includes(i.reference)).length).toBe(3);
    expect((await t.api().get(`/api/notification-deliveries/${dead.id}`).set(f.manager.auth)).body.status).toBe('dead');
    expect((await t.api().get(`/api/notification-deliveries/${dead.id}`).set(f.consultant.auth)).status).toBe(403);
    // the e-mails of the same event went out all the same
    await eventually(() => mailsTo(f.manager.user.email).some((m) => m.mail.subject?.includes(i.reference)), 10_000, 'the e-mail');
  });

  it('a job that fails for good (pg-boss\'s dead letter) leaves its delivery dead', async () => {
    const t = await app();
    const f = await firmWithPeople(t);
    const i = await ok(t.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '稍后发送', detectedAt: hoursAgo(1) }));
    // a delivery an hour from now, then its dead letter
    await t.app.get(TenantDb).runAs(f.firmId, f.consultant.user.id, { requestId: 't', ip: null }, () =>
      t.app.get(NotificationsService).dispatch({
        kind: 'incident_major', clientId: f.client.id, incidentId: i.id, entity: 'incidents', entityId: i.id, at: new Date(Date.now() + 3600_000),
        facts: { kind: 'incident_major', clientId: f.client.id }, params: () => ({ reference: i.reference }),
      }),
    );
    const [d] = await deliveriesOf(t, f.manager, { incidentId: i.id, userId: f.manager.user.id });
    expect(d.status).toBe('pending');
    await runner(t).sendNow(DEAD_QUEUE, { firmId: f.firmId, deliveryId: d.id });
    await eventually(async () => (await deliveriesOf(t, f.manager, { incidentId: i.id, userId: f.manager.user.id }))[0].status === 'dead', 15_000, 'dead');
    expect((await deliveriesOf(t, f.manager, { incidentId: i.id, userId: f.manager.user.id }))[0].lastError).toBe('gave up: every attempt failed');
  });

  it('a crash between the commit and the delivery loses nothing: another server delivers it', async () => {
    // no server runs jobs (the earlier tests' runners stop)
    for (const x of apps) await runner(x).stop();
    const first = await app({}, false);
    const f = await firmWithPeople(first);
    const i = await ok(first.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '提交后宕机', detectedAt: hoursAgo(1) }));
    await gradeMajor(first, f.consultant, i.id);
    // the server that committed goes away without sending (it ran no jobs)
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsTo(f.manager.user.email)).toEqual([]);
    const second = await app();
    const [m] = await eventually(() => mailsTo(f.manager.user.email).length > 0 && mailsTo(f.manager.user.email), 45_000, 'the e-mail from the second server');
    expect(m.mail.subject).toContain(i.reference);
    const s = await login(second, f.manager.user.email);
    await eventually(async () => (await deliveriesOf(second, s, { incidentId: i.id })).every((d) => d.status === 'sent'), 10_000, 'sent');
    expect(mailsTo(f.manager.user.email).length).toBe(1);
  });
});

describe('reminders', () => {
  /**
   * A CII operator's incident graded relatively major: the PRC report is due 1 h after detection. Detected 59 min 45 s
   * ago, its deadline is 15 s away.
   */
  async function dueSoon(t: TestApp, f: Awaited<ReturnType<typeof firmWithPeople>>, secondsLeft: number) {
    const detectedAt = new Date(Date.now() - 3600_000 + secondsLeft * 1000).toISOString();
    const i = await ok(t.api().post('/api/incidents').set(f.consultant.auth).send({ clientId: f.client.id, title: '调度系统被入侵', detectedAt, leadId: f.consultant.user.id }));
    await ok(t.api().post(`/api/incidents/${i.id}/grade`).set(f.consultant.auth).send({
      inputs: { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 0, personalInfoRecords: 0, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
      grade: 'relatively_major', rationale: '关键信息基础设施受影响',
    }));
    const obligations = await ok<{ id: string; rule: string; dueAt: string; status: string }[]>(
      t.api().get('/api/obligations').query(listQuery({ filter: { incidentId: i.id } })).set(f.consultant.auth));
    const prc = obligations.find((o) => o.rule === 'prc_incident_report')!;
    expect(prc.status).toBe('pending');
    return { i, prc };
  }

  it('go out exactly once with two servers scanning at once, within seconds of their threshold', async () => {
    const a = await app();
    const b = await app();
    const f = await firmWithPeople(a, { operatorType: 'cii' });
    const { i, prc } = await dueSoon(a, f, 15);
    const due = Date.parse(prc.dueAt);
    // both servers scan at the same moment, in-process and through their queues
    const scans = await Promise.all([a, b].map((t) => t.app.get(RemindersService).scan({ firmIds: [f.firmId] })));
    expect(scans.reduce((n, s) => n + s.reminders, 0)).toBe(1);
    await Promise.all([a, b].map((t) => runner(t).sendNow(SCAN_QUEUE, { firmIds: [f.firmId] })));
    const sup = await connect('super');
    try {
      const recorded = await sup.query(`select key, due_at, fire_at from notification_reminders where subject_id = $1`, [prc.id]);
      expect(recorded.rows.map((r) => [r.key, r.due_at.getTime(), r.fire_at.getTime()])).toEqual([['overdue_0', due, due]]);
      // the lead and both managers, by e-mail, at the deadline: not before it, within seconds after it
      const people = [f.consultant, f.manager, f.en];
      await eventually(() => people.every((p) => remindersTo(p.user.email).length > 0), 40_000, 'the reminders');
      for (const p of people) {
        const [m, ...more] = remindersTo(p.user.email);
        expect(more).toEqual([]);
        expect(m.at).toBeGreaterThanOrEqual(due);
        expect(m.at - due).toBeLessThan(10_000);
        expect(m.mail.subject).toContain(i.reference);
      }
      expect(remindersTo(f.en.user.email)[0].mail.subject).toBe(`Overdue: PRC cybersecurity incident report (${i.reference})`);
      // in the app too, from its time on
      const [n] = (await ok<{ kind: string; incidentId: string; createdAt: string }[]>(a.api().get('/api/notifications').set(f.manager.auth))).filter((x) => x.incidentId === i.id && x.kind === 'obligation_overdue');
      expect(Date.parse(n.createdAt)).toBe(due);
      // later scans (any server) find nothing new until the next escalation, an hour after the deadline
      await Promise.all([a, b].map((t) => t.app.get(RemindersService).scan({ firmIds: [f.firmId] })));
      const clock = await sup.query(`select next_at from notification_clocks where id = $1`, [prc.id]);
      expect(clock.rows[0].next_at.getTime()).toBe(due + 3600_000);
      expect((await sup.query(`select count(*)::int as n from notification_reminders where subject_id = $1`, [prc.id])).rows[0].n).toBe(1);
      await new Promise((r) => setTimeout(r, 1500));
      for (const p of people) expect(remindersTo(p.user.email).length).toBe(1);
    } finally {
      await sup.end();
    }
  }, 90_000);

  it('escalate every hour until met, and stop when met: a reminder not yet sent is cancelled', async () => {
    const t = await app({}, false);
    const f = await firmWithPeople(t, { operatorType: 'cii' });
    const { prc } = await dueSoon(t, f, 5);
    const due = Date.parse(prc.dueAt);
    const reminders = t.app.get(RemindersService);
    // two hours after the deadline (the scan did not run meanwhile): the second escalation only
    await reminders.scan({ firmIds: [f.firmId], now: due + 2 * 3600_000 + 1000 });
    const sup = await connect('super');
    try {
      const keys = async () => (await sup.query(`select key from notification_reminders where subject_id = $1 order by fire_at`, [prc.id])).rows.map((r) => r.key);
      expect(await keys()).toEqual(['overdue_2']);
      // its deliveries wait for their time (two hours from now): met meanwhile, the clock stops, and they are cancelled
      await ok(t.api().post(`/api/obligations/${prc.id}/fulfil`).set(f.consultant.auth).send({ note: '已电话报告公安机关' }));
      expect((await sup.query(`select count(*)::int as n from notification_clocks where id = $1`, [prc.id])).rows[0].n).toBe(0);
      await sup.query(`update pgboss.job set start_after = now() where data->>'firmId' = $1 and name = 'notify.deliver'`, [f.firmId]);
      await runner(t).start({ schedule: false, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 2 });
      await eventually(async () => (await deliveriesOf(t, f.manager, { kind: 'obligation_overdue' })).every((d) => d.status === 'cancelled'), 15_000, 'cancelled');
      const ds = await deliveriesOf(t, f.manager, { kind: 'obligation_overdue' });
      expect(ds.length).toBeGreaterThan(0);
      expect(ds.every((d) => d.status === 'cancelled' && d.lastError!.startsWith('no longer due'))).toBe(true);
      expect(remindersTo(f.manager.user.email)).toEqual([]);
      // a met obligation has no more reminders
      await reminders.scan({ firmIds: [f.firmId], now: due + 5 * 3600_000 });
      expect(await keys()).toEqual(['overdue_2']);
    } finally {
      await sup.end();
    }
  }, 60_000);

  it('escalate a client\'s report nobody acknowledged to the managers, after the firm\'s acknowledgement window', async () => {
    const t = await app({}, false);
    const f = await firmWithPeople(t);
    const admin = await login(t, (await createUser(t, f.manager, f.slug, { role: 'client_admin', clientId: f.client.id })).email);
    const sup = await connect('super');
    try {
      await sup.query(`update firms set sla_policy = sla_policy || '{"alerting": {"acknowledgeMinutes": 20}}'::jsonb where id = $1`, [f.firmId]);
      const reported = await ok(t.api().post('/api/incidents').set(admin.auth).send({ title: '员工收到钓鱼邮件', detectedAt: hoursAgo(1) }));
      const reportedAt = Date.parse(reported.reportedAt);
      const reminders = t.app.get(RemindersService);
      await reminders.scan({ firmIds: [f.firmId], now: reportedAt + 19 * 60_000 - 91_000 });
      expect((await sup.query(`select key from notification_reminders where subject_id = $1`, [reported.id])).rows).toEqual([]);
      await reminders.scan({ firmIds: [f.firmId], now: reportedAt + 20 * 60_000 });
      const rows = await sup.query(`select key, fire_at from notification_reminders where subject_id = $1`, [reported.id]);
      expect(rows.rows.map((r) => [r.key, r.fire_at.getTime()])).toEqual([['unacknowledged_0', reportedAt + 20 * 60_000]]);
      const told = await sup.query(`select user_id, kind from notifications where incident_id = $1 and kind not in ('incident_reported_by_client', 'task_assigned')`, [reported.id]);
      expect(told.rows.map((r) => r.user_id).sort()).toEqual([f.manager.user.id, f.en.user.id, f.consultant.user.id].sort());
      expect(new Set(told.rows.map((r) => r.kind))).toEqual(new Set(['client_report_unacknowledged']));
      // acknowledged (the first staff move): no clock any more
      await ok(t.api().post(`/api/incidents/${reported.id}/transition`).set(f.consultant.auth).send({ to: 'triage' }));
      expect((await sup.query(`select count(*)::int as n from notification_clocks where id = $1`, [reported.id])).rows[0].n).toBe(0);
    } finally {
      await sup.end();
    }
  });
});
