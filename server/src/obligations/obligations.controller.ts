import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { FulfilObligationDto, ObligationsService, UnwaiveObligationDto, WaiveObligationDto } from './obligations.service';
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

  /** A reasoned decision not to notify, on a basis the law allows for this rule (managers or the incident's legal member). */
  @Post(':id/waive')
  @BodyLimit('small')
  @HttpCode(200)
  waive(@Param('id') id: string, @Body() dto: WaiveObligationDto) {
    return this.obligations.waive(id, dto);
  }

  /** Undoes a waiver: the clock runs again. */
  @Post(':id/unwaive')
  @BodyLimit('small')
  @HttpCode(200)
  unwaive(@Param('id') id: string, @Body() dto: UnwaiveObligationDto) {
    return this.obligations.unwaive(id, dto);
  }
}
