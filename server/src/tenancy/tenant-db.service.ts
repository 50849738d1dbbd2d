import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { QueryFailedError, type DataSource, type EntityManager, type ObjectLiteral, type EntityTarget, type QueryRunner, type Repository } from 'typeorm';
import { isUuid } from '../common/list-query';
import { ISO_TIMES } from '../database/pg-time';
import type { PreparingClient } from '../database/prepared';
import type { RequestMeta, RequestScope } from './scope';

const EM = 'em';
const SCOPE = 'scope';
const META = 'meta';

/**
 * app_enter_scope()'s value: [id, email, name, role, client_id, locale, firm_name, time_zone, client ids] — the client
 * ids comma-separated (a consultant's assigned clients, a client admin's own, '' for a manager); null for an unknown
 * or deactivated user.
 */
type EnterScope = [string, string, string, RequestScope['role'], string | null, RequestScope['locale'], string, string, string];

/**
 * The request's transaction. Every request runs in one transaction whose first statement, app_enter_scope(),
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

  /**
   * Runs one statement on the request's connection straight through `pg` (prepared, as every statement with parameters
   * is: server/src/database/prepared.ts), without TypeORM's query runner, for the hottest reads, whose rows the caller
   * maps itself (columns() names them as the entity's properties). With `isoTimes`, timestamptz values come as ISO
   * strings rather than Dates (ISO_TIMES: for rows that are only printed). A failure is TypeORM's QueryFailedError, as
   * from em.query(), so that the exception filter answers it the same way.
   */
  async rows<R>(text: string, values: unknown[] = [], opts: { isoTimes?: boolean } = {}): Promise<R[]> {
    const client = (this.em.queryRunner as unknown as { databaseConnection?: PreparingClient } | undefined)?.databaseConnection;
    if (!client) throw new Error('No request connection');
    try {
      return (await (opts.isoTimes ? client.query({ text, values, types: ISO_TIMES }) : client.query(text, values))).rows as R[];
    } catch (e) {
      throw new QueryFailedError(text, values, e as Error);
    }
  }

  /** The select list of an entity's columns, each named as its property (`i.client_id AS "clientId"`), made once. */
  columns(entity: EntityTarget<ObjectLiteral>, alias: string): string {
    const key = `${typeof entity === 'function' ? entity.name : String(entity)}:${alias}`;
    let list = this.columnLists.get(key);
    if (!list) {
      const meta = this.ds.getMetadata(entity);
      // a transformed column would come back untransformed: such an entity is read through TypeORM
      if (meta.columns.some((c) => c.transformer)) throw new Error(`${meta.name} has transformed columns`);
      list = meta.columns.map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`).join(', ');
      this.columnLists.set(key, list);
    }
    return list;
  }

  private readonly columnLists = new Map<string, string>();

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

  /**
   * Runs fn in a transaction scoped to the user; 401 when the user is unknown or deactivated.
   * The transaction starts and enters the user's scope in one round trip to PostgreSQL (see beginAs). A read-only
   * transaction (GET requests) cannot write — PostgreSQL refuses — and its COMMIT is deferred (see commit()).
   *
   * A read by a user whose scope this server has entered before saves that round trip too: the service runs at once
   * with the scope entered last time, and the transaction's start and app_enter_scope() go to PostgreSQL in the same
   * message as the service's first statement (PreparingClient.beginWithNext), so that row-level security applies the
   * scope as it is now to that statement and every later one. Before anything is answered, the scope app_enter_scope()
   * gave is compared with the one the service ran with; if the user's role, clients or anything else changed, or
   * it cannot be told, the transaction is rolled back and the request runs again the usual way, entering first.
   */
  async runAs<T>(firmId: string, userId: string, meta: RequestMeta, fn: (scope: RequestScope) => Promise<T>, readOnly = false): Promise<T> {
    const key = `${firmId}:${userId}`;
    const known = readOnly ? this.knownScopes.get(key) : undefined;
    if (known) {
      const outcome = await this.runOnKnownScope(known, meta, fn);
      if (outcome.ok) return outcome.value;
      this.knownScopes.delete(key);
    }
    let scope: RequestScope | null = null;
    return this.inTransaction(
      meta,
      async () => {
        if (!scope) throw new UnauthorizedException();
        this.cls.set(SCOPE, scope);
        return fn(scope);
      },
      async (qr) => {
        scope = await beginAs(qr, firmId, userId, readOnly, meta.sessionId);
        this.remember(key, scope);
      },
      readOnly,
    );
  }

  /** The scope each user had when last entered, for runOnKnownScope (bounded; the oldest is forgotten first). */
  private readonly knownScopes = new Map<string, RequestScope>();

  private remember(key: string, scope: RequestScope | null) {
    this.knownScopes.delete(key);
    if (!scope) return;
    if (this.knownScopes.size >= KNOWN_SCOPES) this.knownScopes.delete(this.knownScopes.keys().next().value as string);
    this.knownScopes.set(key, Object.freeze(scope));
  }

  /** A read run with the scope entered last time, checked against the one PostgreSQL enters now (see runAs). */
  private async runOnKnownScope<T>(known: RequestScope, meta: RequestMeta, fn: (scope: RequestScope) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    let start: LazyStart | null = null;
    try {
      const value = await this.inTransaction(
        meta,
        async () => {
          this.cls.set(SCOPE, known);
          let result: T | undefined;
          let failure: { error: unknown } | null = null;
          try {
            result = await fn(known);
          } catch (error) {
            failure = { error };
          }
          // nothing leaves the request before the scope is confirmed, not even an error
          const now = await start!.entered();
          if (!sameScope(now && toScope(known.firmId, now), known)) throw STALE_SCOPE;
          if (failure) throw failure.error;
          return result as T;
        },
        async (qr) => {
          start = startWithNext(qr, known.firmId, known.userId, meta.sessionId);
        },
        true,
      );
      return { ok: true, value };
    } catch (e) {
      if (e === STALE_SCOPE) return { ok: false };
      throw e;
    }
  }

  /** Runs fn in a transaction with no user yet, optionally scoped to a firm only (sign-in, token refresh). */
  async runUnscoped<T>(meta: RequestMeta, fn: (em: EntityManager) => Promise<T>, firmId?: string): Promise<T> {
    return this.inTransaction(meta, async (em) => {
      if (firmId) await em.query(`select set_config('app.firm_id', $1, true)`, [firmId]);
      return fn(em);
    });
  }

  /** Sets the scope of the current transaction to another user (after sign-in: in their session). */
  async enterAs(firmId: string, userId: string, sessionId?: string): Promise<RequestScope | null> {
    const scope = await enter(this.em, firmId, userId, sessionId);
    if (scope) this.cls.set(SCOPE, scope);
    return scope;
  }

  private async inTransaction<T>(
    meta: RequestMeta,
    fn: (em: EntityManager) => Promise<T>,
    begin?: (qr: QueryRunner) => Promise<void>,
    readOnly = false,
  ): Promise<T> {
    const run = async () => {
      const qr = this.ds.createQueryRunner();
      await qr.connect();
      try {
        if (begin) await begin(qr);
        else await qr.startTransaction();
        this.cls.set(EM, qr.manager);
        this.cls.set(META, meta);
        try {
          const result = await fn(qr.manager);
          await commit(qr, readOnly);
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

/**
 * app_enter_scope() checks the user, sets the scope and returns it as one value (migration 1765200000000); given the
 * request's session, it also finds the session live (migration 1765320000000). Every request has one (its access
 * token's `sid`); work that is no request (the demo seed, tools, tests) enters without.
 */
const enterSql = (firmId: string, userId: string, sessionId?: string) =>
  `select app_enter_scope(${firmId}, ${userId}${sessionId ? `, ${sessionId}` : ''}) as s`;
const enterLiteral = (firmId: string, userId: string, sessionId?: string) =>
  enterSql(`'${firmId}'::uuid`, `'${userId}'::uuid`, sessionId && `'${sessionId}'::uuid`);

/** At most this many users' scopes are remembered for runOnKnownScope. */
const KNOWN_SCOPES = 10_000;
const STALE_SCOPE = new Error('the scope changed since it was last entered');

interface LazyStart {
  /** app_enter_scope()'s value, once PostgreSQL has run it (sent now if no statement has carried it yet); null if none */
  entered(): Promise<EnterScope | null>;
}

/**
 * Starts the read-only transaction with the service's first statement (PreparingClient.beginWithNext), with the
 * deferred COMMIT of the connection's previous request in front. The query runner is told its transaction is open, as
 * beginAs() does.
 */
function startWithNext(qr: QueryRunner, firmId: string, userId: string, sessionId?: string): LazyStart {
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number; databaseConnection?: Partial<PreparingClient> };
  const client = state.databaseConnection;
  if (!client?.beginWithNext || !client.sendPendingBegin || !isUuid(firmId) || !isUuid(userId) || (sessionId !== undefined && !isUuid(sessionId))) {
    return { entered: async () => null };
  }
  if (state.isTransactionActive || state.transactionDepth !== 0) throw new Error('request transaction already started');
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  const row = client.beginWithNext(`START TRANSACTION READ ONLY; ${enterLiteral(firmId, userId, sessionId)}`);
  return {
    entered: async () => {
      client.sendPendingBegin!();
      return ((await row) as { s: EnterScope | null } | null)?.s ?? null;
    },
  };
}

/** The same scope: every field, the client list in any order. */
function sameScope(a: RequestScope | null, b: RequestScope): boolean {
  if (!a) return false;
  for (const k of Object.keys(b) as (keyof RequestScope)[]) if (k !== 'clientIds' && a[k] !== b[k]) return false;
  if (a.clientIds === 'all' || b.clientIds === 'all') return a.clientIds === b.clientIds;
  if (a.clientIds.length !== b.clientIds.length) return false;
  const mine = new Set(b.clientIds);
  return a.clientIds.every((id) => mine.has(id));
}

/** Enters the user's scope in a transaction that has already started (after sign-in). */
async function enter(em: EntityManager, firmId: string, userId: string, sessionId?: string): Promise<RequestScope | null> {
  const rows: { s: EnterScope | null }[] = await em.query(enterSql('$1', '$2', sessionId && '$3'), sessionId ? [firmId, userId, sessionId] : [firmId, userId]);
  return toScope(firmId, rows[0]?.s);
}

/**
 * Starts the request's transaction and enters the user's scope in ONE round trip: `START TRANSACTION` and the enter
 * statement sent together as a simple query (which takes no parameters: the two ids, checked as UUIDs by the caller,
 * are written in as literals). Every request pays for this, and a round trip costs the server and PostgreSQL more CPU
 * than the statement itself (bench/RESULTS.md). The query runner is then told that its transaction is open, exactly
 * as its own startTransaction() leaves it (TypeORM has no hook for a combined start); commit and rollback are its own.
 */
async function beginAs(qr: QueryRunner, firmId: string, userId: string, readOnly: boolean, sessionId?: string): Promise<RequestScope | null> {
  if (!isUuid(firmId) || !isUuid(userId) || (sessionId !== undefined && !isUuid(sessionId))) return null;
  const client = (await qr.connect()) as { query(sql: string): Promise<{ rows: { s: EnterScope | null }[] }[]> } & Partial<PreparingClient>;
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  if (state.isTransactionActive || state.transactionDepth !== 0) throw new Error('request transaction already started');
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  // the previous request's deferred COMMIT, if any, goes in the same message, ahead of everything else
  const commit = client.takeDeferredCommit?.() ?? '';
  const results = await client.query(`${commit}START TRANSACTION${readOnly ? ' READ ONLY' : ''}; ${enterLiteral(firmId, userId, sessionId)}`);
  return toScope(firmId, results[results.length - 1].rows[0]?.s);
}

/**
 * Commits the request's transaction straight through `pg`, as beginAs() started it (TypeORM's commitTransaction() adds
 * its event broadcasts and query wrapper to every request; nothing here listens to them). A read-only transaction has
 * nothing to commit: its COMMIT is deferred to the connection's next message (PreparingClient.deferCommit), which saves
 * a round trip per read. A nested transaction, should a service open one, is left to TypeORM.
 */
async function commit(qr: QueryRunner, readOnly: boolean): Promise<void> {
  const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number; databaseConnection?: Partial<PreparingClient> };
  const client = state.databaseConnection;
  if (state.transactionDepth !== 1 || !client?.query) return qr.commitTransaction();
  if (readOnly && client.deferCommit) client.deferCommit();
  else await client.query('COMMIT');
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}

function toScope(firmId: string, s: EnterScope | null | undefined): RequestScope | null {
  if (!s) return null;
  const [userId, email, name, role, clientId, locale, firmName, timeZone, ids] = s;
  return {
    firmId,
    userId,
    role,
    email,
    name,
    locale,
    clientId,
    firmName,
    timeZone,
    clientIds: role === 'manager' ? 'all' : ids ? ids.split(',') : [],
  };
}
