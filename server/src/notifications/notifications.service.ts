import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  dateFormat, DEFAULT_SORTS, effectivePreference, emailContent, ENUM_LABELS, formatCountdown, gradeAtLeast, NOTIFICATION_MESSAGES, notificationRecipients,
  recordLink, renderNotification, robotMarkdown, type ApprovalTeamMember, type Grade, type Locale, type NotifiablePerson, type NotificationFacts,
  type EmailContent, type NotificationDeliveryRecord, type NotificationKind, type NotificationRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { fieldError, notFound } from '../common/errors';
import { fetchRowsCapped, isUuid, parseListQuery, SqlParams, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { JobQueue } from '../jobs/job-queue';
import { TenantDb } from '../tenancy/tenant-db.service';
import * as Q from './notifications.queries';
import { DELIVER_QUEUE } from './queues';

/**
 * What happened, as the services where it happens tell it (part B of issue 16 calls `emit` from them). Ids only: the
 * engine reads the facts it needs in the caller's transaction, after the change.
 */
export type NotificationEvent =
  /** a client admin reported an incident (IncidentsService.create, when the caller is a client admin) */
  | { kind: 'incident_reported_by_client'; incidentId: string }
  /** an incident was created or graded relatively_major or above (IncidentsService.grade: see isMajorGrading) */
  | { kind: 'incident_major'; incidentId: string }
  /** a communication entered in_review, was approved, returned to draft, or sent (CommunicationsService.transition) */
  | { kind: 'communication_in_review' | 'communication_approved' | 'communication_returned' | 'communication_sent'; communicationId: string }
  /**
   * a client-visible update for the client's admins: a client-visible timeline entry (`timeline`, its id) or a
   * client-visible communication sent (`communications`, its id); `summary` is what they are told (its subject, the
   * note's first words; words of the product in each language, such as "acknowledged")
   */
  | { kind: 'client_update'; incidentId: string; entity: 'timeline' | 'communications'; entityId: string; summary: string | Record<Locale, string> }
  /**
   * tasks were assigned (TasksService: one task by hand, or the playbook's tasks of a team role when incidents are
   * opened, a firm incident's children together, or an incident's team set): each assignee is told once per incident,
   * of all their tasks of this action on it
   */
  | { kind: 'task_assigned'; taskIds: string[] };

/** Whether a grading makes an incident major news: it reaches relatively_major or above, or rises within that range. */
export function isMajorGrading(before: Grade | null, after: Grade | null): boolean {
  if (!gradeAtLeast(after, 'relatively_major')) return false;
  return !gradeAtLeast(before, 'relatively_major') || (before !== after && gradeAtLeast(after, before!));
}

/** One event, resolved: who it is about, its words' values, when it shows and is sent. */
export interface Dispatch {
  kind: NotificationKind;
  clientId: string;
  incidentId: string | null;
  entity: string;
  entityId: string | null;
  /** a reminder's clock: its deliveries are cancelled if the clock stops before they go out */
  subjectId?: string | null;
  facts: NotificationFacts;
  /** the message's placeholder values in a language */
  params: (locale: Locale, firm: FirmFacts) => Record<string, string | number | null>;
  /** when it shows and goes out (a reminder: its threshold); default now */
  at?: Date | null;
  /** an exercise's event (a drill run through the real workflow): the firm's staff in the app only, nothing sent outside */
  internalOnly?: boolean;
}

export interface FirmFacts {
  id: string;
  name: string;
  locale: Locale;
  timeZone: string;
  slaPolicy: Record<string, unknown>;
}

interface Person extends NotifiablePerson {
  email: string;
  name: string;
  locale: Locale;
}

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  events: string[] | null;
  clientIds: string[] | null;
}

/** What dispatching needs to know of a firm: its people (of the clients concerned), their preferences, its channels. */
export interface Directory {
  firm: FirmFacts;
  people: Person[];
  preferences: Map<string, { inApp: boolean; email: boolean }>;
  channels: ChannelRow[];
}

interface IncidentRow {
  id: string;
  clientId: string;
  reference: string;
  title: string;
  grade: Grade | null;
  status: string;
  leadId: string | null;
  team: ApprovalTeamMember[];
  reportedAt: Date;
  acknowledgedAt: Date | null;
  /** an exercise: its events stay inside the firm (Dispatch.internalOnly) */
  exercise: boolean;
  clientName: string;
  contractSla: { acknowledgeHours?: Record<string, number> } | null;
}

/** The events told together in a few statements however many there are (NotificationsService.emitMany). */
type ToldTogether = Extract<NotificationEvent, { kind: 'client_update' | 'task_assigned' }>;

/** A delivery an event makes (dispatch: one per recipient's e-mail and per group channel), as the deliveries' table takes it. */
type PlannedDelivery = Pick<NotificationDeliveryRecord, 'id' | 'notificationId' | 'userId' | 'channelId' | 'target' | 'entity' | 'entityId' | 'incidentId'> & {
  kind: string;
  transport: string;
  clientId: string;
  subjectId: string | null;
  payload: object;
};

/** What one event writes: its recipients, their in-app notifications (column values in INSERT_NOTIFICATIONS' order), its deliveries. */
interface Planned {
  recipients: string[];
  notifications: unknown[][];
  deliveries: PlannedDelivery[];
}

const LIST: ListSpec = {
  resource: 'notifications',
  idColumn: 'n.id',
  sortable: { createdAt: 'n.created_at', id: 'n.id' },
  defaultSort: DEFAULT_SORTS['notifications'],
  filters: {
    kind: { column: 'n.kind', type: 'text' },
    incidentId: { column: 'n.incident_id', type: 'uuid' },
    entity: { column: 'n.entity', type: 'text' },
    entityId: { column: 'n.entity_id', type: 'uuid' },
  },
};

const mapNotification = (r: NotificationRecord & { createdAt: Date | string; readAt: Date | string | null }): NotificationRecord => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  entity: r.entity,
  entityId: r.entityId,
  incidentId: r.incidentId,
  createdAt: new Date(r.createdAt).toISOString(),
  readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
});

/**
 * The notifications engine: `emit` in the transaction of the change (the outbox: in-app notifications, one delivery
 * row per recipient's e-mail and per group channel, and a pg-boss job per delivery, all committed or rolled back with
 * the change), and the caller's own in-app notifications.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Tells the people an event concerns, in the caller's transaction (call it after the change, in the same request).
   * Nothing is sent here: deliveries go out as jobs once the transaction commits, and a failing endpoint never fails
   * the request. Returns the users notified and the deliveries made.
   */
  async emit(event: NotificationEvent): Promise<{ recipients: string[]; deliveries: number }> {
    const scope = this.db.scope;
    const actorId = scope.userId;
    const actor = scope.name;
    switch (event.kind) {
      case 'incident_reported_by_client':
      case 'incident_major': {
        const i = await this.incident(event.incidentId);
        return this.dispatch({
          kind: event.kind, clientId: i.clientId, incidentId: i.id, entity: 'incidents', entityId: i.id, internalOnly: i.exercise,
          facts: { kind: event.kind, clientId: i.clientId, actorId, leadId: i.leadId, team: i.team },
          params: (locale) => ({ ...incidentParams(i), grade: i.grade ? ENUM_LABELS.grade[i.grade]?.[locale] ?? i.grade : '', actor }),
        });
      }
      case 'communication_in_review':
      case 'communication_approved':
      case 'communication_returned':
      case 'communication_sent': {
        const [c] = await this.db.rows<{ id: string; incidentId: string | null; clientId: string; subject: string; audience: string; direction: string; status: string; createdById: string | null; submittedById: string | null }>(
          Q.COMMUNICATION, [scope.firmId, event.communicationId]);
        if (!c) throw new Error(`emit ${event.kind}: communication ${event.communicationId} not found`);
        const i = c.incidentId ? await this.incident(c.incidentId) : null;
        return this.dispatch({
          kind: event.kind, clientId: c.clientId, incidentId: c.incidentId, entity: 'communications', entityId: c.id, internalOnly: !!i?.exercise,
          facts: { kind: event.kind, clientId: c.clientId, actorId, team: i?.team ?? [], leadId: i?.leadId ?? null, communication: c },
          params: () => ({ ...(i ? incidentParams(i) : {}), subject: c.subject, actor }),
        });
      }
      case 'client_update':
      case 'task_assigned':
        return (await this.tellTogether([event]))[0];
    }
  }

  /** The incident an event is about, with its client's name (in the caller's scope). */
  async incident(id: string): Promise<IncidentRow> {
    const [i] = await this.incidents([id]);
    if (!i) throw new Error(`notification about incident ${id}, which is not in scope`);
    return i;
  }

  async incidents(ids: string[]): Promise<IncidentRow[]> {
    if (!ids.length) return [];
    return this.db.rows<IncidentRow>(Q.INCIDENTS, [this.db.scope.firmId, ids]);
  }

  /** The firm's facts, people of these clients, their preferences for these kinds, and its active channels. */
  async directory(clientIds: string[], kinds: NotificationKind[]): Promise<Directory> {
    const firmId = this.db.scope.firmId;
    const [f] = await this.db.rows<Omit<FirmFacts, 'id'>>(Q.FIRM, [firmId]);
    const people = await this.db.rows<Person>(Q.PEOPLE, [firmId, clientIds]);
    const prefs = people.length ? await this.db.rows<{ userId: string; kind: string; inApp: boolean; email: boolean }>(Q.PREFERENCES_OF, [firmId, people.map((p) => p.id), kinds]) : [];
    const channels = await this.db.rows<ChannelRow>(Q.ACTIVE_CHANNELS, [firmId]);
    return {
      firm: { id: firmId, name: f.name, locale: f.locale === 'en' ? 'en' : 'zh-CN', timeZone: f.timeZone, slaPolicy: f.slaPolicy ?? {} },
      people: people.map((p) => ({ ...p, locale: p.locale === 'en' ? 'en' : 'zh-CN', assignedClientIds: p.assignedClientIds ?? [] })),
      preferences: new Map(prefs.map((p) => [`${p.userId}:${p.kind}`, { inApp: p.inApp, email: p.email }])),
      channels,
    };
  }

  /**
   * Writes an event's outbox in the current transaction: the recipients' in-app notifications (unless they turned
   * them off), an e-mail delivery for each who wants e-mail (when e-mail is configured), a delivery for each active
   * group channel that takes this kind and client, and a job for each delivery, to run at `at`.
   */
  async dispatch(d: Dispatch, dir?: Directory): Promise<{ recipients: string[]; deliveries: number }> {
    const directory = dir ?? (await this.directory([d.clientId], [d.kind]));
    const planned = this.plan(d, directory);
    await this.write([planned], d.at ?? null);
    return { recipients: planned.recipients, deliveries: planned.deliveries.length };
  }

  /**
   * Several events told at once (a firm incident's children opened or moved together), in a few statements for all:
   * the incidents and tasks they are about read together, one directory for all their clients, the in-app
   * notifications and deliveries of all written together. Each recipient is told of each event as emit() would.
   */
  async emitMany(events: NotificationEvent[]): Promise<void> {
    const together = events.filter((e): e is ToldTogether => e.kind === 'client_update' || e.kind === 'task_assigned');
    for (const e of events) if (e.kind !== 'client_update' && e.kind !== 'task_assigned') await this.emit(e);
    if (together.length) await this.tellTogether(together);
  }

  /**
   * Client updates and task assignments: their tasks and incidents read together, one directory, one write. A
   * task_assigned event tells each assignee once per incident, listing their tasks of it in checklist order.
   */
  private async tellTogether(events: ToldTogether[]): Promise<{ recipients: string[]; deliveries: number }[]> {
    const scope = this.db.scope;
    const actorId = scope.userId;
    const actor = scope.name;
    type TaskRow = { id: string; incidentId: string; clientId: string; title: string; titleEn: string | null; assigneeId: string | null };
    const taskIds = [...new Set(events.flatMap((e) => (e.kind === 'task_assigned' ? e.taskIds : [])))];
    const tasks = new Map((taskIds.length ? await this.db.rows<TaskRow>(Q.TASKS, [scope.firmId, taskIds]) : []).map((t) => [t.id, t]));
    const task = (id: string) => {
      const t = tasks.get(id);
      if (!t) throw new Error(`emit task_assigned: task ${id} not found`);
      return t;
    };
    const order = new Map([...tasks.keys()].map((id, n) => [id, n]));
    // an event's groups: a client update is one; an assignment, one per assignee and incident (Q.TASKS' order kept)
    const groupsOf = (e: ToldTogether): { incidentId: string; tasks: TaskRow[] }[] => {
      if (e.kind === 'client_update') return [{ incidentId: e.incidentId, tasks: [] }];
      const groups = new Map<string, { incidentId: string; tasks: TaskRow[] }>();
      for (const t of [...new Set(e.taskIds)].map(task).sort((a, b) => order.get(a.id)! - order.get(b.id)!)) {
        if (!t.assigneeId) continue;
        const key = `${t.assigneeId}|${t.incidentId}`;
        if (!groups.has(key)) groups.set(key, { incidentId: t.incidentId, tasks: [] });
        groups.get(key)!.tasks.push(t);
      }
      return [...groups.values()];
    };
    const grouped = events.map(groupsOf);
    const incidents = new Map((await this.incidents([...new Set(grouped.flat().map((g) => g.incidentId))])).map((i) => [i.id, i]));
    const incident = (id: string) => {
      const i = incidents.get(id);
      if (!i) throw new Error(`notification about incident ${id}, which is not in scope`);
      return i;
    };
    const directory = await this.directory([...new Set([...incidents.values()].map((i) => i.clientId))], [...new Set(events.map((e) => e.kind))]);
    const plans = events.map((e, k) => grouped[k].map((g) => {
      const i = incident(g.incidentId);
      if (e.kind === 'client_update') {
        return this.plan({
          kind: e.kind, clientId: i.clientId, incidentId: i.id, entity: e.entity, entityId: e.entityId, internalOnly: i.exercise,
          facts: { kind: e.kind, clientId: i.clientId, actorId },
          params: (locale) => {
            const summary = typeof e.summary === 'string' ? e.summary : e.summary[locale];
            return { ...incidentParams(i), summary: summary.length > 300 ? `${summary.slice(0, 299)}…` : summary, actor };
          },
        }, directory);
      }
      const [first] = g.tasks;
      const title = (t: TaskRow, locale: Locale) => (locale === 'en' && t.titleEn ? t.titleEn : t.title);
      return this.plan({
        kind: e.kind, clientId: first.clientId, incidentId: i.id, entity: 'tasks', entityId: g.tasks.length === 1 ? first.id : null, internalOnly: i.exercise,
        facts: { kind: e.kind, clientId: first.clientId, actorId, assigneeId: first.assigneeId },
        params: (locale) => ({
          ...incidentParams(i), task: title(first, locale), count: g.tasks.length, list: g.tasks.map((t) => `- ${title(t, locale)}`).join('\n'), actor,
        }),
      }, directory);
    }));
    await this.write(plans.flat(), null);
    return plans.map((ps) => ({ recipients: ps.flatMap((p) => p.recipients), deliveries: ps.reduce((n, p) => n + p.deliveries.length, 0) }));
  }

  /** An event's in-app notifications (a row of column values each) and deliveries, as dispatch() writes them. */
  private plan(d: Dispatch, directory: Directory): Planned {
    const { firm } = directory;
    const byId = new Map(directory.people.map((p) => [p.id, p]));
    const recipients = notificationRecipients(d.facts, directory.people).filter((id) => !d.internalOnly || byId.get(id)?.role !== 'client_admin');
    const target = { entity: d.entity, entityId: d.entityId, incidentId: d.incidentId };
    const link = recordLink(this.config.publicUrl, target);
    const at = d.at ?? null;
    const notifications: unknown[][] = [];
    const deliveries: PlannedDelivery[] = [];
    const paramsIn = new Map<Locale, Record<string, string | number | null>>();
    const words = (locale: Locale) => {
      if (!paramsIn.has(locale)) paramsIn.set(locale, d.params(locale, firm));
      return renderNotification(d.kind, paramsIn.get(locale)!, locale);
    };
    const about = { kind: d.kind, entity: d.entity, entityId: d.entityId, incidentId: d.incidentId, clientId: d.clientId, subjectId: d.subjectId ?? null };
    for (const userId of recipients) {
      const p = byId.get(userId)!;
      const pref = effectivePreference(d.kind, directory.preferences.get(`${userId}:${d.kind}`));
      const text = words(p.locale);
      let notificationId: string | null = null;
      if (pref.inApp) {
        notificationId = randomUUID();
        notifications.push([notificationId, userId, d.kind, text.title, text.body, d.entity, d.entityId, d.incidentId, d.clientId, at]);
      }
      if (pref.email && this.config.smtpUrl && p.email && !d.internalOnly) {
        deliveries.push({
          ...about, id: randomUUID(), transport: 'email', notificationId, userId, channelId: null, target: p.email,
          payload: { to: p.email, locale: p.locale, ...emailContent(text, link, p.locale) },
        });
      }
    }
    for (const ch of d.internalOnly ? [] : directory.channels) {
      if (ch.events && !ch.events.includes(d.kind)) continue;
      if (ch.clientIds && !ch.clientIds.includes(d.clientId)) continue;
      const text = words(firm.locale);
      const id = randomUUID();
      const params = paramsIn.get(firm.locale)!;
      deliveries.push({
        ...about, id, transport: ch.kind, notificationId: null, userId: null, channelId: ch.id, target: ch.name,
        payload: {
          title: text.title, body: text.body, link, locale: firm.locale, markdown: robotMarkdown(text, link, firm.locale),
          event: {
            id, event: d.kind, occurredAt: (at ?? new Date()).toISOString(),
            firm: { id: firm.id, name: firm.name }, client: { id: d.clientId, name: params.client ?? null },
            incident: d.incidentId ? { id: d.incidentId, reference: params.reference ?? null } : null,
            entity: { type: d.entity, id: d.entityId }, title: text.title, text: text.body, url: link, locale: firm.locale,
          },
        },
      });
    }
    return { recipients, notifications, deliveries };
  }

  /** The planned events' in-app notifications in one statement, their deliveries in one, and a job per delivery. */
  private async write(plans: Planned[], at: Date | null) {
    const firmId = this.db.scope.firmId;
    const rows = plans.flatMap((p) => p.notifications);
    if (rows.length) await this.db.rows(Q.INSERT_NOTIFICATIONS, [firmId, ...Array.from({ length: 10 }, (_, k) => rows.map((r) => r[k]))]);
    const deliveries = plans.flatMap((p) => p.deliveries);
    if (deliveries.length) {
      const col = <K extends keyof PlannedDelivery>(k: K) => deliveries.map((x) => x[k]);
      await this.db.rows(Q.INSERT_DELIVERIES, [
        firmId, col('id'), col('kind'), col('transport'), col('notificationId'), col('userId'), col('channelId'), col('target'),
        col('entity'), col('entityId'), col('incidentId'), col('clientId'), col('subjectId'), deliveries.map((x) => JSON.stringify(x.payload)), at,
      ]);
      for (const x of deliveries) await this.enqueue(firmId, x.id, at);
    }
  }

  /**
   * One e-mail to one person outside the events (an invitation, a password-reset link: issue 20), through the same
   * outbox: a delivery row and its job in the current transaction, sent once it commits. False when e-mail is not
   * configured (no SMTP_URL). The row's payload holds the message (its link included) for the job; the deliveries'
   * API shows managers the recipient and state only.
   */
  async sendEmail(m: { firmId: string; kind: string; userId: string; to: string; locale: Locale; content: EmailContent }): Promise<boolean> {
    if (!this.config.smtpUrl) return false;
    const id = randomUUID();
    const payload = JSON.stringify({ to: m.to, locale: m.locale, ...m.content });
    await this.db.rows(Q.INSERT_DELIVERIES, [m.firmId, [id], [m.kind], ['email'], [null], [m.userId], [null], [m.to], ['users'], [m.userId], [null], [null], [null], [payload], null]);
    await this.enqueue(m.firmId, id, null);
    return true;
  }

  /** The delivery's job, in the current transaction, to start at `at` (its id is the delivery's). */
  async enqueue(firmId: string, deliveryId: string, at: Date | null) {
    await this.jobs.send(DELIVER_QUEUE, { firmId, deliveryId }, {
      id: deliveryId,
      ...(at && at.getTime() > Date.now() ? { startAfter: at } : {}),
      retryLimit: this.config.notifyRetryLimit,
      retryDelay: this.config.notifyRetryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 60,
    });
  }

  // ---- the caller's own notifications

  /** The caller's notifications (those whose time has come); `filter={"unread":true}` counts the unread ones. */
  async list(query: ListQuery): Promise<Page<NotificationRecord>> {
    const scope = this.access.require('notifications', 'list');
    const parsed = parseListQuery(query, LIST, ['unread']);
    const params = new SqlParams();
    const where = [`n.firm_id = ${params.add(scope.firmId)}`, `n.user_id = ${params.add(scope.userId)}`, 'n.created_at <= now()'];
    const unread = parsed.filter.unread;
    delete parsed.filter.unread;
    if (unread !== undefined) {
      if (typeof unread !== 'boolean') throw fieldError('filter.unread', 'must be true or false');
      where.push(unread ? 'n.read_at is null' : 'n.read_at is not null');
    }
    const [rows, total] = await fetchRowsCapped<NotificationRecord & { createdAt: Date; readAt: Date | null }>(
      (text, values) => this.db.rows(text, values), { select: Q.NOTIFICATION_COLUMNS, from: 'notifications n', where, params }, parsed, LIST,
    );
    return new Page('notifications', rows.map(mapNotification), parsed.start, total);
  }

  async get(id: string): Promise<NotificationRecord> {
    const scope = this.access.require('notifications', 'show');
    if (!isUuid(id)) throw notFound('notification');
    const [n] = await this.db.rows<NotificationRecord & { createdAt: Date; readAt: Date | null }>(
      Q.MY_NOTIFICATION,
      [scope.firmId, scope.userId, id],
    );
    if (!n) throw notFound('notification');
    return mapNotification(n);
  }

  /** Marks one read (again: no change); the notification. */
  async read(id: string): Promise<NotificationRecord> {
    const scope = this.access.require('notifications', 'edit');
    if (!isUuid(id)) throw notFound('notification');
    const [n] = await this.db.rows<NotificationRecord & { createdAt: Date; readAt: Date | null }>(Q.READ_ONE, [scope.firmId, scope.userId, id]);
    if (!n) throw notFound('notification');
    return mapNotification(n);
  }

  /** Marks all of the caller's unread notifications read; how many were. */
  async readAll(): Promise<{ read: number }> {
    const scope = this.access.require('notifications', 'edit');
    const [r] = await this.db.rows<{ n: number }>(Q.READ_ALL, [scope.firmId, scope.userId]);
    return { read: r.n };
  }
}

/** The placeholders every incident's message may use. */
export function incidentParams(i: Pick<IncidentRow, 'reference' | 'title' | 'clientName'>) {
  return { reference: i.reference, incidentTitle: i.title, client: i.clientName };
}

/** A moment in the firm's time zone, `YYYY-MM-DD HH:mm`. */
export function formatWhen(at: Date | number, timeZone: string): string {
  const parts = dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A duration in the recipient's language (at least a minute: "less than a minute" below). */
export function formatDuration(ms: number, locale: Locale): string {
  if (Math.abs(ms) < 60_000) return locale === 'en' ? 'less than a minute' : '不足 1 分钟';
  return formatCountdown(Math.abs(ms), locale);
}

export const systemActor = (locale: Locale) => NOTIFICATION_MESSAGES[locale].system;
