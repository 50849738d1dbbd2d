import { Get, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('health')
@TenantController('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Up when the database answers. */
  @Public()
  @Get()
  async health() {
    try {
      await this.ds.query('select 1');
      return { status: 'ok', database: 'up' };
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, code: 'database_down', message: 'database unreachable' });
    }
  }
}
