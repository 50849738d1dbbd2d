import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SORTS, type AssignmentRecord } from '@incident-desk/shared';
import { IsBoolean, IsUUID } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { conflict, fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { UsersService } from '../users/users.service';
import { Assignment } from './assignment.entity';
import { CLEAR_PRIMARY, PRIMARY_OF, PROMOTE_EARLIEST, SET_PRIMARY } from './assignments.queries';

export class CreateAssignmentDto {
  @ApiProperty() @IsUUID() consultantId: string;
  @ApiProperty() @IsUUID() clientId: string;
  /** the client's primary consultant from now on (default: only when the client has none yet) */
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() primary?: boolean;
}

export class UpdateAssignmentDto {
  /** true: the client's primary consultant (the one before is no longer); false: the client has no primary one */
  @ApiProperty() @IsBoolean() primary: boolean;
}

const LIST: ListSpec = {
  resource: 'assignments',
  idColumn: 'a.id',
  sortable: { createdAt: 'a.created_at', primary: 'a.is_primary', consultantId: 'a.consultant_id', clientId: 'a.client_id', id: 'a.id' },
  defaultSort: DEFAULT_SORTS['assignments'],
  filters: {
    consultantId: { column: 'a.consultant_id', type: 'uuid' },
    clientId: { column: 'a.client_id', type: 'uuid' },
    primary: { column: 'a.is_primary', type: 'bool' },
  },
};

const map = (a: Assignment): AssignmentRecord => ({
  id: a.id,
  consultantId: a.consultantId,
  clientId: a.clientId,
  primary: a.primary,
  createdAt: a.createdAt.toISOString(),
});

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
  ) {}

  async list(query: ListQuery): Promise<Page<AssignmentRecord>> {
    const scope = this.access.require('assignments', 'list');
    const qb = this.db.repo(Assignment).createQueryBuilder('a').where('a.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(map);
  }

  async get(id: string): Promise<AssignmentRecord> {
    this.access.require('assignments', 'show');
    return map(await this.find(id));
  }

  private async find(id: string): Promise<Assignment> {
    if (!isUuid(id)) throw notFound('assignment');
    const a = await this.db.repo(Assignment).findOneBy({ firmId: this.db.scope.firmId, id });
    if (!a) throw notFound('assignment');
    return a;
  }

  async create(dto: CreateAssignmentDto): Promise<AssignmentRecord> {
    const scope = this.access.require('assignments', 'create');
    // the consultant's assignments change one at a time (Locks): two equal assignments make one, and a change of the
    // consultant's role (which removes their assignments) is not overtaken by a new one
    const consultant = await this.users.locked(dto.consultantId);
    if (!consultant || consultant.role !== 'consultant') throw fieldError('consultantId', 'no such consultant');
    // and the client's consultants one at a time: which of them is primary is decided by one request after another
    await this.clients.requireUsable(dto.clientId, { lock: true });
    const existing = await this.db.repo(Assignment).findOneBy({ firmId: scope.firmId, consultantId: dto.consultantId, clientId: dto.clientId });
    if (existing) throw conflict('the consultant is already assigned to this client', { id: existing.id });
    const [current] = await this.db.rows<{ id: string }>(PRIMARY_OF, [scope.firmId, dto.clientId]);
    const primary = dto.primary ?? !current;
    const a = this.db.repo(Assignment).create({ firmId: scope.firmId, id: randomUUID(), consultantId: dto.consultantId, clientId: dto.clientId, primary: false });
    await this.db.repo(Assignment).insert(a);
    if (primary) await this.makePrimary(a.clientId, a.id);
    const saved = map(await this.find(a.id));
    await this.audit.record({ entity: 'assignments', entityId: a.id, clientId: a.clientId, action: 'create', after: saved });
    return saved;
  }

  /**
   * Sets whether an assignment is its client's primary one (who owns the client's reports). The client is locked
   * first: of several requests at once each runs on what the one before left, and the client has one primary consultant
   * (or none) after them all; the assignment that stops being primary is audited too.
   */
  async update(id: string, dto: UpdateAssignmentDto): Promise<AssignmentRecord> {
    const scope = this.access.require('assignments', 'edit');
    const found = await this.find(id);
    await this.clients.requireUsable(found.clientId, { lock: true });
    const before = await this.locks.record(Assignment, id);
    if (!before) throw notFound('assignment');
    if (before.primary === dto.primary) return map(before);
    if (dto.primary) await this.makePrimary(before.clientId, id);
    else await this.db.rows(SET_PRIMARY, [scope.firmId, id, false]);
    const after = map(await this.find(id));
    await this.audit.record({ entity: 'assignments', entityId: id, clientId: before.clientId, action: 'update', before: map(before), after });
    return after;
  }

  /** The assignment becomes the client's primary one, the one before stops being it (audited here: its own change). */
  private async makePrimary(clientId: string, id: string) {
    const firmId = this.db.scope.firmId;
    const cleared = await this.db.rows<{ id: string }>(CLEAR_PRIMARY, [firmId, clientId, id]);
    await this.db.rows(SET_PRIMARY, [firmId, id, true]);
    for (const c of cleared) await this.auditPrimary(c.id, true, false);
  }

  private async auditPrimary(id: string, before: boolean, after: boolean) {
    const a = map(await this.find(id));
    await this.audit.record({ entity: 'assignments', entityId: id, clientId: a.clientId, action: 'update', before: { ...a, primary: before }, after: { ...a, primary: after } });
  }

  async remove(id: string): Promise<AssignmentRecord> {
    const scope = this.access.require('assignments', 'delete');
    const found = await this.find(id);
    await this.clients.requireUsable(found.clientId, { lock: true });
    // locked: of several equal removals one removes it, the others find it gone (404)
    const locked = await this.locks.record(Assignment, id);
    if (!locked) throw notFound('assignment');
    const a = map(locked);
    await this.db.repo(Assignment).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'assignments', entityId: id, clientId: a.clientId, action: 'delete', before: a });
    // the client keeps a primary consultant while it has any: the earliest assigned
    if (a.primary) for (const p of await this.db.rows<{ id: string }>(PROMOTE_EARLIEST, [scope.firmId, a.clientId])) await this.auditPrimary(p.id, false, true);
    return a;
  }
}
