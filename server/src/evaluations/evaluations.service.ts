import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, dateFormat,
  checkFinalize, computeOverallScore, criteriaFromTemplate, criteriaProblems, EVALUATION_STATUSES, EVALUATION_TYPES, isEvaluationEditable,
  newVersionProblem, RISK_LEVELS, type EvaluationCriterion, type EvaluationRecord, type EvaluationStatus, type EvaluationType, type Locale,
  type RiskLevel,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../common/changes';
import { AppError, badInput, conflict, type FieldError, notFound } from '../common/errors';
import { applyListQuery, getManyAndCountCapped, isUuid, type ListQuery, type ListSpec, Page, parseListQuery } from '../common/list-query';
import { FirmsService } from '../firms/firms.service';
import type { Incident } from '../incidents/incident.entity';
import { canSeeClient } from '../tenancy/scope';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import type { CreateEvaluationDto, CriterionDto, FinalizeEvaluationDto, ShareEvaluationDto, UpdateEvaluationDto } from './dto/evaluation.dto';
import { Evaluation } from './evaluation.entity';
import { EvaluationTemplatesService } from './evaluation-templates.service';
import { ClientsService } from '../clients/clients.service';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { TrainingsService } from '../trainings/trainings.service';
import { UsersService } from '../users/users.service';
import { ACTIONS_OF, NEXT_VERSIONS, NEXT_VERSION_OF, SHARED_WITH_CLIENT, latestVersion } from './evaluations.queries';

const LIST: ListSpec = {
  resource: 'evaluations',
  idColumn: 'e.id',
  sortable: {
    date: 'e.date', createdAt: 'e.created_at', updatedAt: 'e.updated_at', overallScore: 'e.overall_score', type: 'e.type', status: 'e.status',
    riskLevel: `array_position(array['low','medium','high','critical']::text[], e.risk_level)`, version: 'e.version', id: 'e.id',
  },
  defaultSort: DEFAULT_SORTS['evaluations'],
  filters: {
    clientId: { column: 'e.client_id', type: 'uuid' },
    incidentId: { column: 'e.incident_id', type: 'uuid' },
    trainingId: { column: 'e.training_id', type: 'uuid' },
    evaluatorId: { column: 'e.evaluator_id', type: 'uuid' },
    seriesId: { column: 'e.series_id', type: 'uuid' },
    previousVersionId: { column: 'e.previous_version_id', type: 'uuid' },
    type: { column: 'e.type', type: 'text', values: EVALUATION_TYPES },
    status: { column: 'e.status', type: 'text', values: EVALUATION_STATUSES },
    riskLevel: { column: 'e.risk_level', type: 'text', values: RISK_LEVELS },
    sharedWithClient: { column: 'e.shared_with_client', type: 'bool' },
  },
  search: ['e.findings', 'e.recommendations'],
};
/** handled here rather than by applyListQuery: dates of a `date` column, and "latest version only" */
const EXTRA_FILTERS = ['date_gte', 'date_lte', 'latest'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of an instant in a time zone. */
export const zonedDate = (at: Date, timeZone: string) =>
  dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Criteria as stored: plain objects with exactly these keys. */
const plainCriteria = (criteria: CriterionDto[]): EvaluationCriterion[] =>
  criteria.map((c) => ({ name: typeof c.name === 'string' ? c.name.trim() : c.name, weight: c.weight, score: c.score ?? null, comment: c.comment ?? null }));

/** The evaluation as firm staff see it. */
export function mapEvaluation(e: Evaluation, names: Map<string, string>, next: Map<string, string>): EvaluationRecord {
  return {
    id: e.id, type: e.type as EvaluationType, clientId: e.clientId, incidentId: e.incidentId, trainingId: e.trainingId,
    evaluatorId: e.evaluatorId, evaluatorName: names.get(e.evaluatorId) ?? null, date: e.date, scaleMax: e.scaleMax, criteria: e.criteria,
    overallScore: e.overallScore, riskLevel: e.riskLevel as RiskLevel | null, findings: e.findings, recommendations: e.recommendations,
    status: e.status as EvaluationStatus, sharedWithClient: e.sharedWithClient, version: e.version, seriesId: e.seriesId,
    previousVersionId: e.previousVersionId, nextVersionId: next.get(e.id) ?? null, finalizedAt: iso(e.finalizedAt), finalizedById: e.finalizedById,
    createdById: e.createdById, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
  };
}

/** The evaluation as a client admin sees it: the result, without the firm's internal who-fields. */
export function mapEvaluationForClient(e: Evaluation, names: Map<string, string>, next: Map<string, string>): EvaluationRecord {
  const { evaluatorId: _e, finalizedById: _f, createdById: _c, ...rest } = mapEvaluation(e, names, next);
  return rest;
}

/**
 * Evaluations: scored criteria with an overall score (shared/evaluations.ts), draft → final, versions. A final
 * evaluation never changes: POST /new-version makes a draft copy (version + 1). Client admins see only final ones
 * shared with their company.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly templates: EvaluationTemplatesService,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
    private readonly incidents: IncidentLookup,
    private readonly trainings: TrainingsService,
    private readonly firms: FirmsService,
  ) {}

  private get isClient() {
    return this.db.scope.role === 'client_admin';
  }

  /** Evaluator names and next versions of a page (only those the caller's scope can see). */
  private async view(items: Evaluation[]): Promise<EvaluationRecord[]> {
    if (!items.length) return [];
    const firmId = this.db.scope.firmId;
    const userIds = [...new Set(items.map((e) => e.evaluatorId))];
    const names = await this.users.names(userIds);
    const nexts: { id: string; previous_version_id: string }[] = await this.db.em.query(NEXT_VERSIONS, [firmId, items.map((e) => e.id)]);
    const next = new Map(nexts.map((n) => [n.previous_version_id, n.id]));
    return items.map((e) => (this.isClient ? mapEvaluationForClient(e, names, next) : mapEvaluation(e, names, next)));
  }

  async list(query: ListQuery): Promise<Page<EvaluationRecord>> {
    const scope = this.access.require('evaluations', 'list');
    const parsed = parseListQuery(query, LIST, EXTRA_FILTERS);
    const qb = this.db.repo(Evaluation).createQueryBuilder('e').where('e.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('e.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    if (this.isClient) qb.andWhere(`e.status = 'final' and e.shared_with_client`);
    const errors: FieldError[] = [];
    for (const key of ['date_gte', 'date_lte'] as const) {
      const v = parsed.filter[key];
      if (v === undefined || v === null || v === '') continue;
      const day = this.dayOf(v);
      if (!day) errors.push({ field: `filter.${key}`, message: 'must be a date (YYYY-MM-DD) or an ISO 8601 instant' });
      else qb.andWhere(`e.date ${key === 'date_gte' ? '>=' : '<='} :${key}::date`, { [key]: day });
    }
    const latest = parsed.filter.latest;
    if (latest !== undefined && latest !== null && latest !== '') {
      if (typeof latest !== 'boolean') errors.push({ field: 'filter.latest', message: 'must be true or false' });
      else {
        // the next version is looked up under the caller's scope: for a client admin, the latest version shared with them
        qb.andWhere(latestVersion(latest));
      }
    }
    try {
      applyListQuery(qb, parsed, LIST);
    } catch (e) {
      // every problem of the query at once
      if (e instanceof AppError && e.errors) errors.unshift(...e.errors);
      else throw e;
    }
    if (errors.length) throw badInput(errors);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    return new Page('evaluations', await this.view(items), parsed.start, total);
  }

  /** A filter date: YYYY-MM-DD as is; an instant (the admin sends the firm's midnight) as its date in the firm's zone. */
  private dayOf(v: unknown): string | null {
    if (typeof v !== 'string') return null;
    if (DATE_ONLY.test(v)) return isNaN(Date.parse(`${v}T00:00:00Z`)) ? null : v;
    const at = new Date(v);
    return isNaN(at.getTime()) ? null : zonedDate(at, this.db.scope.timeZone);
  }

  async get(id: string): Promise<EvaluationRecord> {
    this.access.require('evaluations', 'show');
    return (await this.view([await this.find(id)]))[0];
  }

  /** Which of some evaluations a client admin sees: final and shared with their company. */
  async sharedWithClient(ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.em.query(SHARED_WITH_CLIENT, [this.db.scope.firmId, ids]);
    return new Set(rows.map((e) => e.id));
  }

  /** The evaluation a link from another record names, if the caller may see it (as firm staff see it), else null. */
  async inScope(id: string): Promise<Evaluation | null> {
    if (!isUuid(id)) return null;
    const x = await this.db.repo(Evaluation).findOneBy({ firmId: this.db.scope.firmId, id });
    return x && canSeeClient(this.db.scope, x.clientId) ? x : null;
  }

  /** An evaluation the caller may see, or 404 (for a client admin: only final ones shared with their company). */
  async find(id: string): Promise<Evaluation> {
    const scope = this.db.scope;
    if (!isUuid(id)) throw notFound('evaluation');
    const e = await this.db.repo(Evaluation).findOneBy({ firmId: scope.firmId, id });
    if (!e) throw notFound('evaluation');
    this.access.requireClient(scope, e.clientId, 'evaluation');
    if (this.isClient && !(e.status === 'final' && e.sharedWithClient)) throw notFound('evaluation');
    return e;
  }

  /**
   * The evaluation as it is now, locked until the request ends (after its incident, if any: Locks), or 404. Every
   * change starts here: of several racers (two finalizes, two new versions) one changes it, the others see the change.
   */
  private lock(id: string): Promise<Evaluation> {
    return this.locks.recordInScope(Evaluation, id, 'evaluation');
  }

  private async nextVersionId(id: string): Promise<string | null> {
    const [row] = await this.db.em.query(NEXT_VERSION_OF, [this.db.scope.firmId, id]);
    return row?.id ?? null;
  }

  private incidentFor(id: string): Promise<Incident | null> {
    return this.incidents.inScope(id);
  }

  /** The client of a training the caller may access, or null. */
  private async trainingClient(id: string): Promise<string | null> {
    return (await this.trainings.inScope(id))?.clientId ?? null;
  }

  private evaluatorProblem(userId: string): Promise<string | null> {
    return this.users.staffProblem(userId);
  }

  private firmLocale(): Promise<Locale> {
    return this.firms.locale();
  }

  /**
   * Checks the incident and training links against the evaluation's client (`clientId` null: taken from the links).
   * Returns the client, or null after recording the problems.
   */
  private async checkLinks(
    links: { incidentId: string | null; trainingId: string | null },
    clientId: string | null,
    errors: FieldError[],
  ): Promise<string | null> {
    if (links.incidentId && links.trainingId) {
      errors.push({ field: 'trainingId', message: 'an evaluation is about an incident or a training, not both' });
    }
    for (const field of ['incidentId', 'trainingId'] as const) {
      const id = links[field];
      if (!id) continue;
      const what = field === 'incidentId' ? 'incident' : 'training';
      const owner = field === 'incidentId' ? ((await this.incidentFor(id))?.clientId ?? null) : await this.trainingClient(id);
      if (!owner) errors.push({ field, message: `no such ${what}` });
      else if (clientId && owner !== clientId) errors.push({ field, message: `is a ${what} of another client` });
      else clientId ??= owner;
    }
    return clientId;
  }

  async create(dto: CreateEvaluationDto): Promise<EvaluationRecord> {
    const scope = this.access.require('evaluations', 'create');
    const errors: FieldError[] = [];
    let clientId: string | null = null;
    if (dto.clientId) {
      const client = await this.clients.usable(dto.clientId, {}, errors);
      if (client) clientId = client.id;
    }
    const links = { incidentId: dto.incidentId ?? null, trainingId: dto.trainingId ?? null };
    if (!dto.clientId || clientId) clientId = await this.checkLinks(links, clientId, errors);
    if (!clientId && !errors.length) errors.push({ field: 'clientId', message: 'is required (or give incidentId or trainingId)' });

    const evaluatorId = dto.evaluatorId ?? scope.userId;
    const evaluatorProblem = await this.evaluatorProblem(evaluatorId);
    if (evaluatorProblem) errors.push({ field: 'evaluatorId', message: evaluatorProblem });

    const template = await this.templates.forType(dto.type);
    const scaleMax = dto.scaleMax ?? template.scaleMax;
    const criteria = dto.criteria
      ? plainCriteria(dto.criteria)
      : criteriaFromTemplate(template, (dto.lang as Locale | undefined) ?? (await this.firmLocale()));
    errors.push(...criteriaProblems(criteria, scaleMax));
    if (errors.length) throw badInput(errors);

    const score = computeOverallScore(criteria, scaleMax);
    const id = randomUUID();
    const e = this.db.repo(Evaluation).create({
      firmId: scope.firmId, id, clientId: clientId!, seriesId: id, version: 1, previousVersionId: null, type: dto.type,
      incidentId: links.incidentId, trainingId: links.trainingId, evaluatorId, date: dto.date ?? zonedDate(new Date(), scope.timeZone),
      scaleMax, criteria, overallScore: score.ok ? score.overallScore : null, riskLevel: dto.riskLevel ?? null,
      findings: dto.findings ?? '', recommendations: dto.recommendations ?? '', status: 'draft', sharedWithClient: dto.sharedWithClient ?? false,
      finalizedAt: null, finalizedById: null, createdById: scope.userId,
    });
    await this.db.repo(Evaluation).insert(e);
    const rec = await this.get(id);
    await this.audit.record({ entity: 'evaluations', entityId: id, clientId: e.clientId, action: 'create', after: rec });
    return rec;
  }

  private editableOr409(e: Evaluation) {
    if (!isEvaluationEditable(e.status)) {
      throw conflict('a final evaluation cannot be changed; make a new version (POST /api/evaluations/{id}/new-version)', { status: e.status });
    }
  }

  /** Writes a patch to a draft; 409 when it became final meanwhile (the row is matched on its status). */
  private async patchDraft(id: string, patch: Partial<Evaluation>) {
    const res = await this.db.repo(Evaluation).createQueryBuilder().update().set(patch)
      .where('firm_id = :firmId and id = :id and status = :draft', { firmId: this.db.scope.firmId, id, draft: 'draft' }).execute();
    if (!res.affected) throw conflict('the evaluation is final and cannot be changed', { status: 'final' });
  }

  async update(id: string, dto: UpdateEvaluationDto): Promise<EvaluationRecord> {
    this.access.require('evaluations', 'edit');
    const before = await this.lock(id);
    this.editableOr409(before);
    const errors: FieldError[] = [];
    const patch: Partial<Evaluation> = {};
    for (const k of ['type', 'date', 'findings', 'recommendations', 'sharedWithClient', 'riskLevel', 'scaleMax'] as const) {
      if (dto[k] !== undefined) (patch as any)[k] = dto[k];
    }
    if (dto.evaluatorId !== undefined && dto.evaluatorId !== before.evaluatorId) {
      const problem = await this.evaluatorProblem(dto.evaluatorId);
      if (problem) errors.push({ field: 'evaluatorId', message: problem });
      else patch.evaluatorId = dto.evaluatorId;
    }
    if (dto.incidentId !== undefined || dto.trainingId !== undefined) {
      const links = {
        incidentId: dto.incidentId !== undefined ? dto.incidentId : before.incidentId,
        trainingId: dto.trainingId !== undefined ? dto.trainingId : before.trainingId,
      };
      // only the links that change are looked up again
      const changed = {
        incidentId: links.incidentId !== before.incidentId ? links.incidentId : null,
        trainingId: links.trainingId !== before.trainingId ? links.trainingId : null,
      };
      if (links.incidentId && links.trainingId) errors.push({ field: 'trainingId', message: 'an evaluation is about an incident or a training, not both' });
      else await this.checkLinks(changed, before.clientId, errors);
      patch.incidentId = links.incidentId;
      patch.trainingId = links.trainingId;
    }
    const criteria = dto.criteria ? plainCriteria(dto.criteria) : before.criteria;
    const scaleMax = dto.scaleMax ?? before.scaleMax;
    if (dto.criteria || dto.scaleMax !== undefined) {
      errors.push(...criteriaProblems(criteria, scaleMax));
      patch.criteria = criteria;
      const score = computeOverallScore(criteria, scaleMax);
      patch.overallScore = score.ok ? score.overallScore : null;
    }
    if (errors.length) throw badInput(errors);
    // only what differs from the evaluation as it is now: a PUT that changes nothing is no history
    const changed = changedFields(before, patch);
    if (!Object.keys(changed).length) return this.get(id);
    await this.patchDraft(id, changed);
    const after = await this.get(id);
    await this.audit.record({ entity: 'evaluations', entityId: id, clientId: before.clientId, action: 'update', before: (await this.view([before]))[0], after });
    return after;
  }

  /** Drafts without improvement actions only; a final evaluation is kept for good. */
  async remove(id: string): Promise<EvaluationRecord> {
    const scope = this.access.require('evaluations', 'delete');
    const e = await this.lock(id);
    if (e.status === 'final') throw conflict('a final evaluation cannot be deleted', { status: e.status });
    const [{ n }] = await this.db.em.query(ACTIONS_OF, [scope.firmId, id]);
    if (n > 0) throw conflict('the evaluation has improvement actions; delete or relink them first', { actions: n });
    const rec = (await this.view([e]))[0];
    await this.db.repo(Evaluation).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'evaluations', entityId: id, clientId: e.clientId, action: 'delete', before: rec });
    return rec;
  }

  /** draft → final: every criterion scored (400 naming each `criteria[i].score` otherwise); 409 when already final. */
  async finalize(id: string, dto: FinalizeEvaluationDto): Promise<EvaluationRecord> {
    const scope = this.access.require('evaluations', 'transition');
    const e = await this.lock(id);
    const check = checkFinalize(e);
    if (!check.ok) {
      if ('conflict' in check) throw conflict(check.conflict, { status: e.status });
      throw badInput(check.errors);
    }
    const score = computeOverallScore(e.criteria, e.scaleMax);
    const patch: Partial<Evaluation> = {
      status: 'final', finalizedAt: new Date(), finalizedById: scope.userId, overallScore: score.ok ? score.overallScore : null,
    };
    if (dto.sharedWithClient !== undefined) patch.sharedWithClient = dto.sharedWithClient;
    await this.patchDraft(id, patch);
    const after = await this.get(id);
    await this.audit.record({
      entity: 'evaluations', entityId: id, clientId: e.clientId, action: 'transition',
      before: { status: e.status, sharedWithClient: e.sharedWithClient, finalizedAt: null, finalizedById: null },
      after: { status: after.status, sharedWithClient: after.sharedWithClient, finalizedAt: after.finalizedAt, finalizedById: scope.userId },
    });
    return after;
  }

  /** A draft copy of the latest final version: version + 1, previousVersionId, not shared, dated today. */
  async newVersion(id: string): Promise<EvaluationRecord> {
    const scope = this.access.require('evaluations', 'transition');
    const e = await this.lock(id);
    const problem = newVersionProblem({ status: e.status, nextVersionId: await this.nextVersionId(id) });
    if (problem) throw conflict(problem, { status: e.status });
    const copy = this.db.repo(Evaluation).create({
      ...e, id: randomUUID(), version: e.version + 1, previousVersionId: e.id, status: 'draft', sharedWithClient: false,
      date: zonedDate(new Date(), scope.timeZone), finalizedAt: null, finalizedById: null, createdById: scope.userId,
      createdAt: undefined, updatedAt: undefined,
    });
    // under the lock a second copy is refused above; unique (firm_id, previous_version_id) is the last word
    await this.db.repo(Evaluation).insert(copy);
    const rec = await this.get(copy.id);
    await this.audit.record({ entity: 'evaluations', entityId: copy.id, clientId: e.clientId, action: 'create', after: rec });
    return rec;
  }

  /** Shares an evaluation with the client's admins, or stops sharing it (drafts and final ones alike). */
  async share(id: string, dto: ShareEvaluationDto): Promise<EvaluationRecord> {
    const scope = this.access.require('evaluations', 'transition');
    const e = await this.lock(id);
    // nothing changes, nothing to audit
    if (e.sharedWithClient === dto.sharedWithClient) return this.get(id);
    await this.db.repo(Evaluation).update({ firmId: scope.firmId, id }, { sharedWithClient: dto.sharedWithClient });
    const after = await this.get(id);
    await this.audit.record({
      entity: 'evaluations', entityId: id, clientId: e.clientId, action: 'update',
      before: { sharedWithClient: e.sharedWithClient }, after: { sharedWithClient: after.sharedWithClient },
    });
    return after;
  }
}
