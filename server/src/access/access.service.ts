import { Injectable } from '@nestjs/common';
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { canAccess, type Action, type Resource } from '@incident-desk/shared';
import { forbidden, notFound } from '../common/errors';
import { isUuid } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import { canSeeClient, type RequestScope } from '../tenancy/scope';

/**
 * "May this user do this?" in one place, called first by every service method.
 * The role rules are shared with the admin (shared/access.ts). A client outside the user's scope answers 404,
 * exactly like one that does not exist.
 */
@Injectable()
export class Access {
  constructor(private readonly db: TenantDb) {}

  require(resource: Resource, action: Action): RequestScope {
    const scope = this.db.scope;
    if (!canAccess(scope.role, resource, action)) throw forbidden();
    return scope;
  }

  requireClient(scope: RequestScope, clientId: string, what = 'client') {
    if (!canSeeClient(scope, clientId)) throw notFound(what);
  }

  /** A client-owned record of the firm that the caller may see (its client in scope), or 404 naming `what`. */
  async find<T extends ObjectLiteral & { clientId: string }>(entity: EntityTarget<T>, id: string, what: string): Promise<T> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound(what);
    const found = await this.db.repo(entity).findOneBy({ firmId: scope.firmId, id } as unknown as FindOptionsWhere<T>);
    if (!found) throw notFound(what);
    this.requireClient(scope, found.clientId, what);
    return found;
  }
}
