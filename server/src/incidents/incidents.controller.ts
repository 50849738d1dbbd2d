import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { CreateIncidentDto, GradeDto, TransitionDto, UpdateIncidentDto } from './dto/incident.dto';
import { GradingsService } from './gradings.service';
import { IncidentsService } from './incidents.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('incidents')
@ApiBearerAuth()
@TenantController('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.incidents.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.incidents.get(id);
  }

  @Post()
  create(@Body() dto: CreateIncidentDto) {
    return this.incidents.create(dto);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateIncidentDto) {
    return this.incidents.update(id, dto);
  }

  @Post(':id/transition')
  @BodyLimit('small')
  @HttpCode(200)
  transition(@Param('id') id: string, @Body() dto: TransitionDto) {
    return this.incidents.transition(id, dto);
  }

  @Post(':id/grade')
  @BodyLimit('small')
  @HttpCode(200)
  grade(@Param('id') id: string, @Body() dto: GradeDto) {
    return this.incidents.grade(id, dto);
  }
}

@ApiTags('gradings')
@ApiBearerAuth()
@TenantController('gradings')
export class GradingsController {
  constructor(private readonly gradings: GradingsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.gradings.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.gradings.get(id);
  }
}
