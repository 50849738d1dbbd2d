import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PlaybooksController } from './playbooks.controller';
import { PlaybooksService } from './playbooks.service';

/** The built-in playbook and the firm's copies (entity Playbook). Exports PlaybooksService (an incident's playbook). */
@Module({
  imports: [AuditModule],
  controllers: [PlaybooksController],
  providers: [PlaybooksService],
  exports: [PlaybooksService],
})
export class PlaybooksModule {}
