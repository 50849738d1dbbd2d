/**
 * Playbooks: templates of phases and tasks. The built-in one is written from the firm's incident-response procedure
 * (seed/incident-response-procedure.zh.txt, twenty sections); every section becomes tasks, in the project's own
 * words. `section` points back to the procedure ('一.1' = section 一, item 1).
 */
import { TEAM_ROLES, WORK_PHASES, type TeamRole, type WorkPhase } from './incident';

export interface LocalText {
  'zh-CN': string;
  en: string;
}

export interface PlaybookTaskDef {
  key: string;
  phase: WorkPhase;
  title: LocalText;
  description: LocalText;
  /** must be done (or not applicable) before the incident leaves the phase, unless overridden */
  required: boolean;
  /** due this many hours after the incident was detected */
  dueHours?: number;
  /** procedure reference, e.g. '一.1' */
  section: string;
  /**
   * the team role it goes to by default: a new incident's task is assigned to the team member (a user) of that role,
   * or, when the team names one later, then (`lead`: the incident's lead)
   */
  role?: TeamRole;
}

export interface PlaybookDef {
  key: string;
  name: LocalText;
  description: LocalText;
  tasks: PlaybookTaskDef[];
}

/** A playbook as the API returns it (GET /api/playbooks/:id): the built-in one and the firm's own copies. */
export interface PlaybookRecord {
  id: string;
  key: string;
  name: LocalText;
  description: LocalText;
  tasks: PlaybookTaskDef[];
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}

export const PHASE_TITLES: Record<WorkPhase, LocalText> = {
  triage: { 'zh-CN': '研判与确认', en: 'Triage and confirmation' },
  responding: { 'zh-CN': '应急响应', en: 'Emergency response' },
  recovering: { 'zh-CN': '恢复与修复', en: 'Recovery and repair' },
  investigating: { 'zh-CN': '调查与分析', en: 'Investigation and analysis' },
  follow_up: { 'zh-CN': '跟进与改进', en: 'Follow-up and improvement' },
};

/** The twenty sections of the procedure, in order (for coverage checks and references). */
export const PROCEDURE_SECTIONS = [
  '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
  '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十',
] as const;

type Row = [key: string, section: string, required: boolean, zhTitle: string, enTitle: string, zhDesc: string, enDesc: string, dueHours?: number];

/** The built-in playbook's tasks that belong to a role of the response team (the procedure's IT, legal, PR, client contact). */
const BUILT_IN_ROLES: Record<string, TeamRole> = {
  'triage.grade': 'lead', 'respond.form_team': 'lead', 'respond.plan': 'lead', 'follow.closing_report': 'lead',
  'triage.confirm': 'it', 'respond.contain': 'it', 'respond.monitor': 'it', 'respond.tech_resources': 'it', 'respond.tech_stability': 'it',
  'respond.tech_gaps': 'it', 'recover.verify_backups': 'it', 'recover.restore': 'it', 'recover.repair': 'it', 'recover.harden': 'it',
  'investigate.root_cause': 'it', 'investigate.security_assessment': 'it',
  'respond.disclosure': 'legal', 'respond.legal_advice': 'legal', 'respond.legal_action': 'legal', 'respond.compliance_gaps': 'legal',
  'follow.compliance_check': 'legal', 'follow.legal_training': 'legal',
  'respond.media': 'pr', 'respond.sentiment_watch': 'pr', 'respond.sentiment_response': 'pr', 'respond.sentiment_review': 'pr', 'follow.reputation': 'pr',
  'respond.client_briefing': 'client_contact', 'respond.client_support': 'client_contact', 'respond.client_feedback': 'client_contact',
};

const rows = (phase: WorkPhase, list: Row[]): PlaybookTaskDef[] =>
  list.map(([key, section, required, zhTitle, enTitle, zhDesc, enDesc, dueHours]) => ({
    key,
    phase,
    title: { 'zh-CN': zhTitle, en: enTitle },
    description: { 'zh-CN': zhDesc, en: enDesc },
    required,
    ...(dueHours !== undefined ? { dueHours } : {}),
    section,
    ...(BUILT_IN_ROLES[key] ? { role: BUILT_IN_ROLES[key] } : {}),
  }));

/**
 * Who a playbook task of this default role goes to on an incident: the lead for `lead`, else the first team member of
 * that role who is a user; null when nobody is (yet).
 */
export function assigneeForRole(role: TeamRole | null | undefined, incident: { leadId: string | null; team: { userId?: string | null; role: string }[] }): string | null {
  if (!role) return null;
  if (role === 'lead') return incident.leadId ?? incident.team.find((m) => m.role === 'lead' && m.userId)?.userId ?? null;
  return incident.team.find((m) => m.role === role && m.userId)?.userId ?? null;
}

const TRIAGE: Row[] = [
  ['triage.confirm', '一.1', true, '核实事件是否真实发生', 'Verify that an incident really happened',
    '查看系统与访问日志、告警和用户或客户的反映,判断数据是否确有泄露、篡改或丢失;记录依据和发现时间。',
    'Check system and access logs, alerts and what users or the client report to decide whether data was really leaked, altered or lost; record the evidence and when it was found.', 1],
  ['triage.assess_impact', '一.2', true, '评估影响范围与紧急程度', 'Assess the impact and urgency',
    '估计受影响的系统、数据、人数和业务,以及对客户和声誉的可能影响,据此判断处理的紧急程度。',
    'Estimate the systems, data, people and business affected and the likely harm to the client and its reputation, and judge how urgent the handling is.', 2],
  ['triage.grade', '一.2', true, '定级并判断报告义务', 'Grade the incident and check reporting duties',
    '回答定级问题,确定事件级别(特别重大/重大/较大/一般);较大以上须按时限向监管部门报告,涉及个人信息须通知。',
    'Answer the grading questions and set the grade (especially major / major / relatively major / general); relatively major or above must be reported to the regulator on the clock, and personal information triggers notifications.', 1],
  ['triage.nature', '一.3', true, '判明事件性质', 'Determine the nature of the incident',
    '区分内部攻击、外部攻击、系统漏洞或人为失误,无法判断时记为未知并说明后续如何查明。',
    'Tell whether it is an internal attack, an external attack, a system vulnerability or human error; if it cannot be told yet, mark it unknown and say how it will be established.', 4],
  ['triage.notify_internal', '一.4', true, '通知内部相关部门', 'Alert the internal teams concerned',
    '立即告知IT、法务、公关等相关部门及客户联系人,约定联络方式,保证信息畅通。',
    'Tell IT, legal, PR and the client contact straight away and agree how to stay in touch so information flows.', 1],
];

const RESPONDING: Row[] = [
  // 二 启动应急响应机制
  ['respond.form_team', '二.1', true, '组建应急小组', 'Form the response team',
    '由管理层牵头,确定负责人及IT、法务、公关和客户联系人等成员,并在团队中登记各自角色。',
    'With management in the lead, name the lead and the IT, legal, PR and client-contact members, and record their roles on the team.', 4],
  ['respond.plan', '二.2', true, '制定应急处置方案', 'Draw up the response plan',
    '根据事件性质和影响,写明处置步骤、分工和所需资源,并经负责人确认。',
    'Based on the nature and impact, write down the handling steps, who does what and the resources needed, and have the lead approve it.', 8],
  ['respond.contain', '二.3', true, '采取控制措施', 'Contain the incident',
    '按方案采取技术措施(隔离系统、封堵漏洞、重置凭据等)和管理措施,阻止事态扩大、减少损失,并保留证据。',
    'Apply the technical (isolate systems, close the hole, reset credentials…) and administrative measures of the plan to stop it spreading and limit the loss, preserving evidence.', 24],
  ['respond.monitor', '二.4', false, '跟踪处置进展', 'Monitor the response',
    '持续跟踪各项措施的执行和效果,发现措施失效及时调整方案。',
    'Keep track of how each measure is carried out and whether it works; adjust the plan when something does not.'],
  // 四 沟通与信息披露
  ['respond.internal_comms', '四.1', false, '向内部通报进展', 'Brief staff internally',
    '定期向公司内部通报事件和处置情况,统一口径,避免猜测和恐慌。',
    'Keep staff informed of the incident and the measures at regular intervals, with one consistent message to avoid speculation and alarm.', 8],
  ['respond.stakeholder_comms', '四.2', false, '与外部相关方沟通', 'Talk to external stakeholders',
    '与客户的合作伙伴等外部相关方保持联系,及时回应其关切,所有沟通在沟通登记中记录。',
    "Stay in touch with external parties such as the client's partners and answer their concerns promptly; log every exchange in the communications register."],
  ['respond.disclosure', '四.3', false, '依法依规对外披露', 'Disclose as law and policy require',
    '对照法律法规和公司政策确定是否、何时、向谁公布事件进展和处理结果,披露内容经审批后发出。',
    'Decide against the law and company policy whether, when and to whom progress and outcome are published; disclosures go out only once approved.'],
  ['respond.media', '四.4', false, '应对媒体问询', 'Handle the media',
    '指定发言人,准备问答口径,统一回应媒体询问,防止不实信息扩散。',
    'Name a spokesperson, prepare a Q&A and answer press enquiries consistently so that inaccurate information does not spread.'],
  // 七 法律风险应对
  ['respond.legal_advice', '七.1', true, '取得法律意见', 'Get legal advice',
    '请法务或外部律师审查处置措施、报告和通知义务及对外表态,确保合法合规。',
    'Have legal counsel (in-house or external) review the measures, the reporting and notification duties and public statements so that everything is lawful.', 8],
  ['respond.legal_action', '七.2', false, '评估法律救济与证据保全', 'Consider legal action and preserve evidence',
    '涉及纠纷或违法犯罪的,及时固定证据,视情况报案或采取法律行动维护权益。',
    'Where there is a dispute or a crime, secure the evidence promptly and, where warranted, report it to the police or take legal action to protect the client.'],
  ['respond.compliance_gaps', '七.3', false, '记录暴露的合规短板', 'Note the compliance gaps exposed',
    '记下事件暴露出的内部合规制度和法律培训方面的不足,转入后续改进。',
    'Write down the weaknesses in internal compliance rules and legal training that the incident revealed, for the follow-up.'],
  // 八 客户关系维护
  ['respond.client_briefing', '八.1', true, '向客户通报并致歉', 'Brief the client and apologise',
    '及时告知客户事件情况、影响和已采取的措施,表达歉意,并约定后续通报频率。',
    'Tell the client promptly what happened, the impact and the measures taken, apologise, and agree how often updates will follow.', 4],
  ['respond.client_support', '八.2', false, '为客户提供支持', 'Support the client',
    '帮助客户处理事件带来的不便,如协助其向其客户说明、提供临时替代方案。',
    'Help the client with the inconvenience caused, for instance by helping it explain to its own customers or providing a temporary workaround.'],
  ['respond.client_feedback', '八.3', false, '收集客户反馈', 'Collect client feedback',
    '记录客户对处置的意见和诉求,用于改进服务和维护长期关系。',
    'Record what the client thinks of the handling and what it asks for, to improve the service and keep the relationship.'],
  // 九 舆情监控与引导
  ['respond.sentiment_watch', '九.1', false, '监测网络舆情', 'Watch public sentiment online',
    '关注社交媒体、新闻和论坛上与事件相关的讨论,掌握公众关注点和态度。',
    'Follow discussion of the incident on social media, news sites and forums to learn what the public cares about and how it feels.'],
  ['respond.sentiment_response', '九.2', false, '引导并回应舆情', 'Guide and answer public opinion',
    '通过官方渠道发布准确信息;出现负面或不实信息时及时澄清,化解危机。',
    'Publish accurate information through official channels; clarify promptly when negative or false stories appear, to defuse the crisis.'],
  ['respond.sentiment_review', '九.4', false, '分析舆情处置效果', 'Review how public opinion was handled',
    '总结舆情走向和应对效果,记录经验教训。',
    'Sum up how opinion developed and how well the response worked; record the lessons.'],
  // 十 跨部门协作
  ['respond.coordination', '十.1', false, '明确跨部门分工', 'Agree who does what across departments',
    '建立协作机制,写明各部门在本次事件中的职责和任务。',
    'Set up the way departments work together and write down each one\'s duties and tasks for this incident.'],
  ['respond.info_sharing', '十.2', false, '部门间共享信息', 'Share information between departments',
    '建立共享的事件信息来源(本系统的时间线和任务),确保措施得到执行。',
    'Keep one shared source of facts about the incident (this timeline and these tasks) so that measures are carried out.'],
  ['respond.collaboration_review', '十.4', false, '评价协作效果', 'Rate the collaboration',
    '对本次跨部门协作进行评价,列出需要培训或优化之处。',
    'Evaluate how well departments worked together this time and list what needs training or improvement.'],
  // 十二 技术支持与保障
  ['respond.tech_resources', '十二.1', false, '保障技术资源', 'Secure technical resources',
    '落实处置所需的设备、软件、工具和外部技术支持。',
    'Make sure the equipment, software, tools and outside technical help needed for the response are available.'],
  ['respond.tech_stability', '十二.2', false, '保障系统稳定运行', 'Keep systems running safely',
    '在处置期间加强监控和防护,保证其余系统稳定运行。',
    'Increase monitoring and protection during the response so that the other systems keep running steadily.'],
  ['respond.tech_gaps', '十二.3', false, '记录技术能力与更新需求', 'Note skills and technology gaps',
    '记下暴露出的技术培训需求和需要更新的系统,转入后续改进。',
    'Write down the technical training needs and the systems that need updating, for the follow-up.'],
  // 十七 跨地域协同
  ['respond.cross_region', '十七.1', false, '协调各地机构', 'Coordinate across regions',
    '客户在多地有机构或系统时,明确各地职责,共享信息,统一处置。',
    'When the client has offices or systems in several places, set out what each location does, share information and act as one.'],
  ['respond.cross_region_review', '十七.4', false, '评价跨地域协同', 'Rate the cross-region coordination',
    '评价跨地域协同效果,提出培训和机制优化建议。',
    'Evaluate how well the locations worked together and suggest training or better arrangements.'],
  // 十九 跨部门沟通
  ['respond.comms_channels', '十九.1', false, '建立沟通渠道', 'Set up communication channels',
    '约定例会、即时通讯群组等沟通方式,确保各部门信息畅通。',
    'Agree regular meetings, an instant-messaging group and the like so that information flows between departments.', 4],
  ['respond.comms_review', '十九.4', false, '评价沟通效果', 'Rate the communication',
    '评价内部沟通是否及时、准确,提出改进和培训建议。',
    'Judge whether internal communication was timely and accurate, and suggest improvements and training.'],
];

const RECOVERING: Row[] = [
  // 三 数据恢复与修复
  ['recover.verify_backups', '三.1', false, '核查备份完整可用', 'Check the backups',
    '确认备份完整、未被篡改且能够恢复,确定恢复时点。',
    'Confirm that the backups are complete, untampered and restorable, and choose the point to restore to.'],
  ['recover.restore', '三.2', true, '恢复数据与业务', 'Restore data and service',
    '从可信备份恢复数据和系统,恢复业务运行,记录恢复时间。',
    'Restore data and systems from a trusted backup and bring the business back into operation; record when.'],
  ['recover.repair', '三.3', true, '修复并核验数据', 'Repair and verify the data',
    '修复受损数据,核对其准确性和完整性,并请客户确认关键数据。',
    'Repair the damaged data, check that it is accurate and complete, and have the client confirm the key data.'],
  ['recover.harden', '三.4', true, '系统安全加固', 'Harden the systems',
    '修补漏洞、收紧权限和配置,防止同类事件再次发生。',
    'Patch the vulnerabilities and tighten permissions and configuration so that the same thing cannot happen again.'],
  // 十三 心理辅导与支持
  ['recover.staff_support', '十三.1', false, '为员工提供心理支持', 'Offer staff psychological support',
    '关注处置人员和受影响员工的压力与焦虑,提供心理辅导渠道。',
    'Look out for stress and anxiety among responders and affected staff, and offer access to counselling.'],
  ['recover.staff_care', '十三.4', false, '关怀员工并安排休整', 'Look after staff and arrange rest',
    '安排轮休,关心员工生活,必要时组织心理健康培训。',
    'Arrange time off in turns, show care for staff, and organise mental-health training where needed.'],
];

const INVESTIGATING: Row[] = [
  // 五 调查与分析
  ['investigate.root_cause', '五.1', true, '调查原因、经过和责任', 'Investigate cause, course and responsibility',
    '全面调查事件的原因、经过和影响,查明责任,形成调查记录。',
    'Investigate the cause, course and impact of the incident in full, establish responsibility and write it up.'],
  ['investigate.security_assessment', '五.2', true, '开展安全评估', 'Carry out a security assessment',
    '对相关系统进行全面安全评估,找出潜在风险,记录在评估中。',
    'Assess the security of the systems concerned in full, find the remaining risks and record them in an evaluation.'],
  ['investigate.improvements', '五.3', true, '制定改进措施', 'Define the improvement actions',
    '针对调查结论制定具体的改进行动,明确负责人和完成期限。',
    'Turn the findings into concrete improvement actions, each with an owner and a due date.'],
  ['investigate.case_study', '五.4', false, '形成案例', 'Write up the case',
    '把处置过程和经验整理成案例,供今后参考。',
    'Write up the handling and what was learned as a case for future reference.'],
  // 十八 跨行业借鉴
  ['investigate.industry_cases', '十八.1', false, '研究其他行业案例', 'Study cases from other industries',
    '调研和分析其他行业类似事件的处置,找出可借鉴之处。',
    'Look into how similar incidents were handled in other industries and identify what can be borrowed.'],
  ['investigate.exchange', '十八.2', false, '开展经验交流与分享', 'Exchange and share experience',
    '与同业或其他行业交流,在脱敏后分享本次案例。',
    'Exchange experience with peers and other industries, and share this case once anonymised.'],
];

const FOLLOW_UP: Row[] = [
  // 六 后续跟进与改进
  ['follow.track_actions', '六.1', true, '跟踪措施落实', 'Track the actions to completion',
    '跟踪各项处置和改进措施是否落实到位,未完成的明确期限。',
    'Check that every response and improvement action has been carried out; set dates for the ones that have not.'],
  ['follow.implement_improvements', '六.2', true, '实施系统优化和升级', 'Implement the system improvements',
    '按改进措施对系统进行优化和升级,并验证效果。',
    'Optimise and upgrade the systems as the improvement actions require, and verify the result.'],
  ['follow.awareness_training', '六.3', false, '开展安全意识培训', 'Run security-awareness training',
    '结合本次事件为客户员工安排安全意识培训,记录在培训记录中。',
    "Organise security-awareness training for the client's staff based on this incident and log it as a training record."],
  ['follow.periodic_checks', '六.4', false, '安排定期安全检查', 'Schedule regular security checks',
    '约定定期安全检查的频率和范围,确保系统持续安全稳定。',
    'Agree how often and how widely security checks will run so that systems stay secure and stable.'],
  ['follow.closing_report', '六.1', true, '向客户提交结案报告', 'Send the client the closing report',
    '汇总事件经过、处置、义务履行情况和改进措施,提交客户确认后结案。',
    'Summarise what happened, the response, the obligations met and the improvement actions, and have the client confirm before closing.'],
  // 十一 应急演练
  ['follow.drill_plan', '十一.1', false, '制定应急演练计划', 'Plan an emergency drill',
    '以本次事件为场景制定演练计划,明确目的、内容和时间。',
    'Plan a drill based on this incident, with its purpose, content and date.'],
  ['follow.drill_run', '十一.2', false, '组织演练并评估', 'Run and evaluate the drill',
    '组织相关部门参加演练,评估效果、找出不足,总结经验。',
    'Run the drill with the departments concerned, evaluate it, find the weaknesses and record the lessons.'],
  // 十四 社会责任与担当
  ['follow.social_impact', '十四.1', false, '评估社会影响并履行责任', 'Assess the social impact and meet responsibilities',
    '评估事件对社会和受影响人群的影响,采取相应的补救和担当措施。',
    'Assess how the incident affected society and the people concerned, and take fitting steps to make amends.'],
  ['follow.reputation', '十四.4', false, '修复企业形象', 'Rebuild the company\'s image',
    '规划修复声誉的举措,可包括参与公益活动,提升社会认可。',
    'Plan steps to restore the reputation, which may include community or charitable work, to regain public trust.'],
  // 十五 持续改进与优化
  ['follow.lessons_learned', '十五.1', true, '复盘总结经验教训', 'Hold the post-incident review',
    '召开复盘会,总结经验教训,形成事后评估。',
    'Hold a review meeting, sum up the lessons learned and record a post-incident review.'],
  ['follow.process_update', '十五.2', false, '优化应急流程和预案', 'Improve the response process and playbook',
    '根据复盘结论调整应急流程和本剧本,提高处置效率。',
    'Adjust the response process and this playbook from the review so that the next response is faster.'],
  ['follow.tech_management', '十五.3', false, '推动技术和管理优化', 'Drive technical and management improvements',
    '关注可用的新技术和管理方法,提升应急处置能力。',
    'Look at new technology and management practice that would raise the ability to respond.'],
  // 十六 法律法规遵守
  ['follow.compliance_check', '十六.2', true, '核查法定义务履行情况', 'Check that legal duties were met',
    '核对监管报告、个人信息通知等各项义务是否按时履行,必要时咨询专业律师。',
    'Check that the regulatory report, personal-information notifications and other duties were met on time; consult a lawyer where needed.'],
  ['follow.legal_training', '十六.1', false, '开展法律法规学习', 'Run training on the law',
    '组织员工学习相关法律法规,加强宣传,提高法律意识。',
    'Organise training on the relevant laws and regulations and raise awareness among staff.'],
  // 二十 跨文化适应
  ['follow.cross_culture', '二十.1', false, '兼顾跨文化因素', 'Take cultural differences into account',
    '客户或受影响人群涉及不同文化背景(如外资企业、境外个人)时,了解其处置习惯和期望,调整沟通方式。',
    'When the client or the people affected come from other cultures (foreign-invested companies, individuals abroad), learn their expectations and adapt how you communicate.'],
  ['follow.culture_training', '二十.3', false, '开展跨文化交流与培训', 'Run cross-cultural exchange and training',
    '与不同文化背景的组织交流,开展文化培训,增强团队凝聚力。',
    'Exchange with organisations from other cultures and run cultural training to strengthen the team.'],
];

export const BUILT_IN_PLAYBOOK: PlaybookDef = {
  key: 'built-in',
  name: { 'zh-CN': '数据安全事件应急处理(内置)', en: 'Data-security incident response (built in)' },
  description: {
    'zh-CN': '依据事务所的数据安全事件应急处理程序编写,覆盖其全部二十节:研判确认、应急响应、恢复修复、调查分析、跟进改进,沟通与披露贯穿始终。',
    en: "Written from the firm's data-security incident-response procedure, covering all twenty of its sections: triage, response, recovery, investigation and follow-up, with communication and disclosure throughout.",
  },
  tasks: [
    ...rows('triage', TRIAGE),
    ...rows('responding', RESPONDING),
    ...rows('recovering', RECOVERING),
    ...rows('investigating', INVESTIGATING),
    ...rows('follow_up', FOLLOW_UP),
  ],
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 一…九十九 as a number (一 1, 十 10, 十六 16, 二十 20), or null. */
export function chineseNumeral(text: string): number | null {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(text);
  if (!m || !text) return null;
  const digit = (c: string) => NUMERALS.indexOf(c) + 1;
  if (!m[2]) return m[3] || !m[1] ? null : digit(m[1]);
  return (m[1] ? digit(m[1]) : 1) * 10 + (m[3] ? digit(m[3]) : 0);
}

/**
 * A task's reference to the procedure as a reader of `locale` writes it: '六.1' in Chinese, '6.1' in English. It is a
 * reference, not the task's number: two tasks may come from one item of the procedure (grading and assessing the impact
 * both from 一.2). Anything that is not such a reference is returned as it is.
 */
export function sectionLabel(section: string | null | undefined, locale: 'zh-CN' | 'en'): string {
  if (!section) return '';
  if (locale === 'zh-CN') return section;
  const [head, ...rest] = section.split('.');
  const n = chineseNumeral(head);
  return n === null ? section : [String(n), ...rest].join('.');
}

export function tasksForPhase(p: PlaybookDef, phase: WorkPhase): PlaybookTaskDef[] {
  return (p.tasks ?? []).filter((t) => t.phase === phase);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const nonEmpty = (x: unknown) => typeof x === 'string' && x.trim().length > 0;

function checkText(x: unknown, field: string, required: boolean, out: { field: string; message: string }[]) {
  if (!isObj(x)) {
    out.push({ field, message: 'must have zh-CN and en text' });
    return;
  }
  for (const loc of ['zh-CN', 'en'] as const) {
    const v = x[loc];
    if (required ? !nonEmpty(v) : typeof v !== 'string') out.push({ field: `${field}.${loc}`, message: required ? 'must not be empty' : 'must be text' });
  }
}

/**
 * For firm-edited copies: [] when valid. Checks the key and names, and for every task: a unique non-empty key,
 * a valid phase, titles in both languages, descriptions as text, `required` true/false, dueHours a non-negative
 * number when given, section text when given.
 */
export function validatePlaybook(p: unknown): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!isObj(p)) return [{ field: 'playbook', message: 'must be an object' }];
  if (!nonEmpty(p.key)) out.push({ field: 'key', message: 'must not be empty' });
  checkText(p.name, 'name', true, out);
  if (p.description !== undefined) checkText(p.description, 'description', false, out);
  if (!Array.isArray(p.tasks)) {
    out.push({ field: 'tasks', message: 'must be a list' });
    return out;
  }
  const seen = new Set<string>();
  p.tasks.forEach((t: unknown, i: number) => {
    const f = `tasks[${i}]`;
    if (!isObj(t)) {
      out.push({ field: f, message: 'must be an object' });
      return;
    }
    if (!nonEmpty(t.key)) out.push({ field: `${f}.key`, message: 'must not be empty' });
    else if (seen.has(t.key as string)) out.push({ field: `${f}.key`, message: `duplicate key "${t.key}"` });
    else seen.add(t.key as string);
    if (typeof t.phase !== 'string' || !(WORK_PHASES as readonly string[]).includes(t.phase)) {
      out.push({ field: `${f}.phase`, message: `must be one of: ${WORK_PHASES.join(', ')}` });
    }
    checkText(t.title, `${f}.title`, true, out);
    if (t.description !== undefined) checkText(t.description, `${f}.description`, false, out);
    if (typeof t.required !== 'boolean') out.push({ field: `${f}.required`, message: 'must be true or false' });
    if (t.dueHours !== undefined && t.dueHours !== null && (typeof t.dueHours !== 'number' || !Number.isFinite(t.dueHours) || t.dueHours < 0)) {
      out.push({ field: `${f}.dueHours`, message: 'must be a non-negative number of hours' });
    }
    if (t.section !== undefined && t.section !== null && typeof t.section !== 'string') out.push({ field: `${f}.section`, message: 'must be text' });
    if (t.role !== undefined && t.role !== null && !(TEAM_ROLES as readonly unknown[]).includes(t.role)) {
      out.push({ field: `${f}.role`, message: `must be one of: ${TEAM_ROLES.join(', ')}` });
    }
  });
  return out;
}
