import { Body, Delete, Get, HttpCode, Put, Res, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Upload, type UploadedFileLike } from '../attachments/upload';
import { TenantController } from '../tenancy/tenant-controller';
import { FirmSettingsService, UpdateFirmSettingsDto } from './firm-settings.service';

/**
 * The firm's settings (managers): name, logo, time zone, default language, default client SLA, alerting, the working-day
 * calendar's own days (shown; edited through `working-days`), the two-factor requirement. The logo's bytes are for
 * everyone signed in to the firm (the admin's header).
 */
@ApiTags('firm-settings')
@ApiBearerAuth()
@TenantController('firm-settings')
export class FirmSettingsController {
  constructor(private readonly settings: FirmSettingsService) {}

  @Get()
  get() {
    return this.settings.get();
  }

  @Put()
  put(@Body() dto: UpdateFirmSettingsDto) {
    return this.settings.put(dto);
  }

  @Get('logo')
  async logo(@Res({ passthrough: true }) reply: FastifyReply) {
    const l = await this.settings.logo();
    reply.header('Cache-Control', 'private, no-cache');
    reply.header('ETag', `"${l.sha256}"`);
    return new StreamableFile(l.content, { type: l.contentType, length: l.content.length });
  }

  /** multipart/form-data with `file`: a PNG or JPEG of at most 256 KiB. */
  @Put('logo')
  @Upload('file')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  putLogo(@UploadedFile() file: UploadedFileLike | undefined) {
    return this.settings.putLogo(file);
  }

  @Delete('logo')
  @HttpCode(204)
  async deleteLogo() {
    await this.settings.deleteLogo();
  }
}
