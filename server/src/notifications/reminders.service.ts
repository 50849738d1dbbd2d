import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  acknowledgeWindowMinutes, alertingPolicy, clockDeadline, digestMoment, ENUM_LABELS, latestAlert, nextAlert, type Alert, type AlertClock,
  type Locale, type NotificationKind,
} from '@incident-desk/shared';
import { TenantDb } from '../tenancy/tenant-db.service';
import { JobScope } from './job-scope';
import * as Q from './notifications.queries';
import { formatDuration, formatWhen, incidentParams, NotificationsService, systemActor, type Directory, type FirmFacts } from './notifications.service';

/** The scan looks this far ahead: a reminder due within it is recorded now and sent at its exact time (pg-boss startAfter). */
export const LOOKAHEAD_MS = 90_000;
/** Clocks handled per batch (per statement across firms, then per firm). */
const BATCH = 500;
/** A scan stops after this long; what is left is the next minute's. */
const BUDGET_MS = 45_000;
/** A firm whose clocks could not be handled is looked at again after this long. */
const POSTPONE_MS = 5 * 60_000;

const REMINDER_KINDS: NotificationKind[] = ['obligation_threshold', 'obligation_overdue', 'client_report_unacknowledged'];

export interface ScanResult {
  /** clocks looked at */
  clocks: number;
  /** reminders recorded (and their notifications and deliveries written) */
  reminders: number;
  ms: number;
}

interface ClockRow {
  id: string;
  kind: 'obligation' | 'client_report';
  incidentId: string;
  clientId: string;
  obligationId: string | null;
}

interface ObligationRow {
  id: string;
  incidentId: string;
  clientId: string;
  rule: string;
  status: string;
  startsAt: Date;
  dueAt: Date;
}

/**
 * The clocks speak: every minute (a pg-boss schedule, one run per minute across servers), the scan finds the clocks
 * due within the look-ahead through one index range scan across firms (notification_clocks_due, ids only), then in
 * each firm's scope locks them (SKIP LOCKED: another server's scan passes them by), asks the shared rules for the
 * latest alert due and the next moment, records the alert once (unique key: subject, step, due time — a second server,
 * or a second run, finds it recorded and sends nothing) and writes its notifications and deliveries, whose jobs start
 * at the alert's exact time. So a reminder goes out within seconds of its threshold, exactly once.
 */
@Injectable()
export class RemindersService {
  private readonly log = new Logger('Notifications');

  constructor(
    private readonly db: TenantDb,
    private readonly scope: JobScope,
    private readonly notifications: NotificationsService,
  ) {}

  async scan(opts: { now?: number; firmIds?: string[] | null } = {}): Promise<ScanResult> {
    const began = Date.now();
    const result: ScanResult = { clocks: 0, reminders: 0, ms: 0 };
    const failed = new Set<string>();
    for (;;) {
      const now = opts.now ?? Date.now();
      const until = now + LOOKAHEAD_MS;
      const due = await this.scope.unscoped('scan', () =>
        this.db.rows<{ firmId: string; id: string }>(Q.CLOCKS_DUE, [new Date(until), BATCH, opts.firmIds ?? null]),
      );
      const byFirm = new Map<string, string[]>();
      for (const r of due) if (!failed.has(r.firmId)) byFirm.set(r.firmId, [...(byFirm.get(r.firmId) ?? []), r.id]);
      if (!byFirm.size) break;
      for (const [firmId, ids] of byFirm) {
        try {
          const r = await this.scope.inFirm(firmId, 'scan', () => this.scanFirm(firmId, ids, until));
          result.clocks += r.clocks;
          result.reminders += r.reminders;
        } catch (e) {
          failed.add(firmId);
          this.log.error(`scan of firm ${firmId}: ${(e as Error).message}; its due clocks are looked at again in ${POSTPONE_MS / 60_000} minutes`);
          await this.scope.firmOnly(firmId, 'scan-postpone', () => this.db.rows(Q.CLOCKS_POSTPONE, [firmId, ids, new Date(now + POSTPONE_MS)])).catch(() => undefined);
        }
      }
      if (due.length < BATCH || Date.now() - began > BUDGET_MS) break;
    }
    result.ms = Date.now() - began;
    return result;
  }

  /** The firm's due clocks of this batch, in its scope: each one's latest alert recorded and told once, its next moment set. */
  private async scanFirm(firmId: string, ids: string[], until: number): Promise<{ clocks: number; reminders: number }> {
    const clocks = await this.db.rows<ClockRow>(Q.LOCK_CLOCKS, [firmId, ids, new Date(until)]);
    if (!clocks.length) return { clocks: 0, reminders: 0 };
    const obligationIds = clocks.filter((c) => c.obligationId).map((c) => c.obligationId!);
    const obligations = new Map(
      (obligationIds.length ? await this.db.rows<ObligationRow>(Q.OBLIGATIONS, [firmId, obligationIds]) : []).map((o) => [o.id, o]),
    );
    const incidents = new Map((await this.notifications.incidents([...new Set(clocks.map((c) => c.incidentId))])).map((i) => [i.id, i]));
    const dir = await this.notifications.directory([...new Set(clocks.map((c) => c.clientId))], REMINDER_KINDS);
    const policy = alertingPolicy(dir.firm.slaPolicy);
    let reminders = 0;
    for (const c of clocks) {
      const incident = incidents.get(c.incidentId);
      let clock: AlertClock | null = null;
      let obligation: ObligationRow | undefined;
      if (c.kind === 'obligation') {
        obligation = obligations.get(c.obligationId!);
        if (incident && obligation?.status === 'pending') clock = { type: 'obligation', startsAt: obligation.startsAt.getTime(), dueAt: obligation.dueAt.getTime() };
      } else if (incident && incident.status === 'reported' && !incident.acknowledgedAt) {
        clock = { type: 'client_report', reportedAt: incident.reportedAt.getTime(), acknowledgeMinutes: acknowledgeWindowMinutes(policy, incident.contractSla, incident.grade) };
      }
      if (!clock || !incident) {
        // no longer running (the trigger removes a stopped clock; this one stopped in a way it did not see)
        await this.db.rows(Q.CLOCK_DONE, [firmId, c.id]);
        continue;
      }
      const alert = latestAlert(clock, policy, until);
      if (alert) {
        const deadline = clockDeadline(clock);
        const [recorded] = await this.db.rows<{ id: string }>(Q.RECORD_REMINDER, [firmId, randomUUID(), c.id, alert.key, new Date(deadline), new Date(alert.at)]);
        if (recorded) {
          reminders++;
          await this.tell(c, alert, deadline, incident, obligation, dir);
        }
      }
      await this.db.rows(Q.CLOCK_NEXT, [firmId, c.id, new Date(nextAlert(clock, policy, until).at)]);
    }
    return { clocks: clocks.length, reminders };
  }

  private tell(c: ClockRow, alert: Alert, deadline: number, incident: Awaited<ReturnType<NotificationsService['incidents']>>[number], obligation: ObligationRow | undefined, dir: Directory) {
    const params = (locale: Locale, firm: FirmFacts) => ({
      ...incidentParams(incident),
      rule: obligation ? ENUM_LABELS.obligationRule[obligation.rule]?.[locale] ?? obligation.rule : '',
      due: formatWhen(deadline, firm.timeZone),
      reportedAt: formatWhen(incident.reportedAt, firm.timeZone),
      left: formatDuration(deadline - alert.at, locale),
      overdue: formatDuration(alert.at - deadline, locale),
      actor: systemActor(locale),
    });
    return this.notifications.dispatch(
      {
        kind: alert.kind,
        clientId: c.clientId,
        incidentId: c.incidentId,
        entity: obligation ? 'obligations' : 'incidents',
        entityId: obligation ? obligation.id : incident.id,
        subjectId: c.id,
        internalOnly: incident.exercise,
        facts: { kind: alert.kind, clientId: c.clientId, leadId: incident.leadId, team: incident.team },
        params,
        at: new Date(alert.at),
      },
      dir,
    );
  }

  /**
   * The daily digest, looked at every hour: for each firm at its digest hour, the improvement actions and trainings
   * that became overdue and nobody was told of yet, one notification per owner and kind, each item once.
   */
  async digest(opts: { now?: number; firmIds?: string[] | null; force?: boolean } = {}): Promise<{ firms: number; reminders: number }> {
    const now = opts.now ?? Date.now();
    const firms = await this.scope.unscoped('digest', () => this.db.rows<{ id: string; timeZone: string; alerting: unknown }>(Q.FIRMS));
    let done = 0;
    let reminders = 0;
    for (const f of firms) {
      if (opts.firmIds && !opts.firmIds.includes(f.id)) continue;
      const moment = digestMoment(now, f.timeZone, alertingPolicy({ alerting: f.alerting }));
      if (!moment.due && !opts.force) continue;
      try {
        reminders += await this.scope.inFirm(f.id, 'digest', () => this.digestFirm(f.id, now, moment.day));
        done++;
      } catch (e) {
        this.log.error(`digest of firm ${f.id}: ${(e as Error).message}`);
      }
    }
    return { firms: done, reminders };
  }

  private async digestFirm(firmId: string, now: number, today: string): Promise<number> {
    const actions = await this.db.rows<{ id: string; clientId: string; title: string; ownerId: string | null; dueAt: Date; incidentId: string | null }>(Q.OVERDUE_ACTIONS, [firmId, new Date(now)]);
    const trainings = await this.db.rows<{ id: string; clientId: string; title: string; ownerId: string | null; dueDate: string }>(Q.OVERDUE_TRAININGS, [firmId, today]);
    if (!actions.length && !trainings.length) return 0;
    const dir = await this.notifications.directory([...new Set([...actions, ...trainings].map((x) => x.clientId))], ['action_overdue', 'training_overdue']);
    const items = [
      ...actions.map((a) => ({ kind: 'action_overdue' as const, entity: 'actions', id: a.id, clientId: a.clientId, ownerId: a.ownerId, title: a.title, due: a.dueAt, incidentId: a.incidentId })),
      ...trainings.map((t) => ({ kind: 'training_overdue' as const, entity: 'trainings', id: t.id, clientId: t.clientId, ownerId: t.ownerId, title: t.title, due: new Date(`${t.dueDate}T00:00:00Z`), incidentId: null })),
    ];
    // each item once (recorded), then one notification per kind, client and owner with the items of that owner
    const fresh = [];
    for (const x of items) {
      const [recorded] = await this.db.rows<{ id: string }>(Q.RECORD_REMINDER, [firmId, randomUUID(), x.id, 'overdue', x.due, new Date(now)]);
      if (recorded) fresh.push(x);
    }
    const groups = new Map<string, typeof fresh>();
    for (const x of fresh) {
      const key = `${x.kind}|${x.clientId}|${x.ownerId ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), x]);
    }
    for (const list of groups.values()) {
      const first = list[0];
      await this.notifications.dispatch(
        {
          kind: first.kind, clientId: first.clientId, incidentId: list.length === 1 ? first.incidentId : null, entity: first.entity,
          entityId: list.length === 1 ? first.id : null,
          facts: { kind: first.kind, clientId: first.clientId, ownerId: first.ownerId },
          params: (_locale, firm) => ({ count: list.length, list: list.map((x) => `- ${x.title} (${formatWhen(x.due, firm.timeZone).slice(0, 10)})`).join('\n') }),
        },
        dir,
      );
    }
    return fresh.length;
  }
}
