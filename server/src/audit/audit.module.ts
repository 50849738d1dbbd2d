import { Module } from '@nestjs/common';
import { AuditAnchors } from './anchors';
import { AuditLogsController } from './audit-logs.controller';
import { AuditLogsService } from './audit-logs.service';
import { AuditService } from './audit.service';

/** The audit chain (entity AuditLog): every module records its changes through AuditService; the log's routes. */
@Module({
  controllers: [AuditLogsController],
  providers: [AuditService, AuditAnchors, AuditLogsService],
  exports: [AuditService, AuditAnchors],
})
export class AuditModule {}
