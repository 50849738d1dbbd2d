import { Body, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { AssignmentsService, CreateAssignmentDto, UpdateAssignmentDto } from './assignments.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('assignments')
@ApiBearerAuth()
@TenantController('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.assignments.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.assignments.get(id);
  }

  @Post()
  @BodyLimit('small')
  create(@Body() dto: CreateAssignmentDto) {
    return this.assignments.create(dto);
  }

  /** `{primary}`: whether it is the client's primary consultant (one per client; the one before is no longer). */
  @Put(':id')
  @BodyLimit('small')
  update(@Param('id') id: string, @Body() dto: UpdateAssignmentDto) {
    return this.assignments.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.assignments.remove(id);
  }
}
