import { Inject, Injectable } from '@nestjs/common';
import { changedFields } from '../common/changes';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  CHANNEL_KINDS, DEFAULT_SORTS, channelSecretError, channelUrlError, MAX_CHANNEL_URL, NOTIFICATION_KINDS, NOTIFICATION_MESSAGES, fill, recordLink, robotMarkdown,
  type ChannelKind, type Locale, type NotificationChannelRecord, type NotificationDeliveryRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { badInput, notFound, type FieldError } from '../common/errors';
import { fetchPage, isUuid, type ListQuery, type ListSpec, type Page } from '../common/list-query';
import { Nullable, OptionalNotNull } from '../common/validation';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { mapDelivery } from './deliveries.service';
import { NotificationChannel, NotificationDelivery } from './notification.entity';
import * as Q from './notifications.queries';
import { Transports } from './transports';

export class CreateChannelDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) @IsIn(CHANNEL_KINDS) kind: ChannelKind;
  @ApiProperty({ description: "the robot's webhook address (its platform's host) or an https webhook" }) @IsString() @MaxLength(MAX_CHANNEL_URL) url: string;
  @ApiPropertyOptional({ description: 'signing secret (write-only): DingTalk 加签 (SEC…), Feishu, webhook (required, ≥ 16 characters)' })
  @Nullable() @IsString() @MaxLength(512) secret?: string | null;
  @ApiPropertyOptional({ description: 'the kinds it receives; null: every kind', enum: NOTIFICATION_KINDS, isArray: true })
  @Nullable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(NOTIFICATION_KINDS.length) @IsIn(NOTIFICATION_KINDS, { each: true }) events?: string[] | null;
  @ApiPropertyOptional({ description: "the clients whose events it receives; null: every client" })
  @Nullable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true }) clientIds?: string[] | null;
  @ApiPropertyOptional({ default: true }) @OptionalNotNull() @IsBoolean() active?: boolean;
}

export class UpdateChannelDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: CHANNEL_KINDS }) @OptionalNotNull() @IsIn(CHANNEL_KINDS) kind?: ChannelKind;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(MAX_CHANNEL_URL) url?: string;
  @ApiPropertyOptional({ description: 'write-only; left out: kept; null: removed' }) @Nullable() @IsString() @MaxLength(512) secret?: string | null;
  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true })
  @Nullable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(NOTIFICATION_KINDS.length) @IsIn(NOTIFICATION_KINDS, { each: true }) events?: string[] | null;
  @ApiPropertyOptional() @Nullable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true }) clientIds?: string[] | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

const LIST: ListSpec = {
  resource: 'notification-channels',
  idColumn: 'c.id',
  sortable: { name: 'c.name', kind: 'c.kind', createdAt: 'c.created_at', id: 'c.id' },
  defaultSort: DEFAULT_SORTS['notification-channels'],
  filters: { kind: { column: 'c.kind', type: 'text', values: CHANNEL_KINDS }, active: { column: 'c.active', type: 'bool' } },
  search: ['c.name'],
};

const mapChannel = (c: NotificationChannel): NotificationChannelRecord => ({
  id: c.id,
  name: c.name,
  kind: c.kind as ChannelKind,
  url: c.url,
  hasSecret: !!c.secret,
  events: (c.events as NotificationChannelRecord['events']) ?? null,
  clientIds: c.clientIds ?? null,
  active: c.active,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** What the audit log keeps of a channel: its record without the URL's credentials (a robot's key or token). */
const audited = (c: NotificationChannelRecord) => ({ ...c, url: c.url.replace(/([?&](key|access_token)=)[^&]*/g, '$1…').replace(/(\/hook\/)[^/?]+/, '$1…') });

/**
 * A firm's group channels (managers): WeCom / DingTalk / Feishu robots and signed webhooks, with the kinds and clients
 * each receives. The secret is write-only. A test sends a message at once and says what the endpoint answered.
 */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly transports: Transports,
    private readonly clients: ClientsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ListQuery): Promise<Page<NotificationChannelRecord>> {
    const scope = this.access.require('notification-channels', 'list');
    const qb = this.db.repo(NotificationChannel).createQueryBuilder('c').where('c.firm_id = :firmId', { firmId: scope.firmId });
    return (await fetchPage(this.db.em, qb, query, LIST)).map(mapChannel);
  }

  async get(id: string): Promise<NotificationChannelRecord> {
    this.access.require('notification-channels', 'show');
    return mapChannel(await this.find(id));
  }

  private async find(id: string): Promise<NotificationChannel> {
    if (!isUuid(id)) throw notFound('channel');
    const c = await this.db.repo(NotificationChannel).findOneBy({ firmId: this.db.scope.firmId, id });
    if (!c) throw notFound('channel');
    return c;
  }

  async create(dto: CreateChannelDto): Promise<NotificationChannelRecord> {
    const scope = this.access.require('notification-channels', 'create');
    await this.check({ kind: dto.kind, url: dto.url, secret: dto.secret, hasSecretNow: false, clientIds: dto.clientIds });
    const c = this.db.repo(NotificationChannel).create({
      firmId: scope.firmId, id: randomUUID(), name: dto.name.trim(), kind: dto.kind, url: dto.url, secret: dto.secret || null,
      events: dto.events ? [...new Set(dto.events)] : null, clientIds: dto.clientIds ? [...new Set(dto.clientIds)] : null,
      active: dto.active ?? true, createdById: scope.userId,
    });
    await this.db.repo(NotificationChannel).insert(c);
    const saved = mapChannel(await this.find(c.id));
    await this.audit.record({ entity: 'notification-channels', entityId: c.id, action: 'create', after: audited(saved) });
    return saved;
  }

  async update(id: string, dto: UpdateChannelDto): Promise<NotificationChannelRecord> {
    const scope = this.access.require('notification-channels', 'edit');
    const before = await this.locks.record(NotificationChannel, id);
    if (!before) throw notFound('channel');
    const kind = dto.kind ?? (before.kind as ChannelKind);
    const url = dto.url ?? before.url;
    // a kind that signs differently drops the old secret unless a new one is given
    const secret = dto.secret !== undefined ? dto.secret || null : kind === before.kind ? before.secret : null;
    await this.check({ kind, url, secret: dto.secret !== undefined ? dto.secret : kind === before.kind ? undefined : null, hasSecretNow: !!secret, clientIds: dto.clientIds });
    const patch: Partial<NotificationChannel> = { kind, url, secret };
    if (dto.name !== undefined) patch.name = dto.name.trim();
    if (dto.events !== undefined) patch.events = dto.events ? [...new Set(dto.events)] : null;
    if (dto.clientIds !== undefined) patch.clientIds = dto.clientIds ? [...new Set(dto.clientIds)] : null;
    if (dto.active !== undefined) patch.active = dto.active;
    // only what differs from the channel as it is now: a PUT that changes nothing is no history
    const changed = changedFields(before, patch);
    if (!Object.keys(changed).length) return mapChannel(before);
    await this.db.repo(NotificationChannel).update({ firmId: scope.firmId, id }, changed);
    const after = mapChannel(await this.find(id));
    const secretChanged = (before.secret ?? null) !== secret;
    await this.audit.record({
      entity: 'notification-channels', entityId: id, action: 'update', before: audited(mapChannel(before)), after: audited(after),
      changes: secretChanged ? { secret: { before: before.secret ? 'set' : null, after: secret ? 'set' : null } } : undefined,
    });
    return after;
  }

  async remove(id: string): Promise<NotificationChannelRecord> {
    const scope = this.access.require('notification-channels', 'delete');
    const c = await this.locks.record(NotificationChannel, id);
    if (!c) throw notFound('channel');
    const rec = mapChannel(c);
    await this.db.repo(NotificationChannel).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'notification-channels', entityId: id, action: 'delete', before: audited(rec) });
    return rec;
  }

  /**
   * Sends a test message to the channel now (also when it is turned off) and records it as a delivery: what the
   * endpoint answered, so that a manager sees at once whether the robot's address, secret and keywords are right.
   */
  async test(id: string): Promise<{ ok: boolean; error: string | null; delivery: NotificationDeliveryRecord }> {
    const scope = this.access.require('notification-channels', 'verify');
    const c = await this.find(id);
    const [firm] = await this.db.rows<{ locale: string; name: string }>(Q.FIRM, [scope.firmId]);
    const locale: Locale = firm?.locale === 'en' ? 'en' : 'zh-CN';
    const m = NOTIFICATION_MESSAGES[locale].test;
    const text = { title: m.title, body: fill(m.body, { channel: c.name }) };
    const link = recordLink(this.config.publicUrl, { entity: 'notification-channels', entityId: null, incidentId: null });
    const deliveryId = randomUUID();
    const payload = {
      title: text.title, body: text.body, link, locale, markdown: robotMarkdown(text, link, locale),
      event: { id: deliveryId, event: 'channel_test', occurredAt: new Date().toISOString(), firm: { id: scope.firmId, name: firm?.name ?? '' }, title: text.title, text: text.body, url: link, locale },
    };
    const outcome = await this.transports.group({ kind: c.kind as ChannelKind, url: c.url, secret: c.secret }, { ...payload, deliveryId, kind: 'channel_test' });
    const now = new Date();
    const d = this.db.repo(NotificationDelivery).create({
      firmId: scope.firmId, id: deliveryId, kind: 'channel_test', transport: c.kind, notificationId: null, userId: null, channelId: c.id, target: c.name,
      entity: 'notification-channels', entityId: c.id, incidentId: null, clientId: null, subjectId: null, payload,
      status: outcome.ok ? 'sent' : 'dead', attempts: 1, lastError: outcome.ok ? null : outcome.error ?? 'failed', notBefore: now, sentAt: outcome.ok ? now : null,
    });
    await this.db.repo(NotificationDelivery).insert(d as never);
    const saved = await this.db.repo(NotificationDelivery).findOneByOrFail({ firmId: scope.firmId, id: deliveryId });
    return { ok: outcome.ok, error: outcome.ok ? null : outcome.error ?? 'failed', delivery: mapDelivery(saved) };
  }

  /** The configuration as a whole: URL form per kind, the secret's rules, the firm's own clients; 400 naming each field. */
  private async check(c: { kind: ChannelKind; url: string; secret: string | null | undefined; hasSecretNow: boolean; clientIds?: string[] | null }) {
    const errors: FieldError[] = [];
    const urlError = channelUrlError(c.kind, c.url, { allowPrivateHosts: this.config.notifyAllowPrivateHosts });
    if (urlError) errors.push({ field: 'url', message: urlError });
    const secretError = channelSecretError(c.kind, c.secret, c.hasSecretNow);
    if (secretError) errors.push({ field: 'secret', message: secretError });
    if (c.clientIds?.length) {
      // the firm's own clients (ClientsModule's check: its table, in the caller's scope)
      const found = await this.clients.operatorTypes(c.clientIds);
      c.clientIds.forEach((id, k) => {
        if (!found.has(id)) errors.push({ field: `clientIds[${k}]`, message: 'no such client' });
      });
    }
    if (errors.length) throw badInput(errors);
  }
}
