import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SORTS, CLIENT_STATUSES, OPERATOR_TYPES, type ClientRecord, type OperatorType } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../common/changes';
import { badInput, type FieldError, fieldError, notFound } from '../common/errors';
import { applyListQuery, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { canSeeClient } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Client } from './client.entity';
import { type CreateClientDto, mapClient, type UpdateClientDto } from './dto/client.dto';
import { CLIENT_NAMES, CLIENT_OPERATOR_TYPES, DEFAULT_CLIENT_SLA, OVERDUE_OBLIGATION_COUNTS, overdueObligationsOf } from './clients.queries';

const LIST: ListSpec = {
  resource: 'clients',
  idColumn: 'c.id',
  sortable: {
    name: 'c.name', creditCode: 'c.credit_code', industry: 'c.industry', operatorType: 'c.operator_type',
    status: 'c.status', createdAt: 'c.created_at', updatedAt: 'c.updated_at', id: 'c.id',
  },
  defaultSort: DEFAULT_SORTS['clients'],
  filters: {
    operatorType: { column: 'c.operator_type', type: 'text', values: OPERATOR_TYPES },
    status: { column: 'c.status', type: 'text', values: CLIENT_STATUSES },
    industry: { column: 'c.industry', type: 'text' },
    processesEuPersonalData: { column: 'c.processes_eu_personal_data', type: 'bool' },
  },
  search: ['c.name', 'c.credit_code', 'c.industry'],
};

@Injectable()
export class ClientsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListQuery): Promise<Page<ClientRecord>> {
    const scope = this.access.require('clients', 'list');
    const qb = this.db.repo(Client).createQueryBuilder('c').where('c.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('c.id = any(:clientIds)', { clientIds: scope.clientIds });
    const parsed = parseListQuery(query, LIST, ['overdueObligations']);
    const { overdueObligations, ...rest } = parsed.filter;
    if (overdueObligations !== undefined && overdueObligations !== null && overdueObligations !== '') {
      if (typeof overdueObligations !== 'boolean') throw fieldError('filter.overdueObligations', 'must be true or false');
      // clients with (or without) a pending obligation past its due time (the managers' dashboard)
      qb.andWhere(overdueObligationsOf(overdueObligations));
    }
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await qb.getManyAndCount();
    if (overdueObligations !== true || items.length === 0) return new Page('clients', items.map(mapClient), parsed.start, total);
    // with how many are overdue: the dashboard's card shows it on each line, in this request rather than one per client
    const counts: { client_id: string; n: number }[] = await this.db.em.query(OVERDUE_OBLIGATION_COUNTS, [scope.firmId, items.map((c) => c.id)]);
    const overdue = new Map(counts.map((r) => [r.client_id, r.n]));
    return new Page('clients', items.map((c) => ({ ...mapClient(c), overdueObligations: overdue.get(c.id) ?? 0 })), parsed.start, total);
  }

  async get(id: string): Promise<ClientRecord> {
    this.access.require('clients', 'show');
    return mapClient(await this.find(id));
  }

  /** A client the caller may see, or 404. */
  async find(id: string): Promise<Client> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('client');
    this.access.requireClient(scope, id);
    const c = await this.db.repo(Client).findOneBy({ firmId: scope.firmId, id });
    if (!c) throw notFound('client');
    return c;
  }

  /** The operator type of each of some clients (in the caller's scope: row-level security). */
  async operatorTypes(ids: string[]): Promise<Map<string, OperatorType>> {
    const rows: { id: string; operator_type: OperatorType }[] = await this.db.em.query(CLIENT_OPERATOR_TYPES, [this.db.scope.firmId, ids]);
    return new Map(rows.map((c) => [c.id, c.operator_type]));
  }

  /** Some clients' names (those in the caller's scope), by id. */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.db.em.query(CLIENT_NAMES, [this.db.scope.firmId, [...new Set(ids)]]);
    return new Map(rows.map((c) => [c.id, c.name]));
  }

  /** The client if the caller may see it, else null. */
  async inScope(id: string): Promise<Client | null> {
    if (!isUuid(id) || !canSeeClient(this.db.scope, id)) return null;
    return this.db.repo(Client).findOneBy({ firmId: this.db.scope.firmId, id });
  }

  /**
   * The client a new record is made for, checked in one place: it exists and is in the caller's scope (else
   * 'no such client'), and with `active` it is not offboarded ('the client is offboarded') and is held (`FOR SHARE`)
   * until the request's transaction ends, so that an offboarding waits for the record being made (Locks.shared); with
   * `lock` it is locked (`FOR NO KEY UPDATE`, Locks.record): changes that depend on the client as a whole (which of its
   * consultants is primary) one after another. Throws 400 naming `field` (default `clientId`).
   */
  async requireUsable(clientId: string, options: { field?: string; active?: boolean; lock?: boolean } = {}): Promise<Client> {
    const errors: FieldError[] = [];
    const client = await this.usable(clientId, options, errors);
    if (!client) throw fieldError(errors[0].field, errors[0].message);
    return client;
  }

  /** requireUsable() for a check that gathers every field's problem: the problem is added to `errors`, null returned. */
  async usable(clientId: string, options: { field?: string; active?: boolean; lock?: boolean }, errors: FieldError[]): Promise<Client | null> {
    const field = options.field ?? 'clientId';
    const inScope = isUuid(clientId) && canSeeClient(this.db.scope, clientId);
    const client = !inScope ? null
      : options.lock ? await this.locks.record(Client, clientId)
        : options.active ? await this.locks.shared(Client, clientId) : await this.inScope(clientId);
    if (!client) {
      errors.push({ field, message: 'no such client' });
      return null;
    }
    if (options.active && client.status !== 'active') {
      errors.push({ field, message: 'the client is offboarded' });
      return null;
    }
    return client;
  }

  /**
   * requireUsable() for several clients at once (a firm incident's affected clients): each held (`FOR SHARE`, in the
   * order of their ids, so that an offboarding waits), in scope and active, none given twice; 400 naming `field[n]`.
   */
  async requireUsableMany(ids: string[], field: string): Promise<Client[]> {
    const errors: FieldError[] = [];
    ids.forEach((id, n) => { if (ids.indexOf(id) !== n) errors.push({ field: `${field}[${n}]`, message: 'is given twice' }); });
    if (errors.length) throw badInput(errors);
    const inScope = ids.filter((id) => isUuid(id) && canSeeClient(this.db.scope, id));
    const held = new Map((await this.locks.sharedMany(Client, inScope)).map((c) => [c.id, c]));
    ids.forEach((id, n) => {
      const c = held.get(id);
      if (!c) errors.push({ field: `${field}[${n}]`, message: 'no such client' });
      else if (c.status !== 'active') errors.push({ field: `${field}[${n}]`, message: 'the client is offboarded' });
    });
    if (errors.length) throw badInput(errors);
    return ids.map((id) => held.get(id)!);
  }

  /** The contract SLA a new client gets when none is given (firm settings: `firms.sla_policy.defaultClientSla`). */
  private async defaultSla(firmId: string): Promise<Record<string, unknown>> {
    const [f] = await this.db.rows<{ sla: Record<string, unknown> | null }>(DEFAULT_CLIENT_SLA, [firmId]);
    return f?.sla ?? {};
  }

  async create(dto: CreateClientDto): Promise<ClientRecord> {
    const scope = this.access.require('clients', 'create');
    const repo = this.db.repo(Client);
    const c = repo.create({
      firmId: scope.firmId,
      id: randomUUID(),
      name: dto.name.trim(),
      creditCode: dto.creditCode,
      industry: dto.industry ?? null,
      operatorType: dto.operatorType,
      processesEuPersonalData: dto.processesEuPersonalData ?? false,
      contacts: (dto.contacts ?? []) as Client['contacts'],
      // none given: the firm's default client SLA (firm settings)
      contractSla: (dto.contractSla ?? (await this.defaultSla(scope.firmId))) as Client['contractSla'],
      status: 'active',
      offboardedAt: null,
    });
    await repo.insert(c);
    const saved = await this.find(c.id);
    await this.audit.record({ entity: 'clients', entityId: c.id, clientId: c.id, action: 'create', after: mapClient(saved) });
    return mapClient(saved);
  }

  async update(id: string, dto: UpdateClientDto): Promise<ClientRecord> {
    const scope = this.access.require('clients', 'edit');
    // locked as it is now: an offboarding waits for the incidents and trainings being opened for the client, and of
    // several equal offboardings one changes the status (Locks)
    this.access.requireClient(scope, id);
    const before = await this.locks.record(Client, id);
    if (!before) throw notFound('client');
    const given: Partial<Client> = {};
    if (dto.name !== undefined) given.name = dto.name.trim();
    if (dto.creditCode !== undefined) given.creditCode = dto.creditCode;
    if (dto.industry !== undefined) given.industry = dto.industry;
    if (dto.operatorType !== undefined) given.operatorType = dto.operatorType;
    if (dto.processesEuPersonalData !== undefined) given.processesEuPersonalData = dto.processesEuPersonalData;
    if (dto.contacts !== undefined) given.contacts = dto.contacts as Client['contacts'];
    if (dto.contractSla !== undefined) given.contractSla = dto.contractSla as Client['contractSla'];
    if (dto.status !== undefined && dto.status !== before.status) {
      given.status = dto.status;
      given.offboardedAt = dto.status === 'offboarded' ? new Date() : null;
    }
    // only what differs from the client as it is now: a PUT that changes nothing is no history
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) return mapClient(before);
    await this.db.repo(Client).update({ firmId: before.firmId, id }, patch);
    const after = await this.find(id);
    const action = patch.status ? 'transition' : 'update';
    await this.audit.record({ entity: 'clients', entityId: id, clientId: id, action, before: mapClient(before), after: mapClient(after) });
    return mapClient(after);
  }
}
