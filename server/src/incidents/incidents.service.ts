import { HttpStatus, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  assigneeForRole, DEFAULT_SORTS, dateFormat, canOverrideGate, TEAM_ROLES, checkTransition, formatExerciseReference, formatReference, GRADES, INCIDENT_CATEGORIES, INCIDENT_NATURES,
  INCIDENT_STATUSES, isReopen, OPEN_INCIDENT_STATUSES, openRequiredTasks, STATUS_TIMESTAMP, suggestGrade, completeGradingInputs,
  WORK_PHASES, type Grade, type GradingInputs, type IncidentCategory, type IncidentNature, type IncidentRecord,
  type IncidentStatus, type PhaseProgress, type TeamRole,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../common/changes';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { AppError, badInput, fieldError, notFound } from '../common/errors';
import { fetchRowsCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery, SqlParams } from '../common/list-query';
import { isMajorGrading, NotificationsService } from '../notifications/notifications.service';
import { ObligationsService } from '../obligations/obligations.service';
import type { Playbook } from '../playbooks/playbook.entity';
import { PlaybooksService } from '../playbooks/playbooks.service';
import { TasksService } from '../tasks/tasks.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';
import { UsersService } from '../users/users.service';
import type { CreateIncidentDto, GradeDto, TeamMemberDto, TransitionDto, UpdateIncidentDto } from './dto/incident.dto';
import { Grading, Incident } from './incident.entity';
import { incidentById, incidentsByIds, incidentTotal, nextInCounter, overdueIncident } from './incidents.queries';

/** How an incident is opened: reported by a client admin, as a child of a firm incident, or as an exercise of a drill. */
export interface OpenOptions {
  reporting: boolean;
  parentId: string | null;
  /** an exercise of this drill (one client): numbered EX-…, left out of the service report's figures */
  trainingId?: string;
}

/** What an incident's end (closed) tells others: an exercise's drill takes its times (TrainingsService). */
export type EndedListener = (ended: Incident[]) => Promise<void>;

/** What opening an incident takes from the request (IncidentsService.open). */
export type OpenFields = Omit<CreateIncidentDto, 'detectedAt' | 'clientId' | 'playbookId' | 'scope' | 'affectedClientIds'> & { detectedAt: Date };

const LIST: ListSpec = {
  resource: 'incidents',
  idColumn: 'i.id',
  sortable: {
    reference: 'i.reference', title: 'i.title', status: 'i.status', grade: 'i.grade', category: 'i.category', detectedAt: 'i.detected_at',
    reportedAt: 'i.reported_at', createdAt: 'i.created_at', updatedAt: 'i.updated_at', id: 'i.id',
  },
  defaultSort: DEFAULT_SORTS['incidents'],
  filters: {
    clientId: { column: 'i.client_id', type: 'uuid' },
    parentId: { column: 'i.parent_id', type: 'uuid' },
    status: { column: 'i.status', type: 'text', values: INCIDENT_STATUSES },
    grade: { column: 'i.grade', type: 'text', values: GRADES },
    category: { column: 'i.category', type: 'text', values: INCIDENT_CATEGORIES },
    nature: { column: 'i.nature', type: 'text', values: INCIDENT_NATURES },
    leadId: { column: 'i.lead_id', type: 'uuid' },
    detectedAt_gte: { column: 'i.detected_at', type: 'gte' },
    detectedAt_lte: { column: 'i.detected_at', type: 'lte' },
  },
  search: ['i.reference', 'i.title'],
};

/**
 * A list of incidents filtered by nothing but clients (the scope's and the `clientId` filter, if any) has its exact
 * total in the counters the database keeps (`incident_totals`, migration 1765000000000): the client condition is
 * written here, with the same parameter in the list's WHERE and in the sum of the counters, and the filter goes on
 * without it. Any other filter, or a client id that is not a UUID (the usual 400 then), leaves the list to be counted.
 */
function countedByClient(
  filter: Record<string, unknown>,
  noOtherCondition: boolean,
  scope: { firm: string; clients: string | null },
  where: string[],
  params: SqlParams,
): { filter: Record<string, unknown>; total?: string } {
  const set = (v: unknown) => v !== undefined && v !== null && v !== '';
  const clientIds = set(filter.clientId) ? [filter.clientId].flat() : null;
  if (!noOtherCondition || Object.entries(filter).some(([k, v]) => k !== 'clientId' && set(v)) || (clientIds && !clientIds.every(isUuid))) return { filter };
  const counters = [`t.firm_id = ${scope.firm}`];
  if (scope.clients) counters.push(`t.client_id = any(${scope.clients})`);
  if (clientIds) {
    // one value compares with `=`, as listConditions writes it (the planner then reads the client's index in order)
    const p = params.add(clientIds.length === 1 ? clientIds[0] : clientIds);
    where.push(`i.client_id = ${clientIds.length === 1 ? p : `any(${p})`}`);
    counters.push(`t.client_id = ${clientIds.length === 1 ? p : `any(${p})`}`);
  }
  const { clientId: _c, ...rest } = filter;
  return { filter: rest, total: incidentTotal(counters) };
}

/** Fields a client admin may give when reporting. */
const REPORT_FIELDS = new Set(['title', 'description', 'detectedAt', 'clientId']);

/** What the list and the page show beside each incident. */
type IncidentExtras = { nearestDueAt?: string | null; progress?: PhaseProgress | null };

/**
 * What the list and the page show beside an incident, from the two columns the database keeps on it (its task counts
 * per phase and the nearest due date of its pending obligations: migration 1765100000000). Reads used to count the
 * tasks for every incident they showed.
 */
export function extrasOf(r: Pick<IncidentRow, 'progress' | 'nearestDueAt'>): IncidentExtras {
  let progress: PhaseProgress | null = null;
  if (r.progress) {
    progress = {} as PhaseProgress;
    for (const ph of WORK_PHASES) {
      const [done, total, requiredOpen] = r.progress[ph] ?? [0, 0, 0];
      progress[ph] = { done, total, requiredOpen };
    }
  }
  return { nearestDueAt: r.nearestDueAt, progress };
}

/**
 * An incident as the list and the page read it: its timestamps already ISO strings (TenantDb.rows with isoTimes), as
 * they are only printed.
 */
type IncidentRow = { [K in keyof Incident]: Incident[K] extends Date ? string : Incident[K] extends Date | null ? string | null : Incident[K] };

function iso(d: Date | string): string;
function iso(d: Date | string | null): string | null;
function iso(d: Date | string | null) {
  return d === null ? null : typeof d === 'string' ? d : d.toISOString();
}

/** The incident as firm staff see it. */
export function mapIncident(i: Incident | IncidentRow, extra: IncidentExtras = {}): IncidentRecord {
  return {
    id: i.id, clientId: i.clientId, parentId: i.parentId, exercise: i.exercise, trainingId: i.trainingId, reference: i.reference, title: i.title, description: i.description, category: i.category as IncidentCategory | null,
    nature: i.nature as IncidentNature | null, grade: i.grade as Grade | null, gradeRationale: i.gradeRationale, status: i.status as IncidentStatus,
    playbookId: i.playbookId,
    affectedSystems: i.affectedSystems, dataCategories: i.dataCategories, personalInfoInvolved: i.personalInfoInvolved,
    sensitivePersonalInfoInvolved: i.sensitivePersonalInfoInvolved, euPersonalData: i.euPersonalData, highRiskToIndividuals: i.highRiskToIndividuals,
    peopleAffected: i.peopleAffected, recordsAffected: i.recordsAffected === null ? null : Number(i.recordsAffected),
    businessImpact: i.businessImpact, leadId: i.leadId, team: i.team, reportedById: i.reportedById,
    detectedAt: iso(i.detectedAt), reportedAt: iso(i.reportedAt), acknowledgedAt: iso(i.acknowledgedAt), confirmedAt: iso(i.confirmedAt),
    containedAt: iso(i.containedAt), recoveredAt: iso(i.recoveredAt), resolvedAt: iso(i.resolvedAt), closedAt: iso(i.closedAt),
    createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt),
    nearestDueAt: extra.nearestDueAt ?? null,
    progress: extra.progress ?? null,
  };
}

/** The incident as the client's own admin sees it: no internal rationale, no team contact details. */
export function mapIncidentForClient(i: Incident | IncidentRow, extra: IncidentExtras = {}): IncidentRecord {
  // never which firm incident it belongs to: a client admin does not learn that other clients are affected
  const { gradeRationale: _r, reportedById: _b, playbookId: _p, parentId: _f, team, ...rest } = mapIncident(i, extra);
  return { ...rest, team: team.map((m) => ({ name: m.name, role: m.role })) };
}

@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly obligations: ObligationsService,
    private readonly playbooks: PlaybooksService,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
    private readonly tasks: TasksService,
    private readonly notifications: NotificationsService,
  ) {}

  private readonly endedListeners: EndedListener[] = [];

  /**
   * Called with the incidents a transition closed, in its transaction (after their clocks): how a module that the
   * incidents module may not import (trainings: an exercise's drill) learns of it.
   */
  onClosed(listener: EndedListener): void {
    this.endedListeners.push(listener);
  }

  private view(i: Incident | IncidentRow, extra: IncidentExtras = {}): IncidentRecord {
    return this.db.scope.role === 'client_admin' ? mapIncidentForClient(i, extra) : mapIncident(i, extra);
  }

  /**
   * The incident list and the incident page are the busiest reads: their SQL is written here and their rows come
   * straight from `pg` as entity-shaped objects (TenantDb.rows), without TypeORM's query building and hydration.
   */
  async list(query: ListQuery) {
    const scope = this.access.require('incidents', 'list');
    const parsed = parseListQuery(query, LIST, ['overdue', 'open', 'unacknowledged']);
    const params = new SqlParams();
    const firm = params.add(scope.firmId);
    const clients = scope.clientIds === 'all' ? null : params.add(scope.clientIds);
    const where = [`i.firm_id = ${firm}`];
    if (clients) where.push(`i.client_id = any(${clients})`);
    const { overdue, open, unacknowledged, ...rest } = parsed.filter;
    if (unacknowledged !== undefined) {
      if (typeof unacknowledged !== 'boolean') throw fieldError('filter.unacknowledged', 'must be true or false');
      // "my work": clients' reports no staff action has acknowledged yet
      where.push(unacknowledged ? `(i.status = 'reported' and i.acknowledged_at is null)` : `not (i.status = 'reported' and i.acknowledged_at is null)`);
    }
    if (overdue !== undefined) {
      if (typeof overdue !== 'boolean') throw fieldError('filter.overdue', 'must be true or false');
      where.push(overdueIncident(overdue));
    }
    if (open !== undefined) {
      if (typeof open !== 'boolean') throw fieldError('filter.open', 'must be true or false');
      where.push(`i.status ${open ? '' : 'not '}in (${OPEN_INCIDENT_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    }
    const { filter, total } = countedByClient(rest, overdue === undefined && open === undefined && unacknowledged === undefined, { firm, clients }, where, params);
    // the page and its total in one statement
    const [items, n] = await fetchRowsCapped<IncidentRow>(
      (text, values) => this.db.rows(text, values, { isoTimes: true }),
      { select: this.db.columns(Incident, 'i'), from: 'incidents i', where, params, total },
      { ...parsed, filter },
      LIST,
    );
    return new Page('incidents', items.map((i) => this.view(i, extrasOf(i))), parsed.start, n);
  }

  async get(id: string) {
    this.access.require('incidents', 'show');
    const i = await this.findRow<IncidentRow>(id, true);
    return this.view(i, extrasOf(i));
  }

  /** An incident the caller may see, or 404 (a plain object with the entity's properties). */
  find(id: string): Promise<Incident> {
    return this.findRow<Incident>(id, false);
  }

  /**
   * The incident as it is now, locked until the request ends, or 404: every change of an incident or of anything
   * that hangs off it starts here (Locks: the incident is locked first), so that it reads the state it changes from
   * after any other change of the incident has committed.
   */
  async lock(id: string): Promise<Incident> {
    const i = await this.locks.incident(id);
    if (!i) throw notFound('incident');
    this.access.requireClient(this.db.scope, i.clientId, 'incident');
    return i;
  }

  private byId?: string;

  private async findRow<R extends Incident | IncidentRow>(id: string, isoTimes: boolean): Promise<R> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('incident');
    // one string for every request (its hash, for the prepared statement's name, is computed once)
    this.byId ??= incidentById(this.db.columns(Incident, 'i'));
    const [i] = await this.db.rows<R>(this.byId, [scope.firmId, id], { isoTimes });
    if (!i) throw notFound('incident');
    this.access.requireClient(scope, i.clientId, 'incident');
    return i;
  }

  /** This user is an active consultant or manager of the firm (400 naming `field` otherwise). */
  async checkStaff(field: string, userId: string | null | undefined) {
    await this.users.requireStaff(field, userId);
  }

  /** Every team member who is a user is an active consultant or manager of the firm (create and update alike). */
  async checkTeam(team: TeamMemberDto[] | undefined) {
    for (const [n, m] of (team ?? []).entries()) if (m.userId) await this.users.requireStaff(`team[${n}].userId`, m.userId);
  }

  /** An exercise's reference: its own counter (EX-2026-0001), so that the real incidents' numbers stay gap-free. */
  private async nextExerciseReference(at: Date): Promise<string> {
    const { year, seq } = await this.nextNumber('exercise_counters', at);
    return formatExerciseReference(year, seq);
  }

  /** The next `count` references of the firm for the year: the counter row's lock makes numbers unique and gap-free. */
  private async nextReferences(at: Date, count: number): Promise<string[]> {
    const { year, seq } = await this.nextNumber('incident_counters', at, count);
    return Array.from({ length: count }, (_, k) => formatReference(year, seq + k));
  }

  /**
   * The next number of a per-firm, per-year counter (`incident_counters`, or `firm_incident_counters` for firm
   * incidents): the counter row's lock makes numbers unique and gap-free.
   */
  async nextNumber(counter: 'incident_counters' | 'firm_incident_counters' | 'exercise_counters', at: Date, count = 1): Promise<{ year: number; seq: number }> {
    const scope = this.db.scope;
    const year = Number(dateFormat('en', { timeZone: scope.timeZone, year: 'numeric' }).format(at));
    // `count` numbers at once (a firm incident's children): the first of them is returned
    const [row] = await this.db.rows<{ last: number }>(
      nextInCounter(counter),
      [scope.firmId, year, count],
    );
    return { year, seq: Number(row.last) - count + 1 };
  }

  async create(dto: CreateIncidentDto) {
    const scope = this.db.scope;
    const reporting = scope.role === 'client_admin';
    this.access.require('incidents', reporting ? 'report' : 'create');
    if (dto.affectedClientIds !== undefined) throw fieldError('affectedClientIds', "is for scope 'firm' (a breach at the firm itself)");
    let clientId = dto.clientId;
    if (reporting) {
      const extra = Object.keys(dto).filter((k) => (dto as any)[k] !== undefined && !REPORT_FIELDS.has(k));
      if (extra.length) throw badInput(extra.map((field) => ({ field, message: 'is set by the firm at triage' })));
      if (clientId && clientId !== scope.clientId) throw fieldError('clientId', 'no such client');
      clientId = scope.clientId!;
    }
    if (!clientId) throw fieldError('clientId', 'is required');
    // kept active until this incident is in (an offboarding of the client waits for it: Locks.shared)
    const client = await this.clients.requireUsable(clientId, { active: true });
    const detectedAt = new Date(dto.detectedAt);
    if (detectedAt.getTime() > Date.now() + 5 * 60_000) throw fieldError('detectedAt', 'cannot be in the future');
    await this.users.requireStaff('leadId', dto.leadId);
    await this.checkTeam(dto.team);
    const playbook = await this.playbookFor(dto.playbookId);
    const i = await this.open(client, playbook, { ...dto, detectedAt }, { reporting, parentId: null });
    return this.get(i.id);
  }

  /** The playbook given (400 when there is none such), or the built-in one. */
  async playbookFor(id: string | undefined): Promise<Playbook> {
    return id ? this.playbooks.find(id).catch(() => {
      throw fieldError('playbookId', 'no such playbook');
    }) : this.playbooks.ensureBuiltIn();
  }

  /**
   * Opens an incident for a client that the request holds (Locks.shared) and has checked: its reference, its tasks
   * from the playbook, its clocks for the client's operator type and SLA, the timeline and the audit log.
   */
  async open(client: Client, playbook: Playbook, f: OpenFields, opts: OpenOptions): Promise<Incident> {
    const [i] = await this.openMany([client], playbook, f, opts);
    // the client's report starts work: its owner and the client's consultants (or the managers) are told at once; the
    // acknowledgement clock (notification_clocks, kept by a trigger) escalates until a staff action meets it
    if (opts.reporting) await this.notifications.emit({ kind: 'incident_reported_by_client', incidentId: i.id });
    return i;
  }

  /**
   * open() for several clients at once with the same facts (the children of a firm incident, `parentId`, in its
   * transaction): a few statements for all of them — their references, the incidents, their tasks, clocks, timeline
   * entries and audit rows each written together — and each incident as open() makes it alone.
   */
  async openMany(clients: Client[], playbook: Playbook, f: OpenFields, opts: OpenOptions): Promise<Incident[]> {
    if (!clients.length) return [];
    const scope = this.db.scope;
    const { reporting } = opts;
    const detectedAt = f.detectedAt;
    const now = new Date();
    const references = opts.trainingId ? [await this.nextExerciseReference(now)] : await this.nextReferences(now, clients.length);
    const leadId = f.leadId ?? (reporting ? await this.users.reportOwner(clients[0].id) : scope.userId);
    const team = (f.team ?? []).map((m) => ({ userId: m.userId ?? null, name: m.name, role: m.role, contact: m.contact ?? null }));
    const incidents = clients.map((client, k): Incident => ({
      firmId: scope.firmId, id: randomUUID(), clientId: client.id, parentId: opts.parentId, parentRemovedAt: null,
      exercise: !!opts.trainingId, trainingId: opts.trainingId ?? null, reference: references[k], title: f.title.trim(),
      description: f.description ?? '', category: f.category ?? null, nature: f.nature ?? null, grade: null, gradeRationale: null,
      // firm staff who open an incident have acknowledged it; a client's report waits for the firm
      status: reporting ? 'reported' : 'triage', playbookId: playbook.id,
      affectedSystems: f.affectedSystems ?? [], dataCategories: f.dataCategories ?? [],
      personalInfoInvolved: f.personalInfoInvolved ?? false, sensitivePersonalInfoInvolved: f.sensitivePersonalInfoInvolved ?? false,
      euPersonalData: f.euPersonalData ?? false, highRiskToIndividuals: f.highRiskToIndividuals ?? false,
      peopleAffected: f.peopleAffected ?? null, recordsAffected: f.recordsAffected == null ? null : String(f.recordsAffected),
      businessImpact: f.businessImpact ?? null, leadId, team,
      reportedById: scope.userId, detectedAt, reportedAt: now, acknowledgedAt: reporting ? null : now,
      confirmedAt: null, containedAt: null, recoveredAt: null, resolvedAt: null, closedAt: null,
      // filled by the database
      createdAt: now, updatedAt: now, progress: null, nearestDueAt: null,
    }));
    const stamps = await this.db.insert(Incident, incidents, ['createdAt', 'updatedAt']);
    // the rows of one statement have the same times (the transaction's)
    for (const i of incidents) Object.assign(i, stamps[0]);
    await this.tasks.addFromPlaybook(incidents, playbook.tasks, detectedAt, now);
    await this.timeline.addMany(incidents.map((i) => ({
      incident: i, kind: 'created', visibility: 'client' as const, body: i.title, data: { reference: i.reference, status: i.status, reported: reporting },
    })));
    await this.obligations.recomputeMany(incidents, { clients: new Map(clients.map((c) => [c.id, c])), created: true });
    await this.audit.recordMany(incidents.map((i) => ({ entity: 'incidents', entityId: i.id, clientId: i.clientId, action: 'create', after: mapIncident(i) })));
    return incidents;
  }

  async update(id: string, dto: UpdateIncidentDto) {
    const scope = this.access.require('incidents', 'edit');
    const before = await this.lock(id);
    if (dto.leadId !== undefined) await this.users.requireStaff('leadId', dto.leadId);
    await this.checkTeam(dto.team);
    const given: Partial<Incident> = {};
    for (const k of ['title', 'description', 'category', 'nature', 'affectedSystems', 'dataCategories', 'personalInfoInvolved', 'sensitivePersonalInfoInvolved',
      'euPersonalData', 'highRiskToIndividuals', 'peopleAffected', 'businessImpact', 'leadId'] as const) {
      if (dto[k] !== undefined) (given as any)[k] = dto[k];
    }
    if (dto.recordsAffected !== undefined) given.recordsAffected = dto.recordsAffected === null ? null : String(dto.recordsAffected);
    if (dto.detectedAt !== undefined) {
      const d = new Date(dto.detectedAt);
      if (d.getTime() > Date.now() + 5 * 60_000) throw fieldError('detectedAt', 'cannot be in the future');
      given.detectedAt = d;
    }
    if (dto.team !== undefined) given.team = dto.team.map((m) => ({ userId: m.userId ?? null, name: m.name, role: m.role, contact: m.contact ?? null }));
    // only what differs from the incident as it is now: a PUT that changes none of its fields is no history (its
    // clocks are still brought up to date)
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) {
      await this.obligations.recompute(before);
      return this.get(id);
    }
    await this.timeline.acted(before);
    await this.db.repo(Incident).update({ firmId: scope.firmId, id }, patch);
    const after = await this.find(id);
    if (patch.team !== undefined || patch.leadId !== undefined) {
      await this.timeline.add(after, { kind: 'team', visibility: 'internal', data: { leadId: after.leadId, team: after.team, previousLeadId: before.leadId } });
      await this.assignByRole(after);
    }
    await this.obligations.recompute(after);
    await this.audit.record({ entity: 'incidents', entityId: id, clientId: after.clientId, action: 'update', before: mapIncident(before), after: mapIncident(after) });
    return this.get(id);
  }

  /**
   * The playbook's tasks that wait for a team role go to the member of that role the team now names (open tasks
   * nobody has yet; one already assigned keeps its assignee), and each new assignee is told.
   */
  private async assignByRole(i: Incident) {
    const members = TEAM_ROLES.map((role) => ({ role, userId: assigneeForRole(role, i) })).filter((m): m is { role: TeamRole; userId: string } => !!m.userId);
    await this.tasks.assignByRoles(i, members);
  }

  async transition(id: string, dto: TransitionDto) {
    const scope = this.access.require('incidents', 'transition');
    const i = await this.lock(id);
    const from = i.status as IncidentStatus;
    const to = dto.to as IncidentStatus;
    const tasks = await this.tasks.ofIncident(id);
    const canOverride = canOverrideGate({ id: scope.userId, role: scope.role }, i);
    const check = checkTransition({ from, to, reason: dto.reason, override: dto.override, canOverride, tasks });
    if (!check.ok) {
      if (check.reason === 'reason_required') throw fieldError('reason', isReopen(from, to) ? 'reopening needs a reason' : 'an override needs a reason');
      if (check.reason === 'not_allowed') {
        throw new AppError(HttpStatus.CONFLICT, 'invalid_transition', `cannot move from ${from} to ${to}`, undefined, { status: from, allowed: check.allowed ?? [] });
      }
      throw new AppError(HttpStatus.CONFLICT, 'invalid_transition', `the ${from} phase has required tasks open`, undefined, {
        status: from, openTasks: check.openTasks ?? [], canOverride,
      });
    }
    const overridden = !!dto.override && openRequiredTasks(tasks, from).length > 0;
    await this.applyTransition(i, to, dto.reason ?? null, overridden);
    return this.get(id);
  }

  /**
   * Moves an incident that the request has locked (checked by the caller): its timestamps, the timeline (client-visible),
   * its clocks and the audit log.
   */
  async applyTransition(i: Incident, to: IncidentStatus, reason: string | null, overridden: boolean): Promise<Incident> {
    return (await this.applyTransitionMany([{ incident: i, overridden }], to, reason))[0];
  }

  /**
   * applyTransition() for several incidents in the same status at once (a firm incident's children, moved with it):
   * one update for all, then their timeline entries, clocks and audit rows each written together.
   */
  async applyTransitionMany(items: { incident: Incident; overridden: boolean }[], to: IncidentStatus, reason: string | null): Promise<Incident[]> {
    if (!items.length) return [];
    const scope = this.db.scope;
    const from = items[0].incident.status as IncidentStatus;
    if (items.some((x) => x.incident.status !== from)) throw new Error('applyTransitionMany: incidents in one status only');
    const ids = items.map((x) => x.incident.id);
    const now = new Date();
    const patch: Partial<Incident> = { status: to };
    const stamp = STATUS_TIMESTAMP[to];
    // the acknowledgement is the first staff action's moment (TimelineService.actedMany, this one's where it is the
    // first): moving to triage later does not move it
    await this.timeline.actedMany(items.map((x) => x.incident));
    if (stamp && stamp !== 'acknowledgedAt' && !isReopen(from, to)) (patch as any)[stamp] = now;
    if (isReopen(from, to)) patch.closedAt = null;
    await this.db.repo(Incident).update({ firmId: scope.firmId, id: In(ids) }, patch);
    const byId = new Map((await this.db.rows<Incident>(incidentsByIds(this.db.columns(Incident, 'i')), [scope.firmId, ids])).map((i) => [i.id, i]));
    const after = ids.map((id) => byId.get(id)!);
    await this.timeline.addMany(items.map(({ overridden }, k) => ({
      incident: after[k], kind: 'transition', visibility: 'client' as const, body: reason ?? '',
      data: { from, to, reopen: isReopen(from, to), override: overridden },
    })));
    await this.obligations.recomputeMany(after);
    if (to === 'closed') for (const listener of this.endedListeners) await listener(after);
    await this.audit.recordMany(items.map(({ incident: i, overridden }) => ({
      entity: 'incidents', entityId: i.id, clientId: i.clientId, action: 'transition', before: { status: from }, after: { status: to },
      changes: reason ? { reason: { before: null, after: reason }, ...(overridden ? { override: { before: null, after: true } } : {}) } : undefined,
    })));
    return after;
  }

  async grade(id: string, dto: GradeDto) {
    this.access.require('incidents', 'grade');
    // gradings of one incident one after another: each is kept, and each starts from the grade the previous one set
    const i = await this.lock(id);
    const grading = await this.applyGrade(i, dto);
    return { incident: await this.get(id), grading: mapGrading(grading) };
  }

  /**
   * The grade an incident's inputs suggest, and the one chosen: 400 naming `rationale` when the choice differs from the
   * suggestion without one. A firm incident's grade is chosen so before its children's.
   */
  choose(dto: GradeDto) {
    // those asked later (website, population shares) default to nothing affected, and are stored so
    const inputs = completeGradingInputs(dto.inputs as unknown as Partial<GradingInputs>);
    const suggestion = suggestGrade(inputs);
    const chosen = dto.grade ?? suggestion.grade;
    if (chosen !== suggestion.grade && !dto.rationale?.trim()) throw fieldError('rationale', 'is required when the grade differs from the suggestion');
    return { inputs, suggestion, chosen };
  }

  /**
   * Grades an incident the request has locked (also a child graded with its firm incident): the grading kept, the
   * grade set, the timeline, its clocks, the news of a major incident and the audit log.
   */
  async applyGrade(i: Incident, dto: GradeDto): Promise<Grading> {
    const scope = this.db.scope;
    const id = i.id;
    const { inputs, suggestion, chosen } = this.choose(dto);
    // acknowledged first, so that the clocks recomputed below see it (a contract's acknowledgement clock is met by it)
    await this.timeline.acted(i);
    const g = this.db.repo(Grading).create({
      firmId: scope.firmId, id: randomUUID(), incidentId: id, clientId: i.clientId, inputs: inputs as any, suggestedGrade: suggestion.grade,
      chosenGrade: chosen, matchedRules: suggestion.matched.map((r) => ({ id: r.id, grade: r.grade, source: r.source, text: r.text })),
      rationale: dto.rationale ?? '', gradedById: scope.userId, gradedAt: new Date(),
    });
    await this.db.repo(Grading).insert(g);
    await this.db.repo(Incident).update({ firmId: scope.firmId, id }, { grade: chosen, gradeRationale: dto.rationale ?? null });
    const after = await this.find(id);
    await this.timeline.add(after, { kind: 'grading', visibility: 'internal', body: dto.rationale ?? '', data: { from: i.grade, to: chosen, suggested: suggestion.grade } });
    await this.obligations.recompute(after);
    if (isMajorGrading(i.grade as Grade | null, chosen as Grade)) await this.notifications.emit({ kind: 'incident_major', incidentId: id });
    // the grading it was, also when the grade stays as it was (a re-grading with new inputs)
    await this.audit.record({
      entity: 'incidents', entityId: id, clientId: i.clientId, action: 'update', before: { grade: i.grade }, after: { grade: chosen },
      changes: { gradingId: { before: null, after: g.id } },
    });
    return g;
  }
}

export function mapGrading(g: Grading) {
  return {
    id: g.id, incidentId: g.incidentId, clientId: g.clientId, inputs: g.inputs, suggestedGrade: g.suggestedGrade, chosenGrade: g.chosenGrade,
    matchedRules: g.matchedRules, rationale: g.rationale, gradedById: g.gradedById, gradedAt: g.gradedAt.toISOString(),
  };
}
