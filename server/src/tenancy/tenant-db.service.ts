import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import type { DataSource, EntityManager, ObjectLiteral, EntityTarget, Repository } from 'typeorm';
import type { RequestMeta, RequestScope } from './scope';

const EM = 'em';
const SCOPE = 'scope';
const META = 'meta';

interface EnterRow {
  id: string;
  email: string;
  name: string;
  role: RequestScope['role'];
  client_id: string | null;
  locale: RequestScope['locale'];
  firm_name: string;
  time_zone: string;
}

/**
 * The request's transaction. Every request runs in one transaction whose first statement, app_enter(),
 * checks the user and sets the firm and client scope with set_config(..., true), so row-level security
 * applies to every statement after it and the scope ends with the transaction.
 * Services reach the database only through `em`, which is the request's transaction.
 */
@Injectable()
export class TenantDb {
  constructor(
    private readonly cls: ClsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  get em(): EntityManager {
    const em = this.cls.isActive() ? this.cls.get<EntityManager>(EM) : undefined;
    if (!em) throw new Error('No request transaction: database access outside a scoped request');
    return em;
  }

  repo<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.em.getRepository(entity);
  }

  get scope(): RequestScope {
    const s = this.cls.isActive() ? this.cls.get<RequestScope>(SCOPE) : undefined;
    if (!s) throw new UnauthorizedException();
    return s;
  }

  get meta(): RequestMeta {
    return (this.cls.isActive() && this.cls.get<RequestMeta>(META)) || { requestId: null, ip: null };
  }

  get dataSource(): DataSource {
    return this.ds;
  }

  /** Runs fn in a transaction scoped to the user; 401 when the user is unknown or deactivated. */
  async runAs<T>(firmId: string, userId: string, meta: RequestMeta, fn: (scope: RequestScope) => Promise<T>): Promise<T> {
    return this.inTransaction(meta, async (em) => {
      const scope = await enter(em, firmId, userId);
      if (!scope) throw new UnauthorizedException();
      this.cls.set(SCOPE, scope);
      return fn(scope);
    });
  }

  /** Runs fn in a transaction with no user yet, optionally scoped to a firm only (sign-in, token refresh). */
  async runUnscoped<T>(meta: RequestMeta, fn: (em: EntityManager) => Promise<T>, firmId?: string): Promise<T> {
    return this.inTransaction(meta, async (em) => {
      if (firmId) await em.query(`select set_config('app.firm_id', $1, true)`, [firmId]);
      return fn(em);
    });
  }

  /** Sets the scope of the current transaction to another user (after sign-in). */
  async enterAs(firmId: string, userId: string): Promise<RequestScope | null> {
    const scope = await enter(this.em, firmId, userId);
    if (scope) this.cls.set(SCOPE, scope);
    return scope;
  }

  private async inTransaction<T>(meta: RequestMeta, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const run = async () => {
      const qr = this.ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        this.cls.set(EM, qr.manager);
        this.cls.set(META, meta);
        try {
          const result = await fn(qr.manager);
          await qr.commitTransaction();
          return result;
        } catch (e) {
          if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
          throw e;
        }
      } finally {
        this.cls.set(EM, undefined);
        await qr.release();
      }
    };
    // a fresh context per transaction, so that nothing leaks between requests
    return this.cls.run({ ifNested: 'override' }, run);
  }
}

async function enter(em: EntityManager, firmId: string, userId: string): Promise<RequestScope | null> {
  const rows: EnterRow[] = await em.query('select * from app_enter($1, $2)', [firmId, userId]);
  const u = rows[0];
  if (!u) return null;
  let clientIds: RequestScope['clientIds'];
  if (u.role === 'manager') clientIds = 'all';
  else {
    const [{ ids }] = await em.query(`select app_client_ids()::text[] as ids`);
    clientIds = ids ?? [];
  }
  return {
    firmId,
    userId: u.id,
    role: u.role,
    email: u.email,
    name: u.name,
    locale: u.locale,
    clientId: u.client_id,
    firmName: u.firm_name,
    timeZone: u.time_zone,
    clientIds,
  };
}
