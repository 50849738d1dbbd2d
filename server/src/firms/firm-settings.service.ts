import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { createHash } from 'node:crypto';
import { LOCALES, type AlertingPolicy, type Locale } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ContractSlaDto } from '../clients/dto/client.dto';
import { AppError, fieldError, notFound } from '../common/errors';
import { OptionalNotNull } from '../common/validation';
import { AlertingSettingsService } from '../notifications/settings.service';
import { changeFirmTimeZone } from '../reports/report-rollups';
import { canDrawImage } from '../reports/report-pdf';
import { TenantDb } from '../tenancy/tenant-db.service';
import { WorkingDaysService } from '../working-days/working-days.service';
import * as Q from './firm-settings.queries';

/** A logo: PNG or JPEG (what every PDF and browser shows), at most 256 KiB. */
export const LOGO_MAX_BYTES = 256 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;

export class UpdateFirmSettingsDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: 'IANA time zone, e.g. Asia/Shanghai: the firm\'s days in reports and clocks' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
  @ApiPropertyOptional({ enum: LOCALES, description: 'default language: templates, criteria, e-mails of people without their own' })
  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;
  @ApiPropertyOptional({ description: 'the contract SLA a new client gets when none is given: acknowledgeHours / resolveHours by grade' })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ContractSlaDto)
  defaultClientSla?: ContractSlaDto;
  @ApiPropertyOptional({ description: 'the alerting settings (as PUT /api/notification-settings): any of halfWindow, beforeDueMinutes, overdueRepeatMinutes, acknowledgeMinutes, digestHour' })
  @OptionalNotNull()
  @IsObject()
  alerting?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'two-factor sign-in required of all staff (managers, consultants)' })
  @OptionalNotNull()
  @IsBoolean()
  mfaRequired?: boolean;
}

export interface FirmSettings {
  name: string;
  timeZone: string;
  locale: Locale;
  defaultClientSla: Record<string, unknown>;
  alerting: AlertingPolicy;
  mfaRequired: boolean;
  logo: { contentType: string; size: number; sha256: string; updatedAt: string } | null;
  /** the firm's own days of the PRC working-day calendar: edited through the `working-days` resource */
  workingDays: { resource: 'working-days'; firmDays: number; years: number[]; missing: number[] };
}

interface FirmRow {
  name: string;
  locale: string;
  timeZone: string;
  slaPolicy: Record<string, unknown> | null;
  mfaRequired: boolean;
}

/** An IANA time zone name the runtime knows (Intl), e.g. Asia/Shanghai, Europe/Berlin, UTC. */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The firm's settings (managers), one page over what lives in several homes: the firm's row (name, time zone through
 * changeFirmTimeZone, language, the two-factor requirement, the default client SLA in its policy JSON), the alerting
 * settings (AlertingSettingsService, which keeps and validates them: this composes it), the logo (`firm_logos`) and
 * the firm's days of the working-day calendar (WorkingDaysService, edited through `working-days`). A PUT is one
 * transaction with the firm's row locked: every field is checked first, and a 400 writes nothing.
 */
@Injectable()
export class FirmSettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly alerting: AlertingSettingsService,
    private readonly workingDays: WorkingDaysService,
  ) {}

  async get(): Promise<FirmSettings> {
    const scope = this.access.require('firm-settings', 'show');
    const [f] = await this.db.rows<FirmRow>(Q.FIRM_SETTINGS, [scope.firmId]);
    return this.settings(f, (await this.alerting.get()).alerting);
  }

  async put(dto: UpdateFirmSettingsDto): Promise<FirmSettings> {
    const scope = this.access.require('firm-settings', 'edit');
    if (dto.timeZone !== undefined && !isTimeZone(dto.timeZone)) throw fieldError('timeZone', 'must be an IANA time zone such as Asia/Shanghai');
    const [f] = await this.db.rows<FirmRow>(Q.FIRM_SETTINGS_FOR_UPDATE, [scope.firmId]);
    const before = { name: f.name, timeZone: f.timeZone, locale: f.locale, defaultClientSla: f.slaPolicy?.defaultClientSla ?? {}, mfaRequired: f.mfaRequired };
    if (dto.mfaRequired === true && !f.mfaRequired) {
      // whoever requires it has it: a manager cannot lock themselves out
      const [{ has }] = await this.db.rows<{ has: boolean }>(Q.HAS_MFA, [scope.firmId, scope.userId]);
      if (!has) throw new AppError(HttpStatus.CONFLICT, 'mfa_not_enabled', 'turn on two-factor sign-in for your own account before requiring it of the firm');
    }
    // the alerting settings validate and keep themselves (one home); a 400 there rolls this transaction back
    const alerting = dto.alerting !== undefined ? (await this.alerting.put({ alerting: dto.alerting })).alerting : (await this.alerting.get()).alerting;
    const after = {
      name: dto.name?.trim() ?? before.name,
      timeZone: dto.timeZone ?? before.timeZone,
      locale: dto.locale ?? before.locale,
      defaultClientSla: dto.defaultClientSla !== undefined ? JSON.parse(JSON.stringify(dto.defaultClientSla)) : before.defaultClientSla,
      mfaRequired: dto.mfaRequired ?? before.mfaRequired,
    };
    if (after.name !== before.name) await this.db.rows(Q.SET_NAME, [scope.firmId, after.name]);
    if (after.locale !== before.locale) await this.db.rows(Q.SET_LOCALE, [scope.firmId, after.locale]);
    if (after.timeZone !== before.timeZone) await changeFirmTimeZone({ query: (text, values) => this.db.rows(text, values) }, scope.firmId, after.timeZone);
    if (JSON.stringify(after.defaultClientSla) !== JSON.stringify(before.defaultClientSla)) {
      await this.db.rows(Q.SET_DEFAULT_CLIENT_SLA, [scope.firmId, JSON.stringify(after.defaultClientSla)]);
    }
    if (after.mfaRequired !== before.mfaRequired) {
      await this.db.rows(Q.SET_MFA_REQUIRED, [scope.firmId, after.mfaRequired]);
      if (after.mfaRequired) await this.db.rows(Q.END_SESSIONS_WITHOUT_MFA, [scope.firmId]);
    }
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      await this.audit.record({ entity: 'firm-settings', entityId: scope.firmId, action: 'update', before, after });
    }
    const [now] = await this.db.rows<FirmRow>(Q.FIRM_SETTINGS, [scope.firmId]);
    return this.settings(now, alerting);
  }

  /** The logo's bytes, for anyone signed in to the firm (the admin's header). */
  async logo(): Promise<{ contentType: string; content: Buffer; sha256: string }> {
    const scope = this.db.scope;
    const [l] = await this.db.rows<{ contentType: string; content: Buffer; sha256: string }>(Q.LOGO, [scope.firmId]);
    if (!l) throw notFound('logo');
    return l;
  }

  /** Replaces the logo: PNG or JPEG by its content (not by what the upload claims), at most LOGO_MAX_BYTES. */
  async putLogo(file: { buffer?: Buffer; size?: number } | undefined): Promise<FirmSettings['logo']> {
    const scope = this.access.require('firm-settings', 'edit');
    const bytes = file?.buffer;
    if (!bytes || bytes.length === 0) throw fieldError('file', 'a PNG or JPEG image is required (multipart field `file`)');
    if (bytes.length > LOGO_MAX_BYTES) throw fieldError('file', `must be at most ${LOGO_MAX_BYTES} bytes (256 KiB)`);
    const type = imageType(bytes);
    if (!type || !canDrawImage(bytes)) throw fieldError('file', 'must be a PNG or JPEG image');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const before = await this.logoMeta(scope.firmId);
    await this.db.rows(Q.PUT_LOGO, [scope.firmId, type, bytes, sha256]);
    await this.audit.record({ entity: 'firm-settings', entityId: scope.firmId, action: 'update', changes: { logo: { before: before?.sha256 ?? null, after: sha256 } } });
    return this.logoMeta(scope.firmId);
  }

  async deleteLogo(): Promise<void> {
    const scope = this.access.require('firm-settings', 'edit');
    const gone = await this.db.rows<{ sha256: string }>(Q.DELETE_LOGO, [scope.firmId]);
    if (!gone.length) throw notFound('logo');
    await this.audit.record({ entity: 'firm-settings', entityId: scope.firmId, action: 'update', changes: { logo: { before: gone[0].sha256, after: null } } });
  }

  private async logoMeta(firmId: string): Promise<FirmSettings['logo']> {
    const [l] = await this.db.rows<{ contentType: string; size: number; sha256: string; updatedAt: Date }>(Q.LOGO_META, [firmId]);
    return l ? { contentType: l.contentType, size: Number(l.size), sha256: l.sha256, updatedAt: new Date(l.updatedAt).toISOString() } : null;
  }

  private async settings(f: FirmRow, alerting: AlertingPolicy): Promise<FirmSettings> {
    const firmId = this.db.scope.firmId;
    const [{ n }] = await this.db.rows<{ n: number }>(Q.FIRM_WORKING_DAYS, [firmId]);
    const coverage = await this.workingDays.coverage();
    return {
      name: f.name,
      timeZone: f.timeZone,
      locale: f.locale === 'en' ? 'en' : 'zh-CN',
      defaultClientSla: (f.slaPolicy?.defaultClientSla as Record<string, unknown> | undefined) ?? {},
      alerting,
      mfaRequired: f.mfaRequired,
      logo: await this.logoMeta(firmId),
      workingDays: { resource: 'working-days', firmDays: n, years: coverage.years, missing: coverage.missing },
    };
  }
}

/** PNG or JPEG by its first bytes (the signatures of the formats), or null. */
export function imageType(b: Buffer): (typeof LOGO_TYPES)[number] | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}
