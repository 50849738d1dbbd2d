import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { Access } from '../access/access.service';
import { Locks } from './locks';
import { TenantDb } from './tenant-db.service';

/**
 * What every feature module stands on, provided once for all of them: the request's database handle (`TenantDb`: its
 * transaction and scope), the access check (`Access`) and the row locks in their one order (`Locks`).
 * ClsService only: ClsModule.forRoot() would also register a guard and an interceptor for every route, which do nothing
 * unless mounted but cost every request Nest's interceptor chain (tenancy/tenant-controller.ts).
 */
@Global()
@Module({
  imports: [ClsModule.forFeature()],
  providers: [TenantDb, Locks, Access],
  exports: [TenantDb, Locks, Access],
})
export class TenancyModule {}
