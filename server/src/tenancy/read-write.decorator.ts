import { SetMetadata } from '@nestjs/common';

export const READ_WRITE = 'readWrite';
/**
 * A GET request's transaction is read-only (tenancy/tenant-controller.ts): PostgreSQL refuses any write in it. This marks the few
 * reads that write on the way — built-in templates and playbooks made on a firm's first read, the audit entry of a
 * download, the report's roll-up compaction — so that theirs is not.
 */
export const ReadWrite = () => SetMetadata(READ_WRITE, true);

export const FROM_REPLICA = 'fromReplica';
/**
 * A read that may run on the read-only copy of REPORT_DATABASE_URL (a hot standby) when one is configured: the service
 * report and its exports. Its transaction there is read-only whatever else marks it; what it must write (the roll-up
 * compaction) it writes on the primary (TenantDb.onPrimary). Without REPORT_DATABASE_URL it runs as any other read.
 */
export const FromReplica = () => SetMetadata(FROM_REPLICA, true);
