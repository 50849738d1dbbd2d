import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FirmsModule } from '../firms/firms.module';
import { ClientsModule } from '../clients/clients.module';
import { ObligationsModule } from '../obligations/obligations.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { TimelineModule } from '../timeline/timeline.module';
import { UsersModule } from '../users/users.module';
import { GradingsService } from './gradings.service';
import { IncidentLookupModule } from './incident-lookup.module';
import { FirmIncidentsController, GradingsController, IncidentsController } from './incidents.controller';
import { FirmIncidentsService } from './firm-incidents.service';
import { IncidentReportService } from './incident-report.service';
import { IncidentsService } from './incidents.service';
import { TasksModule } from '../tasks/tasks.module';
import { CommunicationsModule } from '../communications/communications.module';
import { AttachmentsModule } from '../attachments/attachments.module';

/** Incidents and their gradings (entities Incident, Grading). Exports IncidentsService and "this incident is in scope" (IncidentLookup). */
@Module({
  imports: [AuditModule, FirmsModule, ClientsModule, UsersModule, TimelineModule, ObligationsModule, PlaybooksModule, TasksModule, IncidentLookupModule, CommunicationsModule, AttachmentsModule],
  controllers: [IncidentsController, GradingsController, FirmIncidentsController],
  providers: [IncidentsService, GradingsService, FirmIncidentsService, IncidentReportService],
  exports: [IncidentsService, IncidentLookupModule],
})
export class IncidentsModule {}
