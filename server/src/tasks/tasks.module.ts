import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentLookupModule } from '../incidents/incident-lookup.module';
import { TimelineModule } from '../timeline/timeline.module';
import { UsersModule } from '../users/users.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** An incident's checklist (entity Task). Exports TasksService. */
@Module({
  imports: [AuditModule, TimelineModule, UsersModule, IncidentLookupModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
