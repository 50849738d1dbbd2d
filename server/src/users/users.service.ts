import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SORTS, LOCALES, ROLES, type UserRecord } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { Client } from '../clients/client.entity';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { conflict, fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import { User } from './user.entity';
import { type CreateUserDto, mapUser, type UpdateUserDto } from './dto/user.dto';

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
    private readonly access: Access,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ListQuery): Promise<Page<UserRecord>> {
    const scope = this.access.require('users', 'list');
    const qb = this.db.repo(User).createQueryBuilder('u').where('u.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(qb, query, LIST)).map(mapUser);
  }

  async get(id: string): Promise<UserRecord> {
    this.access.require('users', 'show');
    return mapUser(await this.find(id));
  }

  private async find(id: string): Promise<User> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('user');
    const u = await this.db.repo(User).findOneBy({ firmId: scope.firmId, id });
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
    const exists = await this.db.repo(Client).existsBy({ firmId: this.db.scope.firmId, id: clientId });
    if (!exists) throw fieldError('clientId', 'no such client');
    return clientId;
  }

  private async checkEmail(email: string, except: string | null) {
    const [{ in_use }] = await this.db.em.query('select auth_email_in_use($1, $2) as in_use', [email, except]);
    if (in_use) throw conflict('email is already in use', { errors: [{ field: 'email', message: 'is already in use' }] });
  }

  async create(dto: CreateUserDto): Promise<UserRecord> {
    const scope = this.access.require('users', 'create');
    const email = dto.email.trim().toLowerCase();
    const clientId = await this.checkClient(dto.role, dto.clientId);
    await this.checkEmail(email, null);
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
      passwordHash: await hashPassword(dto.password, this.config.scryptLog2N),
    });
    await repo.insert(u);
    const saved = mapUser(await this.find(u.id));
    await this.audit.record({ entity: 'users', entityId: u.id, clientId, action: 'create', after: saved });
    return saved;
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserRecord> {
    const scope = this.access.require('users', 'edit');
    const before = await this.find(id);
    const role = dto.role ?? before.role;
    const clientId = await this.checkClient(role, dto.clientId !== undefined ? dto.clientId : role === 'client_admin' ? before.clientId : null);
    if (id === scope.userId && (role !== before.role || dto.active === false)) {
      throw fieldError(dto.active === false ? 'active' : 'role', 'you cannot demote or deactivate yourself');
    }
    const patch: Partial<User> = { role, clientId };
    if (dto.email !== undefined) {
      patch.email = dto.email.trim().toLowerCase();
      if (patch.email !== before.email) await this.checkEmail(patch.email, id);
    }
    if (dto.name !== undefined) patch.name = dto.name.trim();
    if (dto.locale !== undefined) patch.locale = dto.locale;
    if (dto.active !== undefined) patch.active = dto.active;
    await this.db.repo(User).update({ firmId: scope.firmId, id }, patch);
    if (role !== 'consultant' && before.role === 'consultant') {
      // a consultant who changes role keeps no assignments
      await this.db.em.query('delete from assignments where firm_id = $1 and consultant_id = $2', [scope.firmId, id]);
    }
    const after = mapUser(await this.find(id));
    await this.audit.record({ entity: 'users', entityId: id, clientId: after.clientId, action: 'update', before: mapUser(before), after });
    return after;
  }

  async resetPassword(id: string, password: string): Promise<{ ok: true }> {
    const scope = this.access.require('users', 'reset_password');
    const u = await this.find(id);
    await this.db.repo(User).update({ firmId: scope.firmId, id }, { passwordHash: await hashPassword(password, this.config.scryptLog2N) });
    // every session of the user ends
    await this.db.em.query(
      'update refresh_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and revoked_at is null',
      [scope.firmId, id],
    );
    await this.audit.record({ entity: 'users', entityId: id, clientId: u.clientId, action: 'password_reset' });
    return { ok: true };
  }
}
