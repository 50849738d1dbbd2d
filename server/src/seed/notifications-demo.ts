import type { INestApplicationContext } from '@nestjs/common';
import { ChannelsService } from '../notifications/channels.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PreferencesService } from '../notifications/preferences.service';
import { RemindersService } from '../notifications/reminders.service';
import { TenantDb } from '../tenancy/tenant-db.service';

const CLAIM = 'demo_notifications_seed';

/**
 * Notifications for the demo firm, through the engine itself: the clocks' scan (the client's report nobody has
 * acknowledged escalates, overdue obligations remind their team and the managers), then a few events as their actors
 * would cause them (a notice submitted for approval, a major incident, client-visible updates for both client admins),
 * so that every demo user finds some in the app. Group channels are added turned off, with a placeholder address,
 * until a manager configures them; one user turned e-mail off for assigned tasks. Safe to run twice: the scan records
 * each reminder once, the rest is claimed once (app_meta) in its own transaction. Runs on a database seeded before
 * notifications existed, too.
 */
export async function seedDemoNotifications(app: INestApplicationContext): Promise<boolean> {
  const db = app.get(TenantDb);
  const meta = { requestId: 'seed-notifications', ip: null };
  const who = async (email: string) =>
    (await db.runUnscoped(meta, (em) => em.query('select firm_id, id from auth_login_directory($1)', [email])))[0] as { firm_id: string; id: string } | undefined;
  const manager = await who('manager@demo.test');
  if (!manager) return false;
  const firmId = manager.firm_id;
  await app.get(RemindersService).scan({ firmIds: [firmId] });
  const notifications = app.get(NotificationsService);
  const users = Object.fromEntries(
    await Promise.all(['consultant@demo.test', 'consultant2@demo.test'].map(async (e) => [e, (await who(e))?.id] as const)),
  ) as Record<string, string | undefined>;
  return db.runUnscoped(meta, async (em) => {
    const claimed = await em.query(`insert into app_meta (key, value) values ($1, now()::text) on conflict (key) do nothing returning key`, [CLAIM]);
    if (!claimed.length) return false;
    await db.enterAs(firmId, manager.id);
    // the group channels, off until a manager gives them a real address
    const channels = app.get(ChannelsService);
    await channels.create({ name: '应急响应群（企业微信）', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=REPLACE-WITH-THE-ROBOT-KEY', active: false });
    await channels.create({
      name: '管理层（钉钉）', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=REPLACE-WITH-THE-ROBOT-TOKEN',
      events: ['incident_major', 'obligation_overdue', 'client_report_unacknowledged'], active: false,
    });
    const one = async <T>(sql: string, params: unknown[]) => ((await db.rows<T>(sql, params))[0] ?? null) as T | null;
    // a notice waiting for approval, submitted by its author: its approvers hear of it
    const inReview = await one<{ id: string; createdById: string }>(
      `select id, created_by_id as "createdById" from communications where firm_id = $1 and status = 'in_review' order by created_at limit 1`, [firmId]);
    if (inReview?.createdById && (await db.enterAs(firmId, inReview.createdById))) await notifications.emit({ kind: 'communication_in_review', communicationId: inReview.id });
    // the major incidents (graded relatively major or above and still open): managers and team
    const consultant = users['consultant@demo.test'];
    if (consultant && (await db.enterAs(firmId, consultant))) {
      const major = await one<{ id: string }>(
        `select id from incidents where firm_id = $1 and grade in ('especially_major', 'major', 'relatively_major') and status not in ('closed', 'dismissed')
          order by detected_at desc limit 1`, [firmId]);
      if (major) await notifications.emit({ kind: 'incident_major', incidentId: major.id });
    }
    // client-visible communications sent to each client admin's company, by their consultant
    for (const author of Object.values(users)) {
      if (!author || !(await db.enterAs(firmId, author))) continue;
      const sent = await one<{ id: string; incidentId: string; subject: string }>(
        `select id, incident_id as "incidentId", subject from communications
          where firm_id = $1 and created_by_id = $2 and status = 'sent' and client_visible and incident_id is not null
            and exists (select 1 from users u where u.firm_id = communications.firm_id and u.client_id = communications.client_id and u.role = 'client_admin')
          order by sent_at desc limit 1`, [firmId, author]);
      if (sent) await notifications.emit({ kind: 'client_update', incidentId: sent.incidentId, entity: 'communications', entityId: sent.id, summary: sent.subject });
    }
    // one user has chosen: no e-mail for assigned tasks
    const english = users['consultant2@demo.test'];
    if (english && (await db.enterAs(firmId, english))) {
      await app.get(PreferencesService).put({ preferences: [{ kind: 'task_assigned', email: false }] });
    }
    return true;
  });
}
