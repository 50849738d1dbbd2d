import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { UsersModule } from '../users/users.module';
import { TimeEntriesController } from './time-entries.controller';
import { TimeEntriesService } from './time-entries.service';

/** Time spent per client (entities TimeEntry, TimeEntryMonth, TimeTimer): entries, closed months, the incident page's timer. */
@Module({
  imports: [AuditModule, ClientsModule, IncidentLookupModule, UsersModule],
  controllers: [TimeEntriesController],
  providers: [TimeEntriesService],
})
export class TimeEntriesModule {}
