import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountModule } from '../auth/account.module';
import { StorageModule } from '../storage/storage.module';
import { FirmsController } from './firms.controller';
import { FirmsService } from './firms.service';
import { PlatformFirmsService } from './platform-firms.service';

/**
 * The firm itself (entity Firm). Exports FirmsService (the caller's firm: its language). The operator's `firms`
 * resource (issue 20, PlatformFirmsService): a new firm's built-ins are made by the services of their own modules
 * (provisionFirm, through the ModuleRef, as the seed does); its manager is invited through AccountModule.
 */
@Module({
  imports: [AuditModule, AccountModule, StorageModule],
  controllers: [FirmsController],
  providers: [FirmsService, PlatformFirmsService],
  exports: [FirmsService],
})
export class FirmsModule {}
