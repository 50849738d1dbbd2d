import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

/** An incident's timeline (entity TimelineEntry). Exports TimelineService: every change of an incident adds its entry. */
@Module({
  imports: [AuditModule, IncidentLookupModule],
  controllers: [TimelineController],
  providers: [TimelineService],
  exports: [TimelineService],
})
export class TimelineModule {}
