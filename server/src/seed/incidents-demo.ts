import type { INestApplicationContext } from '@nestjs/common';
import { SLA_RULES, STATUS_TIMESTAMP, type GradingInputs, type IncidentStatus } from '@incident-desk/shared';
import { IncidentsService } from '../incidents/incidents.service';
import { Incident } from '../incidents/incident.entity';
import { ObligationsService } from '../obligations/obligations.service';
import { Obligation } from '../obligations/obligation.entity';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { TenantDb } from '../tenancy/tenant-db.service';
import { TimelineService } from '../timeline/timeline.service';

const HOUR = 3600_000;
/** the clocks the incident's own progress stops (ObligationsService's AUTO_FULFILMENT) */
/** the path every incident walks, in order */
const PATH: IncidentStatus[] = ['triage', 'responding', 'recovering', 'investigating', 'follow_up', 'closed'];

const NO_HARM: GradingInputs = {
  criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 0, personalInfoRecords: 0, directLossRmb: 0,
  contentSpread: 'none', coreOrImportantData: 'none', websiteClass: 'none', websiteUnreachableHours: 0, provincePopulationSharePct: 0, cityPopulationSharePct: 0,
};

export interface DemoIncident {
  client: string;
  /** email of the staff member who handles it (a client admin's email: the client reported it) */
  by: string;
  title: string;
  description: string;
  category?: string;
  nature?: string;
  /** hours before now that it was detected */
  detectedHoursAgo: number;
  /** where it ends up; 'reported' leaves it waiting for the firm */
  status: IncidentStatus;
  /** hours spent in each phase along PATH, from detection */
  phaseHours?: number[];
  grading?: { inputs: Partial<GradingInputs>; rationale: string };
  personalInfo?: boolean;
  sensitive?: boolean;
  eu?: boolean;
  /** a high risk to the individuals (GDPR Art. 34) */
  highRisk?: boolean;
  peopleAffected?: number;
  recordsAffected?: number;
  affectedSystems?: string[];
  dataCategories?: string[];
  /** obligations (by rule) met in time / late, hours after detection */
  fulfil?: { rule: string; afterHours: number; note: string }[];
  notes?: { body: string; visibility: 'internal' | 'client' }[];
}

/** Incidents in every phase across the demo firm's clients, with real work on them. */
export const DEMO_INCIDENTS: DemoIncident[] = [
  {
    client: 'pujiang', by: 'client-admin@demo.test', title: '员工邮箱收到仿冒财务部的钓鱼邮件',
    description: '多名员工反映收到冒充财务部的“工资调整通知”邮件，附件为压缩包，尚不清楚是否有人打开。',
    detectedHoursAgo: 3, status: 'reported',
  },
  {
    client: 'pujiang', by: 'consultant@demo.test', title: '客户管理系统疑似被撞库登录',
    description: 'CRM 登录日志显示凌晨出现大量来自境外地址的失败登录，随后有 3 个账号登录成功并导出了客户清单。',
    category: 'data_security', nature: 'external_attack', detectedHoursAgo: 30, status: 'responding', phaseHours: [2],
    personalInfo: true, peopleAffected: 5200, recordsAffected: 5200, affectedSystems: ['CRM'], dataCategories: ['姓名', '手机号', '购买记录'],
    grading: { inputs: { peopleAffected: 5200, personalInfoRecords: 5200 }, rationale: '影响人数与记录数均低于较大事件门槛，定为一般事件；持续观察是否有进一步扩散。' },
    fulfil: [{ rule: 'crime_report_police', afterHours: 10, note: '已向浦东新区公安分局网安支队报案（接报回执 PD-2026-0871）。' }],
    notes: [
      { body: '已要求客户重置 3 个被登录账号的密码并启用二次验证。', visibility: 'client' },
      { body: '攻击源 IP 与上月另一客户事件重合，怀疑同一团伙，待情报确认。', visibility: 'internal' },
    ],
  },
  {
    client: 'metro', by: 'consultant@demo.test', title: '票务闸机后台服务器感染勒索软件',
    description: '运维发现 2 号线票务后台服务器文件被加密并出现勒索信，部分车站闸机改为人工放行。',
    category: 'malware', nature: 'external_attack', detectedHoursAgo: 6, status: 'responding', phaseHours: [0.5],
    affectedSystems: ['票务后台', 'AFC 清分系统'],
    fulfil: [{ rule: 'crime_report_police', afterHours: 0.8, note: '随网络安全事件报告一并向市公安局网安总队报案。' }],
    grading: { inputs: { criticalInfrastructureAffected: true, outageHours: 0.75 }, rationale: '关键信息基础设施整体中断约 45 分钟（10 分钟以上、不足 1 小时），按较大事件处置并启动 1 小时报告时限。' },
    notes: [{ body: '已隔离受感染服务器所在网段，正在确认备份可用性。', visibility: 'client' }],
  },
  {
    client: 'huijin', by: 'consultant@demo.test', title: '融资租赁客户资料在公网存储桶中可被访问',
    description: '安全研究人员来信称公司对象存储桶配置为公开读，其中包含客户身份证扫描件和合同。',
    category: 'data_security', nature: 'system_vulnerability', detectedHoursAgo: 96, status: 'recovering', phaseHours: [1, 20],
    personalInfo: true, sensitive: true, eu: true, highRisk: true, peopleAffected: 1800, recordsAffected: 4300,
    affectedSystems: ['对象存储'], dataCategories: ['身份证件', '合同', '银行账户'],
    grading: { inputs: { peopleAffected: 1800, personalInfoRecords: 4300 }, rationale: '涉及敏感个人信息及欧盟居民数据，虽未达较大事件门槛，按一般事件从严处置。' },
    fulfil: [
      { rule: 'pipl_notify_authority', afterHours: 20, note: '已通过属地网信办报送平台报告（回执号 SH-2026-1130）。' },
      { rule: 'dsl_report_authority', afterHours: 20, note: '同一份报告报送属地网信办（回执号 SH-2026-1130），并抄报行业主管部门。' },
      { rule: 'dsl_notify_users', afterHours: 30, note: '与个人信息告知同一批短信告知受影响客户。' },
      { rule: 'gdpr_art33_authority', afterHours: 80, note: 'Notified the Irish DPC via its web form, reference DPC-88412.' },
    ],
    notes: [{ body: '存储桶已改为私有，访问日志显示有 2 个未知地址曾下载文件。', visibility: 'client' }],
  },
  {
    client: 'xuhui', by: 'consultant2@demo.test', title: '政务数据共享接口被越权调用',
    description: '接口网关告警：某委办局账号在非工作时间批量调用人口信息查询接口，调用量远超日常。',
    category: 'network_attack', nature: 'internal_attack', detectedHoursAgo: 200, status: 'investigating', phaseHours: [1, 10, 30],
    personalInfo: true, peopleAffected: 120000, recordsAffected: 120000, affectedSystems: ['数据共享交换平台'], dataCategories: ['人口基础信息'],
    grading: { inputs: { peopleAffected: 120000, personalInfoRecords: 120000 }, rationale: '涉及 12 万人的个人信息，达到较大事件标准，按 2 小时时限报告。' },
    fulfil: [
      { rule: 'prc_incident_report', afterHours: 1.5, note: '已向上海市委网信办电话报告并提交书面报告。' },
      { rule: 'crime_report_police', afterHours: 6, note: '已向徐汇公安分局报案，移交涉事账号的调用日志。' },
      { rule: 'dsl_report_authority', afterHours: 8, note: '已向市大数据中心（行业主管部门）书面报告。' },
    ],
    notes: [{ body: '涉事账号为外包人员使用，已停用并保全日志。', visibility: 'internal' }],
  },
  {
    client: 'kangda', by: 'consultant2@demo.test', title: '官网被植入博彩暗链',
    description: '搜索引擎结果显示官网部分页面带有博彩关键词，检查发现 CMS 模板被篡改。',
    category: 'information_content_security', nature: 'system_vulnerability', detectedHoursAgo: 400, status: 'follow_up', phaseHours: [2, 6, 12, 48],
    affectedSystems: ['官网 CMS'],
    grading: { inputs: { contentSpread: 'limited' }, rationale: '违规内容在搜索结果中较大范围可见，定为较大事件。' },
    fulfil: [{ rule: 'prc_incident_report', afterHours: 6, note: '延迟报告：周末值班未及时识别，已书面说明原因。' }],
    notes: [{ body: '已清除暗链、升级 CMS 并提交搜索引擎快照更新。', visibility: 'client' }],
  },
  {
    client: 'hudong', by: 'consultant2@demo.test', title: '跨境电商订单数据库误删除',
    description: '运维人员执行清理脚本时连错环境，删除了生产订单库近 7 天的数据，从备份恢复中。',
    category: 'violation_of_operating_rules', nature: 'human_error', detectedHoursAgo: 700, status: 'closed', phaseHours: [1, 3, 10, 72, 240],
    personalInfo: true, eu: true, peopleAffected: 3400, recordsAffected: 9100, affectedSystems: ['订单数据库'], dataCategories: ['收货地址', '订单'],
    grading: { inputs: { peopleAffected: 3400, personalInfoRecords: 9100 }, rationale: '数据已从备份完整恢复，未发生泄露，定为一般事件。' },
    fulfil: [
      { rule: 'pipl_notify_authority', afterHours: 12, note: '已报告属地网信办。' },
      { rule: 'gdpr_art33_authority', afterHours: 60, note: 'Reported to the lead supervisory authority (ref. 2026-EC-113).' },
      { rule: 'dsl_report_authority', afterHours: 12, note: '与个人信息安全事件报告一并报送属地网信办。' },
      { rule: 'dsl_notify_users', afterHours: 20, note: '已通过站内信告知受影响的买家和商户，数据已从备份完整恢复。' },
    ],
    notes: [{ body: '复盘结论：生产环境删除操作改为双人复核，已纳入整改计划。', visibility: 'client' }],
  },
  {
    client: 'metro', by: 'consultant@demo.test', title: '运营监控大屏出现异常登录告警（误报）',
    description: '监控系统提示异地登录，核查为运维人员使用 VPN 出差登录。',
    category: 'abnormal_behaviour', nature: 'unknown', detectedHoursAgo: 50, status: 'dismissed', phaseHours: [3],
  },
  {
    client: 'yunhan', by: 'manager@demo.test', title: '仓储管理系统遭 DDoS 攻击导致访问缓慢',
    description: '仓储管理系统对外接口出现大量异常流量，拣货终端频繁超时。',
    category: 'network_attack', nature: 'external_attack', detectedHoursAgo: 26, status: 'triage',
    affectedSystems: ['WMS'],
  },
  {
    client: 'huijin', by: 'consultant@demo.test', title: '前员工带走客户名单',
    description: '离职客户经理在离职前将客户名单发送至个人邮箱，客户反映接到竞争对手电话。',
    category: 'data_security', nature: 'internal_attack', detectedHoursAgo: 1500, status: 'closed', phaseHours: [2, 5, 24, 120, 300],
    personalInfo: true, peopleAffected: 650, recordsAffected: 650, dataCategories: ['姓名', '联系方式'],
    grading: { inputs: { peopleAffected: 650, personalInfoRecords: 650 }, rationale: '影响范围有限，定为一般事件。' },
    fulfil: [
      { rule: 'pipl_notify_authority', afterHours: 30, note: '超出内部 24 小时目标后报告。' },
      { rule: 'pipl_notify_individuals', afterHours: 40, note: '已通过短信和信函告知受影响客户。' },
      { rule: 'dsl_report_authority', afterHours: 30, note: '与个人信息安全事件报告一并报送。' },
      { rule: 'dsl_notify_users', afterHours: 40, note: '与个人信息告知一并告知受影响客户。' },
      { rule: 'crime_report_police', afterHours: 48, note: '已向黄浦公安分局报案（侵犯公民个人信息），并提供离职员工的邮件外发记录。' },
    ],
  },
];

/** Creates the demo incidents through the services, then moves their clocks back to when things "happened". */
export async function seedIncidents(app: INestApplicationContext, firmId: string, clientIds: Record<string, string>, userIds: Record<string, string>) {
  const db = app.get(TenantDb);
  const incidents = app.get(IncidentsService);
  const tasks = app.get(TasksService);
  const obligations = app.get(ObligationsService);
  const timeline = app.get(TimelineService);
  const now = Date.now();
  for (const d of DEMO_INCIDENTS) {
    const userId = userIds[d.by];
    await db.enterAs(firmId, userId);
    const detectedAt = new Date(now - d.detectedHoursAgo * HOUR);
    const reporting = d.by.startsWith('client-admin');
    const made = await incidents.create(
      reporting
        ? { title: d.title, description: d.description, detectedAt: detectedAt.toISOString() }
        : {
            clientId: clientIds[d.client], title: d.title, description: d.description, detectedAt: detectedAt.toISOString(),
            category: d.category, nature: d.nature, personalInfoInvolved: d.personalInfo, sensitivePersonalInfoInvolved: d.sensitive,
            euPersonalData: d.eu, highRiskToIndividuals: d.highRisk, peopleAffected: d.peopleAffected, recordsAffected: d.recordsAffected,
            affectedSystems: d.affectedSystems, dataCategories: d.dataCategories,
          },
    );
    if (reporting) continue;
    if (d.grading) await incidents.grade(made.id, { inputs: { ...NO_HARM, ...d.grading.inputs } as any, rationale: d.grading.rationale });

    // walk the phases, completing each phase's required tasks first
    const stamps: { status: IncidentStatus; at: Date }[] = [];
    let at = detectedAt.getTime() + 0.25 * HOUR;
    stamps.push({ status: 'triage', at: new Date(at) });
    const path = d.status === 'dismissed' ? ['triage', 'dismissed'] as IncidentStatus[] : PATH.slice(0, PATH.indexOf(d.status) + 1);
    for (let n = 1; n < path.length; n++) {
      const from = path[n - 1];
      at += (d.phaseHours?.[n - 1] ?? 1) * HOUR;
      if (path[n] !== 'dismissed') {
        for (const t of await db.repo(Task).findBy({ firmId, incidentId: made.id, phase: from, required: true })) {
          await tasks.update(t.id, { status: 'done' });
        }
      }
      await incidents.transition(made.id, { to: path[n], reason: path[n] === 'dismissed' ? '核实为正常运维行为，非安全事件。' : undefined });
      stamps.push({ status: path[n], at: new Date(Math.min(at, now - 0.1 * HOUR)) });
    }
    for (const note of d.notes ?? []) await timeline.create({ incidentId: made.id, body: note.body, visibility: note.visibility });

    // move the clocks back: the incident's timestamps, its tasks and its timeline
    const patch: Partial<Incident> = { reportedAt: new Date(detectedAt.getTime() + 0.1 * HOUR) };
    for (const s of stamps) {
      const field = STATUS_TIMESTAMP[s.status];
      if (field) (patch as any)[field] = s.at;
    }
    await db.repo(Incident).update({ firmId, id: made.id }, patch);
    const exits = new Map(stamps.map((s, n) => [path[n - 1] ?? '', s.at]));
    for (const [phase, exit] of exits) {
      if (phase) await db.em.query(`update tasks set done_at = $3 where firm_id = $1 and incident_id = $2 and phase = $4 and done_at is not null`, [firmId, made.id, new Date(exit.getTime() - 0.2 * HOUR), phase]);
    }
    await db.em.query(
      `update timeline_entries set occurred_at = case
          when kind = 'created' then $3::timestamptz
          when kind = 'transition' then coalesce(($4::jsonb ->> (data ->> 'to'))::timestamptz, occurred_at)
          when kind = 'task' then coalesce(($5::jsonb ->> (data ->> 'phase'))::timestamptz, occurred_at)
          else $6::timestamptz end
        where firm_id = $1 and incident_id = $2`,
      [
        firmId, made.id, detectedAt,
        JSON.stringify(Object.fromEntries(stamps.map((s) => [s.status, s.at]))),
        JSON.stringify(Object.fromEntries([...exits].map(([p, e]) => [p, new Date(e.getTime() - 0.2 * HOUR)]))),
        new Date((stamps[1]?.at ?? stamps[0].at).getTime() - 0.5 * HOUR),
      ],
    );
    // the service-level clocks the walk stopped (acknowledged, resolved) were stopped at seeding time: start them again
    // from the moved-back report, and let the recomputation stop them at the moved-back timestamps, with their entries
    await db.em.query(
      `update obligations set fulfilled_at = null, fulfilled_by_id = null, fulfilment_note = null, status = 'pending'
        where firm_id = $1 and incident_id = $2 and rule = any($3) and fulfilled_at is not null`, [firmId, made.id, SLA_RULES]);
    await db.em.query(`delete from timeline_entries where firm_id = $1 and incident_id = $2 and kind = 'obligation' and data ->> 'rule' = any($3)`, [firmId, made.id, SLA_RULES]);
    const incident = await incidents.find(made.id);
    await obligations.recompute(incident);
    for (const f of d.fulfil ?? []) {
      const o = await db.repo(Obligation).findOneBy({ firmId, incidentId: made.id, rule: f.rule });
      if (o && o.status !== 'not_applicable' && !o.fulfilledAt) {
        await obligations.fulfil(o.id, { note: f.note, fulfilledAt: new Date(detectedAt.getTime() + f.afterHours * HOUR).toISOString() });
      }
    }
  }
}
