import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountController, SessionsController } from './account.controller';
import { AccountService } from './account.service';
import { SessionsModule } from './sessions.module';

/**
 * A person's own account (issue 20): invitations, forgot/reset/change password and their own sessions. E-mails go
 * through the notification engine's outbox (NotificationsModule, global). Exports AccountService, which the users
 * module calls to invite the people it creates.
 */
@Module({
  imports: [AuditModule, SessionsModule],
  controllers: [AccountController, SessionsController],
  providers: [AccountService],
  exports: [AccountService],
})
export class AccountModule {}
