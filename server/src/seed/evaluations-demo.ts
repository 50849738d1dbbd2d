import type { INestApplicationContext } from '@nestjs/common';
import type { ActionStatus, EvaluationType, RiskLevel } from '@incident-desk/shared';
import { ActionsService } from '../actions/actions.service';
import { EvaluationsService, zonedDate } from '../evaluations/evaluations.service';
import { Incident } from '../incidents/incident.entity';
import { TenantDb } from '../tenancy/tenant-db.service';
import { DEMO_INCIDENTS } from './incidents-demo';

const DAY = 86_400_000;

export interface DemoAction {
  title: string;
  description?: string;
  /** a staff email, or a free-text owner at the client */
  owner: string;
  /** days from now (negative: in the past) */
  dueInDays: number;
  status: ActionStatus;
  /** days ago it was done (status done) */
  doneDaysAgo?: number;
  /** linked to the evaluation's incident too */
  onIncident?: boolean;
  clientVisible?: boolean;
}

export interface DemoEvaluation {
  client: string;
  /** title of a demo incident of the same client */
  incident?: string;
  type: EvaluationType;
  /** email of the evaluator (who also writes it) */
  by: string;
  daysAgo: number;
  /** scores of the built-in criteria of the type, in order (null: not scored yet) */
  scores: (number | null)[];
  comments?: Record<number, string>;
  riskLevel?: RiskLevel;
  findings: string;
  recommendations: string;
  final?: boolean;
  shared?: boolean;
  /** a second version (draft) revising the first: new scores and findings */
  revision?: { scores: (number | null)[]; findings: string };
  actions?: DemoAction[];
}

const hudong = '跨境电商订单数据库误删除';
const kangda = '官网被植入博彩暗链';
const leaver = '前员工带走客户名单';
const pujiangCrm = '客户管理系统疑似被撞库登录';
const metro = '票务闸机后台服务器感染勒索软件';

/** Evaluations of every type and status across the demo clients, with improvement actions some done, some overdue. */
export const DEMO_EVALUATIONS: DemoEvaluation[] = [
  {
    client: 'hudong', incident: hudong, type: 'post_incident_review', by: 'consultant2@demo.test', daysAgo: 12,
    scores: [4, 4, 3, 5, 4, 4, 5], comments: { 2: '误删后 40 分钟才停止写入，扩大了恢复范围。' }, riskLevel: 'medium',
    findings: '运维人员在生产库执行了未经复核的清理脚本。备份可用，订单数据在 6 小时内全部恢复；对欧盟客户的通知按时完成。',
    recommendations: '生产库变更实行双人复核；清理脚本先在预发环境演练；每月做一次备份恢复演练。',
    final: true, shared: true,
    revision: { scores: [4, 4, 3, 5, 4, 3, 5], findings: '补充：根因分析显示变更审批流程在夜间值班时被绕过，整改尚未覆盖夜间班次。' },
    actions: [
      { title: '生产库变更实行双人复核', owner: '沪东 IT 经理 孙浩', dueInDays: -5, status: 'done', doneDaysAgo: 6, onIncident: true, clientVisible: true },
      { title: '每月备份恢复演练', description: '每月第一个周三，恢复最近一次全量备份到演练环境并核对订单数。', owner: 'consultant2@demo.test', dueInDays: -2, status: 'in_progress', onIncident: true, clientVisible: true },
      { title: '夜间值班变更审批补充流程', owner: '沪东 IT 经理 孙浩', dueInDays: 14, status: 'open' },
    ],
  },
  {
    client: 'kangda', incident: kangda, type: 'post_incident_review', by: 'consultant2@demo.test', daysAgo: 2,
    scores: [3, 4, 4, null, null, null, null], riskLevel: 'high',
    findings: '官网 CMS 插件存在已公开漏洞，攻击者植入暗链近两周才被发现。',
    recommendations: '升级 CMS 与插件；上线网页防篡改监测。',
    actions: [
      { title: '修补 CMS 插件漏洞并启用 WAF', owner: 'consultant2@demo.test', dueInDays: 5, status: 'open', onIncident: true },
    ],
  },
  {
    client: 'huijin', incident: leaver, type: 'impact_assessment', by: 'consultant@demo.test', daysAgo: 40,
    scores: [1, 4, 3, 2, 4, 2], riskLevel: 'high',
    findings: '离职销售带走约 3,200 条客户联系方式与租赁合同摘要；未发现对外传播，但涉及个人信息，需要通知。',
    recommendations: '离职前回收系统权限；对客户数据导出设置审批与水印。', final: true,
    actions: [
      { title: '离职流程增加权限回收核对', owner: '汇金人事部 刘敏', dueInDays: -20, status: 'done', doneDaysAgo: 25, onIncident: true },
      { title: '部署数据防泄漏（DLP）系统', owner: 'consultant@demo.test', dueInDays: -7, status: 'open', onIncident: true },
      { title: '客户数据导出加水印', owner: '汇金 IT 主管 吴迪', dueInDays: -1, status: 'cancelled' },
    ],
  },
  {
    client: 'pujiang', incident: pujiangCrm, type: 'security_assessment', by: 'consultant@demo.test', daysAgo: 1,
    scores: [2, 3, 3, 2, 4, 3], comments: { 0: '销售账号均未启用二次验证。', 3: 'CRM 登录日志只保留 30 天。' }, riskLevel: 'medium',
    findings: 'CRM 系统口令策略薄弱、未启用二次验证，是本次撞库得逞的直接原因；日志留存不足六个月。',
    recommendations: '全部账号启用二次验证；登录日志留存不少于六个月；限制客户清单批量导出。', final: true, shared: true,
    actions: [
      { title: '销售账号强制启用二次验证', owner: '浦江 IT 负责人 张伟', dueInDays: -1, status: 'done', doneDaysAgo: 0.5, onIncident: true, clientVisible: true },
      { title: '限制客户清单导出权限', owner: '浦江 IT 负责人 张伟', dueInDays: -0.5, status: 'open', onIncident: true, clientVisible: true },
      { title: '登录日志接入集中日志平台，留存 180 天', owner: 'consultant@demo.test', dueInDays: 20, status: 'open' },
    ],
  },
  {
    // an internal draft: the client's portal does not show it
    client: 'pujiang', incident: pujiangCrm, type: 'impact_assessment', by: 'consultant@demo.test', daysAgo: 0,
    scores: [3, 4, null, 2, 3, null], riskLevel: 'medium',
    findings: '初步判断约 1.2 万条客户联系方式可能被批量导出，仍在核对导出日志。', recommendations: '',
  },
  {
    client: 'pujiang', type: 'customer_feedback', by: 'consultant@demo.test', daysAgo: 30,
    scores: [5, 4, 4, 4, 5, 5], riskLevel: 'low',
    findings: '年度服务回访：客户对响应速度和服务态度满意，希望进展通报更及时。',
    recommendations: '重要事件每日固定时间发送进展通报。', final: true, shared: true,
  },
  {
    client: 'xuhui', type: 'collaboration_review', by: 'consultant2@demo.test', daysAgo: 3,
    scores: [3, null, 4, 2, null, 3],
    findings: '数据共享接口事件中，业务处室与信息中心之间信息同步滞后。', recommendations: '',
  },
  {
    client: 'metro', incident: metro, type: 'impact_assessment', by: 'consultant@demo.test', daysAgo: 0,
    scores: [5, 1, 4, null, 3, 3], riskLevel: 'critical',
    findings: '闸机后台被加密，部分车站改为人工检票；暂未发现乘客数据外泄。', recommendations: '',
  },
];

/**
 * Creates the demo evaluations and improvement actions through the services (audited, timeline entries on the
 * incidents), then moves their dates back. Call after seedIncidents, inside the seed's transaction:
 * `await seedEvaluations(app, firmId, ids, userIds)` with the client ids by demo key and the user ids by email.
 */
export async function seedEvaluations(app: INestApplicationContext, firmId: string, clientIds: Record<string, string>, userIds: Record<string, string>) {
  const db = app.get(TenantDb);
  const evaluations = app.get(EvaluationsService);
  const actions = app.get(ActionsService);
  const now = Date.now();
  for (const d of DEMO_EVALUATIONS) {
    if (d.incident && !DEMO_INCIDENTS.some((i) => i.title === d.incident && i.client === d.client)) {
      throw new Error(`demo evaluation for an unknown incident: ${d.incident}`);
    }
    const scope = await db.enterAs(firmId, userIds[d.by]);
    const incident = d.incident ? await db.repo(Incident).findOneBy({ firmId, title: d.incident }) : null;
    const at = new Date(now - d.daysAgo * DAY);
    const date = zonedDate(at, scope?.timeZone ?? 'Asia/Shanghai');
    const made = await evaluations.create({
      type: d.type, clientId: clientIds[d.client], incidentId: incident?.id, date, riskLevel: d.riskLevel, findings: d.findings,
      recommendations: d.recommendations, lang: 'zh-CN',
    });
    const criteria = (scores: (number | null)[]) =>
      made.criteria.map((c, n) => ({ ...c, score: scores[n] ?? null, comment: d.comments?.[n] ?? null }));
    await evaluations.update(made.id, { criteria: criteria(d.scores) });
    if (d.final) await evaluations.finalize(made.id, { sharedWithClient: d.shared ?? false });
    if (d.revision) {
      const v2 = await evaluations.newVersion(made.id);
      await evaluations.update(v2.id, { criteria: criteria(d.revision.scores), findings: d.revision.findings });
    }
    for (const a of d.actions ?? []) {
      const staff = userIds[a.owner];
      const made2 = await actions.create({
        title: a.title, description: a.description, evaluationId: made.id, incidentId: a.onIncident ? incident?.id : undefined,
        ownerId: staff, ownerName: staff ? undefined : a.owner, dueAt: new Date(now + a.dueInDays * DAY).toISOString(),
        status: a.status === 'done' ? 'open' : a.status, clientVisible: a.clientVisible ?? false,
      });
      if (a.status === 'done') {
        await actions.update(made2.id, { status: 'done' });
        const doneAt = new Date(now - (a.doneDaysAgo ?? 0) * DAY);
        await db.em.query(`update improvement_actions set done_at = $3, updated_at = $3 where firm_id = $1 and id = $2`, [firmId, made2.id, doneAt]);
        await db.em.query(
          `update timeline_entries set occurred_at = $3 where firm_id = $1 and data ->> 'actionId' = $2 and data ->> 'event' = 'done'`,
          [firmId, made2.id, doneAt],
        );
      }
      await db.em.query(`update improvement_actions set created_at = $3 where firm_id = $1 and id = $2`, [firmId, made2.id, at]);
      await db.em.query(
        `update timeline_entries set occurred_at = $3 where firm_id = $1 and data ->> 'actionId' = $2 and data ->> 'event' = 'created'`,
        [firmId, made2.id, at],
      );
    }
    // written and finalized on the day of the evaluation (the revision today)
    await db.em.query(
      `update evaluations set created_at = $3, updated_at = $3, finalized_at = case when finalized_at is null then null else $3::timestamptz end
        where firm_id = $1 and id = $2`,
      [firmId, made.id, new Date(at.getTime() + 3600_000)],
    );
  }
}
