import { Module } from '@nestjs/common';
import { uploadsModule } from '../attachments/upload';
import { AuditModule } from '../audit/audit.module';
import { WorkingDaysModule } from '../working-days/working-days.module';
import { FirmSettingsController } from './firm-settings.controller';
import { FirmSettingsService } from './firm-settings.service';
import { FirmsService } from './firms.service';

/**
 * The firm itself (entities Firm, FirmLogo) and its settings page (`firm-settings`, managers), which composes the
 * alerting settings (NotificationsModule, global) and shows the working-day calendar's own days (WorkingDaysModule).
 * Exports FirmsService (its language, its logo for PDFs).
 */
@Module({
  imports: [AuditModule, WorkingDaysModule, uploadsModule()],
  controllers: [FirmSettingsController],
  providers: [FirmsService, FirmSettingsService],
  exports: [FirmsService],
})
export class FirmsModule {}
