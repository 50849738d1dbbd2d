import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { TimelineModule } from '../timeline/timeline.module';
import { UsersModule } from '../users/users.module';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';

/** Improvement actions (entity ImprovementAction). Exports ActionsService. */
@Module({
  imports: [AuditModule, TimelineModule, ClientsModule, UsersModule, IncidentLookupModule, EvaluationsModule],
  controllers: [ActionsController],
  providers: [ActionsService],
  exports: [ActionsService],
})
export class ActionsModule {}
