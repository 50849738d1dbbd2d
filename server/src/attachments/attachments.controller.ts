import { Body, Delete, Get, Headers, Param, Post, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ATTACHMENT_ENTITIES } from '@incident-desk/shared';
import type { ListQuery } from '../common/list-query';
import { AttachmentsService, UploadAttachmentDto } from './attachments.service';
import { EvidenceUpload, type StagedUpload } from './upload';
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

  /**
   * The bytes, as a download (Content-Disposition: attachment; the type detected at upload; nosniff): streamed, with
   * `Range` (206), or a redirect to a short-lived signed link when the files are in an S3 bucket. Answered as a web
   * Response, whose status Nest sends as it is (a StreamableFile's would be the route's 200).
   */
  @Get(':id/content')
  @ReadWrite() // a download is audited
  @ApiProduces('application/octet-stream')
  async content(@Param('id') id: string, @Headers('range') range?: string, @Headers('if-range') ifRange?: string) {
    const d = await this.attachments.content(id, { range, ifRange });
    const body = d.body === null ? null : Buffer.isBuffer(d.body) ? new Uint8Array(d.body) : pulled(d.body);
    return new Response(body, { status: d.status, headers: d.headers });
  }

  /** multipart/form-data: `entity`, `entityId`, `file` (at most MAX_ATTACHMENT_BYTES), streamed to the evidence store. */
  @Post()
  @EvidenceUpload('file')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['entity', 'entityId', 'file'],
      properties: { entity: { type: 'string', enum: [...ATTACHMENT_ENTITIES] }, entityId: { type: 'string', format: 'uuid' }, file: { type: 'string', format: 'binary' } },
    },
  })
  upload(@Body() dto: UploadAttachmentDto, @UploadedFile() file: StagedUpload | undefined) {
    return this.attachments.upload(dto, file);
  }

  /** Marks the attachment removed (recorded and audited); the bytes stay. */
  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.attachments.remove(id);
  }
}

/**
 * A web stream that reads the file only as the response asks for more (one chunk per pull), so a download of any size
 * holds a chunk or two in memory; cancelled (the client left), it closes the file.
 */
function pulled(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(new Uint8Array(next.value as Buffer));
        } catch (e) {
          controller.error(e);
        }
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
