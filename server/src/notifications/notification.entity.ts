import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** A user's in-app notification (migration 1766000000000-notifications). */
@DeclaresTable({
  indexes: {
    notifications_unread: 'btree (firm_id, user_id, created_at DESC, id DESC) WHERE (read_at IS NULL)',
    notifications_user: 'btree (firm_id, user_id, created_at DESC, id DESC)',
  },
  foreignKeys: {
    notifications_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
    notifications_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { created_at: 'now()' },
})
@Entity('notifications')
export class Notification {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text') entity: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('uuid', { name: 'client_id', nullable: true }) clientId: string | null;
  /** when it shows: a reminder's is its threshold */
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}

/** A firm's group channel: a chat robot or a signed webhook. */
@DeclaresTable({
  defaults: { created_at: 'now()', updated_at: 'now()' },
})
@Entity('notification_channels')
export class NotificationChannel {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: string;
  @Column('text') url: string;
  /** write-only through the API */
  @Column('text', { nullable: true }) secret: string | null;
  @Column('jsonb', { nullable: true }) events: string[] | null;
  @Column('jsonb', { name: 'client_ids', nullable: true }) clientIds: string[] | null;
  @Column('boolean') active: boolean;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One message to one recipient (e-mail) or group channel, and its state. */
@DeclaresTable({
  indexes: {
    notification_deliveries_channel: 'btree (firm_id, channel_id)',
    notification_deliveries_firm: 'btree (firm_id, created_at DESC, id DESC)',
    notification_deliveries_notification: 'btree (firm_id, notification_id)',
  },
  foreignKeys: {
    notification_deliveries_firm_id_channel_id_fkey: '(firm_id, channel_id) REFERENCES notification_channels(firm_id, id) ON DELETE SET NULL (channel_id)',
    notification_deliveries_firm_id_notification_id_fkey: '(firm_id, notification_id) REFERENCES notifications(firm_id, id) ON DELETE CASCADE',
    notification_deliveries_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE SET NULL (user_id)',
  },
  defaults: { attempts: '0', created_at: 'now()', updated_at: 'now()' },
})
@Entity('notification_deliveries')
export class NotificationDelivery {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: string;
  @Column('text') transport: string;
  @Column('uuid', { name: 'notification_id', nullable: true }) notificationId: string | null;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'channel_id', nullable: true }) channelId: string | null;
  @Column('text') target: string;
  @Column('text') entity: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('uuid', { name: 'client_id', nullable: true }) clientId: string | null;
  /** the obligation or report a reminder is about: not sent if it is no longer due when its time comes */
  @Column('uuid', { name: 'subject_id', nullable: true }) subjectId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text') status: string;
  @Column('int') attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'not_before' }) notBefore: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A user's choice for one kind. */
@DeclaresTable({
  foreignKeys: {
    notification_preferences_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { updated_at: 'now()' },
})
@Entity('notification_preferences')
export class NotificationPreferenceRow {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') kind: string;
  @Column('boolean', { name: 'in_app' }) inApp: boolean;
  @Column('boolean') email: boolean;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** What the minute scan watches: a pending obligation or an unacknowledged client report (kept by triggers). */
@DeclaresTable({
  indexes: { notification_clocks_next: 'btree (next_at)' },
  foreignKeys: {
    notification_clocks_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
    notification_clocks_firm_id_obligation_id_fkey: '(firm_id, obligation_id) REFERENCES obligations(firm_id, id) ON DELETE CASCADE',
  },
})
@Entity('notification_clocks')
export class NotificationClock {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('uuid', { name: 'obligation_id', nullable: true }) obligationId: string | null;
  @Column('timestamptz', { name: 'next_at' }) nextAt: Date;
}

/** A reminder sent, once per subject, key and due time. */
@DeclaresTable({
  indexes: {
    notification_reminders_firm_id_subject_id_key_due_at_key: 'UNIQUE btree (firm_id, subject_id, key, due_at)',
  },
  defaults: { created_at: 'now()' },
})
@Entity('notification_reminders')
export class NotificationReminder {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'subject_id' }) subjectId: string;
  @Column('text') key: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'fire_at' }) fireAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const NOTIFICATION_ENTITIES = [Notification, NotificationChannel, NotificationDelivery, NotificationPreferenceRow, NotificationClock, NotificationReminder];
