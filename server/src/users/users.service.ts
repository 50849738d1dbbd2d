import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { ACCOUNT_LINK_TTL_SECONDS, DEFAULT_SORTS, LOCALES, ROLES, type UserRecord } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { AccountService } from '../auth/account.service';
import { ClientsService } from '../clients/clients.service';
import { changedFields } from '../common/changes';
import { AppError, conflict, fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { canonicalEmail } from './email';
import { User } from './user.entity';
import { type CreateUserDto, mapUser, type UpdateUserDto } from './dto/user.dto';
import { DELETE_ASSIGNMENTS_OF, REPORT_OWNER, USER_NAMES } from './users.queries';

/** The constraint that keeps an address unique within a firm (migration 1764300000000). */
const EMAIL_UNIQUE = 'users_firm_id_email_key';

const LIST: ListSpec = {
  resource: 'users',
  idColumn: 'u.id',
  sortable: { name: 'u.name', email: 'u.email', role: 'u.role', active: 'u.active', createdAt: 'u.created_at', id: 'u.id' },
  defaultSort: DEFAULT_SORTS['users'],
  filters: {
    role: { column: 'u.role', type: 'text', values: ROLES },
    clientId: { column: 'u.client_id', type: 'uuid' },
    active: { column: 'u.active', type: 'bool' },
    locale: { column: 'u.locale', type: 'text', values: LOCALES },
  },
  search: ['u.name', 'u.email'],
};

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly account: AccountService,
    private readonly clients: ClientsService,
  ) {}

  async list(query: ListQuery): Promise<Page<UserRecord>> {
    const scope = this.access.require('users', 'list');
    const qb = this.db.repo(User).createQueryBuilder('u').where('u.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapUser);
  }

  async get(id: string): Promise<UserRecord> {
    this.access.require('users', 'show');
    return mapUser(await this.find(id));
  }

  /**
   * "This user is active staff of the firm" (an active consultant or manager: a lead, a team member, an assignee, an
   * owner, an evaluator), written once: the problem with `userId`, or null.
   */
  async staffProblem(userId: string): Promise<string | null> {
    const u = isUuid(userId) ? await this.db.repo(User).findOneBy({ firmId: this.db.scope.firmId, id: userId }) : null;
    return !u || u.role === 'client_admin' || !u.active ? 'no such consultant or manager' : null;
  }

  /**
   * Who owns a client's report: the client's primary consultant (an assignment's `primary`: managers choose it), if
   * active, else the firm's first active manager. The reporting client admin's scope sees the firm's staff and its own client's
   * assignments (row-level security), which is all this reads.
   */
  async reportOwner(clientId: string): Promise<string | null> {
    const [o] = await this.db.rows<{ id: string }>(REPORT_OWNER, [this.db.scope.firmId, clientId]);
    return o?.id ?? null;
  }

  /** The names of users of the firm by their ids (the who-fields records are shown with); none asked, none read. */
  async names(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
    const wanted = [...new Set([...ids].filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows: { id: string; name: string }[] = await this.db.em.query(USER_NAMES, [this.db.scope.firmId, wanted]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The user as they are now, locked until the request ends (Locks), or null: a change that depends on their role. */
  locked(id: string): Promise<User | null> {
    return this.locks.record(User, id);
  }

  /** staffProblem() as a 400 naming `field`; nothing to check without a user. */
  async requireStaff(field: string, userId: string | null | undefined): Promise<void> {
    if (!userId) return;
    const problem = await this.staffProblem(userId);
    if (problem) throw fieldError(field, problem);
  }

  private async find(id: string): Promise<User> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('user');
    const u = await this.db.repo(User).findOneBy({ firmId: scope.firmId, id });
    if (!u) throw notFound('user');
    return u;
  }

  /**
   * The user to change as they are now, locked until the request ends, together with the one who changes them (both
   * in the order of their ids: Locks). Two managers who deactivate or demote each other at the same moment then go
   * one after the other, and the second finds that they may no longer do it: 401, as their next request would.
   */
  private async lockWithActor(id: string): Promise<User> {
    if (!isUuid(id)) throw notFound('user');
    const scope = this.db.scope;
    const rows = await this.locks.records(User, [id, scope.userId]);
    const me = rows.find((u) => u.id === scope.userId);
    if (!me?.active || me.role !== scope.role) throw new AppError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'your account was changed meanwhile; sign in again');
    const u = rows.find((r) => r.id === id);
    if (!u) throw notFound('user');
    return u;
  }

  /** A client admin belongs to a client of this firm; other roles to none. */
  private async checkClient(role: string, clientId: string | null | undefined): Promise<string | null> {
    if (role !== 'client_admin') {
      if (clientId) throw fieldError('clientId', 'only client admins belong to a client');
      return null;
    }
    if (!clientId) throw fieldError('clientId', 'is required for a client admin');
    await this.clients.requireUsable(clientId);
    return clientId;
  }

  /**
   * Writes a user row; an address already used in this firm is a 409 naming email. The (firm_id, email) unique
   * constraint decides, so two managers adding the same address at once cannot both succeed. Addresses are unique
   * within a firm only: whether another firm uses one is never looked at, so the answer tells nothing about other firms.
   */
  private async writeEmail<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === EMAIL_UNIQUE) {
        throw conflict('email is already in use', { errors: [{ field: 'email', message: 'is already in use' }] });
      }
      throw e;
    }
  }

  /**
   * The sign-in directory's entry of a user (e-mail → firm, user; migration 1765800000000), written from the user as
   * the request's transaction now has it, in that transaction.
   */
  private async syncDirectory(id: string): Promise<void> {
    await this.db.em.query('select login_directory_sync($1, $2)', [this.db.scope.firmId, id]);
  }

  /** A manager adds a person: they are invited by e-mail and set their own password (AccountService). */
  async create(dto: CreateUserDto): Promise<UserRecord & { invitation: { emailSent: boolean; expiresAt: string } }> {
    const saved = await this.insert(dto, null);
    const emailSent = await this.account.invite({ firmId: saved.firmId, id: saved.id, email: saved.email, name: saved.name, locale: saved.locale, clientId: saved.clientId });
    return { ...saved, invitation: { emailSent, expiresAt: new Date(Date.now() + ACCOUNT_LINK_TTL_SECONDS.invite * 1000).toISOString() } };
  }

  /** The demo seed's people, with the demo password (published in the README) already set: no invitation. */
  seedWithPassword(dto: CreateUserDto, passwordHash: string): Promise<UserRecord> {
    return this.insert(dto, passwordHash);
  }

  private async insert(dto: CreateUserDto, passwordHash: string | null): Promise<UserRecord> {
    const scope = this.access.require('users', 'create');
    const email = canonicalEmail(dto.email);
    const clientId = await this.checkClient(dto.role, dto.clientId);
    const repo = this.db.repo(User);
    const u = repo.create({
      firmId: scope.firmId,
      id: randomUUID(),
      email,
      name: dto.name.trim(),
      role: dto.role,
      clientId,
      locale: dto.locale ?? 'zh-CN',
      active: dto.active ?? true,
      // null: the person sets their own from the invitation's one-time link
      passwordHash,
      passwordSetAt: passwordHash ? new Date() : null,
    });
    await this.writeEmail(() => repo.insert(u));
    await this.syncDirectory(u.id);
    const saved = mapUser(await this.find(u.id));
    await this.audit.record({ entity: 'users', entityId: u.id, clientId, action: 'create', after: saved });
    return saved;
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserRecord> {
    const scope = this.access.require('users', 'edit');
    const before = await this.lockWithActor(id);
    const role = dto.role ?? before.role;
    const clientId = await this.checkClient(role, dto.clientId !== undefined ? dto.clientId : role === 'client_admin' ? before.clientId : null);
    if (id === scope.userId && (role !== before.role || dto.active === false)) {
      throw fieldError(dto.active === false ? 'active' : 'role', 'you cannot demote or deactivate yourself');
    }
    const given: Partial<User> = { role, clientId };
    if (dto.email !== undefined) given.email = canonicalEmail(dto.email);
    if (dto.name !== undefined) given.name = dto.name.trim();
    if (dto.locale !== undefined) given.locale = dto.locale;
    if (dto.active !== undefined) given.active = dto.active;
    // only what differs from the user as they are now: a PUT that changes nothing (a second deactivation) is no history
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) return mapUser(before);
    await this.writeEmail(() => this.db.repo(User).update({ firmId: scope.firmId, id }, patch));
    if (patch.email !== undefined) await this.syncDirectory(id);
    if (role !== 'consultant' && before.role === 'consultant') {
      // a consultant who changes role keeps no assignments
      await this.db.em.query(DELETE_ASSIGNMENTS_OF, [scope.firmId, id]);
    }
    const after = mapUser(await this.find(id));
    await this.audit.record({ entity: 'users', entityId: id, clientId: after.clientId, action: 'update', before: mapUser(before), after });
    return after;
  }


}
