import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import {
  DEFAULT_SORTS, canWaive, computeObligations, DEFAULT_FIRM_POLICY, mergeCalendars, OBLIGATION_AUDIENCES, OBLIGATION_RULES, obligationStatus, PRC_CALENDAR,
  reconcileObligations, waiverProblem, WAIVER_BASES, type CalendarDay, type FirmPolicy, type ObligationFacts, type ObligationRule,
  type ObligationStatus, type ObligationAudience, type ObligationRecord, type WaiverBasis, type WorkingDayCalendar,
} from '@incident-desk/shared';
import { AppError } from '../common/errors';
import { HttpStatus } from '@nestjs/common';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Client } from '../clients/client.entity';
import { conflict, fieldError, notFound } from '../common/errors';
import { applyListQuery, getManyAndCountCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import type { Firm } from '../firms/firm.entity';
import type { Incident } from '../incidents/incident.entity';
import { Locks } from '../tenancy/locks';
import { canSeeClient } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';
import { Obligation } from './obligation.entity';
import * as Q from './obligations.queries';

export class FulfilObligationDto {
  @ApiProperty({ description: 'how it was met: to whom, by what means, reference' }) @IsString() @IsNotEmpty() @MaxLength(2000) note: string;
  @ApiPropertyOptional({ description: 'when it was met (default now); not in the future' }) @OptionalNotNull() @IsString() fulfilledAt?: string;
}

export class WaiveObligationDto {
  @ApiProperty({ description: 'why the obligation does not apply in this case (the facts the decision rests on)' }) @IsString() @IsNotEmpty() @MaxLength(4000) reason: string;
  @ApiProperty({ description: 'the provision that allows not notifying', enum: WAIVER_BASES }) @IsString() @IsNotEmpty() basis: string;
}

export class UnwaiveObligationDto {
  @ApiPropertyOptional({ description: 'why the waiver is undone (e.g. the authority requires the notice)' }) @OptionalNotNull() @IsString() @MaxLength(2000) reason?: string;
}

const LIST: ListSpec = {
  resource: 'obligations',
  idColumn: 'o.id',
  sortable: { dueAt: 'o.due_at', rule: 'o.rule', status: 'o.status', createdAt: 'o.created_at', id: 'o.id' },
  defaultSort: DEFAULT_SORTS['obligations'],
  filters: {
    incidentId: { column: 'o.incident_id', type: 'uuid' },
    clientId: { column: 'o.client_id', type: 'uuid' },
    rule: { column: 'o.rule', type: 'text', values: OBLIGATION_RULES },
    audience: { column: 'o.audience', type: 'text', values: OBLIGATION_AUDIENCES },
    dueAt_gte: { column: 'o.due_at', type: 'gte' },
    dueAt_lte: { column: 'o.due_at', type: 'lte' },
  },
};

export function mapObligation(o: Obligation, now = new Date()): ObligationRecord {
  return {
    id: o.id,
    incidentId: o.incidentId,
    clientId: o.clientId,
    rule: o.rule as ObligationRule,
    audience: o.audience as ObligationAudience,
    authority: o.authority,
    source: o.source,
    startsAt: o.startsAt.toISOString(),
    dueAt: o.dueAt.toISOString(),
    status: liveStatus(o, now),
    fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
    fulfilledById: o.fulfilledById,
    fulfilmentNote: o.fulfilmentNote,
    communicationId: o.communicationId,
    warning: o.warning ?? null,
    waiverBasis: (o.waiverBasis as WaiverBasis | null) ?? null,
    waiverReason: o.waiverReason ?? null,
    waivedById: o.waivedById ?? null,
    waivedAt: o.waivedAt?.toISOString() ?? null,
    reportAttachmentId: o.reportAttachmentId ?? null,
  };
}

function liveStatus(o: Obligation, now: Date): ObligationStatus {
  if (o.status === 'not_applicable') return 'not_applicable';
  if (o.status === 'waived') return 'waived';
  return obligationStatus({ dueAt: o.dueAt.toISOString(), fulfilledAt: o.fulfilledAt?.toISOString() ?? null }, now);
}

/** Obligations fulfilled by the incident's own timestamps rather than by a report. */
const AUTO_FULFILMENT: Partial<Record<ObligationRule, keyof Incident>> = { sla_acknowledge: 'acknowledgedAt', sla_resolve: 'resolvedAt' };

/** The clocks: computed by the rules in shared/ from the incident, its client and the firm's policy. */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
  ) {}

  async list(query: ListQuery): Promise<Page<ObligationRecord>> {
    const scope = this.access.require('obligations', 'list');
    const parsed = parseListQuery(query, LIST, ['status', 'overdue', 'mine']);
    const qb = this.db.repo(Obligation).createQueryBuilder('o').where('o.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('o.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    const { status, overdue, mine, ...rest } = parsed.filter;
    if (mine !== undefined) {
      if (typeof mine !== 'boolean') throw fieldError('filter.mine', 'must be true or false');
      // "my work": the clocks of the incidents I lead or am on the team of
      const my = Q.MINE;
      qb.andWhere(mine ? my : `not ${my}`, { me: scope.userId, meText: scope.userId });
    }
    if (status !== undefined) {
      const wanted = (Array.isArray(status) ? status : [status]) as string[];
      const bad = wanted.find((s) => !['pending', 'met', 'overdue', 'met_late', 'not_applicable', 'waived'].includes(s));
      if (bad) throw fieldError('filter.status', 'must be one of pending, met, overdue, met_late, not_applicable, waived');
      const ors: string[] = [];
      if (wanted.includes('overdue')) ors.push(`(${Q.overdueObligation('o')})`);
      if (wanted.includes('pending')) ors.push(`(o.status = 'pending' and o.due_at >= now())`);
      const stored = wanted.filter((s) => ['met', 'met_late', 'not_applicable', 'waived'].includes(s));
      if (stored.length) ors.push(`o.status = any(:stored)`);
      qb.andWhere(`(${ors.join(' or ')})`, { stored });
    }
    if (overdue !== undefined) {
      if (typeof overdue !== 'boolean') throw fieldError('filter.overdue', 'must be true or false');
      qb.andWhere(`${overdue ? '' : 'not '}(${Q.overdueObligation('o')})`);
    }
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    const now = new Date();
    return new Page('obligations', items.map((o) => mapObligation(o, now)), parsed.start, total);
  }

  async get(id: string): Promise<ObligationRecord> {
    this.access.require('obligations', 'show');
    return mapObligation(await this.find(id));
  }

  /** An obligation the caller may see, or 404. */
  async find(id: string): Promise<Obligation> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('obligation');
    const o = await this.db.repo(Obligation).findOneBy({ firmId: scope.firmId, id });
    if (!o) throw notFound('obligation');
    this.access.requireClient(scope, o.clientId, 'obligation');
    return o;
  }

  /** The obligation if the caller may see it, else null; with `lock`, locked as lock() locks it. */
  async inScope(id: string, options: { lock?: boolean } = {}): Promise<Obligation | null> {
    if (!isUuid(id)) return null;
    const o = options.lock
      ? await this.locks.record(Obligation, id)
      : await this.db.repo(Obligation).findOneBy({ firmId: this.db.scope.firmId, id });
    return o && canSeeClient(this.db.scope, o.clientId) ? o : null;
  }

  /**
   * The obligation as it is now, locked until the request ends (after its incident: Locks), or 404. Whoever fulfils it
   * (by hand or by a sent communication) reads it so.
   */
  async lock(id: string): Promise<Obligation> {
    const o = await this.locks.record(Obligation, id);
    if (!o) throw notFound('obligation');
    this.access.requireClient(this.db.scope, o.clientId, 'obligation');
    return o;
  }

  /** 409 with the obligation as it is now, unless it is still open (applies, not met). */
  openOr409(o: Obligation) {
    const now = { status: liveStatus(o, new Date()), fulfilledAt: o.fulfilledAt?.toISOString() ?? null };
    if (o.status === 'not_applicable') throw conflict('this obligation no longer applies', now);
    if (o.status === 'waived') throw conflict('this obligation is waived; undo the waiver first', { ...now, waivedAt: o.waivedAt?.toISOString() ?? null });
    if (o.fulfilledAt) throw conflict('this obligation is already met', now);
  }

  /**
   * Records a reasoned decision not to notify: the provision that allows it (WAIVER_BASIS_RULES: PIPL Art. 57 ¶2,
   * GDPR Art. 33(1) / 34(3) …) and why. Managers, or the incident's legal team member; the Measures' reporting
   * clocks and the reports to authorities are never waivable (400). On the timeline (internal) and audited.
   */
  async waive(id: string, dto: WaiveObligationDto): Promise<ObligationRecord> {
    const scope = this.access.require('obligations', 'waive');
    const o = await this.lock(id);
    await this.requireWaiver(o);
    const problem = waiverProblem(o.rule as ObligationRule, dto.basis);
    if (problem) throw fieldError('basis', problem);
    this.openOr409(o);
    const before = mapObligation(o);
    const at = new Date();
    await this.db.repo(Obligation).update(
      { firmId: scope.firmId, id: o.id },
      { status: 'waived', waiverBasis: dto.basis, waiverReason: dto.reason, waivedById: scope.userId, waivedAt: at },
    );
    const after = mapObligation(await this.find(o.id));
    await this.timeline.add({ id: o.incidentId, clientId: o.clientId }, {
      kind: 'obligation', visibility: 'internal', body: dto.reason,
      data: { rule: o.rule, status: 'waived', event: 'waived', basis: dto.basis, dueAt: before.dueAt }, occurredAt: at,
    });
    await this.audit.record({ entity: 'obligations', entityId: o.id, clientId: o.clientId, action: 'transition', before, after });
    return after;
  }

  /** Undoes a waiver: the clock runs again from its due time (pending, or overdue). Same rights as waive. */
  async unwaive(id: string, dto: UnwaiveObligationDto): Promise<ObligationRecord> {
    const scope = this.access.require('obligations', 'waive');
    const o = await this.lock(id);
    await this.requireWaiver(o);
    if (o.status !== 'waived') throw conflict('this obligation is not waived', { status: liveStatus(o, new Date()), fulfilledAt: o.fulfilledAt?.toISOString() ?? null });
    const before = mapObligation(o);
    const at = new Date();
    await this.db.repo(Obligation).update(
      { firmId: scope.firmId, id: o.id },
      { status: 'pending', waiverBasis: null, waiverReason: null, waivedById: null, waivedAt: null },
    );
    const after = mapObligation(await this.find(o.id));
    await this.timeline.add({ id: o.incidentId, clientId: o.clientId }, {
      kind: 'obligation', visibility: 'internal', body: dto.reason,
      data: { rule: o.rule, status: after.status, event: 'waiver_undone', basis: o.waiverBasis, dueAt: before.dueAt }, occurredAt: at,
    });
    await this.audit.record({ entity: 'obligations', entityId: o.id, clientId: o.clientId, action: 'transition', before, after });
    return after;
  }

  /** 403 unless the caller is a manager or the legal member of the obligation's incident team. */
  private async requireWaiver(o: Obligation) {
    const scope = this.db.scope;
    const [incident] = await this.db.rows<{ team: { userId?: string | null; role: string }[] }>(
      Q.INCIDENT_TEAM, [scope.firmId, o.incidentId]);
    if (!canWaive({ id: scope.userId, role: scope.role }, incident?.team ?? [])) {
      throw new AppError(HttpStatus.FORBIDDEN, 'forbidden', "an obligation is waived by a manager or the incident's legal team member", undefined, { reason: 'needs_manager_or_legal' });
    }
  }

  /**
   * The summary-report obligation a kept incident report goes with: `obligationId` when given (this incident's
   * prc_summary_report, else 400 naming it; open, else 409), else the incident's open one if there is one, else null.
   * Locked (after the incident, which the caller holds).
   */
  async summaryReportFor(incidentId: string, obligationId: string | undefined): Promise<Obligation | null> {
    if (obligationId === undefined) {
      const open = await this.db.repo(Obligation).findOne({
        where: { firmId: this.db.scope.firmId, incidentId, rule: 'prc_summary_report', status: 'pending', fulfilledAt: IsNull() }, order: { dueAt: 'ASC' },
      });
      if (!open) return null;
      obligationId = open.id;
    }
    const o = await this.inScope(obligationId, { lock: true });
    if (!o || o.incidentId !== incidentId) throw fieldError('obligationId', "is not an obligation of this incident");
    if (o.rule !== 'prc_summary_report') throw fieldError('obligationId', 'a report is linked to the summary-report obligation (prc_summary_report) only');
    this.openOr409(o);
    return o;
  }

  /**
   * Links a kept incident report to its summary-report obligation (the caller holds the obligation's lock and checked it:
   * summaryReportFor); a newer report replaces the link. Audited; nothing when it is linked already.
   */
  async linkReport(o: Obligation, attachmentId: string): Promise<ObligationRecord> {
    if (o.reportAttachmentId === attachmentId) return mapObligation(o);
    const before = mapObligation(o);
    await this.db.repo(Obligation).update({ firmId: this.db.scope.firmId, id: o.id }, { reportAttachmentId: attachmentId });
    const after = mapObligation(await this.find(o.id));
    await this.audit.record({ entity: 'obligations', entityId: o.id, clientId: o.clientId, action: 'update', before, after });
    return after;
  }

  /** The firm's working-day calendar: the built-in PRC days and the firm's own (working_days). */
  async calendar(): Promise<WorkingDayCalendar> {
    const days = await this.db.rows<CalendarDay>(
      Q.FIRM_DAYS, [this.db.scope.firmId]);
    return days.length ? mergeCalendars(PRC_CALENDAR, days) : PRC_CALENDAR;
  }

  /** Marks an obligation met (or met late) with a note of how; the timeline says so. */
  async fulfil(id: string, dto: FulfilObligationDto): Promise<ObligationRecord> {
    this.access.require('obligations', 'fulfil');
    const o = await this.lock(id);
    this.openOr409(o);
    const at = dto.fulfilledAt ? new Date(dto.fulfilledAt) : new Date();
    if (isNaN(at.getTime())) throw fieldError('fulfilledAt', 'must be a date');
    if (at.getTime() > Date.now() + 60_000) throw fieldError('fulfilledAt', 'cannot be in the future');
    return this.markFulfilled(o, { at, note: dto.note, communicationId: null, visibility: 'client' });
  }

  /**
   * The one way an obligation becomes met: by hand (fulfil) or by a sent communication (the communications
   * service, after its own checks). Met, or met late when `at` is after the due time; a timeline entry with the
   * given visibility; audited. The caller holds the obligation's lock (lock()) and has checked that it is open.
   */
  async markFulfilled(
    o: Obligation,
    f: { at: Date; note: string; communicationId: string | null; visibility: 'internal' | 'client' },
  ): Promise<ObligationRecord> {
    const scope = this.db.scope;
    const before = mapObligation(o);
    const status = f.at.getTime() <= o.dueAt.getTime() ? 'met' : 'met_late';
    await this.db.repo(Obligation).update(
      { firmId: scope.firmId, id: o.id },
      { fulfilledAt: f.at, fulfilledById: scope.userId, fulfilmentNote: f.note, communicationId: f.communicationId, status },
    );
    const after = mapObligation(await this.find(o.id));
    await this.timeline.add({ id: o.incidentId, clientId: o.clientId }, {
      kind: 'obligation', visibility: f.visibility, body: f.note,
      data: { rule: o.rule, status, dueAt: before.dueAt, fulfilledAt: after.fulfilledAt, ...(f.communicationId ? { communicationId: f.communicationId } : {}) },
      occurredAt: f.at,
    });
    await this.audit.record({ entity: 'obligations', entityId: o.id, clientId: o.clientId, action: 'transition', before, after });
    return after;
  }

  /**
   * Recomputes an incident's obligations after anything they depend on changed (the caller holds the incident's lock):
   * stores the clocks as the rules give them now (new ones inserted, changed ones updated, ones that no longer apply
   * marked so), then stops the ones the incident's own progress fulfils. `client` when the caller has just read it in
   * this transaction; `created` for an incident made in this transaction, which has no clocks yet.
   */
  async recompute(incident: Incident, opts: { client?: Pick<Client, 'operatorType' | 'contractSla'>; created?: boolean } = {}): Promise<void> {
    await this.recomputeMany([incident], { clients: opts.client ? new Map([[incident.clientId, opts.client]]) : undefined, created: opts.created });
  }

  /**
   * recompute() for several incidents at once (a firm incident's children, opened or moved together), in a few
   * statements for all of them: their clients, the firm's policy and calendar and their stored clocks read once, the
   * new clocks inserted in one statement, the changed ones updated in one, the ones their progress meets in one.
   */
  async recomputeMany(incidents: Incident[], opts: { clients?: Map<string, Pick<Client, 'operatorType' | 'contractSla'>>; created?: boolean } = {}): Promise<void> {
    if (!incidents.length) return;
    const scope = this.db.scope;
    const clients = opts.clients ?? new Map((await this.db.rows<Pick<Client, 'id' | 'operatorType' | 'contractSla'>>(
      Q.CLIENTS_FACTS,
      [scope.firmId, [...new Set(incidents.map((i) => i.clientId))]])).map((c) => [c.id, c]));
    const [firm] = await this.db.rows<Pick<Firm, 'slaPolicy'>>(Q.FIRM_POLICY, [scope.firmId]);
    const policy: FirmPolicy = { ...DEFAULT_FIRM_POLICY, ...((firm?.slaPolicy ?? {}) as Partial<FirmPolicy>) };
    const calendar = await this.calendar();
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    const ofIncidents = async (ids: string[]) => {
      const rows = await this.db.rows<Obligation>(Q.obligationsOfIncidents(this.db.columns(Obligation, 'o')), [scope.firmId, ids]);
      const by = new Map<string, Obligation[]>();
      for (const o of rows) by.set(o.incidentId, [...(by.get(o.incidentId) ?? []), o]);
      return by;
    };
    const applies = incidents.filter((i) => clients.has(i.clientId));
    const stored = opts.created ? new Map<string, Obligation[]>() : await ofIncidents(applies.map((i) => i.id));
    const now = new Date();
    const inserted: Obligation[] = [];
    const updated: { id: string; dueAt: string; startsAt: string; source: string; authority: string; audience: string; warning: string | null }[] = []; // jsonb as text
    const notApplicable: string[] = [];
    const reapply: string[] = [];
    for (const incident of applies) {
      const client = clients.get(incident.clientId)!;
      const facts: ObligationFacts = {
        grade: incident.grade as ObligationFacts['grade'],
        status: incident.status as ObligationFacts['status'],
        detectedAt: incident.detectedAt.toISOString(),
        reportedAt: incident.reportedAt.toISOString(),
        acknowledgedAt: iso(incident.acknowledgedAt),
        resolvedAt: iso(incident.resolvedAt),
        personalInfoInvolved: incident.personalInfoInvolved,
        sensitivePersonalInfoInvolved: incident.sensitivePersonalInfoInvolved,
        euPersonalData: incident.euPersonalData,
        highRiskToIndividuals: incident.highRiskToIndividuals,
        category: incident.category,
        nature: incident.nature,
        recoveredAt: iso(incident.recoveredAt),
        calendar,
        operatorType: client.operatorType,
        contractSla: client.contractSla as ObligationFacts['contractSla'],
        policy,
      };
      const plan = reconcileObligations(
        (stored.get(incident.id) ?? []).map((o) => ({ id: o.id, rule: o.rule as ObligationRule, dueAt: o.dueAt.toISOString(), fulfilledAt: iso(o.fulfilledAt), status: liveStatus(o, now), warning: o.warning ?? null, startsAt: o.startsAt.toISOString() })),
        computeObligations(facts),
      );
      inserted.push(...plan.insert.map((spec): Obligation => ({
        firmId: scope.firmId, id: randomUUID(), incidentId: incident.id, clientId: incident.clientId, rule: spec.rule, audience: spec.audience,
        authority: spec.authority, source: spec.source, startsAt: new Date(spec.startsAt), dueAt: new Date(spec.dueAt), status: 'pending',
        fulfilledAt: null, fulfilledById: null, fulfilmentNote: null, communicationId: null, warning: spec.warning ?? null,
        waiverBasis: null, waiverReason: null, waivedById: null, waivedAt: null, reportAttachmentId: null, createdAt: now, updatedAt: now,
      })));
      updated.push(...plan.update.map((u) => ({
        id: u.id, dueAt: u.dueAt, startsAt: u.startsAt, source: u.source, authority: JSON.stringify(u.authority), audience: u.audience, warning: u.warning ? JSON.stringify(u.warning) : null,
      })));
      notApplicable.push(...plan.notApplicable);
      reapply.push(...plan.reapply);
    }
    // one statement for all new clocks (each statement also refreshes the incidents' nearest deadline: migration 1765100000000)
    await this.db.insert(Obligation, inserted);
    if (updated.length) {
      const col = <K extends keyof (typeof updated)[number]>(k: K) => updated.map((u) => u[k]);
      await this.db.rows(Q.UPDATE_CLOCKS, [scope.firmId, col('id'), col('dueAt'), col('startsAt'), col('source'), col('authority'), col('audience'), col('warning')]);
    }
    if (notApplicable.length) await this.db.rows(Q.NOT_APPLICABLE, [scope.firmId, notApplicable]);
    if (reapply.length) await this.db.rows(Q.REAPPLY, [scope.firmId, reapply]);
    // clocks the incidents' own progress stops (a new incident's are the ones just inserted)
    const byId = new Map(applies.map((i) => [i.id, i]));
    const current = opts.created ? inserted : [...(await ofIncidents(applies.map((i) => i.id))).values()].flat();
    const met: { id: string; at: Date; status: 'met' | 'met_late'; field: string; o: Obligation }[] = [];
    for (const o of current) {
      const field = AUTO_FULFILMENT[o.rule as ObligationRule];
      const at = field ? (byId.get(o.incidentId)![field] as Date | null) : null;
      if (!at || o.fulfilledAt || o.status === 'not_applicable' || o.status === 'waived') continue;
      met.push({ id: o.id, at, status: at.getTime() <= o.dueAt.getTime() ? 'met' : 'met_late', field: field!, o });
    }
    if (met.length) {
      await this.db.rows(Q.MET_BY_PROGRESS, [scope.firmId, met.map((m) => m.id), met.map((m) => m.at), met.map((m) => m.status), met.map((m) => m.field)]);
      await this.timeline.addMany(met.map(({ o, at, status }) => ({
        incident: byId.get(o.incidentId)!, kind: 'obligation', visibility: 'client' as const,
        data: { rule: o.rule, status, dueAt: o.dueAt.toISOString(), fulfilledAt: at.toISOString() }, occurredAt: at,
      })));
    }
  }
}
