import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { CreateTimelineEntryDto, TimelineService } from './timeline.service';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('timeline')
@ApiBearerAuth()
@TenantController('timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.timeline.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.timeline.get(id);
  }

  @Post()
  create(@Body() dto: CreateTimelineEntryDto) {
    return this.timeline.create(dto);
  }
}
