import { Injectable } from '@nestjs/common';
import { changedFields } from '../common/changes';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, BUILT_IN_EVALUATION_TEMPLATES, EVALUATION_TYPES, templateProblems, type EvaluationTemplateRecord, type EvaluationType, type TemplateCriterion,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { badInput, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import type { UpdateEvaluationTemplateDto } from './dto/evaluation.dto';
import { EvaluationTemplate } from './evaluation.entity';
import { INSERT_BUILT_IN_EVALUATION_TEMPLATE, TEMPLATE_TYPES } from './evaluations.queries';

export const mapEvaluationTemplate = (t: EvaluationTemplate): EvaluationTemplateRecord => ({
  id: t.id, type: t.type as EvaluationType, scaleMax: t.scaleMax, criteria: t.criteria,
  createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
});

/** the types in their declared order */
const TYPE_ORDER = `array_position(array[${EVALUATION_TYPES.map((x) => `'${x}'`).join(',')}]::text[], t.type)`;

const LIST: ListSpec = {
  resource: 'evaluation-templates',
  idColumn: 't.id',
  sortable: { type: TYPE_ORDER, updatedAt: 't.updated_at', createdAt: 't.created_at', id: 't.id' },
  defaultSort: DEFAULT_SORTS['evaluation-templates'],
  filters: { type: { column: 't.type', type: 'text', values: EVALUATION_TYPES } },
};

/** Plain criteria (no DTO class instances, no undefined keys) as stored. */
const plainCriteria = (criteria: TemplateCriterion[]): TemplateCriterion[] =>
  criteria.map((c) => ({
    name: { 'zh-CN': c.name['zh-CN'].trim(), en: c.name.en.trim() },
    weight: c.weight,
    ...(c.description ? { description: { 'zh-CN': c.description['zh-CN'], en: c.description.en } } : {}),
  }));

/**
 * The firm's criteria template for each evaluation type: one per type, made from the built-in defaults the first time
 * the firm needs them; managers edit them, staff read them. A new evaluation without criteria starts from its type's.
 */
@Injectable()
export class EvaluationTemplatesService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  /** Each firm gets a template per type (the built-in criteria) the first time templates are needed. */
  async ensureBuiltIn(): Promise<void> {
    const firmId = this.db.scope.firmId;
    const rows: { type: string }[] = await this.db.em.query(TEMPLATE_TYPES, [firmId]);
    if (rows.length === EVALUATION_TYPES.length) return;
    const have = new Set(rows.map((r) => r.type));
    for (const type of EVALUATION_TYPES) {
      if (have.has(type)) continue;
      const t = BUILT_IN_EVALUATION_TEMPLATES[type];
      await this.db.em.query(
        INSERT_BUILT_IN_EVALUATION_TEMPLATE,
        [firmId, randomUUID(), type, t.scaleMax, JSON.stringify(t.criteria)],
      );
    }
  }

  async list(query: ListQuery): Promise<Page<EvaluationTemplateRecord>> {
    const scope = this.access.require('evaluation-templates', 'list');
    await this.ensureBuiltIn();
    const qb = this.db.repo(EvaluationTemplate).createQueryBuilder('t').where('t.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapEvaluationTemplate);
  }

  async get(id: string): Promise<EvaluationTemplateRecord> {
    this.access.require('evaluation-templates', 'show');
    return mapEvaluationTemplate(await this.find(id));
  }

  async find(id: string): Promise<EvaluationTemplate> {
    if (!isUuid(id)) throw notFound('evaluation template');
    await this.ensureBuiltIn();
    const t = await this.db.repo(EvaluationTemplate).findOneBy({ firmId: this.db.scope.firmId, id });
    if (!t) throw notFound('evaluation template');
    return t;
  }

  /** The template of a type (for a new evaluation; no access check of its own: the caller's is enough). */
  async forType(type: string): Promise<EvaluationTemplate> {
    await this.ensureBuiltIn();
    const t = await this.db.repo(EvaluationTemplate).findOneBy({ firmId: this.db.scope.firmId, type });
    if (!t) throw notFound('evaluation template');
    return t;
  }

  async update(id: string, dto: UpdateEvaluationTemplateDto): Promise<EvaluationTemplateRecord> {
    const scope = this.access.require('evaluation-templates', 'edit');
    await this.find(id);
    // as it is now, locked until the request ends (Locks): the audit's before is what this edit changed
    const before = (await this.locks.record(EvaluationTemplate, id))!;
    const next = {
      scaleMax: dto.scaleMax ?? before.scaleMax,
      criteria: dto.criteria ? plainCriteria(dto.criteria as TemplateCriterion[]) : before.criteria,
    };
    const problems = templateProblems(next);
    if (problems.length) throw badInput(problems);
    // only what differs from the template as it is now: a PUT that changes nothing is no history
    const changed = changedFields(before, next);
    if (!Object.keys(changed).length) return mapEvaluationTemplate(before);
    await this.db.repo(EvaluationTemplate).update({ firmId: scope.firmId, id }, changed);
    const after = mapEvaluationTemplate(await this.find(id));
    await this.audit.record({ entity: 'evaluation-templates', entityId: id, action: 'update', before: mapEvaluationTemplate(before), after });
    return after;
  }
}
