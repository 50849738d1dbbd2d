import type { INestApplicationContext } from '@nestjs/common';
import { Readable } from 'node:stream';
import { addDays, addMonthsClamped, todayIn, type TrainingStatus, type TrainingType } from '@incident-desk/shared';
import { AttachmentsService } from '../attachments/attachments.service';
import { stageUpload } from '../attachments/upload';
import { EVIDENCE_STORE, type EvidenceStore } from '../storage';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TrainingsService } from '../trainings/trainings.service';

export interface DemoParticipant {
  name: string;
  department: string;
  attended: boolean;
  score?: number;
  acknowledged?: boolean;
}

export interface DemoTraining {
  /** key of the demo client */
  client: string;
  /** email of the staff member who records it */
  by: string;
  type: TrainingType;
  title: string;
  legalBasis?: string;
  /** days before today (negative: in the future) */
  daysAgo: number;
  durationMinutes: number;
  deliveryMode: 'onsite' | 'online' | 'hybrid';
  trainer: string;
  objectives: string;
  scenario?: string;
  status: TrainingStatus;
  passMark?: number;
  recurrenceMonths?: number;
  times?: { detect: number; escalate: number; report: number };
  participants?: DemoParticipant[];
  /** files kept with the record (a sign-in sheet, a photo of the drill) */
  files?: { name: string; content: 'csv' | 'png' | 'text'; text?: string }[];
}

const p = (name: string, department: string, attended: boolean, score?: number, acknowledged = attended): DemoParticipant => ({ name, department, attended, score, acknowledged });

/** A 1×1 PNG (a stand-in for a photo of the drill). */
const PNG = Buffer.from(
  '89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8CFC0F01F0005000201A2F5C8C30000000049454E44AE426082',
  'hex',
);

/**
 * Trainings and drills across the demo firm's clients: recurring ones coming due and overdue, a renewed one, drills
 * within and beyond the reporting clock of their client's operator type, a planned and a cancelled one.
 */
export const DEMO_TRAININGS: DemoTraining[] = [
  {
    client: 'pujiang', by: 'consultant@demo.test', type: 'security_awareness', title: '年度全员网络安全意识培训',
    legalBasis: '《网络安全法》第三十四条；《数据安全法》第二十七条', daysAgo: 350, durationMinutes: 90, deliveryMode: 'hybrid', trainer: '陈磊',
    objectives: '识别钓鱼邮件与社会工程学攻击；掌握密码与多因素认证要求；知晓安全事件报告渠道。', status: 'completed', passMark: 80, recurrenceMonths: 12,
    participants: [
      p('张伟', '信息安全部', true, 96), p('王芳', '市场部', true, 88), p('刘强', '销售部', true, 72), p('陈静', '财务部', true, 91),
      p('杨帆', '研发中心', true, 85), p('赵敏', '人力资源部', false), p('黄磊', '客服中心', true, 64), p('周婷', '研发中心', true, 100),
    ],
    files: [{ name: '年度安全意识培训签到表.csv', content: 'csv' }],
  },
  {
    client: 'pujiang', by: 'consultant@demo.test', type: 'tabletop_exercise', title: 'CRM 数据泄露桌面推演',
    daysAgo: 40, durationMinutes: 150, deliveryMode: 'onsite', trainer: '陈磊', status: 'completed', recurrenceMonths: 6,
    objectives: '检验客户信息泄露时的研判、上报与对个人的告知流程。',
    scenario: '凌晨监测到 CRM 出现批量导出，导出文件出现在境外论坛，涉及约 5 000 名客户的姓名和手机号。',
    times: { detect: 18, escalate: 25, report: 150 },
    participants: [p('张伟', '信息安全部', true), p('孙浩', '法务部', true), p('王芳', '市场部', true), p('林晓', '客服中心', true)],
  },
  {
    client: 'metro', by: 'consultant@demo.test', type: 'emergency_drill', title: '票务系统勒索软件应急演练',
    legalBasis: '《关键信息基础设施安全保护条例》第二十五条；《国家网络安全事件报告管理办法》', daysAgo: 75, durationMinutes: 240, deliveryMode: 'onsite',
    trainer: '陈磊', status: 'completed', passMark: 70, recurrenceMonths: 12,
    objectives: '检验关键信息基础设施运营者 1 小时报告时限下的发现、升级与报告能力，以及票务系统的降级运行预案。',
    scenario: '2 号线票务后台服务器被加密并出现勒索信，闸机需切换为人工放行；演练从监控告警开始计时。',
    times: { detect: 9, escalate: 14, report: 48 },
    participants: [
      p('刘洋', '网络安全部', true, 92), p('吴昊', '运维中心', true, 85), p('郑丽', '运营调度部', true, 78),
      p('冯军', '票务中心', true, 66), p('许娜', '办公室', true, 81), p('何涛', '运维中心', false),
    ],
    files: [{ name: '演练现场照片.png', content: 'png' }, { name: '演练复盘要点.txt', content: 'text', text: '1. 告警至确认 9 分钟，达标。\n2. 报告 48 分钟送达市公安局网安总队，在 1 小时时限内。\n3. 票务降级预案切换耗时偏长，需优化。\n' }],
  },
  {
    client: 'xuhui', by: 'consultant2@demo.test', type: 'tabletop_exercise', title: '政务数据共享接口越权访问桌面推演',
    legalBasis: '《国家网络安全事件报告管理办法》；《政务数据共享管理办法》', daysAgo: 200, durationMinutes: 120, deliveryMode: 'online', trainer: '李娜',
    status: 'completed', recurrenceMonths: 6,
    objectives: '检验区级事业单位（其他网络运营者）4 小时内向属地省级网信部门（上海市委网信办）报告的内部升级与报告流程。',
    scenario: '共享平台日志显示某区县接口调用量异常，疑似账号被冒用批量查询人口数据。',
    times: { detect: 35, escalate: 50, report: 135 },
    participants: [p('周静', '办公室', true), p('唐杰', '数据管理科', true), p('韩雪', '平台运维科', true)],
  },
  {
    client: 'huijin', by: 'consultant@demo.test', type: 'legal_compliance', title: '个人信息保护合规培训（PIPL 与 GDPR）',
    legalBasis: '《个人信息保护法》第五十一条；GDPR Art. 39(1)(b)', daysAgo: 220, durationMinutes: 120, deliveryMode: 'online', trainer: '王敏',
    objectives: '掌握个人信息泄露的通知义务、时限和内容；欧盟数据主体的权利与 72 小时通知。', status: 'completed', passMark: 60, recurrenceMonths: 6,
    participants: [
      p('Emma Schulz', 'DPO Office', true, 98), p('郭鹏', '风险管理部', true, 75), p('马琳', '客户服务部', true, 58),
      p('谢宇', '信息技术部', true, 81), p('邓超', '业务一部', false),
    ],
  },
  {
    client: 'kangda', by: 'consultant2@demo.test', type: 'technical', title: '终端安全与日志留存技术培训',
    daysAgo: 420, durationMinutes: 180, deliveryMode: 'onsite', trainer: '李娜', status: 'completed', recurrenceMonths: 12, passMark: 70,
    objectives: 'EDR 告警研判；日志留存不少于六个月的配置与核查。', legalBasis: '《网络安全法》第二十一条',
    participants: [p('孙丽', '合规部', true, 88), p('彭博', 'IT 部', true, 79), p('曾颖', 'IT 部', true, 67)],
  },
  {
    client: 'kangda', by: 'consultant2@demo.test', type: 'technical', title: '终端安全与日志留存技术培训（复训）',
    daysAgo: 30, durationMinutes: 180, deliveryMode: 'onsite', trainer: '李娜', status: 'completed', recurrenceMonths: 12, passMark: 70,
    objectives: 'EDR 告警研判；日志留存不少于六个月的配置与核查。', legalBasis: '《网络安全法》第二十一条',
    participants: [p('孙丽', '合规部', true, 93), p('彭博', 'IT 部', true, 84), p('曾颖', 'IT 部', true, 75), p('罗俊', 'IT 部', true, 62)],
  },
  {
    client: 'hudong', by: 'consultant2@demo.test', type: 'communication', title: '安全事件对外沟通与舆情应对培训',
    daysAgo: -12, durationMinutes: 90, deliveryMode: 'online', trainer: '李娜', status: 'planned',
    objectives: '事件发生后对客户、媒体和监管部门的口径统一与发布审批。',
    participants: [p('赵磊', '技术部', false, undefined, false), p('苏晴', '品牌公关部', false, undefined, false), p('江涛', '客服部', false, undefined, false)],
  },
  {
    client: 'yunhan', by: 'manager@demo.test', type: 'collaboration', title: '跨部门应急协同演练（仓储系统）',
    daysAgo: 10, durationMinutes: 120, deliveryMode: 'onsite', trainer: '王敏', status: 'cancelled',
    objectives: '仓储管理系统停机时 IT、运营与客服的协同。',
  },
  {
    client: 'metro', by: 'manager@demo.test', type: 'psychological_support', title: '勒索事件后运维人员心理疏导',
    daysAgo: 3, durationMinutes: 60, deliveryMode: 'onsite', trainer: '外聘心理咨询师 林老师', status: 'completed',
    objectives: '缓解连续应急值守后的压力与焦虑。',
    participants: [p('吴昊', '运维中心', true), p('何涛', '运维中心', true), p('冯军', '票务中心', false)],
  },
];

function signInSheet(t: DemoTraining): string {
  const rows = (t.participants ?? []).map((x) => [x.name, x.department, x.attended ? '是' : '否', x.score ?? ''].join(','));
  return '\ufeff姓名,部门,出席,成绩\r\n' + rows.join('\r\n') + '\r\n';
}

/**
 * Seeds DEMO_TRAININGS for the demo firm through the services the API uses (so every record is validated and
 * audited), with a few attachments. Call it inside the seed's transaction, after the users exist:
 *   await seedTrainings(app, firmId, clientIds, userIds)
 * `clientIds` maps demo client keys to ids, `userIds` emails to ids (as seedIncidents takes them); entries whose
 * client or user is missing are skipped. Dates are relative to today in the firm's time zone. Leaves the scope set
 * to the last user it entered as.
 */
export async function seedTrainings(
  app: INestApplicationContext,
  firmId: string,
  clientIds: Record<string, string>,
  userIds: Record<string, string>,
): Promise<{ ids: Record<string, string> }> {
  const db = app.get(TenantDb);
  const trainings = app.get(TrainingsService);
  const attachments = app.get(AttachmentsService);
  const store = app.get<EvidenceStore>(EVIDENCE_STORE);
  const ids: Record<string, string> = {};
  for (const d of DEMO_TRAININGS) {
    const clientId = clientIds[d.client];
    const userId = userIds[d.by];
    if (!clientId || !userId) continue;
    await db.enterAs(firmId, userId);
    const today = todayIn(db.scope.timeZone);
    const date = addDays(today, -d.daysAgo);
    const made = await trainings.create({
      clientId, type: d.type, title: d.title, date, legalBasis: d.legalBasis ?? null, durationMinutes: d.durationMinutes, deliveryMode: d.deliveryMode,
      trainer: d.trainer, objectives: d.objectives, scenario: d.scenario ?? null, status: d.status, passMark: d.passMark ?? null,
      recurrenceMonths: d.recurrenceMonths ?? null, detectMinutes: d.times?.detect ?? null, escalateMinutes: d.times?.escalate ?? null,
      reportMinutes: d.times?.report ?? null,
      participants: (d.participants ?? []).map((x) => ({ name: x.name, department: x.department, attended: x.attended, score: x.score ?? null, acknowledged: x.acknowledged ?? false })),
    });
    ids[d.title] = made.id;
    for (const f of d.files ?? []) {
      const buffer = f.content === 'png' ? PNG : Buffer.from(f.content === 'csv' ? signInSheet(d) : f.text ?? '', 'utf8');
      await attachments.upload({ entity: 'trainings', entityId: made.id }, {
        fieldname: 'file', originalname: f.name, encoding: '7bit', mimetype: 'application/octet-stream', ...(await stageUpload(store, Readable.from([buffer]))),
      });
    }
    // recorded when they took place (planned ones a few weeks before)
    const recordedAt = new Date(`${d.daysAgo >= 0 ? addDays(date, 1) : addMonthsClamped(today, -1)}T02:00:00Z`);
    await db.em.query(`update trainings set created_at = $3, updated_at = $3 where firm_id = $1 and id = $2`, [firmId, made.id, recordedAt]);
  }
  return { ids };
}
