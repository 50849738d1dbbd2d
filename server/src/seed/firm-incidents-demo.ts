import type { INestApplicationContext } from '@nestjs/common';
import { FirmIncidentsService } from '../incidents/firm-incidents.service';
import { TenantDb } from '../tenancy/tenant-db.service';

const HOUR = 3600_000;

/** The demo clients whose data leaked in the firm's own breach. */
export const DEMO_FIRM_BREACH_CLIENTS = ['pujiang', 'metro', 'xuhui', 'huijin'];

/**
 * The procedure's own case (issue 18): licence-change (执照变更) data of the firm's clients leaked from the firm itself.
 * One firm incident with a child per affected client, moved to responding together, and one client update sent to all.
 */
export async function seedFirmIncidents(app: INestApplicationContext, firmId: string, clientIds: Record<string, string>, managerId: string) {
  const db = app.get(TenantDb);
  const firmIncidents = app.get(FirmIncidentsService);
  await db.enterAs(firmId, managerId);
  const f = await firmIncidents.create({
    scope: 'firm',
    title: '执照变更资料库数据泄露',
    description: '本所执照变更业务资料库的备份文件被发现存放于公网可访问的存储桶中，涉及多家客户的营业执照变更申请材料及联系人信息。',
    category: 'data_security', nature: 'human_error', personalInfoInvolved: true,
    affectedSystems: ['执照变更资料库'], dataCategories: ['营业执照', '法定代表人身份证件', '联系人手机号'],
    detectedAt: new Date(Date.now() - 5 * HOUR).toISOString(),
    affectedClientIds: DEMO_FIRM_BREACH_CLIENTS.map((k) => clientIds[k]),
  });
  await firmIncidents.transition(f.id, { to: 'responding', override: true, reason: '已关闭存储桶公网访问，启动应急响应。' });
  await firmIncidents.postUpdate(f.id, { body: '我所已于发现当日关闭相关存储桶的公网访问，正在逐一核查贵司受影响的资料范围，核查结果将另行通知。' });
}
