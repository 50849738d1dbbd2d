import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

/**
 * The firm's client companies (entity Client). Exports ClientsService for the one check every record made for a client
 * goes through (`requireUsable` / `usable`: exists, in the caller's scope, active) and `inScope`.
 */
@Module({
  imports: [AuditModule],
  controllers: [ClientsController],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
