import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { Nullable, OptionalNotNull } from '../common/validation';
import { DEFAULT_SORTS, TASK_STATUSES, WORK_PHASES, type TaskRecord, type TaskStatus, type TeamRole, type WorkPhase } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../common/changes';
import { fieldError, notFound } from '../common/errors';
import { fetchPage, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { NotificationsService } from '../notifications/notifications.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';
import { UsersService } from '../users/users.service';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { Task } from './task.entity';
import type { Incident } from '../incidents/incident.entity';
import { assigneeForRole, type PlaybookTaskDef } from '@incident-desk/shared';
import { ASSIGN_BY_ROLES, LAST_POSITION, SET_BY_KEY } from './tasks.queries';

export class CreateTaskDto {
  @ApiProperty() @IsUUID() incidentId: string;
  @ApiProperty({ enum: WORK_PHASES }) @IsIn(WORK_PHASES) phase: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) description?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() required?: boolean;
  @ApiPropertyOptional() @Nullable() @IsUUID() assigneeId?: string | null;
  @ApiPropertyOptional() @Nullable() @IsISO8601() dueAt?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) position?: number;
}

export class UpdateTaskDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(5000) description?: string;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @OptionalNotNull() @IsIn(TASK_STATUSES) status?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() required?: boolean;
  @ApiPropertyOptional() @Nullable() @IsUUID() assigneeId?: string | null;
  @ApiPropertyOptional() @Nullable() @IsISO8601() dueAt?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) position?: number;
}

export const mapTask = (t: Task): TaskRecord => ({
  id: t.id, incidentId: t.incidentId, clientId: t.clientId, phase: t.phase as WorkPhase, key: t.key, section: t.section,
  title: t.title, titleEn: t.titleEn, description: t.description, descriptionEn: t.descriptionEn, required: t.required,
  assigneeId: t.assigneeId, teamRole: (t.teamRole ?? null) as TeamRole | null, dueAt: t.dueAt?.toISOString() ?? null, status: t.status as TaskStatus, position: t.position,
  doneById: t.doneById, doneAt: t.doneAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
});

const LIST: ListSpec = {
  resource: 'tasks',
  idColumn: 'k.id',
  sortable: { position: 'k.position', dueAt: 'k.due_at', status: 'k.status', phase: 'k.phase', title: 'k.title', createdAt: 'k.created_at', id: 'k.id' },
  defaultSort: DEFAULT_SORTS['tasks'],
  filters: {
    incidentId: { column: 'k.incident_id', type: 'uuid' },
    clientId: { column: 'k.client_id', type: 'uuid' },
    phase: { column: 'k.phase', type: 'text', values: WORK_PHASES },
    status: { column: 'k.status', type: 'text', values: TASK_STATUSES },
    assigneeId: { column: 'k.assignee_id', type: 'uuid' },
    required: { column: 'k.required', type: 'bool' },
    dueAt_lte: { column: 'k.due_at', type: 'lte' },
  },
  search: ['k.title'],
};

/** The incident's checklist. Internal to the firm: client admins see progress on the incident, not the tasks. */
@Injectable()
export class TasksService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
    private readonly incidents: IncidentLookup,
    private readonly notifications: NotificationsService,
  ) {}

  async list(query: ListQuery): Promise<Page<TaskRecord>> {
    const scope = this.access.require('tasks', 'list');
    const qb = this.db.repo(Task).createQueryBuilder('k').where('k.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('k.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapTask);
  }

  async get(id: string): Promise<TaskRecord> {
    this.access.require('tasks', 'show');
    return mapTask(await this.find(id));
  }

  private async find(id: string): Promise<Task> {
    return this.access.find(Task, id, 'task');
  }

  /** The task as it is now, locked until the request ends (after its incident: Locks), or 404. */
  private lock(id: string): Promise<Task> {
    return this.locks.recordInScope(Task, id, 'task');
  }

  /**
   * New incidents' checklists, made from their playbook's tasks: one statement for every incident's tasks
   * (TenantDb.insert), and each task whose team role the incident names goes to that member at once, who is told.
   */
  async addFromPlaybook(incidents: Pick<Incident, 'firmId' | 'id' | 'clientId' | 'leadId' | 'team'>[], playbookTasks: PlaybookTaskDef[], detectedAt: Date, now: Date): Promise<void> {
    const scope = this.db.scope;
    const tasks: Task[] = incidents.flatMap((i) => playbookTasks.map((t, n) => ({
      firmId: scope.firmId, id: randomUUID(), incidentId: i.id, clientId: i.clientId, phase: t.phase, key: t.key, section: t.section ?? null,
      title: t.title['zh-CN'], titleEn: t.title.en, description: t.description?.['zh-CN'] ?? '', descriptionEn: t.description?.en ?? null,
      required: t.required, assigneeId: assigneeForRole(t.role, i), teamRole: t.role ?? null, dueAt: t.dueHours ? new Date(detectedAt.getTime() + t.dueHours * 3600_000) : null,
      status: 'todo', position: n, doneById: null, doneAt: null, createdAt: now, updatedAt: now,
    })));
    await this.db.insert(Task, tasks);
    // a task whose team role the incident names goes to that member at once, and each is told once of all theirs
    const assigned = tasks.filter((t) => t.assigneeId).map((t) => t.id);
    if (assigned.length) await this.notifications.emit({ kind: 'task_assigned', taskIds: assigned });
  }

  /**
   * The playbook's tasks of an incident that wait for a team role go to the member of that role the team names (open
   * tasks nobody has yet; one already assigned keeps its assignee), for every role at once; each new assignee is told
   * once, of all the tasks they got.
   */
  async assignByRoles(i: Pick<Incident, 'firmId' | 'id'>, members: { role: TeamRole; userId: string }[]): Promise<void> {
    if (!members.length) return;
    const assigned = (await this.db.rows<{ id: string }>(ASSIGN_BY_ROLES, [i.firmId, i.id, members.map((m) => m.role), members.map((m) => m.userId)])).map((t) => t.id);
    if (assigned.length) await this.notifications.emit({ kind: 'task_assigned', taskIds: assigned });
  }

  /**
   * The playbook task `key` of these incidents (a firm incident's children, locked by the caller) set to `status` where
   * it is not so already: one statement for all; each change on its incident's timeline and in the audit log as
   * update() writes it. The tasks changed; none when no incident has a task of that key in another status.
   */
  async setByKey(incidents: Pick<Incident, 'id' | 'clientId' | 'acknowledgedAt'>[], key: string, status: TaskStatus): Promise<{ id: string; incidentId: string }[]> {
    const scope = this.db.scope;
    if (!incidents.length) return [];
    const completing = status === 'done' || status === 'not_applicable';
    const changed = await this.db.rows<Task & { before: string }>(SET_BY_KEY, [scope.firmId, incidents.map((i) => i.id), key, status, completing, scope.userId]);
    const byId = new Map(incidents.map((i) => [i.id, i]));
    await this.timeline.addMany(changed.map((t) => ({
      incident: byId.get(t.incidentId)!, kind: 'task', visibility: 'internal' as const, body: t.title,
      data: { taskId: t.id, phase: t.phase, from: t.before, to: status, titleEn: t.titleEn },
    })));
    await this.audit.recordMany(changed.map((t) => ({
      entity: 'tasks', entityId: t.id, clientId: t.clientId, action: 'transition', before: { status: t.before }, after: { status, doneAt: t.doneAt, doneById: t.doneById },
    })));
    return changed.map((t) => ({ id: t.id, incidentId: t.incidentId }));
  }

  /** Every task of an incident (as firm staff see them): the phase gate of a transition reads them. */
  ofIncident(incidentId: string): Promise<Task[]> {
    return this.db.repo(Task).findBy({ firmId: this.db.scope.firmId, incidentId });
  }

  private async checkAssignee(id: string | null | undefined) {
    if (!id) return;
    await this.users.requireStaff('assigneeId', id);
  }

  async create(dto: CreateTaskDto): Promise<TaskRecord> {
    const scope = this.access.require('tasks', 'create');
    // the incident first (Locks): its task counts change, and the next position is read under its lock
    const incident = await this.incidents.requireUsable(dto.incidentId, { lock: true });
    await this.checkAssignee(dto.assigneeId);
    await this.timeline.acted(incident);
    let position = dto.position;
    if (position === undefined) {
      const [{ max }] = await this.db.em.query(LAST_POSITION, [scope.firmId, incident.id]);
      position = Number(max) + 1;
    }
    const t = this.db.repo(Task).create({
      firmId: scope.firmId, id: randomUUID(), incidentId: incident.id, clientId: incident.clientId, phase: dto.phase, key: null, section: null,
      title: dto.title, titleEn: null, description: dto.description ?? '', descriptionEn: null, required: dto.required ?? false,
      assigneeId: dto.assigneeId ?? null, dueAt: dto.dueAt ? new Date(dto.dueAt) : null, status: 'todo', position, doneById: null, doneAt: null,
    });
    await this.db.repo(Task).insert(t);
    if (t.assigneeId) await this.notifications.emit({ kind: 'task_assigned', taskIds: [t.id] });
    const rec = mapTask(await this.find(t.id));
    await this.audit.record({ entity: 'tasks', entityId: t.id, clientId: t.clientId, action: 'create', after: rec });
    return rec;
  }

  async update(id: string, dto: UpdateTaskDto): Promise<TaskRecord> {
    const scope = this.access.require('tasks', 'edit');
    const before = await this.lock(id);
    if (dto.assigneeId !== undefined) await this.checkAssignee(dto.assigneeId);
    const given: Partial<Task> = {};
    if (dto.title !== undefined) given.title = dto.title;
    if (dto.description !== undefined) given.description = dto.description;
    if (dto.required !== undefined) given.required = dto.required;
    if (dto.assigneeId !== undefined) given.assigneeId = dto.assigneeId;
    if (dto.dueAt !== undefined) given.dueAt = dto.dueAt ? new Date(dto.dueAt) : null;
    if (dto.position !== undefined) given.position = dto.position;
    // only what differs from the task as it is now: a PUT that changes nothing (a second "done") is no history
    const patch = changedFields(before, given);
    const completing = dto.status !== undefined && dto.status !== before.status && (dto.status === 'done' || dto.status === 'not_applicable');
    if (dto.status !== undefined && dto.status !== before.status) {
      patch.status = dto.status;
      patch.doneAt = completing ? new Date() : null;
      patch.doneById = completing ? scope.userId : null;
    }
    if (!Object.keys(patch).length) return mapTask(before);
    await this.timeline.acted({ id: before.incidentId, clientId: before.clientId });
    await this.db.repo(Task).update({ firmId: scope.firmId, id }, patch);
    const after = mapTask(await this.find(id));
    if (patch.status) {
      await this.timeline.add({ id: before.incidentId, clientId: before.clientId }, {
        kind: 'task', visibility: 'internal', body: before.title,
        data: { taskId: id, phase: before.phase, from: before.status, to: after.status, titleEn: before.titleEn },
      });
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId) {
      await this.timeline.add({ id: before.incidentId, clientId: before.clientId }, { kind: 'task', visibility: 'internal', body: before.title, data: { taskId: id, assigneeId: patch.assigneeId } });
      if (patch.assigneeId) await this.notifications.emit({ kind: 'task_assigned', taskIds: [id] });
    }
    await this.audit.record({ entity: 'tasks', entityId: id, clientId: before.clientId, action: patch.status ? 'transition' : 'update', before: mapTask(before), after });
    return after;
  }

  async remove(id: string): Promise<TaskRecord> {
    const scope = this.access.require('tasks', 'delete');
    const t = await this.lock(id);
    if (t.required) throw fieldError('required', 'a required task cannot be deleted; mark it not applicable instead');
    await this.timeline.acted({ id: t.incidentId, clientId: t.clientId });
    await this.db.repo(Task).delete({ firmId: scope.firmId, id });
    const rec = mapTask(t);
    await this.audit.record({ entity: 'tasks', entityId: id, clientId: t.clientId, action: 'delete', before: rec });
    return rec;
  }
}
