import { Body, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { ActionsService, CreateActionDto, UpdateActionDto } from './actions.service';
import { TenantController } from '../tenancy/tenant-controller';

/** Improvement actions. Filters: clientId, incidentId, evaluationId, ownerId, status, clientVisible, overdue, dueAt_gte, dueAt_lte, q. */
@ApiTags('actions')
@ApiBearerAuth()
@TenantController('actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.actions.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.actions.get(id);
  }

  @Post()
  create(@Body() dto: CreateActionDto) {
    return this.actions.create(dto);
  }

  /** Status changes here too: done stamps doneAt (and the incident's timeline), leaving done clears it. */
  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateActionDto) {
    return this.actions.update(id, dto);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.actions.remove(id);
  }
}
