import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength } from 'class-validator';
import {
  effectivePreference, kindsForRole, preferenceErrors, preferenceLocks, REGULATORY_KINDS, type NotificationKind, type NotificationPreferenceRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { badInput, type FieldError } from '../common/errors';
import { ListOf, OptionalNotNull } from '../common/validation';
import { TenantDb } from '../tenancy/tenant-db.service';
import * as Q from './notifications.queries';

export class PreferenceDto {
  @ApiProperty() @IsString() @MaxLength(60) kind: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() inApp?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() email?: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: [PreferenceDto] }) @ListOf(() => PreferenceDto, 50) preferences: PreferenceDto[];
}

/**
 * The caller's notification preferences: per kind they hear of, in-app and e-mail. The in-app notification of a
 * regulatory event cannot be turned off; the clocks' reminders and escalations are never muted (shared/notifications).
 */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<{ preferences: NotificationPreferenceRecord[] }> {
    const scope = this.access.require('notification-preferences', 'show');
    return { preferences: await this.current(scope.firmId, scope.userId, kindsForRole(scope.role)) };
  }

  private async current(firmId: string, userId: string, kinds: NotificationKind[]): Promise<NotificationPreferenceRecord[]> {
    const stored = new Map(
      (await this.db.rows<{ kind: string; inApp: boolean; email: boolean }>(Q.PREFERENCES_OF, [firmId, [userId], kinds])).map((r) => [r.kind, r]),
    );
    return kinds.map((kind) => ({
      kind,
      ...effectivePreference(kind, stored.get(kind)),
      regulatory: REGULATORY_KINDS.includes(kind),
      locked: preferenceLocks(kind),
    }));
  }

  /** Sets the given kinds (the others stay as they are); the preferences as they are now. */
  async put(dto: PreferencesDto): Promise<{ preferences: NotificationPreferenceRecord[] }> {
    const scope = this.access.require('notification-preferences', 'edit');
    const kinds = kindsForRole(scope.role);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    dto.preferences.forEach((p, k) => {
      for (const e of preferenceErrors(scope.role, p.kind, p)) errors.push({ field: `preferences[${k}].${e.field}`, message: e.message });
      if (seen.has(p.kind)) errors.push({ field: `preferences[${k}].kind`, message: 'is given twice' });
      seen.add(p.kind);
    });
    if (errors.length) throw badInput(errors);
    const before = await this.current(scope.firmId, scope.userId, kinds);
    const was = new Map(before.map((p) => [p.kind, p]));
    for (const p of dto.preferences) {
      const now = was.get(p.kind as NotificationKind)!;
      await this.db.rows(Q.UPSERT_PREFERENCE, [scope.firmId, scope.userId, p.kind, p.inApp ?? now.inApp, p.email ?? now.email]);
    }
    const after = await this.current(scope.firmId, scope.userId, kinds);
    const slim = (list: NotificationPreferenceRecord[]) => Object.fromEntries(list.map((p) => [p.kind, { inApp: p.inApp, email: p.email }]));
    if (JSON.stringify(slim(before)) !== JSON.stringify(slim(after))) {
      await this.audit.record({ entity: 'notification-preferences', entityId: scope.userId, action: 'update', before: slim(before), after: slim(after) });
    }
    return { preferences: after };
  }
}
