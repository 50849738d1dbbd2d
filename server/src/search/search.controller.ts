import { Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SearchService, type SearchQuery } from './search.service';
import { TenantController } from '../tenancy/tenant-controller';

@ApiTags('search')
@ApiBearerAuth()
@TenantController('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** `?q=申城&limit=5`: incidents, clients and communications the caller may see. */
  @Get()
  find(@Query() query: SearchQuery) {
    return this.search.search(query);
  }
}
