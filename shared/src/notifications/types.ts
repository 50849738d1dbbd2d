import type { ChannelKind } from './channels';
import type { NotificationKind } from './kinds';

/** Shapes of the notifications API's JSON, as the server sends them. */

/** One of the caller's own in-app notifications (resource `notifications`). */
export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** the record it is about, and the incident it belongs to (the link opens it: recordPath) */
  entity: string;
  entityId: string | null;
  incidentId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A firm's group channel (resource `notification-channels`, managers). The secret is never sent back. */
export interface NotificationChannelRecord {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string;
  /** whether a signing secret is set (the secret itself is write-only) */
  hasSecret: boolean;
  /** the kinds it receives; null: every kind */
  events: NotificationKind[] | null;
  /** the clients whose events it receives; null: every client of the firm */
  clientIds: string[] | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const DELIVERY_TRANSPORTS = ['email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type DeliveryTransport = (typeof DELIVERY_TRANSPORTS)[number];

/**
 * pending: waiting for its time or its next attempt; sent; failed: the last attempt failed and another will follow;
 * dead: given up (attempts exhausted, or a failure no retry can fix), in the dead-letter state; cancelled: no longer
 * due when its time came (the obligation was met first).
 */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message to one recipient or group channel (resource `notification-deliveries`, managers). */
export interface NotificationDeliveryRecord {
  id: string;
  kind: NotificationKind | 'channel_test';
  transport: DeliveryTransport;
  /** the in-app notification it goes with (e-mail), or null (a group channel) */
  notificationId: string | null;
  /** the recipient (e-mail) */
  userId: string | null;
  /** the group channel */
  channelId: string | null;
  /** the e-mail address, or the channel's name */
  target: string;
  entity: string;
  entityId: string | null;
  incidentId: string | null;
  clientId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** not sent before this time (a reminder at its threshold) */
  notBefore: string;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One kind in the caller's notification preferences (GET/PUT /api/notification-preferences). */
export interface NotificationPreferenceRecord {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  regulatory: boolean;
  /** the channels the user cannot turn off for this kind */
  locked: { inApp: boolean; email: boolean };
}
