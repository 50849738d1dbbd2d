import type { QueueDef } from '../jobs/job-queue';

/** A delivery: one message to one recipient or channel (its row decides what to do). */
export const DELIVER_QUEUE = 'notify.deliver';
/** Deliveries whose every attempt failed (pg-boss's dead letters): their rows are marked dead. */
export const DEAD_QUEUE = 'notify.dead';
/** The clocks' scan, every minute (a pg-boss schedule: once per minute across servers). */
export const SCAN_QUEUE = 'notify.scan';
/** The daily digest (overdue improvement actions and trainings), looked at every hour for firms at their digest hour. */
export const DIGEST_QUEUE = 'notify.digest';

/** A forgot-password request (issue 20): its job finds the address's accounts and mails each a reset link. */
export const FORGOT_PASSWORD_QUEUE = 'account.forgot-password';

/** A deleted firm's stored files (issue 20): removed after the deletion commits, unless another attachment names them. */
export const FIRM_FILES_QUEUE = 'platform.firm-files';

/** The notification queues, the dead-letter queue first (a queue names its dead-letter queue, which must exist). */
export const NOTIFICATION_QUEUES: QueueDef[] = [
  { name: DEAD_QUEUE, options: { retryLimit: 2, retryDelay: 30 } },
  // retries and their pauses are set per job from the configuration (NOTIFY_RETRY_LIMIT, NOTIFY_RETRY_DELAY_SECONDS)
  { name: DELIVER_QUEUE, options: { deadLetter: DEAD_QUEUE, expireInSeconds: 60, retentionMinutes: 7 * 24 * 60 } },
  // at most one scan (digest) at a time across servers; a scan that fails is simply the next minute's
  { name: SCAN_QUEUE, options: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120 } },
  { name: DIGEST_QUEUE, options: { policy: 'singleton', retryLimit: 1, retryDelay: 60, expireInSeconds: 600 } },
  { name: FORGOT_PASSWORD_QUEUE, options: { retryLimit: 2, retryDelay: 10, expireInSeconds: 60, retentionMinutes: 60 } },
  { name: FIRM_FILES_QUEUE, options: { retryLimit: 5, retryDelay: 60, expireInSeconds: 600, retentionMinutes: 7 * 24 * 60 } },
];
