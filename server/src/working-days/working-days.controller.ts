import { Body, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { TenantController } from '../tenancy/tenant-controller';
import { CreateWorkingDayDto, WorkingDaysService } from './working-days.service';

@ApiTags('working-days')
@ApiBearerAuth()
@TenantController('working-days')
export class WorkingDaysController {
  constructor(private readonly days: WorkingDaysService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.days.list(query);
  }

  /** The years the calendar covers, and a warning when this year or the next is missing. */
  @Get('coverage')
  coverage() {
    return this.days.coverage();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.days.get(id);
  }

  @Post()
  create(@Body() dto: CreateWorkingDayDto) {
    return this.days.create(dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.days.remove(id);
  }
}
