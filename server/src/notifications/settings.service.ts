import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { alertingPolicy, alertingPolicyErrors, type AlertingPolicy } from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { badInput } from '../common/errors';
import { TenantDb } from '../tenancy/tenant-db.service';
import * as Q from './notifications.queries';

export class AlertingSettingsDto {
  @ApiProperty({ description: 'halfWindow, beforeDueMinutes, overdueRepeatMinutes, acknowledgeMinutes, digestHour (any of them; the rest stay)' })
  @IsObject()
  alerting: Record<string, unknown>;
}

/**
 * The firm's alerting settings (managers): the obligation thresholds (half the window, minutes before due), how often
 * an overdue obligation or an unacknowledged client report escalates, the acknowledgement window of a client's report
 * (unless the client's contract SLA has hours for its grade) and the hour of the daily digest. Kept in the firm's
 * policy JSON (`firms.sla_policy.alerting`), which the clocks read; a change makes every running clock of the firm be
 * looked at again by the next minute's scan, under the new settings.
 */
@Injectable()
export class AlertingSettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<{ alerting: AlertingPolicy }> {
    const scope = this.access.require('notification-settings', 'show');
    const [f] = await this.db.rows<{ slaPolicy: unknown }>(Q.FIRM, [scope.firmId]);
    return { alerting: alertingPolicy(f?.slaPolicy) };
  }

  async put(dto: AlertingSettingsDto): Promise<{ alerting: AlertingPolicy }> {
    const scope = this.access.require('notification-settings', 'edit');
    const errors = alertingPolicyErrors(dto.alerting);
    if (errors.length) throw badInput(errors);
    // the firm's row locked: two managers' changes one after the other, each from the settings the other left
    const [f] = await this.db.rows<{ slaPolicy: unknown }>(Q.FIRM_POLICY_FOR_UPDATE, [scope.firmId]);
    const before = alertingPolicy(f?.slaPolicy);
    const after: AlertingPolicy = { ...before, ...(dto.alerting as Partial<AlertingPolicy>) };
    if (after.beforeDueMinutes) after.beforeDueMinutes = [...new Set(after.beforeDueMinutes)].sort((a, b) => b - a);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await this.db.rows(Q.SET_ALERTING, [scope.firmId, JSON.stringify(after)]);
      await this.db.rows(Q.CLOCKS_AGAIN, [scope.firmId]);
      await this.audit.record({ entity: 'notification-settings', entityId: scope.firmId, action: 'update', before, after });
    }
    return { alerting: after };
  }
}
