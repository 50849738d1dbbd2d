import { Module } from '@nestjs/common';
import { uploadsModule } from '../attachments/upload';
import { AuditModule } from '../audit/audit.module';
import { AccountModule } from '../auth/account.module';
import { StorageModule } from '../storage/storage.module';
import { WorkingDaysModule } from '../working-days/working-days.module';
import { FirmSettingsController } from './firm-settings.controller';
import { FirmSettingsService } from './firm-settings.service';
import { FirmsController } from './firms.controller';
import { FirmsService } from './firms.service';
import { PlatformFirmsService } from './platform-firms.service';

/**
 * The firm itself (entities Firm, FirmLogo) and its settings page (`firm-settings`, managers), which composes the
 * alerting settings (NotificationsModule, global) and shows the working-day calendar's own days (WorkingDaysModule).
 * Exports FirmsService (its language, its logo for PDFs). The operator's `firms` resource (issue 20,
 * PlatformFirmsService): a new firm's built-ins are made by the services of their own modules (provisionFirm, through
 * the ModuleRef, as the seed does); its manager is invited through AccountModule.
 */
@Module({
  imports: [AuditModule, AccountModule, StorageModule, WorkingDaysModule, uploadsModule()],
  controllers: [FirmSettingsController, FirmsController],
  providers: [FirmsService, FirmSettingsService, PlatformFirmsService],
  exports: [FirmsService],
})
export class FirmsModule {}
