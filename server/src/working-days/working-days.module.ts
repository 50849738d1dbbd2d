import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkingDaysController } from './working-days.controller';
import { WorkingDaysService } from './working-days.service';

/** The firm's own days of the PRC working-day calendar (entity WorkingDay): managers add or remove them. Exports the service (the firm settings page shows its coverage). */
@Module({
  imports: [AuditModule],
  controllers: [WorkingDaysController],
  providers: [WorkingDaysService],
  exports: [WorkingDaysService],
})
export class WorkingDaysModule {}
