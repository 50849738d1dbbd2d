import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { Nullable, OptionalNotNull } from '../common/validation';
import { DEFAULT_SORTS, ACTION_STATUSES, actionDoneAt, isActionOverdue, type ActionRecord, type ActionStatus } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../common/changes';
import { badInput, type FieldError, notFound } from '../common/errors';
import { applyListQuery, getManyAndCountCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';
import { ImprovementAction } from './action.entity';
import { ClientsService } from '../clients/clients.service';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { UsersService } from '../users/users.service';
import { CLIENT_VISIBLE } from './actions.queries';

class ActionFieldsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) description?: string;
  @ApiPropertyOptional({ description: 'an active manager or consultant of the firm; or give ownerName', nullable: true })
  @Nullable() @IsUUID() ownerId?: string | null;
  @ApiPropertyOptional({ description: 'someone outside the firm staff (e.g. the client\'s IT lead); or give ownerId', nullable: true })
  @Nullable() @IsString() @IsNotEmpty() @MaxLength(200) ownerName?: string | null;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, description: 'done stamps doneAt' }) @OptionalNotNull() @IsIn(ACTION_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'an evaluation of the same client; null for none', nullable: true })
  @Nullable() @IsUUID() evaluationId?: string | null;
  @ApiPropertyOptional({ description: 'an incident of the same client; null for none', nullable: true })
  @Nullable() @IsUUID() incidentId?: string | null;
  @ApiPropertyOptional({ description: "shown to the client's admins (also shown when it follows up an evaluation shared with them)" })
  @OptionalNotNull() @IsBoolean() clientVisible?: boolean;
}

export class CreateActionDto extends ActionFieldsDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiPropertyOptional({ description: "required unless incidentId or evaluationId is given (then it is that record's client)" })
  @OptionalNotNull() @IsUUID() clientId?: string;
  @ApiProperty({ description: 'ISO 8601 instant' }) @IsISO8601() dueAt: string;
}

export class UpdateActionDto extends ActionFieldsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 instant' }) @OptionalNotNull() @IsISO8601() dueAt?: string;
}

const OPEN = `k.status in ('open', 'in_progress')`;

const LIST: ListSpec = {
  resource: 'actions',
  idColumn: 'k.id',
  sortable: {
    dueAt: 'k.due_at', status: `array_position(array['open','in_progress','done','cancelled']::text[], k.status)`, title: 'k.title',
    doneAt: 'k.done_at', createdAt: 'k.created_at', updatedAt: 'k.updated_at', id: 'k.id',
  },
  defaultSort: DEFAULT_SORTS['actions'],
  filters: {
    clientId: { column: 'k.client_id', type: 'uuid' },
    incidentId: { column: 'k.incident_id', type: 'uuid' },
    evaluationId: { column: 'k.evaluation_id', type: 'uuid' },
    ownerId: { column: 'k.owner_id', type: 'uuid' },
    status: { column: 'k.status', type: 'text', values: ACTION_STATUSES },
    clientVisible: { column: 'k.client_visible', type: 'bool' },
    dueAt_gte: { column: 'k.due_at', type: 'gte' },
    dueAt_lte: { column: 'k.due_at', type: 'lte' },
  },
  search: ['k.title', 'k.description', 'k.owner_name'],
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function mapAction(a: ImprovementAction, names: Map<string, string>): ActionRecord {
  return {
    id: a.id, clientId: a.clientId, title: a.title, description: a.description, ownerId: a.ownerId, ownerName: a.ownerName,
    ownerLabel: a.ownerId ? (names.get(a.ownerId) ?? null) : a.ownerName, dueAt: a.dueAt.toISOString(), status: a.status as ActionStatus,
    doneAt: iso(a.doneAt), doneById: a.doneById, overdue: isActionOverdue(a), evaluationId: a.evaluationId, incidentId: a.incidentId,
    clientVisible: a.clientVisible, createdById: a.createdById, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

/** The action as a client admin sees it: what, who, when and how far; an evaluation link only when it is shared with them. */
export function mapActionForClient(a: ImprovementAction, names: Map<string, string>, visibleEvaluations: Set<string>): ActionRecord {
  const r = mapAction(a, names);
  return {
    id: r.id, clientId: r.clientId, title: r.title, description: r.description, ownerLabel: r.ownerLabel, dueAt: r.dueAt, status: r.status,
    doneAt: r.doneAt, overdue: r.overdue, evaluationId: r.evaluationId && visibleEvaluations.has(r.evaluationId) ? r.evaluationId : null,
    incidentId: r.incidentId, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

/**
 * Improvement actions: owner, due date, status open → in_progress → done (or cancelled), `doneAt` stamped. They hang
 * off evaluations and incidents of the same client; an incident's timeline records when one is created and done.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
    private readonly incidents: IncidentLookup,
    private readonly evaluations: EvaluationsService,
  ) {}

  private get isClient() {
    return this.db.scope.role === 'client_admin';
  }

  private async view(items: ImprovementAction[]): Promise<ActionRecord[]> {
    if (!items.length) return [];
    const names = await this.users.names(items.map((a) => a.ownerId));
    if (!this.isClient) return items.map((a) => mapAction(a, names));
    const evaluationIds = [...new Set(items.map((a) => a.evaluationId).filter((x): x is string => !!x))];
    const visible = evaluationIds.length ? await this.evaluations.sharedWithClient(evaluationIds) : new Set<string>();
    return items.map((a) => mapActionForClient(a, names, visible));
  }

  async list(query: ListQuery): Promise<Page<ActionRecord>> {
    const scope = this.access.require('actions', 'list');
    const parsed = parseListQuery(query, LIST, ['overdue']);
    const qb = this.db.repo(ImprovementAction).createQueryBuilder('k').where('k.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('k.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    if (this.isClient) qb.andWhere(CLIENT_VISIBLE);
    const overdue = parsed.filter.overdue;
    if (overdue !== undefined && overdue !== null && overdue !== '') {
      if (typeof overdue !== 'boolean') throw badInput([{ field: 'filter.overdue', message: 'must be true or false' }]);
      qb.andWhere(overdue ? `(${OPEN} and k.due_at < now())` : `not (${OPEN} and k.due_at < now())`);
    }
    applyListQuery(qb, parsed, LIST);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    return new Page('actions', await this.view(items), parsed.start, total);
  }

  async get(id: string): Promise<ActionRecord> {
    this.access.require('actions', 'show');
    return (await this.view([await this.find(id)]))[0];
  }

  async find(id: string): Promise<ImprovementAction> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('action');
    const qb = this.db.repo(ImprovementAction).createQueryBuilder('k').where('k.firm_id = :firmId and k.id = :id', { firmId: scope.firmId, id });
    if (this.isClient) qb.andWhere(CLIENT_VISIBLE);
    const a = await qb.getOne();
    if (!a) throw notFound('action');
    this.access.requireClient(scope, a.clientId, 'action');
    return a;
  }

  /** The action as it is now, locked until the request ends (after its incident, if any: Locks), or 404. Staff only. */
  private lock(id: string): Promise<ImprovementAction> {
    return this.locks.recordInScope(ImprovementAction, id, 'action');
  }

  private ownerProblem(userId: string): Promise<string | null> {
    return this.users.staffProblem(userId);
  }

  /** The incident and evaluation links, checked against the client (null: taken from the links). */
  private async checkLinks(links: { incidentId: string | null; evaluationId: string | null }, clientId: string | null, errors: FieldError[]) {
    if (links.incidentId) {
      const i = await this.incidents.usable(links.incidentId, {}, errors);
      if (i && clientId && i.clientId !== clientId) errors.push({ field: 'incidentId', message: 'is an incident of another client' });
      else if (i) clientId ??= i.clientId;
    }
    if (links.evaluationId) {
      const e = await this.evaluations.inScope(links.evaluationId);
      if (!e) errors.push({ field: 'evaluationId', message: 'no such evaluation' });
      else if (clientId && e.clientId !== clientId) errors.push({ field: 'evaluationId', message: 'is an evaluation of another client' });
      else clientId ??= e.clientId;
    }
    return clientId;
  }

  private ownerErrors(ownerId: string | null, ownerName: string | null, errors: FieldError[]) {
    if (ownerId && ownerName) errors.push({ field: 'ownerName', message: 'give either a staff owner (ownerId) or an owner name, not both' });
    else if (!ownerId && !ownerName) errors.push({ field: 'ownerId', message: 'an action needs an owner: ownerId (firm staff) or ownerName' });
  }

  async create(dto: CreateActionDto): Promise<ActionRecord> {
    const scope = this.access.require('actions', 'create');
    const errors: FieldError[] = [];
    let clientId: string | null = null;
    if (dto.clientId) {
      const client = await this.clients.usable(dto.clientId, {}, errors);
      if (client) clientId = client.id;
    }
    const links = { incidentId: dto.incidentId ?? null, evaluationId: dto.evaluationId ?? null };
    if (!dto.clientId || clientId) clientId = await this.checkLinks(links, clientId, errors);
    if (!clientId && !errors.length) errors.push({ field: 'clientId', message: 'is required (or give incidentId or evaluationId)' });
    const ownerName = dto.ownerName?.trim() || null;
    this.ownerErrors(dto.ownerId ?? null, ownerName, errors);
    if (dto.ownerId) {
      const problem = await this.ownerProblem(dto.ownerId);
      if (problem) errors.push({ field: 'ownerId', message: problem });
    }
    if (errors.length) throw badInput(errors);

    const status = (dto.status ?? 'open') as ActionStatus;
    const now = new Date();
    const a = this.db.repo(ImprovementAction).create({
      firmId: scope.firmId, id: randomUUID(), clientId: clientId!, title: dto.title.trim(), description: dto.description ?? '',
      ownerId: dto.ownerId ?? null, ownerName, dueAt: new Date(dto.dueAt), status, doneAt: actionDoneAt(null, status, null, now),
      doneById: status === 'done' ? scope.userId : null, evaluationId: links.evaluationId, incidentId: links.incidentId,
      clientVisible: dto.clientVisible ?? false, createdById: scope.userId,
    });
    await this.db.repo(ImprovementAction).insert(a);
    if (a.incidentId) {
      await this.addTimeline(a, 'created', now);
      if (status === 'done') await this.addTimeline(a, 'done', now);
    }
    const rec = await this.get(a.id);
    await this.audit.record({ entity: 'actions', entityId: a.id, clientId: a.clientId, action: 'create', after: rec });
    return rec;
  }

  async update(id: string, dto: UpdateActionDto): Promise<ActionRecord> {
    const scope = this.access.require('actions', 'edit');
    const before = await this.lock(id);
    const errors: FieldError[] = [];
    const given: Partial<ImprovementAction> = {};
    if (dto.title !== undefined) given.title = dto.title.trim();
    if (dto.description !== undefined) given.description = dto.description;
    if (dto.dueAt !== undefined) given.dueAt = new Date(dto.dueAt);
    if (dto.clientVisible !== undefined) given.clientVisible = dto.clientVisible;
    if (dto.ownerId !== undefined) given.ownerId = dto.ownerId;
    if (dto.ownerName !== undefined) given.ownerName = dto.ownerName?.trim() || null;
    if (dto.ownerId !== undefined || dto.ownerName !== undefined) {
      this.ownerErrors(given.ownerId !== undefined ? given.ownerId : before.ownerId, given.ownerName !== undefined ? given.ownerName : before.ownerName, errors);
      if (given.ownerId && given.ownerId !== before.ownerId) {
        const problem = await this.ownerProblem(given.ownerId);
        if (problem) errors.push({ field: 'ownerId', message: problem });
      }
    }
    const changed = {
      incidentId: dto.incidentId !== undefined && dto.incidentId !== before.incidentId ? dto.incidentId : null,
      evaluationId: dto.evaluationId !== undefined && dto.evaluationId !== before.evaluationId ? dto.evaluationId : null,
    };
    await this.checkLinks(changed, before.clientId, errors);
    if (dto.incidentId !== undefined) given.incidentId = dto.incidentId;
    if (dto.evaluationId !== undefined) given.evaluationId = dto.evaluationId;
    if (errors.length) throw badInput(errors);

    const now = new Date();
    const statusChanged = dto.status !== undefined && dto.status !== before.status;
    if (statusChanged) {
      given.status = dto.status;
      given.doneAt = actionDoneAt(before.status, dto.status!, before.doneAt, now);
      given.doneById = dto.status === 'done' ? scope.userId : null;
    }
    // only what differs from the action as it is now: a PUT that changes nothing (a second "done") is no history
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) return this.get(id);
    await this.db.repo(ImprovementAction).update({ firmId: scope.firmId, id }, patch);
    const saved = await this.find(id);
    if (saved.incidentId && statusChanged && saved.status === 'done') await this.addTimeline(saved, 'done', now);
    else if (saved.incidentId && saved.incidentId !== before.incidentId) await this.addTimeline(saved, 'linked', now);
    const after = await this.get(id);
    await this.audit.record({
      entity: 'actions', entityId: id, clientId: before.clientId, action: statusChanged ? 'transition' : 'update',
      before: (await this.view([before]))[0], after,
    });
    return after;
  }

  async remove(id: string): Promise<ActionRecord> {
    const scope = this.access.require('actions', 'delete');
    const a = await this.lock(id);
    const rec = (await this.view([a]))[0];
    await this.db.repo(ImprovementAction).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'actions', entityId: id, clientId: a.clientId, action: 'delete', before: rec });
    return rec;
  }

  /** An entry on the incident's timeline: client-visible when the action is. */
  private addTimeline(a: ImprovementAction, event: 'created' | 'linked' | 'done', at: Date) {
    return this.timeline.add({ id: a.incidentId!, clientId: a.clientId }, {
      kind: 'action',
      visibility: a.clientVisible ? 'client' : 'internal',
      body: a.title,
      data: { actionId: a.id, event, status: a.status, dueAt: a.dueAt.toISOString(), ...(a.evaluationId ? { evaluationId: a.evaluationId } : {}) },
      occurredAt: at,
    });
  }
}
