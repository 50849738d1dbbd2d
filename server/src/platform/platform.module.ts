import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountModule } from '../auth/account.module';
import { StorageModule } from '../storage/storage.module';
import { FirmsController } from './firms.controller';
import { PlatformFirmsService } from './platform-firms.service';

/**
 * The operator's side of the platform (issue 20): the `firms` resource. A new firm's built-ins are made by the
 * services of their own modules (provisionFirm, through the ModuleRef, as the seed does); its manager is invited
 * through AccountModule.
 */
@Module({
  imports: [AuditModule, AccountModule, StorageModule],
  controllers: [FirmsController],
  providers: [PlatformFirmsService],
})
export class PlatformModule {}
