import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TimelineModule } from '../timeline/timeline.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { uploadsModule } from './upload';
import { StorageModule } from '../storage/storage.module';

/** Files on incidents, communications, evaluations and trainings (entities Attachment, AttachmentContent). Exports AttachmentsService. */
@Module({
  imports: [AuditModule, TimelineModule, StorageModule, uploadsModule()],
  controllers: [AttachmentsController],
  providers: [AttachmentsService],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
