import { Body, Delete, Get, Param, Post, Query, Res, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ATTACHMENT_ENTITIES } from '@incident-desk/shared';
import type { ListQuery } from '../common/list-query';
import { AttachmentsService, UploadAttachmentDto } from './attachments.service';
import { Upload, type UploadedFileLike } from './upload';
import { ReadWrite } from '../tenancy/read-write.decorator';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('attachments')
@ApiBearerAuth()
@TenantController('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Removed ones only with filter `{"removed": true}` (firm staff). */
  @Get()
  list(@Query() query: ListQuery) {
    return this.attachments.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.attachments.get(id);
  }

  /** The bytes, as a download (Content-Disposition: attachment; the type detected at upload; nosniff). */
  @Get(':id/content')
  @ReadWrite() // a download is audited
  @ApiProduces('application/octet-stream')
  async content(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const d = await this.attachments.content(id);
    for (const [name, value] of Object.entries(d.headers)) reply.header(name, value);
    return new StreamableFile(d.content, { type: d.headers['Content-Type'], disposition: d.headers['Content-Disposition'], length: d.content.length });
  }

  /** multipart/form-data: `entity`, `entityId`, `file` (at most MAX_UPLOAD_BYTES). */
  @Post()
  @Upload('file')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['entity', 'entityId', 'file'],
      properties: { entity: { type: 'string', enum: [...ATTACHMENT_ENTITIES] }, entityId: { type: 'string', format: 'uuid' }, file: { type: 'string', format: 'binary' } },
    },
  })
  upload(@Body() dto: UploadAttachmentDto, @UploadedFile() file: UploadedFileLike | undefined) {
    return this.attachments.upload(dto, file);
  }

  /** Marks the attachment removed (recorded and audited); the bytes stay. */
  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.attachments.remove(id);
  }
}
