import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { databaseUnavailable } from '../common/errors';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Up when the database answers; 503 with Retry-After while it is away (as every other route then). */
  @Public()
  @Get()
  async health() {
    try {
      await this.ds.query('select 1');
      return { status: 'ok', database: 'up' };
    } catch {
      throw databaseUnavailable();
    }
  }
}
