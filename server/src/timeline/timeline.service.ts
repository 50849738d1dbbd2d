import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_SORTS, ENUM_LABELS, TIMELINE_KINDS, TIMELINE_VISIBILITIES, type Locale, type TimelineKind, type TimelineRecord } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { fieldError, notFound } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, Page } from '../common/list-query';
import type { Incident } from '../incidents/incident.entity';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineEntry } from './timeline-entry.entity';

export class CreateTimelineEntryDto {
  @ApiProperty() @IsUUID() incidentId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(10000) body: string;
  @ApiPropertyOptional({ enum: TIMELINE_VISIBILITIES }) @OptionalNotNull() @IsIn(TIMELINE_VISIBILITIES) visibility?: 'internal' | 'client';
  @ApiPropertyOptional() @OptionalNotNull() @IsString() occurredAt?: string;
}

const LIST: ListSpec = {
  resource: 'timeline',
  idColumn: 't.id',
  sortable: { occurredAt: 't.occurred_at', createdAt: 't.created_at', kind: 't.kind', id: 't.id' },
  defaultSort: DEFAULT_SORTS['timeline'],
  filters: {
    incidentId: { column: 't.incident_id', type: 'uuid' },
    clientId: { column: 't.client_id', type: 'uuid' },
    visibility: { column: 't.visibility', type: 'text', values: TIMELINE_VISIBILITIES },
    kind: { column: 't.kind', type: 'text', values: TIMELINE_KINDS },
  },
  search: ['t.body'],
};

export const mapTimeline = (e: TimelineEntry): TimelineRecord => ({
  id: e.id,
  incidentId: e.incidentId,
  clientId: e.clientId,
  kind: e.kind as TimelineKind,
  visibility: e.visibility,
  body: e.body,
  data: e.data,
  authorId: e.authorId,
  authorName: e.authorName,
  occurredAt: e.occurredAt.toISOString(),
  createdAt: e.createdAt.toISOString(),
});

/** What a client-visible entry without words tells the client (a phase change: the phase it moved to). */
function clientUpdateSummary(kind: string, data: Record<string, unknown>): string | Record<Locale, string> {
  if (kind === 'transition' && typeof data.to === 'string') return `→ ${data.to}`;
  if (kind === 'acknowledged') return ENUM_LABELS.timelineKind.acknowledged;
  return kind;
}

/** The incident an entry is on (its acknowledgement: the first staff action on a client's report acknowledges it). */
type TimelineIncident = Pick<Incident, 'id' | 'clientId'> & { acknowledgedAt?: Date | null };

/** An entry as the services that change incidents write it. */
export interface TimelineFields {
  kind: string;
  visibility: 'internal' | 'client';
  body?: string;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/** What happened when. Every state change writes an entry through add(); people add notes and comments. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly incidents: IncidentLookup,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Writes an entry in the current transaction (used by every module that changes an incident). A staff action comes
   * through here or acted(): the first one on a client's report acknowledges it (its acknowledgement clock stops), and one
   * the client may see tells the client's admins (client_update; a sent communication's entry is about the
   * communication).
   */
  async add(incident: TimelineIncident, e: TimelineFields) {
    return (await this.addMany([{ incident, ...e }]))[0];
  }

  /**
   * Entries on several incidents written together (a firm incident's children): one statement for all, the client's
   * admins told of each client-visible one together (NotificationsService.emitMany); each as add() would write it.
   * Each is a staff action on its incident (actedMany): the reports it acknowledges get their "acknowledged" entry in
   * the same statement, before the entries asked for.
   */
  async addMany(items: (TimelineFields & { incident: TimelineIncident })[]): Promise<TimelineEntry[]> {
    if (!items.length) return [];
    const acknowledged = await this.acknowledge(items.map((x) => x.incident));
    return (await this.write([...acknowledged, ...items])).slice(acknowledged.length);
  }

  /**
   * A staff action on an incident (its first statement after the incident is locked, if it locks it): the one place
   * that decides what acknowledges a client's report. Every write by firm staff to the incident or to what hangs off it
   * (a task made, assigned, changed or removed, the team or lead set, a phase change, a grading, a note, a
   * communication or improvement action on it, an obligation met or waived, a file) calls it, directly or through
   * add() / addMany(); a client admin's own comment does not. Returns the moment, when this call acknowledged it.
   */
  async acted(incident: TimelineIncident): Promise<Date | null> {
    return (await this.actedMany([incident])).get(incident.id) ?? null;
  }

  /**
   * acted() for several incidents at once (a firm incident's children moved together): one update for all of them and
   * one statement for their "acknowledged" entries. The first staff action stops a report's acknowledgement clock (the
   * incidents' trigger keeps notification_clocks), and only it writes the client-visible "acknowledged" entry: of
   * several at once, the conditional update lets one through (IncidentLookup.acknowledge), so the history has one
   * acknowledgement. The incidents this call acknowledged, and when.
   */
  async actedMany(incidents: TimelineIncident[]): Promise<Map<string, Date>> {
    const entries = await this.acknowledge(incidents);
    await this.write(entries);
    return new Map(entries.map((e) => [e.incident.id, e.occurredAt]));
  }

  /** The reports among these that a staff action acknowledges now (one statement), each with its "acknowledged" entry to write. */
  private async acknowledge(incidents: TimelineIncident[]): Promise<(TimelineFields & { incident: TimelineIncident; occurredAt: Date })[]> {
    if (this.db.scope.role === 'client_admin') return [];
    const waiting = new Map(incidents.filter((i) => !i.acknowledgedAt).map((i) => [i.id, i]));
    if (!waiting.size) return [];
    const done = await this.incidents.acknowledge([...waiting.keys()]);
    return done.map(({ id, acknowledgedAt: at }) => ({
      incident: waiting.get(id)!, kind: 'acknowledged', visibility: 'client' as const, data: { acknowledgedAt: at.toISOString() }, occurredAt: at,
    }));
  }

  /** The entries in one statement, and the client's admins told of the client-visible ones by firm staff, together. */
  private async write(items: (TimelineFields & { incident: TimelineIncident })[]): Promise<TimelineEntry[]> {
    if (!items.length) return [];
    const scope = this.db.scope;
    const staff = scope.role !== 'client_admin';
    const now = new Date();
    const entries: TimelineEntry[] = items.map(({ incident, ...e }) => ({
      firmId: scope.firmId,
      id: randomUUID(),
      incidentId: incident.id,
      clientId: incident.clientId,
      kind: e.kind,
      visibility: e.visibility,
      body: e.body ?? '',
      data: e.data ?? {},
      authorId: scope.userId,
      authorName: scope.name,
      occurredAt: e.occurredAt ?? now,
      createdAt: now,
    }));
    const stamps = await this.db.insert(TimelineEntry, entries, ['createdAt']);
    // every row of one statement has the same created_at (the transaction's time)
    for (const entry of entries) Object.assign(entry, stamps[0]);
    if (staff) {
      await this.notifications.emitMany(entries.filter((entry) => entry.visibility === 'client').map((entry) => {
        const communicationId = typeof entry.data.communicationId === 'string' ? entry.data.communicationId : null;
        return {
          kind: 'client_update' as const, incidentId: entry.incidentId, entity: communicationId ? 'communications' as const : 'timeline' as const,
          entityId: communicationId ?? entry.id, summary: entry.body || clientUpdateSummary(entry.kind, entry.data),
        };
      }));
    }
    return entries;
  }

  async list(query: ListQuery): Promise<Page<TimelineRecord>> {
    const scope = this.access.require('timeline', 'list');
    const qb = this.db.repo(TimelineEntry).createQueryBuilder('t').where('t.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('t.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    if (scope.role === 'client_admin') qb.andWhere(`t.visibility = 'client'`);
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapTimeline);
  }

  async get(id: string): Promise<TimelineRecord> {
    const scope = this.access.require('timeline', 'show');
    if (!isUuid(id)) throw notFound('timeline entry');
    const e = await this.db.repo(TimelineEntry).findOneBy({ firmId: scope.firmId, id });
    if (!e || (scope.role === 'client_admin' && e.visibility !== 'client')) throw notFound('timeline entry');
    this.access.requireClient(scope, e.clientId, 'timeline entry');
    return mapTimeline(e);
  }

  /** A note by firm staff (internal or client-visible) or a comment by a client admin (always client-visible). */
  async create(dto: CreateTimelineEntryDto): Promise<TimelineRecord> {
    const scope = this.db.scope;
    const isClient = scope.role === 'client_admin';
    this.access.require('timeline', isClient ? 'comment' : 'create');
    if (isClient && dto.visibility === 'internal') throw fieldError('visibility', 'client admins write client-visible comments only');
    const incident = await this.incidents.requireUsable(dto.incidentId);
    let occurredAt = new Date();
    if (dto.occurredAt !== undefined) {
      occurredAt = new Date(dto.occurredAt);
      if (isNaN(occurredAt.getTime())) throw fieldError('occurredAt', 'must be a date');
    }
    const entry = await this.add(incident, {
      kind: isClient ? 'comment' : 'note',
      visibility: isClient ? 'client' : (dto.visibility ?? 'internal'),
      body: dto.body,
      occurredAt,
    });
    const rec = mapTimeline(entry);
    await this.audit.record({ entity: 'timeline', entityId: entry.id, clientId: incident.clientId, action: 'create', after: rec });
    return rec;
  }
}
