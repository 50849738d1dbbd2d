import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TimelineModule } from '../timeline/timeline.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { uploadsModule } from './upload';

/** Files on incidents, communications, evaluations and trainings (entities Attachment, AttachmentContent). Exports AttachmentsService. */
@Module({
  imports: [AuditModule, TimelineModule, uploadsModule()],
  controllers: [AttachmentsController],
  providers: [AttachmentsService],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
