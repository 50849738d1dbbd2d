import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SORTS, type AssignmentRecord } from '@incident-desk/shared';
import { IsUUID } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { conflict, fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { UsersService } from '../users/users.service';
import { Assignment } from './assignment.entity';

export class CreateAssignmentDto {
  @ApiProperty() @IsUUID() consultantId: string;
  @ApiProperty() @IsUUID() clientId: string;
}

const LIST: ListSpec = {
  resource: 'assignments',
  idColumn: 'a.id',
  sortable: { createdAt: 'a.created_at', consultantId: 'a.consultant_id', clientId: 'a.client_id', id: 'a.id' },
  defaultSort: DEFAULT_SORTS['assignments'],
  filters: {
    consultantId: { column: 'a.consultant_id', type: 'uuid' },
    clientId: { column: 'a.client_id', type: 'uuid' },
  },
};

const map = (a: Assignment): AssignmentRecord => ({
  id: a.id,
  consultantId: a.consultantId,
  clientId: a.clientId,
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
    await this.clients.requireUsable(dto.clientId);
    const existing = await this.db.repo(Assignment).findOneBy({ firmId: scope.firmId, consultantId: dto.consultantId, clientId: dto.clientId });
    if (existing) throw conflict('the consultant is already assigned to this client', { id: existing.id });
    const a = this.db.repo(Assignment).create({ firmId: scope.firmId, id: randomUUID(), ...dto });
    await this.db.repo(Assignment).insert(a);
    const saved = map(await this.find(a.id));
    await this.audit.record({ entity: 'assignments', entityId: a.id, clientId: a.clientId, action: 'create', after: saved });
    return saved;
  }

  async remove(id: string): Promise<AssignmentRecord> {
    const scope = this.access.require('assignments', 'delete');
    // locked: of several equal removals one removes it, the others find it gone (404)
    const locked = await this.locks.record(Assignment, id);
    if (!locked) throw notFound('assignment');
    const a = map(locked);
    await this.db.repo(Assignment).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'assignments', entityId: id, clientId: a.clientId, action: 'delete', before: a });
    return a;
  }
}
