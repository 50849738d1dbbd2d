import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, checkTransition, formatFirmReference, INCIDENT_CATEGORIES, INCIDENT_NATURES, INCIDENT_STATUSES, isReopen, obligationStatus,
  type FirmIncidentChild, type FirmIncidentEventRecord, type FirmIncidentRecord, type FirmIncidentTask, type Grade, type TaskStatus, type IncidentCategory, type IncidentNature, type IncidentStatus, type ObligationStatus,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { CommunicationsService } from '../communications/communications.service';
import { AppError, badInput, conflict, type FieldError, fieldError, notFound } from '../common/errors';
import { fetchRowsCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery, SqlParams } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { canSeeClient } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TasksService } from '../tasks/tasks.service';
import { TimelineService } from '../timeline/timeline.service';
import type {
  AddFirmIncidentClientsDto, CreateIncidentDto, FirmIncidentNoticesDto, FirmIncidentTaskDto, FirmIncidentUpdateDto, GradeDto, RemoveFirmIncidentClientDto, TransitionDto,
} from './dto/incident.dto';
import { FirmIncident, FirmIncidentEvent, Incident } from './incident.entity';
import * as Q from './firm-incidents.queries';
import { IncidentsService } from './incidents.service';
import { ACTIVE_CHILDREN, ADD_CHILDREN, AFFECTED_OF, CHILDREN_CLOCKS, CHILDREN_COMMUNICATIONS, CHILDREN_IN, CHILD_OF_CLIENT, REMOVE_FROM_PARENT, REQUIRED_OPEN, childrenWhere, consultantSees, firmIncidentWhere } from './firm-incidents.queries';

const LIST: ListSpec = {
  resource: 'firm-incidents',
  idColumn: 'f.id',
  sortable: { reference: 'f.reference', title: 'f.title', status: 'f.status', detectedAt: 'f.detected_at', createdAt: 'f.created_at', id: 'f.id' },
  defaultSort: DEFAULT_SORTS['firm-incidents'],
  filters: {
    status: { column: 'f.status', type: 'text', values: INCIDENT_STATUSES },
    category: { column: 'f.category', type: 'text', values: INCIDENT_CATEGORIES },
    leadId: { column: 'f.lead_id', type: 'uuid' },
  },
  search: ['f.reference', 'f.title'],
};

/** The statuses in which a firm incident still takes clients, updates and notices. */
const ENDED: IncidentStatus[] = ['closed', 'dismissed'];

/** The forward path of the lifecycle (a client added later is brought to its parent's phase along it). */
const FORWARD: IncidentStatus[] = ['triage', 'responding', 'recovering', 'investigating', 'follow_up', 'closed'];

type ChildRow = Pick<Incident, 'id' | 'clientId' | 'reference' | 'status' | 'parentRemovedAt'> & { parentId: string; clientName: string; nearestDueAt: string | null };

export interface FirmIncidentClock {
  id: string;
  incidentId: string;
  clientId: string;
  clientName: string;
  reference: string;
  rule: string;
  audience: string;
  dueAt: string;
  fulfilledAt: string | null;
  status: ObligationStatus;
}

export interface FirmIncidentCommunication {
  id: string;
  incidentId: string;
  clientId: string;
  subject: string;
  audience: string;
  status: string;
  sentAt: string | null;
}

/**
 * The firm incident's page: every visible child's clocks (overdue first) and communications, the parent's tasks (its
 * children's playbook tasks taken together) and its own timeline.
 */
export type FirmIncidentPage = FirmIncidentRecord & {
  clocks: FirmIncidentClock[]; communications: FirmIncidentCommunication[]; tasks: FirmIncidentTask[]; timeline: FirmIncidentEventRecord[];
};

/** A child the parent's work still reaches: not removed, not closed or dismissed. */
const responding = (c: Pick<Incident, 'status' | 'parentRemovedAt'>) => c.parentRemovedAt === null && !ENDED.includes(c.status as IncidentStatus);

const iso = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d : d.toISOString());

function mapFirmIncident(f: FirmIncident, children: ChildRow[]): FirmIncidentRecord {
  return {
    id: f.id, scope: 'firm', reference: f.reference, title: f.title, description: f.description, category: f.category as IncidentCategory | null,
    nature: f.nature as IncidentNature | null, status: f.status as IncidentStatus, playbookId: f.playbookId, affectedSystems: f.affectedSystems,
    dataCategories: f.dataCategories, personalInfoInvolved: f.personalInfoInvolved, sensitivePersonalInfoInvolved: f.sensitivePersonalInfoInvolved,
    leadId: f.leadId, team: f.team, detectedAt: iso(f.detectedAt)!, closedAt: iso(f.closedAt), createdAt: iso(f.createdAt)!, updatedAt: iso(f.updatedAt)!,
    children: children.map((c): FirmIncidentChild => ({
      incidentId: c.id, clientId: c.clientId, clientName: c.clientName, reference: c.reference, status: c.status as IncidentStatus,
      removed: c.parentRemovedAt !== null, withParent: c.parentRemovedAt === null && c.status === f.status, nearestDueAt: iso(c.nearestDueAt),
    })),
    // the viewer is told how many other clients are affected, never which
    hiddenChildren: Math.max(0, f.childCount - children.length),
    grade: f.grade as Grade | null, gradeRationale: f.gradeRationale,
  };
}

/**
 * Firm incidents (issue 18): a breach at the firm itself, affecting many of its clients. The parent has no client; each
 * affected client has a child incident opened by IncidentsService.open in the parent's transaction (its own reference,
 * playbook tasks, clocks for the client's operator type and SLA, team). The parent carries the response: its lifecycle
 * moves the children still with it (same status, not removed), its client updates go to every child's client timeline,
 * and the client notice is drafted for every child from one template (each through the approval flow).
 *
 * Client admins never see a parent (access rules and row-level security) nor their child's `parentId`; consultants see
 * the parents with a child of an assigned client, only those children, and how many others there are.
 */
@Injectable()
export class FirmIncidentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly incidents: IncidentsService,
    private readonly communications: CommunicationsService,
    private readonly clients: ClientsService,
    private readonly tasks: TasksService,
  ) {}

  /** The consultant's condition on firm incidents (row-level security says the same): leads it or sees a child. */
  private visible(params: SqlParams, alias = 'f'): string[] {
    const scope = this.db.scope;
    if (scope.clientIds === 'all') return [];
    const user = params.add(scope.userId);
    const clients = params.add(scope.clientIds);
    return [consultantSees(alias, user, clients)];
  }

  async list(query: ListQuery): Promise<Page<FirmIncidentRecord>> {
    const scope = this.access.require('firm-incidents', 'list');
    const parsed = parseListQuery(query, LIST);
    const params = new SqlParams();
    const where = [`f.firm_id = ${params.add(scope.firmId)}`, ...this.visible(params)];
    const [items, n] = await fetchRowsCapped<FirmIncident>(
      (text, values) => this.db.rows(text, values),
      { select: this.db.columns(FirmIncident, 'f'), from: 'firm_incidents f', where, params },
      parsed,
      LIST,
    );
    const children = await this.children(items.map((f) => f.id));
    return new Page('firm-incidents', items.map((f) => mapFirmIncident(f, children.filter((c) => c.parentId === f.id))), parsed.start, n);
  }

  async get(id: string): Promise<FirmIncidentPage> {
    this.access.require('firm-incidents', 'show');
    const f = await this.find(id);
    const children = await this.children([f.id]);
    return {
      ...mapFirmIncident(f, children), clocks: await this.clocks(children), communications: await this.communicationsOf(children),
      tasks: await this.tasksOf(children.filter(responding)), timeline: await this.timelineOf(f),
    };
  }

  /** The parent's tasks: the playbook tasks of these children taken together, in the playbook's order. */
  private tasksOf(children: ChildRow[]): Promise<FirmIncidentTask[]> {
    if (!children.length) return Promise.resolve([]);
    return this.db.rows<FirmIncidentTask>(Q.TASKS_OF_CHILDREN, [this.db.scope.firmId, children.map((c) => c.id)]);
  }

  /** The firm incident's own timeline, newest first; another client's id is never shown to a viewer who may not see it. */
  private async timelineOf(f: FirmIncident): Promise<FirmIncidentEventRecord[]> {
    const scope = this.db.scope;
    const rows = await this.db.rows<FirmIncidentEventRecord>(Q.EVENTS_OF, [scope.firmId, f.id], { isoTimes: true });
    return rows.map((e) => {
      const ids = e.data.clientIds;
      if (!Array.isArray(ids) || scope.clientIds === 'all') return e;
      const seen = ids.filter((c) => canSeeClient(scope, String(c)));
      return { ...e, data: { ...e.data, clientIds: seen, otherClients: ids.length - seen.length } };
    });
  }

  /** An entry on the firm incident's own timeline (in the request's transaction). */
  private async event(f: FirmIncident, kind: FirmIncidentEventRecord['kind'], body: string, data: Record<string, unknown> = {}) {
    const scope = this.db.scope;
    const now = new Date();
    await this.db.insert(FirmIncidentEvent, [{
      firmId: scope.firmId, id: randomUUID(), firmIncidentId: f.id, kind, body, data, authorId: scope.userId, authorName: scope.name, occurredAt: now,
    }]);
  }

  /** A firm incident the caller may see, or 404. */
  private async find(id: string): Promise<FirmIncident> {
    if (!isUuid(id)) throw notFound('firm incident');
    const params = new SqlParams();
    const where = [`f.firm_id = ${params.add(this.db.scope.firmId)}`, `f.id = ${params.add(id)}`, ...this.visible(params)];
    const [f] = await this.db.rows<FirmIncident>(firmIncidentWhere(this.db.columns(FirmIncident, 'f'), where), params.values);
    if (!f) throw notFound('firm incident');
    return f;
  }

  /** The firm incident locked (Locks: first of everything), or 404; the caller has checked the role. */
  private async lock(id: string): Promise<FirmIncident> {
    const f = await this.locks.firmIncident(id);
    if (!f) throw notFound('firm incident');
    return f;
  }

  /** The children of these parents that the caller may see (clients in scope), with their clients' names. */
  private children(parentIds: string[]): Promise<ChildRow[]> {
    if (!parentIds.length) return Promise.resolve([]);
    const scope = this.db.scope;
    const params = new SqlParams();
    const where = [`i.firm_id = ${params.add(scope.firmId)}`, `i.parent_id = any(${params.add(parentIds)})`];
    if (scope.clientIds !== 'all') where.push(`i.client_id = any(${params.add(scope.clientIds)})`);
    return this.db.rows<ChildRow>(
      childrenWhere(where),
      params.values,
      { isoTimes: true },
    );
  }

  /** Every visible child's clocks in one table: overdue first, then by due time. */
  private async clocks(children: ChildRow[]): Promise<FirmIncidentClock[]> {
    if (!children.length) return [];
    const rows = await this.db.rows<Omit<FirmIncidentClock, 'status' | 'clientName' | 'reference'> & { stored: string }>(
      CHILDREN_CLOCKS,
      [this.db.scope.firmId, children.map((c) => c.id)],
      { isoTimes: true },
    );
    const now = new Date();
    const byId = new Map(children.map((c) => [c.id, c]));
    const rank = (s: ObligationStatus) => (s === 'overdue' ? 0 : s === 'pending' ? 1 : 2);
    return rows
      .map(({ stored, ...o }) => ({
        ...o, clientName: byId.get(o.incidentId)!.clientName, reference: byId.get(o.incidentId)!.reference,
        status: stored === 'not_applicable' ? 'not_applicable' as const : obligationStatus({ dueAt: o.dueAt, fulfilledAt: o.fulfilledAt }, now),
      }))
      .sort((a, b) => rank(a.status) - rank(b.status) || a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  /** The communications of every visible child (per client on the page). */
  private communicationsOf(children: ChildRow[]): Promise<FirmIncidentCommunication[]> {
    if (!children.length) return Promise.resolve([]);
    return this.db.rows<FirmIncidentCommunication>(
      CHILDREN_COMMUNICATIONS,
      [this.db.scope.firmId, children.map((c) => c.id)],
      { isoTimes: true },
    );
  }

  /** The next firm-incident reference of the firm for the year (its own counter: the incidents' numbers stay gap-free). */
  private async nextReference(at: Date): Promise<string> {
    const { year, seq } = await this.incidents.nextNumber('firm_incident_counters', at);
    return formatFirmReference(year, seq);
  }

  /** `POST /api/incidents {scope: 'firm', affectedClientIds, …}`: the parent and a child per client, in one transaction. */
  async create(dto: CreateIncidentDto): Promise<FirmIncidentPage> {
    const scope = this.access.require('firm-incidents', 'create');
    const errors: FieldError[] = [];
    if (dto.clientId !== undefined) errors.push({ field: 'clientId', message: "a firm incident has no client: give affectedClientIds" });
    if (!dto.affectedClientIds) errors.push({ field: 'affectedClientIds', message: 'is required for a firm incident' });
    const detectedAt = new Date(dto.detectedAt);
    if (detectedAt.getTime() > Date.now() + 5 * 60_000) errors.push({ field: 'detectedAt', message: 'cannot be in the future' });
    if (errors.length) throw badInput(errors);
    await this.incidents.checkStaff('leadId', dto.leadId);
    await this.incidents.checkTeam(dto.team);
    const playbook = await this.incidents.playbookFor(dto.playbookId);
    const clients = await this.clients.requireUsableMany(dto.affectedClientIds!, 'affectedClientIds');
    const now = new Date();
    const f: FirmIncident = {
      firmId: scope.firmId, id: randomUUID(), reference: await this.nextReference(now), title: dto.title.trim(), description: dto.description ?? '',
      category: dto.category ?? null, nature: dto.nature ?? null, status: 'triage', playbookId: playbook.id,
      affectedSystems: dto.affectedSystems ?? [], dataCategories: dto.dataCategories ?? [], personalInfoInvolved: dto.personalInfoInvolved ?? false,
      sensitivePersonalInfoInvolved: dto.sensitivePersonalInfoInvolved ?? false, leadId: dto.leadId ?? scope.userId,
      team: (dto.team ?? []).map((m) => ({ userId: m.userId ?? null, name: m.name, role: m.role, contact: m.contact ?? null })),
      childCount: clients.length, grade: null, gradeRationale: null, createdById: scope.userId, detectedAt, closedAt: null, createdAt: now, updatedAt: now,
    };
    const [stamps] = await this.db.insert(FirmIncident, [f], ['createdAt', 'updatedAt']);
    Object.assign(f, stamps);
    await this.openChildren(f, clients);
    await this.event(f, 'created', f.title, { status: f.status, clientIds: clients.map((c) => c.id) });
    await this.audit.record({ entity: 'firm-incidents', entityId: f.id, action: 'create', after: { reference: f.reference, title: f.title, status: f.status, detectedAt: f.detectedAt.toISOString(), clientIds: clients.map((c) => c.id) } });
    return this.get(f.id);
  }

  /**
   * A child for each client, opened as incidents of the clients with the parent's facts (together: openMany), and
   * brought to the parent's phase together.
   */
  private async openChildren(f: FirmIncident, clients: Client[]): Promise<Incident[]> {
    const playbook = await this.incidents.playbookFor(f.playbookId ?? undefined).catch(() => this.incidents.playbookFor(undefined));
    let children = await this.incidents.openMany(clients, playbook, {
      title: f.title, description: f.description, category: f.category, nature: f.nature, affectedSystems: f.affectedSystems,
      dataCategories: f.dataCategories, personalInfoInvolved: f.personalInfoInvolved, sensitivePersonalInfoInvolved: f.sensitivePersonalInfoInvolved,
      leadId: f.leadId, team: f.team, detectedAt: new Date(f.detectedAt),
    }, { reporting: false, parentId: f.id });
    // clients added while the response is under way join it where it is
    const target = FORWARD.indexOf(f.status as IncidentStatus);
    for (let k = 1; k <= target; k++) children = await this.incidents.applyTransitionMany(children.map((incident) => ({ incident, overridden: true })), FORWARD[k], null);
    return children;
  }

  /** Moves the firm incident, and with it every child still with it (same status, not removed). */
  async transition(id: string, dto: TransitionDto): Promise<FirmIncidentPage> {
    const scope = this.access.require('firm-incidents', 'transition');
    const f = await this.lock(id);
    const from = f.status as IncidentStatus;
    const to = dto.to as IncidentStatus;
    const check = checkTransition({ from, to, reason: dto.reason, override: false, canOverride: false, tasks: [] });
    if (!check.ok) {
      if (check.reason === 'reason_required') throw fieldError('reason', 'reopening needs a reason');
      throw new AppError(HttpStatus.CONFLICT, 'invalid_transition', `cannot move from ${from} to ${to}`, undefined, { status: from, allowed: check.allowed ?? [] });
    }
    // the children with it, locked after the parent in the order of their ids, each read as it is now
    const ids = (await this.db.rows<{ id: string }>(
      CHILDREN_IN, [scope.firmId, f.id, from],
    )).map((r) => r.id);
    const children = (await this.locks.incidents(ids)).filter((c) => c.status === from && c.parentRemovedAt === null);
    const open = new Set((await this.db.rows<{ incidentId: string }>(
      REQUIRED_OPEN,
      [scope.firmId, children.map((c) => c.id), from],
    )).map((r) => r.incidentId));
    await this.incidents.applyTransitionMany(children.map((c) => ({ incident: c, overridden: open.has(c.id) })), to, dto.reason ?? null);
    const closedAt = ENDED.includes(to) ? new Date() : null;
    await this.db.repo(FirmIncident).update({ firmId: scope.firmId, id: f.id }, { status: to, closedAt });
    await this.event(f, 'transition', dto.reason ?? '', { from, to, children: children.length });
    await this.audit.record({
      entity: 'firm-incidents', entityId: f.id, action: 'transition', before: { status: from }, after: { status: to },
      changes: { children: { before: null, after: children.map((c) => c.id) }, ...(dto.reason ? { reason: { before: null, after: dto.reason } } : {}) },
    });
    return this.get(f.id);
  }

  /** Clients added later: a new child each, brought to the parent's phase. */
  async addClients(id: string, dto: AddFirmIncidentClientsDto): Promise<FirmIncidentPage> {
    const scope = this.access.require('firm-incidents', 'edit');
    const f = await this.lock(id);
    if (ENDED.includes(f.status as IncidentStatus)) throw conflict(`the firm incident is ${f.status}`, { status: f.status });
    const clients = await this.clients.requireUsableMany(dto.clientIds, 'clientIds');
    const already = new Set((await this.db.rows<{ clientId: string }>(
      AFFECTED_OF,
      [scope.firmId, f.id, dto.clientIds],
    )).map((r) => r.clientId));
    const errors = dto.clientIds.flatMap((c, n) => (already.has(c) ? [{ field: `clientIds[${n}]`, message: 'is already affected' }] : []));
    if (errors.length) throw badInput(errors);
    const opened = (await this.openChildren(f, clients)).map((c) => c.id);
    await this.event(f, 'clients_added', '', { clientIds: clients.map((c) => c.id) });
    await this.db.rows(ADD_CHILDREN, [scope.firmId, f.id, clients.length]);
    await this.audit.record({ entity: 'firm-incidents', entityId: f.id, action: 'update', changes: { addedClientIds: { before: null, after: dto.clientIds }, children: { before: null, after: opened } } });
    return this.get(f.id);
  }

  /** A client removed: its child is dismissed with the reason and leaves the parent (never deleted). */
  async removeClient(id: string, dto: RemoveFirmIncidentClientDto): Promise<FirmIncidentPage> {
    const scope = this.access.require('firm-incidents', 'edit');
    const f = await this.lock(id);
    const [found] = await this.db.rows<{ id: string }>(
      CHILD_OF_CLIENT, [scope.firmId, f.id, dto.clientId],
    );
    if (!found || !canSeeClient(this.db.scope, dto.clientId)) throw fieldError('clientId', 'is not affected by this firm incident');
    const [child] = await this.locks.incidents([found.id]);
    if (!ENDED.includes(child.status as IncidentStatus)) await this.incidents.applyTransition(child, 'dismissed', dto.reason, false);
    else await this.timeline.add(child, { kind: 'note', visibility: 'client', body: dto.reason });
    await this.db.rows(REMOVE_FROM_PARENT, [scope.firmId, child.id]);
    await this.event(f, 'client_removed', dto.reason, { clientIds: [dto.clientId] });
    await this.audit.record({
      entity: 'firm-incidents', entityId: f.id, action: 'update',
      changes: { removedClientId: { before: dto.clientId, after: null }, reason: { before: null, after: dto.reason }, child: { before: child.id, after: null } },
    });
    return this.get(f.id);
  }

  /** The children that still take updates and notices: not removed, not closed or dismissed, locked after the parent. */
  private async activeChildren(f: FirmIncident): Promise<Incident[]> {
    const ids = (await this.db.rows<{ id: string }>(
      ACTIVE_CHILDREN,
      [this.db.scope.firmId, f.id],
    )).map((r) => r.id);
    return (await this.locks.incidents(ids)).filter(responding);
  }

  /** A client-visible update posted on the parent: one entry on every child's client timeline. */
  async postUpdate(id: string, dto: FirmIncidentUpdateDto): Promise<{ firmIncidentId: string; entries: { incidentId: string; timelineId: string }[] }> {
    this.access.require('firm-incidents', 'edit');
    const f = await this.lock(id);
    const children = await this.activeChildren(f);
    const entries = (await this.timeline.addMany(children.map((c) => ({ incident: c, kind: 'note', visibility: 'client' as const, body: dto.body }))))
      .map((e) => ({ incidentId: e.incidentId, timelineId: e.id }));
    await this.event(f, 'client_update', dto.body, { children: entries.length });
    await this.audit.record({ entity: 'firm-incidents', entityId: f.id, action: 'update', changes: { clientUpdate: { before: null, after: dto.body }, children: { before: null, after: entries.map((e) => e.incidentId) } } });
    return { firmIncidentId: f.id, entries };
  }

  /** The client notice drafted for every affected client from one template: a draft communication each (approval flow). */
  async draftNotices(id: string, dto: FirmIncidentNoticesDto): Promise<{ firmIncidentId: string; communications: unknown[] }> {
    this.access.require('firm-incidents', 'edit');
    const f = await this.lock(id);
    const children = await this.activeChildren(f);
    const drafted = [];
    for (const c of children) {
      drafted.push(await this.communications.create({ incidentId: c.id, templateId: dto.templateId, audience: 'client', clientVisible: true, ...(dto.lang ? { lang: dto.lang } : {}) }));
    }
    await this.event(f, 'notices', '', { templateId: dto.templateId, communications: drafted.length });
    return { firmIncidentId: f.id, communications: drafted };
  }

  /**
   * The breach graded: its grade, and every child still with it graded from the same inputs (a grading each, its
   * clocks recomputed for its client's operator type). 409 when the firm incident has ended.
   */
  async grade(id: string, dto: GradeDto): Promise<FirmIncidentPage> {
    const scope = this.access.require('firm-incidents', 'edit');
    const { chosen, suggestion } = this.incidents.choose(dto);
    const f = await this.lock(id);
    if (ENDED.includes(f.status as IncidentStatus)) throw conflict(`the firm incident is ${f.status}`, { status: f.status });
    const children = await this.activeChildren(f);
    for (const c of children) await this.incidents.applyGrade(c, dto);
    await this.db.repo(FirmIncident).update({ firmId: scope.firmId, id: f.id }, { grade: chosen, gradeRationale: dto.rationale ?? null });
    await this.event(f, 'grading', dto.rationale ?? '', { from: f.grade, to: chosen, suggested: suggestion.grade, inputs: dto.inputs, children: children.length });
    await this.audit.record({
      entity: 'firm-incidents', entityId: f.id, action: 'update', before: { grade: f.grade }, after: { grade: chosen },
      changes: { children: { before: null, after: children.map((c) => c.id) } },
    });
    return this.get(f.id);
  }

  /** A playbook task done (or reopened) on the breach: that task of every child still with it. 400 naming `key` when none has it. */
  async setTask(id: string, dto: FirmIncidentTaskDto): Promise<FirmIncidentPage> {
    this.access.require('firm-incidents', 'edit');
    const f = await this.lock(id);
    const children = await this.activeChildren(f);
    const [known] = await this.db.rows<{ n: number }>(Q.CHILDREN_WITH_TASK, [this.db.scope.firmId, children.map((c) => c.id), dto.key]);
    if (!known || Number(known.n) === 0) throw fieldError('key', 'no child of this firm incident still with it has a task of this key');
    const changed = await this.tasks.setByKey(children, dto.key, dto.status as TaskStatus);
    if (changed.length) {
      await this.event(f, 'task', '', { key: dto.key, status: dto.status, children: changed.length });
      await this.audit.record({
        entity: 'firm-incidents', entityId: f.id, action: 'update', changes: { task: { before: null, after: { key: dto.key, status: dto.status } }, children: { before: null, after: changed.map((t) => t.incidentId) } },
      });
    }
    return this.get(f.id);
  }
}
