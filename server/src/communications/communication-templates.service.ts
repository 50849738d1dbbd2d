import { Injectable } from '@nestjs/common';
import { changedFields } from '../common/changes';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, BUILT_IN_COMMUNICATION_TEMPLATES, COMMUNICATION_AUDIENCES, COMMUNICATION_CHANNELS, renderTemplate, validateTemplateTexts,
  type CommunicationAudience, type CommunicationChannel, type CommunicationTemplateRecord, type Locale, type LocalText, type RenderedTemplate,
  type TemplateContext,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { badInput, conflict, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import { FirmsService } from '../firms/firms.service';
import type { Incident } from '../incidents/incident.entity';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { CommunicationTemplate } from './communication.entity';
import type { CreateCommunicationTemplateDto, RenderTemplateDto, UpdateCommunicationTemplateDto } from './dto/communication.dto';
import { BUILT_IN_TEMPLATE_KEYS, INSERT_BUILT_IN_TEMPLATE, LAST_GRADING_INPUTS } from './communications.queries';
import { builtInVersion, CURRENT_BUILT_IN_VERSIONS, EARLIER_BUILT_IN_VERSIONS } from './built-in-template-versions';

export const mapTemplate = (t: CommunicationTemplate): CommunicationTemplateRecord => ({
  id: t.id, key: t.key, name: t.name, audience: t.audience as CommunicationAudience, channel: t.channel as CommunicationChannel, subject: t.subject, body: t.body, builtIn: t.builtIn,
  customized: t.builtIn && t.customized,
  newerVersion: t.builtIn && CURRENT_BUILT_IN_VERSIONS[t.key] !== undefined && t.builtInVersion !== CURRENT_BUILT_IN_VERSIONS[t.key],
  createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
});

const LIST: ListSpec = {
  resource: 'communication-templates',
  idColumn: 't.id',
  sortable: { key: 't.key', audience: 't.audience', channel: 't.channel', builtIn: 't.built_in', createdAt: 't.created_at', updatedAt: 't.updated_at', id: 't.id' },
  defaultSort: DEFAULT_SORTS['communication-templates'],
  filters: {
    audience: { column: 't.audience', type: 'text', values: COMMUNICATION_AUDIENCES },
    channel: { column: 't.channel', type: 'text', values: COMMUNICATION_CHANNELS },
    builtIn: { column: 't.built_in', type: 'bool' },
    key: { column: 't.key', type: 'text' },
  },
  search: [`t.name ->> 'zh-CN'`, `t.name ->> 'en'`, `t.subject ->> 'zh-CN'`, `t.subject ->> 'en'`],
};

export interface RenderResult extends RenderedTemplate {
  templateId: string;
  incidentId: string | null;
  lang: Locale;
}

/**
 * The firm's communication templates: the built-in ones (shared/communications.ts), ensured for each firm the first
 * time templates are needed, and the firm's own. Managers write them; staff read and fill them in.
 */
@Injectable()
export class CommunicationTemplatesService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly incidents: IncidentLookup,
    private readonly firms: FirmsService,
  ) {}

  /**
   * Each firm gets the built-in templates as rows of its own (editable, not deletable) the first time they are needed,
   * and the newer built-in text of a release the first time they are needed after it — unless the firm changed the
   * text (then it stays, `customized`, with `newerVersion` saying a newer text exists: `upgrade` adopts it).
   */
  async ensureBuiltIn(): Promise<void> {
    const firmId = this.db.scope.firmId;
    const rows: { id: string; key: string; builtInVersion: string | null; customized: boolean }[] = await this.db.em.query(BUILT_IN_TEMPLATE_KEYS, [firmId]);
    const have = new Map(rows.map((r) => [r.key, r]));
    const behind: string[] = [];
    for (const t of BUILT_IN_COMMUNICATION_TEMPLATES) {
      const row = have.get(t.key);
      if (!row) {
        await this.db.em.query(
          INSERT_BUILT_IN_TEMPLATE,
          [firmId, randomUUID(), t.key, t.name, t.audience, t.channel, t.subject, t.body, CURRENT_BUILT_IN_VERSIONS[t.key]],
        );
      } else if (!row.customized && row.builtInVersion !== CURRENT_BUILT_IN_VERSIONS[t.key]) {
        behind.push(row.id);
      }
    }
    if (behind.length) await this.bringUp(behind);
  }

  /**
   * Built-in templates behind this release's text: each locked as it is now (in the order of their ids; of two requests
   * that find one behind, one changes it, the other finds it done), then given the new text when the firm never changed
   * it — its text is the version it records, or (made before versions were recorded) one of the earlier built-in texts —
   * or else marked customized and left as the firm wrote it. Each new text is audited, after all are changed.
   */
  private async bringUp(ids: string[]): Promise<void> {
    const repo = this.db.repo(CommunicationTemplate);
    const audits: { before: CommunicationTemplate; id: string; current: string }[] = [];
    for (const id of [...ids].sort()) {
      const t = await this.locks.record(CommunicationTemplate, id);
      const def = t && BUILT_IN_COMMUNICATION_TEMPLATES.find((d) => d.key === t.key);
      if (!t || !def || !t.builtIn || t.customized) continue;
      const current = CURRENT_BUILT_IN_VERSIONS[def.key];
      if (t.builtInVersion === current) continue;
      const held = builtInVersion(t);
      const unchanged = held === current || held === t.builtInVersion || (t.builtInVersion === null && (EARLIER_BUILT_IN_VERSIONS[def.key] ?? []).includes(held));
      if (!unchanged) {
        await repo.update({ firmId: t.firmId, id }, { customized: true });
        continue;
      }
      await repo.update({ firmId: t.firmId, id }, {
        name: text(def.name), audience: def.audience, channel: def.channel, subject: text(def.subject), body: text(def.body), builtInVersion: current,
      });
      // the text was this release's already: only its version is recorded
      if (held !== current) audits.push({ before: t, id, current });
    }
    for (const a of audits) {
      const after = await repo.findOneByOrFail({ firmId: a.before.firmId, id: a.id });
      await this.audit.record({
        entity: 'communication-templates', entityId: a.id, action: 'update', before: mapTemplate(a.before), after: mapTemplate(after),
        changes: { builtInVersion: { before: a.before.builtInVersion, after: a.current } },
      });
    }
  }

  async list(query: ListQuery): Promise<Page<CommunicationTemplateRecord>> {
    const scope = this.access.require('communication-templates', 'list');
    await this.ensureBuiltIn();
    const qb = this.db.repo(CommunicationTemplate).createQueryBuilder('t').where('t.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapTemplate);
  }

  async get(id: string): Promise<CommunicationTemplateRecord> {
    this.access.require('communication-templates', 'show');
    return mapTemplate(await this.find(id));
  }

  /** A template of the caller's firm, or 404. */
  async find(id: string): Promise<CommunicationTemplate> {
    if (!isUuid(id)) throw notFound('communication template');
    await this.ensureBuiltIn();
    const t = await this.db.repo(CommunicationTemplate).findOneBy({ firmId: this.db.scope.firmId, id });
    if (!t) throw notFound('communication template');
    return t;
  }

  /** The template as it is now, locked until the request ends (Locks), or 404: its edits and removal read it so. */
  private async lock(id: string): Promise<CommunicationTemplate> {
    await this.ensureBuiltIn();
    const t = await this.locks.record(CommunicationTemplate, id);
    if (!t) throw notFound('communication template');
    return t;
  }

  async create(dto: CreateCommunicationTemplateDto): Promise<CommunicationTemplateRecord> {
    const scope = this.access.require('communication-templates', 'create');
    const problems = validateTemplateTexts(dto);
    if (problems.length) throw badInput(problems);
    const t = this.db.repo(CommunicationTemplate).create({
      firmId: scope.firmId, id: randomUUID(), key: `custom-${randomUUID().slice(0, 8)}`, name: text(dto.name), audience: dto.audience,
      channel: dto.channel, subject: text(dto.subject), body: text(dto.body), builtIn: false, builtInVersion: null, customized: false,
    });
    await this.db.repo(CommunicationTemplate).insert(t);
    const rec = mapTemplate(await this.find(t.id));
    await this.audit.record({ entity: 'communication-templates', entityId: t.id, action: 'create', after: rec });
    return rec;
  }

  /** Built-in templates are the firm's to adapt too; they only cannot be deleted. */
  async update(id: string, dto: UpdateCommunicationTemplateDto): Promise<CommunicationTemplateRecord> {
    const scope = this.access.require('communication-templates', 'edit');
    const t = await this.lock(id);
    const problems = validateTemplateTexts({ name: dto.name, subject: dto.subject, body: dto.body });
    if (problems.length) throw badInput(problems);
    const patch: Partial<CommunicationTemplate> = {};
    if (dto.name !== undefined) patch.name = text(dto.name);
    if (dto.subject !== undefined) patch.subject = text(dto.subject);
    if (dto.body !== undefined) patch.body = text(dto.body);
    if (dto.audience !== undefined) patch.audience = dto.audience;
    if (dto.channel !== undefined) patch.channel = dto.channel;
    // only what differs from the template as it is now: a PUT that changes nothing is no history
    const changed: Partial<CommunicationTemplate> = changedFields(t, patch);
    if (!Object.keys(changed).length) return mapTemplate(t);
    if (t.builtIn) {
      // a built-in one is the firm's own once its text differs from the built-in text it holds (back to it: not any more)
      const held = builtInVersion({ ...t, ...changed });
      const current = CURRENT_BUILT_IN_VERSIONS[t.key];
      if (held === current) Object.assign(changed, { builtInVersion: current, customized: false });
      else changed.customized = held !== t.builtInVersion;
    }
    await this.db.repo(CommunicationTemplate).update({ firmId: scope.firmId, id }, changed);
    const after = mapTemplate(await this.find(id));
    await this.audit.record({ entity: 'communication-templates', entityId: id, action: 'update', before: mapTemplate(t), after });
    return after;
  }

  /**
   * A built-in template the firm changed takes this release's built-in text (its edits are replaced; the audit row keeps
   * them). 409 for a firm's own template, or one that holds this release's text already.
   */
  async upgrade(id: string): Promise<CommunicationTemplateRecord> {
    const scope = this.access.require('communication-templates', 'edit');
    const t = await this.lock(id);
    const def = BUILT_IN_COMMUNICATION_TEMPLATES.find((d) => d.key === t.key);
    if (!t.builtIn || !def) throw conflict('only a built-in template takes the built-in text', { builtIn: t.builtIn });
    const current = CURRENT_BUILT_IN_VERSIONS[def.key];
    if (t.builtInVersion === current && !t.customized) throw conflict('the template holds the current built-in text already', { builtInVersion: current });
    await this.db.repo(CommunicationTemplate).update({ firmId: scope.firmId, id }, {
      name: text(def.name), audience: def.audience, channel: def.channel, subject: text(def.subject), body: text(def.body), builtInVersion: current, customized: false,
    });
    const after = mapTemplate(await this.find(id));
    await this.audit.record({
      entity: 'communication-templates', entityId: id, action: 'update', before: mapTemplate(t), after,
      changes: { builtInVersion: { before: t.builtInVersion, after: current } },
    });
    return after;
  }

  async remove(id: string): Promise<CommunicationTemplateRecord> {
    const scope = this.access.require('communication-templates', 'delete');
    const t = await this.lock(id);
    if (t.builtIn) throw conflict('a built-in template cannot be deleted; edit it instead');
    await this.db.repo(CommunicationTemplate).delete({ firmId: scope.firmId, id });
    const rec = mapTemplate(t);
    await this.audit.record({ entity: 'communication-templates', entityId: id, action: 'delete', before: rec });
    return rec;
  }

  /** The template filled in from an incident's facts (read-only: nothing is stored). */
  async render(id: string, dto: RenderTemplateDto): Promise<RenderResult> {
    this.access.require('communication-templates', 'show');
    const t = await this.find(id);
    const incident = await this.incidents.requireUsable(dto.incidentId);
    const lang = (dto.lang as Locale | undefined) ?? (await this.firmLocale());
    return { ...(await this.fill(t, incident, incident.clientId, lang)), templateId: t.id, incidentId: incident.id, lang };
  }

  firmLocale(): Promise<Locale> {
    return this.firms.locale();
  }

  /** Fills a template for an incident (or just a client) in `lang`. */
  async fill(t: CommunicationTemplate, incident: Incident | null, clientId: string, lang: Locale): Promise<RenderedTemplate> {
    const scope = this.db.scope;
    const client = await this.clients.inScope(clientId);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    // what the grading dialog asked (people, records, loss) fills what the incident's record leaves open
    const [graded] = incident
      ? await this.db.rows<{ inputs: Record<string, unknown> }>(
        LAST_GRADING_INPUTS, [scope.firmId, incident.id])
      : [];
    const answer = (k: string) => (typeof graded?.inputs?.[k] === 'number' && (graded.inputs[k] as number) > 0 ? (graded.inputs[k] as number) : null);
    const ctx: TemplateContext = {
      incident: incident && {
        reference: incident.reference, title: incident.title, description: incident.description, category: incident.category,
        nature: incident.nature, grade: incident.grade, status: incident.status, detectedAt: incident.detectedAt.toISOString(),
        reportedAt: iso(incident.reportedAt), containedAt: iso(incident.containedAt), resolvedAt: iso(incident.resolvedAt),
        dataCategories: incident.dataCategories ?? [], affectedSystems: incident.affectedSystems ?? [],
        peopleAffected: incident.peopleAffected ?? answer('peopleAffected'),
        recordsAffected: incident.recordsAffected === null ? answer('personalInfoRecords') : Number(incident.recordsAffected),
        directLossRmb: answer('directLossRmb'), businessImpact: incident.businessImpact,
        personalInfoInvolved: incident.personalInfoInvolved, sensitivePersonalInfoInvolved: incident.sensitivePersonalInfoInvolved,
      },
      client: { name: client?.name ?? '', creditCode: client?.creditCode ?? null, contact: (client?.contacts as TemplateContext['client']['contact'][] | undefined)?.[0] ?? null },
      firm: { name: scope.firmName },
      author: { name: scope.name },
      timeZone: scope.timeZone,
      now: new Date().toISOString(),
    };
    return renderTemplate(t, ctx, lang);
  }
}

const text = (t: { 'zh-CN': string; en: string }): LocalText => ({ 'zh-CN': t['zh-CN'], en: t.en });
