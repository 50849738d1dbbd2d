import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FirmsModule } from '../firms/firms.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ServiceReportQueries } from './service-report.queries';
import { ServiceReportService } from './service-report.service';

/** Service reports and the stored monthly ones (entity Report; the roll-ups). Exports ReportsService. */
@Module({
  imports: [AuditModule, FirmsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ServiceReportService, ServiceReportQueries],
  exports: [ReportsService],
})
export class ReportsModule {}
