import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { ObligationsModule } from '../obligations/obligations.module';
import { PlaybooksModule } from '../playbooks/playbooks.module';
import { TimelineModule } from '../timeline/timeline.module';
import { UsersModule } from '../users/users.module';
import { GradingsService } from './gradings.service';
import { IncidentLookupModule } from './incident-lookup.module';
import { GradingsController, IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { TasksModule } from '../tasks/tasks.module';

/** Incidents and their gradings (entities Incident, Grading). Exports IncidentsService and "this incident is in scope" (IncidentLookup). */
@Module({
  imports: [AuditModule, ClientsModule, UsersModule, TimelineModule, ObligationsModule, PlaybooksModule, TasksModule, IncidentLookupModule],
  controllers: [IncidentsController, GradingsController],
  providers: [IncidentsService, GradingsService],
  exports: [IncidentsService, IncidentLookupModule],
})
export class IncidentsModule {}
