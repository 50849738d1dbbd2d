import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { FulfilObligationDto, ObligationsService } from './obligations.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('obligations')
@ApiBearerAuth()
@TenantController('obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.obligations.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.obligations.get(id);
  }

  @Post(':id/fulfil')
  @BodyLimit('small')
  @HttpCode(200)
  fulfil(@Param('id') id: string, @Body() dto: FulfilObligationDto) {
    return this.obligations.fulfil(id, dto);
  }
}
