import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { ObligationsModule } from '../obligations/obligations.module';
import { TimelineModule } from '../timeline/timeline.module';
import { CommunicationTemplatesService } from './communication-templates.service';
import { CommunicationsController, CommunicationTemplatesController } from './communications.controller';
import { CommunicationsService } from './communications.service';
import { FirmsModule } from '../firms/firms.module';
import { UsersModule } from '../users/users.module';

/** The communications register and its templates (entities Communication, CommunicationTemplate). Exports CommunicationsService. */
@Module({
  imports: [AuditModule, FirmsModule, UsersModule, ClientsModule, TimelineModule, ObligationsModule, IncidentLookupModule],
  controllers: [CommunicationsController, CommunicationTemplatesController],
  providers: [CommunicationsService, CommunicationTemplatesService],
  exports: [CommunicationsService],
})
export class CommunicationsModule {}
