import { Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { escapeLiteral } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager, type ObjectLiteral, type EntityTarget, type QueryRunner, type Repository } from 'typeorm';
import { isUuid } from '../common/list-query';
import { ISO_TIMES } from '../database/pg-time';
import { PreparingClient } from '../database/prepared';
import type { RequestMeta, RequestScope } from './scope';

// the request context's keys (symbols: nestjs-cls reads a string key as a path)
const EM = Symbol('em');
const CLIENT = Symbol('client');
const SCOPE = Symbol('scope');
const META = Symbol('meta');
const REPLICA = Symbol('replica');

/** The name of the TypeORM data source on REPORT_DATABASE_URL (app.module.ts), when there is one. */
export const REPORT_DATA_SOURCE = 'reports';

/**
 * app_enter_scope()'s value: [id, email, name, role, client_id, locale, firm_name, time_zone, client ids] — the client
 * ids comma-separated (a consultant's assigned clients, a client admin's own, '' for a manager); null for an unknown
 * or deactivated user.
 */
type EnterScope = [string, string, string, RequestScope['role'], string | null, RequestScope['locale'], string, string, string];

/**
 * The request's transaction. Every request runs in one transaction whose first statement, app_enter_scope(),
 * checks the user and sets the firm and client scope with SET LOCAL (migration 1765800000000: Citus propagates it to
 * its workers), so row-level security applies to every statement after it and the scope ends with the transaction.
 * A scope of every client of the firm (a manager's) also takes the role incident_app_all with SET LOCAL ROLE, whose
 * policies check no row's client (migration 1767300000000); it ends with the transaction too.
 * Services reach the database only through `em`, which is the request's transaction.
 */
@Injectable()
export class TenantDb {
  constructor(
    private readonly cls: ClsService,
    @InjectDataSource() private readonly ds: DataSource,
    // the read-only copy of REPORT_DATABASE_URL (a hot standby); absent without it
    @Optional() @InjectDataSource(REPORT_DATA_SOURCE) private readonly reportDs?: DataSource,
  ) {}

  /** Whether the current transaction runs on the read-only copy of REPORT_DATABASE_URL. */
  get onReplica(): boolean {
    return this.cls.isActive() && this.cls.get<boolean>(REPLICA) === true;
  }

  /**
   * fn in a transaction of its own on the primary, in the current user's scope, entered again there (with the same
   * session check): what a read on the replica must write (the roll-up compaction). Committed before fn's caller goes on.
   */
  async onPrimary<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const s = this.scope;
    return this.runAs(s.firmId, s.userId, this.meta, () => fn(this.em), false, false);
  }

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
    const client = this.cls.isActive() ? this.cls.get<PreparingClient>(CLIENT) : undefined;
    if (!client) throw new Error('No request transaction: database access outside a scoped request');
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
      // a column TypeORM converts on reading would come back unconverted: such an entity is read through TypeORM
      if (!this.readsPlain(entity)) throw new Error(`${this.ds.getMetadata(entity).name} has columns TypeORM converts on reading`);
      // as TypeORM reads them: not the columns it does not select (`select: false`, kept by the database for its own use)
      list = this.ds.getMetadata(entity).columns.filter((c) => c.isSelect).map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`).join(', ');
      this.columnLists.set(key, list);
    }
    return list;
  }

  /**
   * Whether rows() gives an entity's rows as TypeORM would: no column with a transformer or of a type TypeORM converts
   * when it reads (a `date` becomes a 'YYYY-MM-DD' string there, a Date from pg; time, enum, simple-json…).
   */
  readsPlain(entity: EntityTarget<ObjectLiteral>): boolean {
    return !this.ds.getMetadata(entity).columns.some((c) => c.transformer || typeof c.type !== 'string' || CONVERTED_ON_READ.has(c.type));
  }

  private readonly columnLists = new Map<string, string>();

  /**
   * Inserts rows of an entity in one statement through `pg` (rows()), one array per column:
   * `insert into tasks (…) select * from unnest($1::uuid[], $2::text[], …)`. Its text depends on the entity alone, so
   * it is prepared once per connection whatever the number of rows, and binds one value per column instead of one per
   * cell (TypeORM's insert built and bound the 57 tasks of a new incident as 912 parameters: a third of the server's
   * CPU per incident created, bench/notes.md). Every column the entity inserts must be given (null for none); the ones
   * the database fills (created and updated dates) are left to it, and `returning` reads them back.
   */
  async insert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: Partial<T>[], returning: (keyof T & string)[] = []): Promise<Partial<T>[]> {
    if (!rows.length) return [];
    const ins = this.insertOf(entity, returning);
    const values = ins.columns.map((c) => rows.map((r) => {
      const v = r[c.property as keyof T];
      if (v === undefined) throw new Error(`insert into ${ins.table}: ${c.property} is not given`);
      return c.json && v !== null ? JSON.stringify(v) : v;
    }));
    return this.rows<Partial<T>>(ins.text, values);
  }

  private insertOf(entity: EntityTarget<ObjectLiteral>, returning: string[]) {
    const key = `${typeof entity === 'function' ? entity.name : String(entity)}:${returning.join()}`;
    let ins = this.inserts.get(key);
    if (!ins) {
      const meta = this.ds.getMetadata(entity);
      const columns = meta.columns.filter((c) => c.isInsert && !c.isCreateDate && !c.isUpdateDate && !c.isVersion && !c.isGenerated);
      for (const c of columns) {
        if (c.transformer || typeof c.type !== 'string') throw new Error(`${meta.name}.${c.propertyName}: not inserted by TenantDb.insert`);
      }
      const back = returning.map((p) => {
        const c = meta.findColumnWithPropertyName(p);
        if (!c) throw new Error(`${meta.name} has no column ${p}`);
        return `${c.databaseName} AS "${p}"`;
      });
      ins = {
        table: meta.tableName,
        columns: columns.map((c) => ({ property: c.propertyName, json: c.type === 'jsonb' || c.type === 'json' })),
        text: `INSERT INTO ${meta.tableName} (${columns.map((c) => c.databaseName).join(', ')}) SELECT * FROM unnest(${columns
          .map((c, k) => `$${k + 1}::${c.type}[]`).join(', ')})${back.length ? ` RETURNING ${back.join(', ')}` : ''}`,
      };
      this.inserts.set(key, ins);
    }
    return ins;
  }

  private readonly inserts = new Map<string, { table: string; columns: { property: string; json: boolean }[]; text: string }>();

  get scope(): RequestScope {
    const s = this.cls.isActive() ? this.cls.get<RequestScope>(SCOPE) : undefined;
    if (!s) throw new UnauthorizedException();
    return s;
  }

  get meta(): RequestMeta {
    return (this.cls.isActive() && this.cls.get<RequestMeta>(META)) || { requestId: null, ip: null };
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
  async runAs<T>(firmId: string, userId: string, meta: RequestMeta, fn: (scope: RequestScope) => Promise<T>, readOnly = false, replica = false): Promise<T> {
    // a read marked for the replica runs there when there is one, read-only whatever else marks it
    const ds = replica && this.reportDs ? this.reportDs : this.ds;
    if (ds !== this.ds) readOnly = true;
    const key = `${firmId}:${userId}`;
    const known = readOnly ? this.knownScopes.get(key) : undefined;
    if (known) {
      const outcome = await this.runOnKnownScope(known, meta, fn, ds);
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
      async (qr, client) => {
        scope = await beginAs(qr, client, firmId, userId, readOnly, meta.sessionId);
        this.remember(key, scope);
      },
      ds,
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
  private async runOnKnownScope<T>(known: RequestScope, meta: RequestMeta, fn: (scope: RequestScope) => Promise<T>, ds: DataSource): Promise<{ ok: true; value: T } | { ok: false }> {
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
        async (qr, client) => {
          start = await startWithNext(qr, client, known.firmId, known.userId, meta.sessionId);
        },
        ds,
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
      if (firmId) await enterFirm(em, firmId, { allClients: false });
      return fn(em);
    });
  }

  /** Sets the scope of the current transaction to another user (after sign-in: in their session). */
  async enterAs(firmId: string, userId: string, sessionId?: string): Promise<RequestScope | null> {
    const scope = await enter(this.em, firmId, userId, sessionId);
    if (scope) this.cls.set(SCOPE, scope);
    return scope;
  }

  /**
   * fn in a transaction of its own connection, through TypeORM's public query runner: startTransaction(),
   * commitTransaction(), rollbackTransaction(). How those statements travel — the start with the first statement, a
   * read-only transaction's COMMIT in the connection's next message — is the pool client's business
   * (server/src/database/prepared.ts); `begin` starts the transaction when given.
   */
  private async inTransaction<T>(
    meta: RequestMeta,
    fn: (em: EntityManager) => Promise<T>,
    begin?: (qr: QueryRunner, client: PreparingClient) => Promise<void>,
    ds: DataSource = this.ds,
  ): Promise<T> {
    const run = async () => {
      const qr = ds.createQueryRunner();
      try {
        const client = await qr.connect();
        if (!(client instanceof PreparingClient)) throw new Error('the pool must make PreparingClient connections (app.module.ts)');
        try {
          if (begin) await begin(qr, client);
          else await qr.startTransaction();
          this.cls.set(EM, qr.manager);
          this.cls.set(CLIENT, client);
          this.cls.set(META, meta);
          this.cls.set(REPLICA, ds !== this.ds);
          const result = await fn(qr.manager);
          await qr.commitTransaction();
          return result;
        } catch (e) {
          if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
          throw e;
        }
      } finally {
        this.cls.set(EM, undefined);
        this.cls.set(CLIENT, undefined);
        await qr.release();
      }
    };
    // a fresh context per transaction, so that nothing leaks between requests
    return this.cls.runWith({}, run);
  }
}

/**
 * The statement that enters a user's scope, built here and nowhere else: app_enter_scope() checks the user, sets the
 * scope with SET LOCAL (migration 1765800000000) and returns it as one value (migration 1765200000000); given the request's session,
 * it also finds the session live (migration 1765320000000). Every request has one (its access token's `sid`); work
 * that is no request (the demo seed, tools, tests) enters without. The ids are written in as literals (the callers
 * check them as UUIDs first), so that it can travel as a simple query with the transaction's start.
 */
export function enterScopeStatement(firmId: string, userId: string, sessionId?: string): string {
  const session = sessionId === undefined ? '' : `, ${escapeLiteral(sessionId)}::uuid`;
  return `select app_enter_scope(${escapeLiteral(firmId)}::uuid, ${escapeLiteral(userId)}::uuid${session}) as s`;
}

/** The ids a scope is entered with are UUIDs (the session's, when there is one). */
const validIds = (firmId: string, userId: string, sessionId?: string) => isUuid(firmId) && isUuid(userId) && (sessionId === undefined || isUuid(sessionId));

/**
 * The statement that enters a firm's scope without a user: the firm only (sign-in and token refresh, before the user
 * is known), or every client of it as a manager would see them (the seeders, the scale generator, command-line tools).
 */
export function firmScopeStatement(firmId: string, opts: { allClients: boolean }): string {
  return `select app_enter_firm(${escapeLiteral(firmId)}::uuid, ${opts.allClients})`;
}

/** Enters a firm's scope (firmScopeStatement) in the transaction `db` is in: a TypeORM EntityManager or a pg client. */
export async function enterFirm(db: { query(text: string): Promise<unknown> }, firmId: string, opts: { allClients: boolean }): Promise<void> {
  if (!isUuid(firmId)) throw new Error(`not a firm id: ${firmId}`);
  await db.query(firmScopeStatement(firmId, opts));
}

/**
 * fn in a transaction on a pg client, scoped to the whole firm (every client, as a manager): what the seeders and
 * command-line tools that work outside a request use.
 */
export async function inFirmScope<T>(c: { query(text: string): Promise<unknown> }, firmId: string, fn: () => Promise<T>): Promise<T> {
  await c.query('begin');
  try {
    await enterFirm(c, firmId, { allClients: true });
    const r = await fn();
    await c.query('commit');
    return r;
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
    throw e;
  }
}

/** Column types TypeORM's PostgreSQL driver converts when it reads them (PostgresDriver.prepareHydratedValue). */
const CONVERTED_ON_READ = new Set(['date', 'time', 'time with time zone', 'time without time zone', 'enum', 'simple-enum', 'simple-array', 'simple-json', 'hstore', 'cube', 'vector', 'halfvec']);

/** At most this many users' scopes are remembered for runOnKnownScope. */
const KNOWN_SCOPES = 10_000;
const STALE_SCOPE = new Error('the scope changed since it was last entered');

interface LazyStart {
  /** app_enter_scope()'s value, once PostgreSQL has run it (sent now if no statement has carried it yet); null if none */
  entered(): Promise<EnterScope | null>;
}

/**
 * Starts the read-only transaction (queryRunner.startTransaction()) and has the user's scope entered in the message of
 * the service's first statement (PreparingClient.beginWithNext), with the transaction's start and the deferred COMMIT
 * of the connection's previous request in front.
 */
async function startWithNext(qr: QueryRunner, client: PreparingClient, firmId: string, userId: string, sessionId?: string): Promise<LazyStart> {
  client.nextTransaction({ readOnly: true });
  await qr.startTransaction();
  if (!validIds(firmId, userId, sessionId)) return { entered: async () => null };
  const row = client.beginWithNext(enterScopeStatement(firmId, userId, sessionId));
  return {
    entered: async () => {
      client.sendPendingBegin();
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
  if (!validIds(firmId, userId, sessionId)) return null;
  const rows: { s: EnterScope | null }[] = await em.query(enterScopeStatement(firmId, userId, sessionId));
  return toScope(firmId, rows[0]?.s);
}

/**
 * Starts the request's transaction (queryRunner.startTransaction()) and enters the user's scope: the pool client sends
 * the start and the enter statement in ONE round trip (one simple query; server/src/database/prepared.ts). Every
 * request pays for this, and a round trip costs the server and PostgreSQL more CPU than the statement itself
 * (bench/notes.md). A read-only transaction (GET requests) cannot write — PostgreSQL refuses — and its COMMIT is
 * deferred to the connection's next message.
 */
async function beginAs(qr: QueryRunner, client: PreparingClient, firmId: string, userId: string, readOnly: boolean, sessionId?: string): Promise<RequestScope | null> {
  client.nextTransaction({ readOnly });
  await qr.startTransaction();
  if (!validIds(firmId, userId, sessionId)) return null;
  const rows: { s: EnterScope | null }[] = await qr.query(enterScopeStatement(firmId, userId, sessionId));
  return toScope(firmId, rows[0]?.s);
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
