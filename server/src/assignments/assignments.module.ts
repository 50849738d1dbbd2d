import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { UsersModule } from '../users/users.module';

/** Which consultant works for which client (entity Assignment). Exports nothing. */
@Module({
  imports: [AuditModule, ClientsModule, UsersModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService],
})
export class AssignmentsModule {}
