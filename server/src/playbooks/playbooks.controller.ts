import { Body, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { CreatePlaybookDto, PlaybooksService, UpdatePlaybookDto } from './playbooks.service';
import { ReadWrite } from '../tenancy/read-write.decorator';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('playbooks')
@ApiBearerAuth()
// reading makes the firm's built-in ones on first use
@ReadWrite()
@TenantController('playbooks')
export class PlaybooksController {
  constructor(private readonly playbooks: PlaybooksService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.playbooks.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.playbooks.get(id);
  }

  @Post()
  create(@Body() dto: CreatePlaybookDto) {
    return this.playbooks.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdatePlaybookDto) {
    return this.playbooks.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.playbooks.remove(id);
  }
}
