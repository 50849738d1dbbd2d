import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_SORTS, DELIVERY_STATUSES, DELIVERY_TRANSPORTS, NOTIFICATION_KINDS, type ChannelKind, type DeliveryStatus, type NotificationDeliveryRecord } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, type Page } from '../common/list-query';
import type { JobContext } from '../jobs/job-queue';
import { TenantDb } from '../tenancy/tenant-db.service';
import { JobScope } from './job-scope';
import { NotificationDelivery } from './notification.entity';
import * as Q from './notifications.queries';
import { Transports, type SendOutcome } from './transports';

export interface DeliveryJob {
  firmId: string;
  deliveryId: string;
}

const LIST: ListSpec = {
  resource: 'notification-deliveries',
  idColumn: 'd.id',
  sortable: { createdAt: 'd.created_at', updatedAt: 'd.updated_at', notBefore: 'd.not_before', status: 'd.status', attempts: 'd.attempts', id: 'd.id' },
  defaultSort: DEFAULT_SORTS['notification-deliveries'],
  filters: {
    status: { column: 'd.status', type: 'text', values: DELIVERY_STATUSES },
    transport: { column: 'd.transport', type: 'text', values: DELIVERY_TRANSPORTS },
    kind: { column: 'd.kind', type: 'text', values: [...NOTIFICATION_KINDS, 'channel_test'] },
    channelId: { column: 'd.channel_id', type: 'uuid' },
    userId: { column: 'd.user_id', type: 'uuid' },
    notificationId: { column: 'd.notification_id', type: 'uuid' },
    incidentId: { column: 'd.incident_id', type: 'uuid' },
    clientId: { column: 'd.client_id', type: 'uuid' },
  },
};

export const mapDelivery = (d: NotificationDelivery): NotificationDeliveryRecord => ({
  id: d.id,
  kind: d.kind as NotificationDeliveryRecord['kind'],
  transport: d.transport as NotificationDeliveryRecord['transport'],
  notificationId: d.notificationId,
  userId: d.userId,
  channelId: d.channelId,
  target: d.target,
  entity: d.entity,
  entityId: d.entityId,
  incidentId: d.incidentId,
  clientId: d.clientId,
  status: d.status as DeliveryStatus,
  attempts: d.attempts,
  lastError: d.lastError,
  notBefore: d.notBefore.toISOString(),
  sentAt: d.sentAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

const FINAL = ['sent', 'dead', 'cancelled'];

/**
 * Deliveries: their state for managers (every message of the firm, pending, sent, failed with the error, dead), and the
 * jobs that send them. A job's handler decides by the delivery row's state, locked while it sends: a delivery already
 * sent, given up or cancelled is not sent again, whatever pg-boss runs twice.
 */
@Injectable()
export class DeliveriesService {
  private readonly log = new Logger('Notifications');

  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly scope: JobScope,
    private readonly transports: Transports,
  ) {}

  async list(query: ListQuery): Promise<Page<NotificationDeliveryRecord>> {
    const scope = this.access.require('notification-deliveries', 'list');
    const qb = this.db.repo(NotificationDelivery).createQueryBuilder('d').where('d.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapDelivery);
  }

  async get(id: string): Promise<NotificationDeliveryRecord> {
    const scope = this.access.require('notification-deliveries', 'show');
    if (!isUuid(id)) throw notFound('delivery');
    const d = await this.db.repo(NotificationDelivery).findOneBy({ firmId: scope.firmId, id });
    if (!d) throw notFound('delivery');
    return mapDelivery(d);
  }

  /**
   * A delivery job: in the firm's scope, the row locked; sends it unless it is final, records the outcome. A failure
   * that another attempt may cure is recorded as `failed` and thrown after the commit, so that pg-boss tries again later
   * (with growing pauses); the last attempt, or a failure no retry can cure, makes it `dead`.
   */
  async deliver(job: JobContext<DeliveryJob>): Promise<void> {
    const { firmId, deliveryId } = job.data;
    let retry: string | null = null;
    await this.scope.inFirm(firmId, `deliver:${deliveryId}`, async () => {
      const [d] = await this.db.rows<{ id: string; kind: string; transport: string; channelId: string | null; target: string; subjectId: string | null; payload: any; status: string }>(
        Q.DELIVERY_FOR_UPDATE, [firmId, deliveryId]);
      if (!d || FINAL.includes(d.status)) return;
      if (d.subjectId) {
        const [c] = await this.db.rows<{ runs: boolean }>(Q.CLOCK_RUNS, [firmId, d.subjectId]);
        if (!c.runs) return this.record(firmId, d.id, 'cancelled', 0, 'no longer due: the clock stopped before its time (met, waived or acknowledged)');
      }
      let outcome: SendOutcome;
      if (d.transport === 'email') {
        outcome = await this.transports.email({ ...d.payload, deliveryId: d.id, kind: d.kind });
      } else {
        const [ch] = d.channelId ? await this.db.rows<{ kind: ChannelKind; url: string; secret: string | null; active: boolean }>(Q.CHANNEL_FOR_DELIVERY, [firmId, d.channelId]) : [];
        if (!ch || !ch.active) return this.record(firmId, d.id, 'cancelled', 0, 'the channel was removed or turned off');
        outcome = await this.transports.group(ch, { ...d.payload, deliveryId: d.id, kind: d.kind });
      }
      const status: DeliveryStatus = outcome.ok ? 'sent' : outcome.retryable && !job.lastAttempt ? 'failed' : 'dead';
      await this.record(firmId, d.id, status, 1, outcome.ok ? null : outcome.error ?? 'failed');
      if (status === 'failed') retry = outcome.error ?? 'failed';
      if (status === 'dead') this.log.warn(`delivery ${d.id} (${d.transport}) dead after ${job.retryCount + 1} attempt(s): ${outcome.error}`);
    });
    if (retry) throw new Error(retry);
  }

  /** A delivery job that failed for good (pg-boss's dead letter: every attempt thrown or timed out): the row is dead. */
  async giveUp(job: JobContext<DeliveryJob>): Promise<void> {
    const { firmId, deliveryId } = job.data;
    await this.scope.inFirm(firmId, `dead:${deliveryId}`, () => this.db.rows(Q.DELIVERY_GIVE_UP, [firmId, deliveryId, 'gave up: every attempt failed']));
  }

  private async record(firmId: string, id: string, status: DeliveryStatus, attempts: number, error: string | null) {
    await this.db.rows(Q.DELIVERY_OUTCOME, [firmId, id, status, attempts, error]);
  }
}
