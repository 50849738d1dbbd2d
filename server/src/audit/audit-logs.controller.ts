import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ListQuery } from '../common/list-query';
import { AuditLogsService } from './audit-logs.service';
import { BodyLimit } from '../common/body-limits';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('audit-logs')
@ApiBearerAuth()
@TenantController('audit-logs')
export class AuditLogsController {
  constructor(private readonly logs: AuditLogsService) {}

  @Get()
  list(@Query() query: ListQuery) {
    return this.logs.list(query);
  }

  @Post('verify')
  @BodyLimit('small')
  @HttpCode(200)
  verify() {
    return this.logs.verify();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.logs.get(id);
  }
}
