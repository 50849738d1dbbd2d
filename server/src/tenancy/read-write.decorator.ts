import { SetMetadata } from '@nestjs/common';

export const READ_WRITE = 'readWrite';
/**
 * A GET request's transaction is read-only (tenancy/tenant-controller.ts): PostgreSQL refuses any write in it. This marks the few
 * reads that write on the way — built-in templates and playbooks made on a firm's first read, the audit entry of a
 * download, the report's roll-up compaction — so that theirs is not.
 */
export const ReadWrite = () => SetMetadata(READ_WRITE, true);
