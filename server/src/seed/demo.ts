import { randomUUID } from 'node:crypto';
import { creditCodeCheckCharacter, type OperatorType, type Role } from '@incident-desk/shared';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { CommunicationTemplatesService } from '../communications/communication-templates.service';
import { EvaluationTemplatesService } from '../evaluations/evaluation-templates.service';
import { PlaybooksService } from '../playbooks/playbooks.service';
import type { EntityManager } from 'typeorm';
import { AssignmentsService } from '../assignments/assignments.service';
import { hashPassword } from '../auth/password';
import { ClientsService } from '../clients/clients.service';
import { seedIncidents } from './incidents-demo';
import { seedFirmIncidents } from './firm-incidents-demo';
import { seedCommunications } from './communications-demo';
import { seedTrainings } from './trainings-demo';
import { seedEvaluations } from './evaluations-demo';
import { seedReports } from './reports-demo';
import { seedDemoNotifications } from './notifications-demo';
import type { AppConfig } from '../config/config';
import { enterFirm, TenantDb } from '../tenancy/tenant-db.service';
import { UsersService } from '../users/users.service';
import { canonicalEmail } from '../users/email';

export const DEMO_PASSWORD = 'demo-pass-2026';

/** A valid unified social credit code from its first 17 characters. */
export const creditCode = (first17: string) => first17 + creditCodeCheckCharacter(first17);

interface DemoClient {
  key: string;
  name: string;
  code17: string;
  industry: string;
  operatorType: OperatorType;
  eu: boolean;
  contact: { name: string; title: string; email: string; phone: string };
}

interface DemoFirm {
  slug: string;
  name: string;
  manager: { email: string; name: string };
  clients: DemoClient[];
  users: { email: string; name: string; role: Role; client?: string; locale?: 'zh-CN' | 'en'; assigned?: string[] }[];
}

const SLA = {
  acknowledgeHours: { especially_major: 1, major: 2, relatively_major: 4, general: 8 },
  resolveHours: { especially_major: 24, major: 72, relatively_major: 120, general: 240 },
};

export const DEMO_FIRMS: DemoFirm[] = [
  {
    slug: 'demo',
    name: '申信企业服务（上海）有限公司',
    manager: { email: 'manager@demo.test', name: '王敏' },
    clients: [
      { key: 'pujiang', name: '上海浦江智联科技有限公司', code17: '91310115MA1K4PJ2X', industry: '信息技术', operatorType: 'other', eu: false,
        contact: { name: '张伟', title: '信息安全负责人', email: 'zhang.wei@pujiang.example', phone: '021-5080 1234' } },
      { key: 'metro', name: '上海申城轨道交通运营有限公司', code17: '91310000MA1FL3QK7', industry: '交通运输', operatorType: 'cii', eu: false,
        contact: { name: '刘洋', title: '网络安全部经理', email: 'liu.yang@shencheng-metro.example', phone: '021-6318 2200' } },
      { key: 'xuhui', name: '上海市徐汇区数据资源管理中心', code17: '12310104MB2C11870', industry: '公共管理',
        // a district-level public institution: an "other" operator under Measures Art. 4 (4 h, the Shanghai cyberspace office), not a central organ
        operatorType: 'other', eu: false,
        contact: { name: '周静', title: '办公室主任', email: 'zhou.jing@xuhui-data.example', phone: '021-6487 3300' } },
      { key: 'huijin', name: '上海汇金融资租赁有限公司', code17: '91310101MA1FPX8L3', industry: '金融服务', operatorType: 'other', eu: true,
        contact: { name: 'Emma Schulz', title: 'DPO', email: 'dpo@huijin-leasing.example', phone: '021-6321 7788' } },
      { key: 'kangda', name: '上海康达医疗器械有限公司', code17: '91310112MA1GBQ4T6', industry: '医疗器械', operatorType: 'other', eu: false,
        contact: { name: '孙丽', title: '合规经理', email: 'sun.li@kangda-med.example', phone: '021-5433 9012' } },
      { key: 'hudong', name: '上海沪东跨境电子商务有限公司', code17: '91310110MA1G8E2N9', industry: '电子商务', operatorType: 'other', eu: true,
        contact: { name: '赵磊', title: '技术总监', email: 'zhao.lei@hudong-ec.example', phone: '021-6543 1100' } },
      { key: 'yunhan', name: '上海云汉物流有限公司', code17: '91310117MA1J3RDW5', industry: '物流', operatorType: 'other', eu: false,
        contact: { name: '钱芳', title: '行政总监', email: 'qian.fang@yunhan-logistics.example', phone: '021-5768 4455' } },
    ],
    users: [
      { email: 'consultant@demo.test', name: '陈磊', role: 'consultant', assigned: ['pujiang', 'metro', 'huijin'] },
      { email: 'consultant2@demo.test', name: '李娜', role: 'consultant', assigned: ['xuhui', 'kangda', 'hudong'], locale: 'en' },
      { email: 'client-admin@demo.test', name: '张伟', role: 'client_admin', client: 'pujiang' },
      { email: 'client-admin2@demo.test', name: '周静', role: 'client_admin', client: 'xuhui' },
    ],
  },
  {
    slug: 'other',
    name: '北辰合规咨询（北京）有限公司',
    manager: { email: 'manager@other.test', name: '何平' },
    clients: [
      { key: 'yanshan', name: '北京燕山数据科技有限公司', code17: '91110108MA01C2UX4', industry: '信息技术', operatorType: 'other', eu: false,
        contact: { name: '马超', title: 'CTO', email: 'ma.chao@yanshan.example', phone: '010-8233 1000' } },
      { key: 'jingbei', name: '北京京北新能源有限公司', code17: '91110229MA01N7KD2', industry: '能源', operatorType: 'cii', eu: false,
        contact: { name: '高远', title: '安全主管', email: 'gao.yuan@jingbei-energy.example', phone: '010-6913 2020' } },
    ],
    users: [{ email: 'consultant@other.test', name: '冯雪', role: 'consultant', assigned: ['yanshan'] }],
  },
];

/** Seeds the demo firms once, in one transaction, through the same services the API uses (so it is audited). */
export async function seedDemo(app: INestApplicationContext, config: AppConfig): Promise<boolean> {
  const db = app.get(TenantDb);
  const clients = app.get(ClientsService);
  const users = app.get(UsersService);
  const assignments = app.get(AssignmentsService);
  const passwordHash = await hashPassword(DEMO_PASSWORD, config.scryptLog2N);
  const seeded = await db.runUnscoped({ requestId: 'seed', ip: null }, async (em) => {
    const claimed = await em.query(
      `insert into app_meta (key, value) values ('demo_seed', now()::text) on conflict (key) do nothing returning key`,
    );
    if (claimed.length === 0) return false;
    for (const firm of DEMO_FIRMS) {
      const { firmId, managerId } = await createFirm(em, firm.name, firm.slug, firm.manager, passwordHash);
      await db.enterAs(firmId, managerId);
      await provisionFirm(app);
      const ids: Record<string, string> = {};
      const userIds: Record<string, string> = { [firm.manager.email]: managerId };
      for (const c of firm.clients) {
        const made = await clients.create({
          name: c.name,
          creditCode: creditCode(c.code17),
          industry: c.industry,
          operatorType: c.operatorType,
          processesEuPersonalData: c.eu,
          contacts: [c.contact],
          contractSla: SLA,
        });
        ids[c.key] = made.id;
      }
      for (const u of firm.users) {
        const made = await users.seedWithPassword(
          { email: u.email, name: u.name, role: u.role, clientId: u.client ? ids[u.client] : undefined, locale: u.locale ?? 'zh-CN' },
          passwordHash,
        );
        userIds[u.email] = made.id;
        for (const key of u.assigned ?? []) await assignments.create({ consultantId: made.id, clientId: ids[key] });
      }
      if (firm.slug === 'demo') await seedIncidents(app, firmId, ids, userIds);
      if (firm.slug === 'demo') await seedCommunications(app, firmId, userIds);
      // drills before evaluations: the drill evaluations find their training by title
      if (firm.slug === 'demo') await seedTrainings(app, firmId, ids, userIds);
      if (firm.slug === 'demo') await seedEvaluations(app, firmId, ids, userIds);
      // a breach at the firm itself, affecting several clients (the procedure's own case)
      if (firm.slug === 'demo') await seedFirmIncidents(app, firmId, ids, managerId);
      // last: the stored reports show the figures of everything above
      if (firm.slug === 'demo') await seedReports(app, firmId, ids, userIds);
    }
    return true;
  });
  // once the demo is committed (the clocks' scan works in transactions of its own); claimed separately, so that a
  // database seeded before notifications existed gets them too
  await seedDemoNotifications(app);
  return seeded;
}

/**
 * A firm and its first manager; used by the seed, by the operator's `POST /api/firms` (the manager then invited: no
 * password, `passwordHash` null) and by tests that need a firm of their own. Leaves the transaction in the firm's scope.
 */
export async function createFirm(
  em: EntityManager,
  name: string,
  slug: string,
  manager: { email: string; name: string },
  passwordHash: string | null,
  settings: { locale?: string; timeZone?: string; creditCode?: string } = {},
): Promise<{ firmId: string; managerId: string }> {
  const firmId = randomUUID();
  const managerId = randomUUID();
  await enterFirm(em, firmId, { allClients: true });
  await em.query(
    `insert into firms (id, name, slug, locale, time_zone, credit_code) values ($1, $2, $3, $4, $5, $6)`,
    [firmId, name, slug, settings.locale ?? 'zh-CN', settings.timeZone ?? 'Asia/Shanghai', settings.creditCode ?? null],
  );
  await em.query(
    `insert into users (firm_id, id, email, name, role, locale, password_hash, password_set_at) values ($1, $2, $3, $4, 'manager', $5, $6, case when $6::text is null then null else now() end)`,
    [firmId, managerId, canonicalEmail(manager.email), manager.name, settings.locale ?? 'zh-CN', passwordHash],
  );
  await em.query(`select login_directory_sync($1, $2)`, [firmId, managerId]);
  return { firmId, managerId };
}

/**
 * What a firm needs to work, made in its scope (the caller's scope is a user of the firm): the built-in playbook and
 * the built-in communication and evaluation templates (otherwise made when first needed). The seed and the
 * operator's firm creation both call it.
 */
export async function provisionFirm(app: { get<T>(type: Type<T>, options: { strict: false }): T }): Promise<void> {
  await app.get(PlaybooksService, { strict: false }).ensureBuiltIn();
  await app.get(CommunicationTemplatesService, { strict: false }).ensureBuiltIn();
  await app.get(EvaluationTemplatesService, { strict: false }).ensureBuiltIn();
}
