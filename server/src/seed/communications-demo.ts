import type { INestApplicationContext } from '@nestjs/common';
import type { CommunicationStatus } from '@incident-desk/shared';
import { CommunicationTemplate } from '../communications/communication.entity';
import { CommunicationTemplatesService } from '../communications/communication-templates.service';
import { CommunicationsService } from '../communications/communications.service';
import { Incident } from '../incidents/incident.entity';
import { Obligation } from '../obligations/obligation.entity';
import { TenantDb } from '../tenancy/tenant-db.service';
import { DEMO_INCIDENTS } from './incidents-demo';

const HOUR = 3600_000;

export interface DemoCommunication {
  /** title of the demo incident it belongs to */
  incident: string;
  /** email of the author */
  by: string;
  /** built-in template key (subject and body filled in from the incident) */
  template?: string;
  audience?: string;
  channel?: string;
  direction?: 'outbound' | 'inbound';
  subject?: string;
  body?: string;
  recipients?: string[];
  clientVisible?: boolean;
  /** the rule of the incident's obligation it fulfils when sent */
  obligation?: string;
  /** where it ends up */
  status: CommunicationStatus;
  /** who approves (email) */
  approver?: string;
  /** hours after detection it was sent (or received, for inbound) */
  atHours: number;
  /**
   * what the author wrote in place of the template's 【…】 prompts, in order, and of the 〔待补充：…〕 markers of facts
   * not on record (a notice to a regulator or to individuals is approved and sent only when nothing is left unfilled)
   */
  fills?: string[];
  /** client admin (email) who acknowledged it, hours after it was sent */
  acknowledged?: { by: string; afterHours: number };
}

const pujiangCrm = '客户管理系统疑似被撞库登录';
const metro = '票务闸机后台服务器感染勒索软件';
const huijin = '融资租赁客户资料在公网存储桶中可被访问';
const xuhui = '政务数据共享接口被越权调用';

/** Communications in every status across the demo incidents: notices from templates, updates, inbound calls. */
export const DEMO_COMMUNICATIONS: DemoCommunication[] = [
  {
    incident: metro, by: 'consultant@demo.test', template: 'prc_incident_report', obligation: 'prc_incident_report', recipients: ['上海市公安局网安总队', '市交通委网络安全处'],
    status: 'sent', approver: 'manager@demo.test', atHours: 0.8, clientVisible: true,
    fills: [
      '发现前约 40 分钟（据闸机后台日志）', '申城轨道交通运营控制中心机房', '已断开票务后台与闸机网络的连接，闸机切换为离线放行模式，客流秩序正常',
      '0.5 个比特币', '勒索信要求通过 Tor 网站联系并以比特币支付', '勒索信落款日期为发现当日', '若备份可用，预计 24 小时内恢复售检票后台；暂未发现数据外传',
      '初步判断为运维 VPN 账号弱口令被利用后横向移动', '攻击源 IP 185.220.101.x（境外 Tor 出口节点）；入口为运维 VPN；利用 Windows SMB 未修补漏洞',
      '恢复后台服务器、核查备份完整性；请求公安机关协助溯源', '已对受感染服务器做内存和磁盘镜像，保留原始日志，现场封存', '无',
    ],
  },
  {
    incident: metro, by: 'consultant@demo.test', direction: 'inbound', audience: 'regulator', channel: 'phone', status: 'received', atHours: 2,
    subject: '市公安局网安总队来电', body: '要求保留受感染服务器的内存和磁盘镜像，暂不要重装系统；明日上午派员到场取证。',
  },
  {
    incident: pujiangCrm, by: 'consultant@demo.test', template: 'client_update', status: 'sent', approver: 'manager@demo.test', atHours: 3,
    clientVisible: true, recipients: ['zhang.wei@pujiang.example'], acknowledged: { by: 'client-admin@demo.test', afterHours: 1 },
  },
  {
    incident: pujiangCrm, by: 'consultant@demo.test', audience: 'client', channel: 'email', status: 'sent', approver: 'manager@demo.test', atHours: 20,
    clientVisible: true, recipients: ['zhang.wei@pujiang.example'], subject: '关于 CRM 账号异常登录的处置建议',
    body: '张总您好：\n\n经排查，3 个被登录账号均未启用二次验证。建议今日内对全部销售账号强制启用二次验证，并限制客户清单导出权限。\n\n陈磊',
  },
  {
    incident: pujiangCrm, by: 'consultant@demo.test', template: 'pipl_regulator_notice', obligation: 'pipl_notify_authority', status: 'in_review', atHours: 26,
    recipients: ['上海市委网信办'],
  },
  { incident: pujiangCrm, by: 'consultant@demo.test', template: 'pipl_individuals_notice', obligation: 'pipl_notify_individuals', status: 'draft', atHours: 27 },
  {
    incident: huijin, by: 'consultant@demo.test', template: 'pipl_individuals_notice', obligation: 'pipl_notify_individuals', status: 'sent',
    approver: 'manager@demo.test', atHours: 30, recipients: ['受影响客户（1,800 人，短信）'],
    fills: [
      '存放客户资料的云存储桶被误设为公开访问', '不法分子可能冒充我司以“调整租金”“退还保证金”为名实施诈骗',
      '已关闭公开访问、轮换访问密钥，并核查访问日志', '不向任何人透露验证码；我司不会通过电话要求转账，如有疑问请拨打客服电话核实',
    ],
  },
  {
    incident: huijin, by: 'consultant@demo.test', direction: 'inbound', audience: 'regulator', channel: 'email', status: 'received', atHours: 82,
    subject: 'DPC acknowledgement of breach notification', body: 'The Data Protection Commission acknowledges receipt of your notification (ref. DPC-88412) and may request further information.',
  },
  {
    incident: xuhui, by: 'consultant2@demo.test', template: 'client_update', status: 'sent', approver: 'manager@demo.test', atHours: 12, clientVisible: true,
    recipients: ['zhou.jing@xuhui-data.example'], acknowledged: { by: 'client-admin2@demo.test', afterHours: 2 },
  },
  {
    incident: xuhui, by: 'consultant2@demo.test', direction: 'inbound', audience: 'media', channel: 'phone', status: 'received', atHours: 30,
    subject: '《新民晚报》记者来电', body: '询问是否有人口信息被泄露，已答复以官方通报为准，未透露细节。',
  },
  {
    incident: xuhui, by: 'consultant2@demo.test', audience: 'media', channel: 'press_release', status: 'approved', approver: 'manager@demo.test', atHours: 40,
    subject: '关于数据共享平台异常调用的情况说明', body: '近日，我中心监测发现数据共享交换平台存在异常调用情况，已第一时间停用相关账号并开展调查。目前未发现数据被对外传播。调查结果将及时向社会公布。',
  },
];

/**
 * Creates the demo communications through the services (audited, with their timeline entries and obligations met),
 * then moves their clocks back to when they "happened". Call after seedIncidents.
 */
export async function seedCommunications(app: INestApplicationContext, firmId: string, userIds: Record<string, string>) {
  const db = app.get(TenantDb);
  const communications = app.get(CommunicationsService);
  const templates = app.get(CommunicationTemplatesService);
  const now = Date.now();
  for (const d of DEMO_COMMUNICATIONS) {
    if (!DEMO_INCIDENTS.some((i) => i.title === d.incident)) throw new Error(`demo communication for an unknown incident: ${d.incident}`);
    await db.enterAs(firmId, userIds[d.by]);
    const incident = await db.repo(Incident).findOneBy({ firmId, title: d.incident });
    if (!incident) continue;
    const at = (hours: number) => new Date(Math.min(incident.detectedAt.getTime() + hours * HOUR, now - 0.05 * HOUR));
    await templates.ensureBuiltIn();
    const template = d.template ? await db.repo(CommunicationTemplate).findOneBy({ firmId, key: d.template }) : null;
    const obligation = d.obligation ? await db.repo(Obligation).findOneBy({ firmId, incidentId: incident.id, rule: d.obligation }) : null;
    const open = obligation && obligation.status !== 'not_applicable' && !obligation.fulfilledAt;
    const made = await communications.create({
      incidentId: incident.id, templateId: template?.id, lang: 'zh-CN', audience: d.audience, channel: d.channel, direction: d.direction,
      subject: d.subject, body: d.body, recipients: d.recipients, clientVisible: d.clientVisible, obligationId: open ? obligation.id : undefined,
      receivedAt: d.direction === 'inbound' ? at(d.atHours).toISOString() : undefined,
    });
    if (d.direction === 'inbound') {
      await db.em.query(`update communications set created_at = $3, updated_at = $3 where firm_id = $1 and id = $2`, [firmId, made.id, at(d.atHours)]);
      continue;
    }
    if (d.fills) {
      const fills = [...d.fills];
      const body = made.body.replace(/【[^【】\n]*】/g, () => fills.shift() ?? '（见附件）').replace(/〔待补充：[^〔〕\n]*〕/g, '不详');
      await communications.update(made.id, { body });
    }
    const path: CommunicationStatus[] = ['in_review', 'approved', 'sent'];
    const steps = path.slice(0, path.indexOf(d.status as CommunicationStatus) + 1);
    for (const to of steps) {
      await db.enterAs(firmId, userIds[to === 'approved' ? d.approver! : d.by]);
      await communications.transition(made.id, { to });
    }
    // the clocks: written, submitted and approved in the hour and a half before it was sent (never before detection)
    const sentAt = at(d.atHours);
    const gap = Math.min(1.5 * HOUR, sentAt.getTime() - incident.detectedAt.getTime());
    const stamps = {
      created: new Date(sentAt.getTime() - gap), submitted: new Date(sentAt.getTime() - (gap * 2) / 3), approved: new Date(sentAt.getTime() - gap / 3),
    };
    await db.em.query(
      `update communications set created_at = $3, updated_at = $3,
              submitted_at = case when submitted_at is null then null else $4::timestamptz end,
              approved_at = case when approved_at is null then null else $5::timestamptz end,
              sent_at = case when sent_at is null then null else $6::timestamptz end
        where firm_id = $1 and id = $2`,
      [firmId, made.id, stamps.created, stamps.submitted, stamps.approved, sentAt],
    );
    if (d.status === 'sent') {
      await db.em.query(
        `update obligations set fulfilled_at = $3, status = case when $3::timestamptz <= due_at then 'met' else 'met_late' end
          where firm_id = $1 and communication_id = $2`,
        [firmId, made.id, sentAt],
      );
      await db.em.query(`update timeline_entries set occurred_at = $3 where firm_id = $1 and data ->> 'communicationId' = $2`, [firmId, made.id, sentAt]);
      // the obligation's entry says what the obligation now says: met (or met late) at the moved-back sent time
      await db.em.query(
        `update timeline_entries e set data = e.data || jsonb_build_object('status', o.status, 'fulfilledAt', $3::text)
           from obligations o
          where e.firm_id = $1 and e.kind = 'obligation' and e.data ->> 'communicationId' = $2::text and o.firm_id = $1 and o.communication_id = $2::uuid`,
        [firmId, made.id, sentAt.toISOString()],
      );
      if (d.acknowledged) {
        const ackAt = new Date(Math.min(sentAt.getTime() + d.acknowledged.afterHours * HOUR, now - 0.01 * HOUR));
        await db.enterAs(firmId, userIds[d.acknowledged.by]);
        await communications.acknowledge(made.id);
        await db.em.query(`update communications set acknowledged_at = $3 where firm_id = $1 and id = $2`, [firmId, made.id, ackAt]);
        await db.em.query(
          `update timeline_entries set occurred_at = $3 where firm_id = $1 and data ->> 'communicationId' = $2 and data ->> 'event' = 'acknowledged'`,
          [firmId, made.id, ackAt],
        );
      }
    }
  }
}
