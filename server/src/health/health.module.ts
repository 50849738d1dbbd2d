import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HealthController } from './health.controller';

/** The health check (the database answers; whether the audit anchors are being written). */
@Module({ imports: [AuditModule], controllers: [HealthController] })
export class HealthModule {}
