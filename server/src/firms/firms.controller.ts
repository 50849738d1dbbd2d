import { Body, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BodyLimit } from '../common/body-limits';
import type { ListQuery } from '../common/list-query';
import { TenantController } from '../tenancy/tenant-controller';
import { NoBodyDto } from '../users/dto/user.dto';
import { CreateFirmDto } from './firm.dto';
import { PlatformFirmsService } from './platform-firms.service';

/** The operator's firms (issue 20): operators only (shared/access.ts). */
@ApiTags('firms')
@ApiBearerAuth()
@TenantController('firms')
export class FirmsController {
  constructor(private readonly firms: PlatformFirmsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.firms.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.firms.get(id);
  }

  @Post()
  create(@Body() dto: CreateFirmDto) {
    return this.firms.create(dto);
  }

  @Post(':id/suspend')
  @BodyLimit('small')
  @HttpCode(200)
  suspend(@Param('id') id: string, @Body() _body: NoBodyDto) {
    return this.firms.setSuspended(id, true);
  }

  @Post(':id/reactivate')
  @BodyLimit('small')
  @HttpCode(200)
  reactivate(@Param('id') id: string, @Body() _body: NoBodyDto) {
    return this.firms.setSuspended(id, false);
  }

  /** The firm's archive (tar.gz), built while the request's transaction reads, then streamed from a temporary file. */
  @Post(':id/export')
  @BodyLimit('small')
  @HttpCode(200)
  async export(@Param('id') id: string, @Body() _body: NoBodyDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const archive = await this.firms.export(id);
    const stream = this.firms.open(archive.path);
    stream.on('close', () => void archive.cleanup());
    reply.header('Cache-Control', 'no-store');
    return new StreamableFile(stream, { type: 'application/gzip', disposition: `attachment; filename="${archive.fileName}"` });
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.firms.remove(id);
  }
}
