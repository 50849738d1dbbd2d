import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { FIRM_MANAGER } from './notifications.queries';

/**
 * A job's way into a firm: outside any request, a transaction of its own in the firm's scope, as the seeders and
 * command-line tools enter a firm — TenantDb.runUnscoped (the firm only) and TenantDb.enterAs (every client of the
 * firm, through app_enter_scope(), as one of its active managers): the scope SQL lives in TenantDb and the database,
 * nowhere else. Row-level security then applies to everything the job reads and writes, as in a request.
 */
@Injectable()
export class JobScope {
  constructor(private readonly db: TenantDb) {}

  /** fn in a transaction scoped to the whole firm; fails when the firm has no active manager to act as. */
  inFirm<T>(firmId: string, what: string, fn: () => Promise<T>): Promise<T> {
    return this.db.runUnscoped(
      meta(what),
      async () => {
        const [m] = await this.db.rows<{ id: string }>(FIRM_MANAGER, [firmId]);
        if (!m || !(await this.db.enterAs(firmId, m.id))) throw new NoFirmScope(firmId);
        return fn();
      },
      firmId,
    );
  }

  /** fn in a transaction scoped to the firm only (its own rows, not its clients'): what is left when no manager is. */
  firmOnly<T>(firmId: string, what: string, fn: () => Promise<T>): Promise<T> {
    return this.db.runUnscoped(meta(what), () => fn(), firmId);
  }

  /** fn in a transaction without a scope: what a security-definer function hands out (ids across firms). */
  unscoped<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.db.runUnscoped(meta(what), () => fn());
  }
}

const meta = (what: string): RequestMeta => ({ requestId: `job:${what}`, ip: null });

export class NoFirmScope extends Error {
  constructor(readonly firmId: string) {
    super(`firm ${firmId} has no active manager whose scope a job could enter`);
  }
}
