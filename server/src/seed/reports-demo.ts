import type { INestApplicationContext } from '@nestjs/common';
import { todayIn } from '@incident-desk/shared';
import { ReportsService } from '../reports/reports.service';
import { TenantDb } from '../tenancy/tenant-db.service';

/** YYYY-MM of the month before `today` (YYYY-MM-DD). */
function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Stored service reports of the demo firm, as its manager keeps them: last month's client version for 浦江智联
 * (which its client admin can download) and this month's firm-wide internal report so far.
 */
export async function seedReports(app: INestApplicationContext, firmId: string, ids: Record<string, string>, userIds: Record<string, string>) {
  const db = app.get(TenantDb);
  const reports = app.get(ReportsService);
  const scope = await db.enterAs(firmId, userIds['manager@demo.test']);
  const today = todayIn(scope?.timeZone ?? 'Asia/Shanghai');
  await reports.create({ period: previousMonth(today), clientIds: [ids.pujiang], lang: 'zh-CN', version: 'client' });
  await reports.create({ period: today.slice(0, 7), lang: 'zh-CN', version: 'internal' });
}
