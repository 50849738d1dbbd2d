import { HttpStatus, Injectable } from '@nestjs/common';
import { changedFields } from '../common/changes';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, canAcknowledge, checkApproval, checkCommunicationTransition, COMMUNICATION_AUDIENCES, COMMUNICATION_CHANNELS, COMMUNICATION_DIRECTIONS,
  COMMUNICATION_STATUSES, initialCommunicationStatus, isCommunicationEditable, obligationAudienceFor, PLACEHOLDER_CHECKED_AUDIENCES, RESTRICTED_APPROVAL_AUDIENCES,
  templatePrompts, templateServes, unfilledPlaceholders, type CommunicationAudience, type ObligationRule,
  type CommunicationChannel, type CommunicationDirection, type CommunicationRecord, type CommunicationStatus, type Locale, type ReportStage,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { AppError, badInput, conflict, fieldError, type FieldError, notFound } from '../common/errors';
import { applyListQuery, getManyAndCountCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import type { Incident } from '../incidents/incident.entity';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { ObligationsService } from '../obligations/obligations.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TimelineService } from '../timeline/timeline.service';
import { AWAITING_MY_APPROVAL, FIRST_OPEN_OBLIGATION } from './communications.queries';
import { Communication, CommunicationTemplate } from './communication.entity';
import { CommunicationTemplatesService } from './communication-templates.service';
import type { CommunicationTransitionDto, CreateCommunicationDto, UpdateCommunicationDto } from './dto/communication.dto';
import { UsersService } from '../users/users.service';

/** When it happened: sent or received, else (drafts) created. */
const DATE = 'coalesce(c.sent_at, c.received_at, c.created_at)';

const LIST: ListSpec = {
  resource: 'communications',
  idColumn: 'c.id',
  sortable: {
    date: DATE, createdAt: 'c.created_at', updatedAt: 'c.updated_at', sentAt: 'c.sent_at', status: 'c.status', audience: 'c.audience',
    channel: 'c.channel', direction: 'c.direction', subject: 'c.subject', id: 'c.id',
  },
  defaultSort: DEFAULT_SORTS['communications'],
  filters: {
    clientId: { column: 'c.client_id', type: 'uuid' },
    incidentId: { column: 'c.incident_id', type: 'uuid' },
    obligationId: { column: 'c.obligation_id', type: 'uuid' },
    templateId: { column: 'c.template_id', type: 'uuid' },
    createdById: { column: 'c.created_by_id', type: 'uuid' },
    audience: { column: 'c.audience', type: 'text', values: COMMUNICATION_AUDIENCES },
    channel: { column: 'c.channel', type: 'text', values: COMMUNICATION_CHANNELS },
    direction: { column: 'c.direction', type: 'text', values: COMMUNICATION_DIRECTIONS },
    status: { column: 'c.status', type: 'text', values: COMMUNICATION_STATUSES },
    clientVisible: { column: 'c.client_visible', type: 'bool' },
    date_gte: { column: DATE, type: 'gte' },
    date_lte: { column: DATE, type: 'lte' },
    createdAt_gte: { column: 'c.created_at', type: 'gte' },
    createdAt_lte: { column: 'c.created_at', type: 'lte' },
    sentAt_gte: { column: 'c.sent_at', type: 'gte' },
    sentAt_lte: { column: 'c.sent_at', type: 'lte' },
  },
  search: ['c.subject', 'c.body'],
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const dateOf = (c: Communication) => (c.sentAt ?? c.receivedAt ?? c.createdAt).toISOString();

/** The communication as firm staff see it: the whole flow, who and when. */
export function mapCommunication(c: Communication, names: Map<string, string> = new Map()): CommunicationRecord {
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    id: c.id, clientId: c.clientId, incidentId: c.incidentId, audience: c.audience as CommunicationAudience, channel: c.channel as CommunicationChannel,
    direction: c.direction as CommunicationDirection,
    subject: c.subject, body: c.body, recipients: c.recipients, clientVisible: c.clientVisible, status: c.status as CommunicationStatus,
    templateId: c.templateId, obligationId: c.obligationId,
    createdById: c.createdById, createdByName: name(c.createdById),
    submittedById: c.submittedById, submittedByName: name(c.submittedById), submittedAt: iso(c.submittedAt),
    approvedById: c.approvedById, approvedByName: name(c.approvedById), approvedAt: iso(c.approvedAt),
    sentById: c.sentById, sentByName: name(c.sentById), sentAt: iso(c.sentAt),
    receivedAt: iso(c.receivedAt),
    acknowledgedById: c.acknowledgedById, acknowledgedByName: name(c.acknowledgedById), acknowledgedAt: iso(c.acknowledgedAt),
    receiptNumber: c.receiptNumber, reportStage: c.reportStage as ReportStage | null,
    date: dateOf(c), createdAt: iso(c.createdAt)!, updatedAt: iso(c.updatedAt)!,
  };
}

/** The communication as the client's admin sees it: what was said and when; not the firm's drafting and approval. */
export function mapCommunicationForClient(c: Communication, names: Map<string, string> = new Map()) {
  return {
    id: c.id, clientId: c.clientId, incidentId: c.incidentId, audience: c.audience, channel: c.channel, direction: c.direction,
    subject: c.subject, body: c.body, recipients: c.recipients, clientVisible: c.clientVisible, status: c.status,
    sentAt: iso(c.sentAt), receivedAt: iso(c.receivedAt),
    acknowledgedById: c.acknowledgedById, acknowledgedByName: c.acknowledgedById ? (names.get(c.acknowledgedById) ?? null) : null,
    acknowledgedAt: iso(c.acknowledgedAt), receiptNumber: c.receiptNumber, reportStage: c.reportStage, date: dateOf(c), createdAt: iso(c.createdAt),
  };
}

/** Statuses a client admin may see (with client_visible); the database policy says the same. */
const CLIENT_VISIBLE_STATUSES = ['sent', 'received'];

/**
 * The communications register. Outbound: draft → in_review → approved → sent (approval by the rule in shared/);
 * inbound: received. Sending one linked to an obligation fulfils it through ObligationsService.markFulfilled.
 */
@Injectable()
export class CommunicationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly notifications: NotificationsService,
    private readonly obligations: ObligationsService,
    private readonly templates: CommunicationTemplatesService,
    private readonly clients: ClientsService,
    private readonly incidents: IncidentLookup,
    private readonly users: UsersService,
  ) {}

  private get isClient() {
    return this.db.scope.role === 'client_admin';
  }

  /** Names of the users behind the who-fields (those the caller's scope can see). */
  private async names(items: Communication[]): Promise<Map<string, string>> {
    return this.users.names(items.flatMap((c) => [c.createdById, c.submittedById, c.approvedById, c.sentById, c.acknowledgedById]));
  }

  private async view(items: Communication[]) {
    const names = await this.names(items);
    return items.map((c) => (this.isClient ? mapCommunicationForClient(c, names) : mapCommunication(c, names)));
  }

  async list(query: ListQuery) {
    const scope = this.access.require('communications', 'list');
    const parsed = parseListQuery(query, LIST, ['awaitingMyApproval']);
    const qb = this.db.repo(Communication).createQueryBuilder('c').where('c.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('c.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    if (this.isClient) qb.andWhere('c.client_visible and c.status = any(:clientStatuses)', { clientStatuses: CLIENT_VISIBLE_STATUSES });
    const { awaitingMyApproval, ...rest } = parsed.filter;
    if (awaitingMyApproval !== undefined) {
      if (typeof awaitingMyApproval !== 'boolean') throw fieldError('filter.awaitingMyApproval', 'must be true or false');
      // "my work": in review, and the approval rule (checkApproval) lets me approve it
      const mine = AWAITING_MY_APPROVAL;
      qb.andWhere(awaitingMyApproval ? mine : `not ${mine}`, { me: scope.userId, meText: scope.userId, role: scope.role, restricted: [...RESTRICTED_APPROVAL_AUDIENCES] });
    }
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    return new Page('communications', await this.view(items), parsed.start, total);
  }

  async get(id: string) {
    this.access.require('communications', 'show');
    return (await this.view([await this.find(id)]))[0];
  }

  /** A communication the caller may see, or 404 (for a client admin: only client-visible sent or received ones). */
  async find(id: string): Promise<Communication> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('communication');
    return this.visible(await this.db.repo(Communication).findOneBy({ firmId: scope.firmId, id }));
  }

  /**
   * The communication as it is now, locked until the request ends (after its incident: Locks), or 404 as find().
   * Every change of a communication reads it so: of several racers one changes it, the others see the change.
   */
  async lock(id: string): Promise<Communication> {
    return this.visible(await this.locks.record(Communication, id));
  }

  private visible(c: Communication | null): Communication {
    if (!c) throw notFound('communication');
    this.access.requireClient(this.db.scope, c.clientId, 'communication');
    if (this.isClient && !(c.clientVisible && CLIENT_VISIBLE_STATUSES.includes(c.status))) throw notFound('communication');
    return c;
  }

  /** The incident of a body, if the caller may access it. */
  private incidentFor(id: string): Promise<Incident | null> {
    return this.incidents.inScope(id);
  }

  /**
   * The obligation a communication would fulfil: of the same incident, for the matching audience, still open.
   * Returns the problem with it, or null.
   */
  private async obligationProblem(
    obligationId: string,
    c: { incidentId: string | null; audience: string; direction: string; template?: { key: string; audience: string } | null; reportStage?: string | null },
    changed: boolean,
  ): Promise<string | null> {
    if (c.direction !== 'outbound') return 'only an outbound communication fulfils an obligation';
    if (!c.incidentId) return 'needs the incident the obligation belongs to (incidentId)';
    const o = await this.obligations.inScope(obligationId);
    if (!o || o.incidentId !== c.incidentId) return 'no such obligation on this incident';
    const wanted = obligationAudienceFor(c.audience);
    if (!wanted) return `a communication to ${c.audience} fulfils no obligation (only regulator and affected_individuals ones do)`;
    if (o.audience !== wanted) return `is an obligation towards ${o.audience}, not ${c.audience}`;
    if (c.template) {
      const serves = templateServes(c.template);
      if (!serves.includes(o.rule as ObligationRule)) return `is an obligation of rule ${o.rule}, which its template does not serve (${serves.join(', ') || 'none'})`;
    }
    if (changed && o.status === 'not_applicable') return 'no longer applies';
    if (changed && o.status === 'waived') return 'is waived';
    // a follow-up (补报) is recorded against the report it follows, which is usually met already
    if (changed && o.fulfilledAt && c.reportStage !== 'follow_up') return 'is already met';
    return null;
  }

  /** The template a communication was made from (of the caller's firm), or null. */
  private async templateOf(c: { templateId: string | null }): Promise<CommunicationTemplate | null> {
    if (!c.templateId) return null;
    return this.db.repo(CommunicationTemplate).findOneBy({ firmId: this.db.scope.firmId, id: c.templateId });
  }

  /**
   * The open obligation of the incident that a notice from this template fulfils: of the rules the template serves, the
   * first in the template's order that is open (pre-selected when a notice is made from a template without obligationId).
   */
  private async preselectObligation(template: CommunicationTemplate, incidentId: string): Promise<string | null> {
    const serves = templateServes(template);
    if (!serves.length) return null;
    const [o] = await this.db.rows<{ id: string }>(
      FIRST_OPEN_OBLIGATION,
      [this.db.scope.firmId, incidentId, serves]);
    return o?.id ?? null;
  }

  /** 409 listing what is unfilled, for a notice to a regulator or to affected individuals (before approval or sending). */
  private async requireFilled(c: Communication) {
    if (!(PLACEHOLDER_CHECKED_AUDIENCES as readonly string[]).includes(c.audience)) return;
    const template = await this.templateOf(c);
    const placeholders = unfilledPlaceholders(`${c.subject}\n${c.body}`, template ? templatePrompts(template) : []);
    if (placeholders.length) {
      throw new AppError(HttpStatus.CONFLICT, 'unfilled_placeholders', `fill in every placeholder first (${placeholders.length} left)`, undefined, { status: c.status, placeholders });
    }
  }

  async create(dto: CreateCommunicationDto) {
    const scope = this.access.require('communications', 'create');
    const errors: FieldError[] = [];
    const direction = (dto.direction ?? 'outbound') as CommunicationDirection;

    let template: CommunicationTemplate | null = null;
    if (dto.templateId) template = await this.templates.find(dto.templateId).catch(() => null);
    if (dto.templateId && !template) errors.push({ field: 'templateId', message: 'no such template' });

    let incident: Incident | null = null;
    if (dto.incidentId) {
      incident = await this.incidentFor(dto.incidentId);
      if (!incident) errors.push({ field: 'incidentId', message: 'no such incident' });
    }
    let clientId = dto.clientId ?? incident?.clientId ?? null;
    if (dto.clientId) {
      const client = await this.clients.usable(dto.clientId, {}, errors);
      if (!client) {
        clientId = null;
      } else if (incident && incident.clientId !== client.id) errors.push({ field: 'incidentId', message: 'is an incident of another client' });
    } else if (!clientId && !dto.incidentId) errors.push({ field: 'clientId', message: 'is required (or give incidentId)' });

    const audience = dto.audience ?? template?.audience;
    const channel = dto.channel ?? template?.channel;
    if (!audience) errors.push({ field: 'audience', message: 'is required' });
    if (!channel) errors.push({ field: 'channel', message: 'is required' });

    let subject = dto.subject;
    let body = dto.body;
    if (template && clientId && (subject === undefined || body === undefined)) {
      const lang = (dto.lang as Locale | undefined) ?? (await this.templates.firmLocale());
      const filled = await this.templates.fill(template, incident, clientId, lang);
      subject ??= filled.subject;
      body ??= filled.body;
    }
    if (subject === undefined && !errors.some((e) => e.field === 'templateId')) errors.push({ field: 'subject', message: 'is required' });

    if (direction === 'outbound' && dto.receivedAt !== undefined) errors.push({ field: 'receivedAt', message: 'is for inbound communications only' });
    let receivedAt: Date | null = null;
    if (direction === 'inbound') {
      receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : new Date();
      if (receivedAt.getTime() > Date.now() + 60_000) errors.push({ field: 'receivedAt', message: 'cannot be in the future' });
    }
    const reportStage = dto.reportStage ?? null;
    if (reportStage && audience !== 'regulator') errors.push({ field: 'reportStage', message: 'is for a report to a regulator' });
    if (dto.obligationId && audience && !errors.some((e) => e.field === 'incidentId')) {
      const problem = await this.obligationProblem(dto.obligationId, { incidentId: incident?.id ?? null, audience, direction, template, reportStage }, true);
      if (problem) errors.push({ field: 'obligationId', message: problem });
    }
    if (errors.length) throw badInput(errors);
    let obligationId = dto.obligationId ?? null;
    if (dto.obligationId === undefined && template && incident && direction === 'outbound' && reportStage !== 'follow_up' && template.audience === audience) {
      obligationId = await this.preselectObligation(template, incident.id);
    }

    const c = this.db.repo(Communication).create({
      firmId: scope.firmId, id: randomUUID(), clientId: clientId!, incidentId: incident?.id ?? null, audience: audience!, channel: channel!, direction,
      subject: subject!, body: body ?? '', recipients: dto.recipients ?? [], clientVisible: dto.clientVisible ?? false,
      status: initialCommunicationStatus(direction), templateId: template?.id ?? null, obligationId,
      createdById: scope.userId, submittedById: null, submittedAt: null, approvedById: null, approvedAt: null, sentById: null, sentAt: null,
      receivedAt, acknowledgedById: null, acknowledgedAt: null, receiptNumber: null, reportStage,
    });
    if (incident) await this.timeline.acted(incident);
    await this.db.repo(Communication).insert(c);
    const saved = await this.find(c.id);
    if (direction === 'inbound' && saved.incidentId) await this.addTimeline(saved, 'received', saved.receivedAt!);
    const rec = mapCommunication(saved);
    await this.audit.record({ entity: 'communications', entityId: c.id, clientId: c.clientId, action: 'create', after: rec });
    return this.get(c.id);
  }

  async update(id: string, dto: UpdateCommunicationDto) {
    const scope = this.access.require('communications', 'edit');
    const before = await this.lock(id);
    if (!isCommunicationEditable(before.status as CommunicationStatus)) {
      throw conflict(
        before.status === 'sent' ? 'a sent communication cannot be changed' : `a communication ${before.status} cannot be changed; send it back to draft first`,
        { status: before.status },
      );
    }
    const errors: FieldError[] = [];
    const patch: Partial<Communication> = {};
    for (const k of ['audience', 'channel', 'subject', 'body', 'recipients', 'clientVisible'] as const) {
      if (dto[k] !== undefined) (patch as any)[k] = dto[k];
    }
    if (dto.incidentId !== undefined) {
      if (dto.incidentId === null) patch.incidentId = null;
      else {
        const incident = await this.incidentFor(dto.incidentId);
        if (!incident) errors.push({ field: 'incidentId', message: 'no such incident' });
        else if (incident.clientId !== before.clientId) errors.push({ field: 'incidentId', message: 'is an incident of another client' });
        else patch.incidentId = incident.id;
      }
    }
    if (dto.receivedAt === null) {
      if (before.receivedAt) errors.push({ field: 'receivedAt', message: 'must not be null: an inbound communication was received' });
    } else if (dto.receivedAt !== undefined) {
      const at = new Date(dto.receivedAt);
      if (before.direction !== 'inbound') errors.push({ field: 'receivedAt', message: 'is for inbound communications only' });
      else if (at.getTime() > Date.now() + 60_000) errors.push({ field: 'receivedAt', message: 'cannot be in the future' });
      else patch.receivedAt = at;
    }
    const reportStage = dto.reportStage !== undefined ? dto.reportStage : before.reportStage;
    if (dto.reportStage !== undefined) patch.reportStage = dto.reportStage;
    if (reportStage && (patch.audience ?? before.audience) !== 'regulator') errors.push({ field: 'reportStage', message: 'is for a report to a regulator' });
    const obligationId = dto.obligationId !== undefined ? dto.obligationId : before.obligationId;
    if (obligationId && !errors.some((e) => e.field === 'incidentId')) {
      const next = {
        incidentId: patch.incidentId !== undefined ? patch.incidentId : before.incidentId, audience: patch.audience ?? before.audience, direction: before.direction,
        template: await this.templateOf(before), reportStage,
      };
      const problem = await this.obligationProblem(obligationId, next, obligationId !== before.obligationId);
      if (problem) errors.push({ field: 'obligationId', message: problem });
    }
    if (dto.obligationId !== undefined) patch.obligationId = dto.obligationId;
    if (errors.length) throw badInput(errors);
    // only what differs from the communication as it is now: a PUT that changes nothing is no history
    const changed = changedFields(before, patch);
    if (!Object.keys(changed).length) return this.get(id);
    const incidentId = changed.incidentId !== undefined ? changed.incidentId : before.incidentId;
    if (incidentId) await this.timeline.acted({ id: incidentId, clientId: before.clientId });
    await this.db.repo(Communication).update({ firmId: scope.firmId, id }, changed);
    const after = await this.find(id);
    await this.audit.record({ entity: 'communications', entityId: id, clientId: before.clientId, action: 'update', before: mapCommunication(before), after: mapCommunication(after) });
    return this.get(id);
  }

  async transition(id: string, dto: CommunicationTransitionDto) {
    const scope = this.access.require('communications', 'transition');
    const c = await this.lock(id);
    const from = c.status as CommunicationStatus;
    const to = dto.to as CommunicationStatus;
    const check = checkCommunicationTransition({ from, to, direction: c.direction as CommunicationDirection });
    if (!check.ok) {
      throw new AppError(HttpStatus.CONFLICT, 'invalid_transition', `cannot move a ${c.direction} communication from ${from} to ${to}`, undefined, { status: from, allowed: check.allowed });
    }
    if (to !== 'sent' && (dto.sentAt !== undefined || dto.receiptNumber !== undefined)) {
      throw badInput([{ field: dto.sentAt !== undefined ? 'sentAt' : 'receiptNumber', message: 'is given only when sending' }]);
    }
    const now = new Date();
    let sentAt = now;
    if (to === 'sent' && dto.sentAt !== undefined) {
      sentAt = new Date(dto.sentAt);
      if (sentAt.getTime() > now.getTime() + 60_000) throw badInput([{ field: 'sentAt', message: 'cannot be in the future' }]);
      if (c.approvedAt && sentAt.getTime() < c.approvedAt.getTime()) throw badInput([{ field: 'sentAt', message: `cannot be before its approval (${c.approvedAt.toISOString()})` }]);
    }
    const patch: Partial<Communication> = { status: to };
    if (to === 'in_review') Object.assign(patch, { submittedById: scope.userId, submittedAt: now });
    if (to === 'draft') Object.assign(patch, { submittedById: null, submittedAt: null });
    if (to === 'approved') {
      const incident = c.incidentId ? await this.incidents.inScope(c.incidentId) : null;
      const approval = checkApproval({
        approver: { id: scope.userId, role: scope.role },
        communication: c,
        team: (incident?.team ?? []).map((m) => ({ userId: m.userId ?? null, role: m.role })),
      });
      if (!approval.ok) {
        const message = approval.reason === 'own_communication'
          ? 'the author of a communication cannot approve it'
          : 'a communication to a regulator or the media is approved by a manager or the incident\'s legal team member';
        throw new AppError(HttpStatus.FORBIDDEN, 'forbidden', message, undefined, { reason: approval.reason });
      }
      await this.requireFilled(c);
      Object.assign(patch, { approvedById: scope.userId, approvedAt: now });
    }
    if (to === 'sent') await this.requireFilled(c);
    if (to === 'sent') Object.assign(patch, { sentById: scope.userId, sentAt, receiptNumber: dto.receiptNumber ?? null });
    if (c.incidentId) await this.timeline.acted({ id: c.incidentId, clientId: c.clientId });
    await this.db.repo(Communication).update({ firmId: scope.firmId, id }, patch);
    const after = await this.find(id);
    if (to === 'sent') {
      if (after.incidentId) await this.addTimeline(after, 'sent', sentAt);
      if (after.obligationId && after.reportStage !== 'follow_up') await this.fulfilObligation(after, sentAt);
    }
    // the approvers when it waits for them; its author when it is approved, returned or sent
    const event = to === 'in_review' ? 'communication_in_review' : to === 'approved' ? 'communication_approved' : to === 'sent' ? 'communication_sent'
      : to === 'draft' && (from === 'in_review' || from === 'approved') ? 'communication_returned' : null;
    if (event) await this.notifications.emit({ kind: event, communicationId: id });
    await this.audit.record({
      entity: 'communications', entityId: id, clientId: c.clientId, action: 'transition', before: { status: from }, after: { status: to },
      changes: dto.reason ? { reason: { before: null, after: dto.reason } } : undefined,
    });
    return this.get(id);
  }

  /**
   * A sent communication fulfils its obligation, if that is still open (met, or met late, at the sent time). The
   * obligation is read locked, after the incident (held already): one fulfilled by hand meanwhile stays as it is.
   */
  private async fulfilObligation(c: Communication, at: Date) {
    const o = await this.obligations.inScope(c.obligationId!, { lock: true });
    if (!o || o.incidentId !== c.incidentId || o.status === 'not_applicable' || o.fulfilledAt) return;
    if (o.audience !== obligationAudienceFor(c.audience)) return;
    await this.obligations.markFulfilled(o, { at, note: c.subject, communicationId: c.id, visibility: c.clientVisible ? 'client' : 'internal' });
  }

  /** A client admin acknowledges a sent, client-visible communication: who and when, once. */
  async acknowledge(id: string) {
    const scope = this.access.require('communications', 'acknowledge');
    const c = await this.lock(id);
    if (c.acknowledgedAt) {
      throw conflict('this communication is already acknowledged', { status: c.status, acknowledgedAt: c.acknowledgedAt.toISOString(), acknowledgedById: c.acknowledgedById });
    }
    if (!canAcknowledge({ status: c.status, clientVisible: c.clientVisible, acknowledgedAt: null })) throw conflict('only a sent communication is acknowledged', { status: c.status });
    const now = new Date();
    await this.db.repo(Communication).update({ firmId: scope.firmId, id }, { acknowledgedById: scope.userId, acknowledgedAt: now });
    const after = await this.find(id);
    if (after.incidentId) await this.addTimeline(after, 'acknowledged', now);
    await this.audit.record({
      entity: 'communications', entityId: id, clientId: c.clientId, action: 'transition',
      before: { acknowledgedAt: null, acknowledgedById: null }, after: { acknowledgedAt: now.toISOString(), acknowledgedById: scope.userId },
    });
    return this.get(id);
  }

  private addTimeline(c: Communication, event: 'sent' | 'received' | 'acknowledged', at: Date) {
    return this.timeline.add({ id: c.incidentId!, clientId: c.clientId }, {
      kind: 'communication',
      // an acknowledgement is the client's own act: always theirs to see
      visibility: c.clientVisible || event === 'acknowledged' ? 'client' : 'internal',
      body: c.subject,
      data: {
        communicationId: c.id, event, audience: c.audience, channel: c.channel, direction: c.direction, ...(c.obligationId ? { obligationId: c.obligationId } : {}),
        ...(c.reportStage ? { reportStage: c.reportStage } : {}), ...(event === 'sent' && c.receiptNumber ? { receiptNumber: c.receiptNumber } : {}),
      },
      occurredAt: at,
    });
  }
}
