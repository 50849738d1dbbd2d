import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountModule } from '../auth/account.module';
import { ClientsModule } from '../clients/clients.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** The firm's users (entity User). Exports UsersService for "this user is active staff of the firm" (`staffProblem`, `requireStaff`). */
@Module({
  imports: [AuditModule, AccountModule, ClientsModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
