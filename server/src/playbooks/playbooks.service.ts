import { Injectable } from '@nestjs/common';
import { changedFields } from '../common/changes';
import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsUUID } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import { DEFAULT_SORTS, BUILT_IN_PLAYBOOK, validatePlaybook, type LocalText, type PlaybookTaskDef, type PlaybookRecord } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { badInput, conflict, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Playbook } from './playbook.entity';
import { INSERT_BUILT_IN_PLAYBOOK, PLAYBOOK_USED, playbookByKey } from './playbooks.queries';

export class CreatePlaybookDto {
  @ApiPropertyOptional({ description: 'copy the tasks of this playbook' }) @OptionalNotNull() @IsUUID() copyFromId?: string;
  @ApiProperty() @IsObject() name: LocalText;
  @ApiPropertyOptional() @OptionalNotNull() @IsObject() description?: LocalText;
  @ApiPropertyOptional() @OptionalNotNull() @IsArray() tasks?: PlaybookTaskDef[];
}

export class UpdatePlaybookDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsObject() name?: LocalText;
  @ApiPropertyOptional() @OptionalNotNull() @IsObject() description?: LocalText;
  @ApiPropertyOptional() @OptionalNotNull() @IsArray() tasks?: PlaybookTaskDef[];
}

const map = (p: Playbook): PlaybookRecord => ({
  id: p.id, key: p.key, name: p.name, description: p.description, tasks: p.tasks, builtIn: p.builtIn,
  createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
});

const LIST: ListSpec = {
  resource: 'playbooks',
  idColumn: 'p.id',
  sortable: { key: 'p.key', createdAt: 'p.created_at', updatedAt: 'p.updated_at', builtIn: 'p.built_in', id: 'p.id' },
  defaultSort: DEFAULT_SORTS['playbooks'],
  filters: { builtIn: { column: 'p.built_in', type: 'bool' }, key: { column: 'p.key', type: 'text' } },
};

/** The built-in playbook (written from the procedure, in shared/) and the firm's own copies. */
@Injectable()
export class PlaybooksService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  /** Each firm gets the built-in playbook as a read-only row the first time it is needed. */
  async ensureBuiltIn(): Promise<Playbook> {
    const scope = this.db.scope;
    const byKey = async () =>
      (await this.db.rows<Playbook>(playbookByKey(this.db.columns(Playbook, 'p')), [scope.firmId, BUILT_IN_PLAYBOOK.key]))[0];
    const found = await byKey();
    if (found) return found;
    await this.db.em.query(
      INSERT_BUILT_IN_PLAYBOOK,
      [scope.firmId, randomUUID(), BUILT_IN_PLAYBOOK.key, BUILT_IN_PLAYBOOK.name, BUILT_IN_PLAYBOOK.description, JSON.stringify(BUILT_IN_PLAYBOOK.tasks)],
    );
    return (await byKey())!;
  }

  async list(query: ListQuery): Promise<Page<PlaybookRecord>> {
    const scope = this.access.require('playbooks', 'list');
    await this.ensureBuiltIn();
    const qb = this.db.repo(Playbook).createQueryBuilder('p').where('p.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(map);
  }

  async get(id: string): Promise<PlaybookRecord> {
    this.access.require('playbooks', 'show');
    return map(await this.find(id));
  }

  /** A playbook of the caller's firm, or 404 (used by incidents to choose one). */
  async find(id: string): Promise<Playbook> {
    if (!isUuid(id)) throw notFound('playbook');
    const p = await this.db.repo(Playbook).findOneBy({ firmId: this.db.scope.firmId, id });
    if (!p) throw notFound('playbook');
    return p;
  }

  /** The playbook as it is now, locked until the request ends (Locks), or 404: its edits and removal read it so. */
  private async lock(id: string): Promise<Playbook> {
    const p = await this.locks.record(Playbook, id);
    if (!p) throw notFound('playbook');
    return p;
  }

  private check(p: { key: string; name: LocalText; description: LocalText; tasks: PlaybookTaskDef[] }) {
    const problems = validatePlaybook(p);
    if (problems.length) throw badInput(problems);
  }

  async create(dto: CreatePlaybookDto): Promise<PlaybookRecord> {
    const scope = this.access.require('playbooks', 'create');
    const source = dto.copyFromId ? await this.find(dto.copyFromId) : null;
    const p = this.db.repo(Playbook).create({
      firmId: scope.firmId,
      id: randomUUID(),
      key: `custom-${randomUUID().slice(0, 8)}`,
      name: dto.name,
      description: dto.description ?? source?.description ?? { 'zh-CN': '', en: '' },
      tasks: dto.tasks ?? source?.tasks ?? [],
      builtIn: false,
    });
    this.check(p);
    await this.db.repo(Playbook).insert(p);
    const rec = map(await this.find(p.id));
    await this.audit.record({ entity: 'playbooks', entityId: p.id, action: 'create', after: rec });
    return rec;
  }

  async update(id: string, dto: UpdatePlaybookDto): Promise<PlaybookRecord> {
    const scope = this.access.require('playbooks', 'edit');
    const p = await this.lock(id);
    if (p.builtIn) throw conflict('the built-in playbook cannot be edited; make a copy');
    const next = { ...p, ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) } as Playbook;
    this.check(next);
    // only what differs from the playbook as it is now: a PUT that changes nothing is no history
    const changed = changedFields(p, { name: next.name, description: next.description, tasks: next.tasks });
    if (!Object.keys(changed).length) return map(p);
    await this.db.repo(Playbook).update({ firmId: scope.firmId, id }, changed);
    const after = map(await this.find(id));
    await this.audit.record({ entity: 'playbooks', entityId: id, action: 'update', before: map(p), after });
    return after;
  }

  async remove(id: string): Promise<PlaybookRecord> {
    const scope = this.access.require('playbooks', 'delete');
    const p = await this.lock(id);
    if (p.builtIn) throw conflict('the built-in playbook cannot be deleted');
    const [{ used }] = await this.db.em.query(PLAYBOOK_USED, [scope.firmId, id]);
    if (used) throw conflict('the playbook is used by incidents');
    await this.db.repo(Playbook).delete({ firmId: scope.firmId, id });
    const rec = map(p);
    await this.audit.record({ entity: 'playbooks', entityId: id, action: 'delete', before: rec });
    return rec;
  }
}
