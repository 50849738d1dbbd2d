import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { TrainingsModule } from '../trainings/trainings.module';
import { UsersModule } from '../users/users.module';
import { EvaluationTemplatesService } from './evaluation-templates.service';
import { EvaluationsController, EvaluationTemplatesController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { FirmsModule } from '../firms/firms.module';

/** Evaluations and their templates (entities Evaluation, EvaluationTemplate). Exports EvaluationsService (an action's evaluation link). */
@Module({
  imports: [AuditModule, FirmsModule, ClientsModule, UsersModule, IncidentLookupModule, TrainingsModule],
  controllers: [EvaluationsController, EvaluationTemplatesController],
  providers: [EvaluationsService, EvaluationTemplatesService],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}
