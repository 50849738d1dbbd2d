import { Module } from '@nestjs/common';
import { uploadsModule } from '../attachments/upload';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { TrainingsController } from './trainings.controller';
import { TrainingsService } from './trainings.service';

/** Trainings and drills (entity Training; CSV import of participants). Exports TrainingsService (an evaluation's training link). */
@Module({
  imports: [AuditModule, ClientsModule, IncidentsModule, uploadsModule()],
  controllers: [TrainingsController],
  providers: [TrainingsService],
  exports: [TrainingsService],
})
export class TrainingsModule {}
