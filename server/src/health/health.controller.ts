import { Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { AuditAnchors } from '../audit/anchors';
import { databaseUnavailable } from '../common/errors';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('health')
@TenantController('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly anchors: AuditAnchors,
  ) {}

  /** Up when the database answers (503 with Retry-After while it is away, as every other route then); `auditAnchors` says whether the audit anchors are being written (audit/anchors.ts). */
  @Public()
  @Get()
  async health() {
    try {
      await this.ds.query('select 1');
      return { status: 'ok', database: 'up', auditAnchors: this.anchors.status };
    } catch {
      throw databaseUnavailable();
    }
  }
}
