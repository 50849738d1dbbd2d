import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TimelineModule } from '../timeline/timeline.module';
import { ObligationsController } from './obligations.controller';
import { ObligationsService } from './obligations.service';

/** Regulatory and contractual clocks (entity Obligation). Exports ObligationsService: recomputed by incidents, met by communications. */
@Module({
  imports: [AuditModule, TimelineModule],
  controllers: [ObligationsController],
  providers: [ObligationsService],
  exports: [ObligationsService],
})
export class ObligationsModule {}
