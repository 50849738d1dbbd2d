import type { Locale } from './enums';

/** Labels for enum values, used by the admin's messages and by server-made documents. */
export const ENUM_LABELS: Record<string, Record<string, Record<Locale, string>>> = {
  role: {
    manager: { 'zh-CN': '事务所经理', en: 'Firm manager' },
    consultant: { 'zh-CN': '顾问', en: 'Consultant' },
    client_admin: { 'zh-CN': '客户管理员', en: 'Client admin' },
  },
  operatorType: {
    cii: { 'zh-CN': '关键信息基础设施运营者', en: 'Critical information infrastructure operator' },
    state_organ: { 'zh-CN': '中央和国家机关', en: 'Central or state organ' },
    other: { 'zh-CN': '其他网络运营者', en: 'Other network operator' },
  },
  clientStatus: {
    active: { 'zh-CN': '服务中', en: 'Active' },
    offboarded: { 'zh-CN': '已终止服务', en: 'Offboarded' },
  },
  auditAction: {
    create: { 'zh-CN': '创建', en: 'Create' },
    update: { 'zh-CN': '修改', en: 'Update' },
    delete: { 'zh-CN': '删除', en: 'Delete' },
    transition: { 'zh-CN': '状态变更', en: 'State change' },
    login: { 'zh-CN': '登录', en: 'Sign-in' },
    logout: { 'zh-CN': '退出', en: 'Sign-out' },
    password_reset: { 'zh-CN': '重置密码', en: 'Password reset' },
  },
  incidentCategory: {
    malware: { 'zh-CN': '恶意程序事件', en: 'Malware' },
    network_attack: { 'zh-CN': '网络攻击事件', en: 'Network attack' },
    data_security: { 'zh-CN': '数据安全事件', en: 'Data security' },
    information_content_security: { 'zh-CN': '信息内容安全事件', en: 'Information content security' },
    equipment_facility_failure: { 'zh-CN': '设备设施故障事件', en: 'Equipment or facility failure' },
    violation_of_operating_rules: { 'zh-CN': '违规操作事件', en: 'Violation of operating rules' },
    security_hazard: { 'zh-CN': '安全隐患事件', en: 'Security hazard' },
    abnormal_behaviour: { 'zh-CN': '异常行为事件', en: 'Abnormal behaviour' },
    force_majeure: { 'zh-CN': '不可抗力事件', en: 'Force majeure' },
    other: { 'zh-CN': '其他事件', en: 'Other' },
  },
  incidentNature: {
    internal_attack: { 'zh-CN': '内部攻击', en: 'Internal attack' },
    external_attack: { 'zh-CN': '外部攻击', en: 'External attack' },
    system_vulnerability: { 'zh-CN': '系统漏洞', en: 'System vulnerability' },
    human_error: { 'zh-CN': '人为失误', en: 'Human error' },
    unknown: { 'zh-CN': '尚未查明', en: 'Unknown' },
  },
  grade: {
    especially_major: { 'zh-CN': '特别重大', en: 'Especially major' },
    major: { 'zh-CN': '重大', en: 'Major' },
    relatively_major: { 'zh-CN': '较大', en: 'Relatively major' },
    general: { 'zh-CN': '一般', en: 'General' },
  },
  incidentStatus: {
    reported: { 'zh-CN': '已报告', en: 'Reported' },
    triage: { 'zh-CN': '研判中', en: 'Triage' },
    responding: { 'zh-CN': '应急响应', en: 'Responding' },
    recovering: { 'zh-CN': '恢复中', en: 'Recovering' },
    investigating: { 'zh-CN': '调查中', en: 'Investigating' },
    follow_up: { 'zh-CN': '跟进改进', en: 'Follow-up' },
    closed: { 'zh-CN': '已结案', en: 'Closed' },
    dismissed: { 'zh-CN': '非安全事件', en: 'Dismissed' },
  },
  workPhase: {
    triage: { 'zh-CN': '研判与确认', en: 'Triage and confirmation' },
    responding: { 'zh-CN': '应急响应', en: 'Emergency response' },
    recovering: { 'zh-CN': '恢复与修复', en: 'Recovery and repair' },
    investigating: { 'zh-CN': '调查与分析', en: 'Investigation and analysis' },
    follow_up: { 'zh-CN': '跟进与改进', en: 'Follow-up and improvement' },
  },
  taskStatus: {
    todo: { 'zh-CN': '待办', en: 'To do' },
    doing: { 'zh-CN': '进行中', en: 'In progress' },
    done: { 'zh-CN': '已完成', en: 'Done' },
    not_applicable: { 'zh-CN': '不适用', en: 'Not applicable' },
  },
  teamRole: {
    lead: { 'zh-CN': '负责人', en: 'Lead' },
    it: { 'zh-CN': 'IT', en: 'IT' },
    legal: { 'zh-CN': '法务', en: 'Legal' },
    pr: { 'zh-CN': '公关', en: 'PR' },
    client_contact: { 'zh-CN': '客户联系人', en: 'Client contact' },
  },
  timelineVisibility: {
    internal: { 'zh-CN': '仅内部', en: 'Internal' },
    client: { 'zh-CN': '客户可见', en: 'Visible to client' },
  },
  timelineKind: {
    note: { 'zh-CN': '备注', en: 'Note' },
    comment: { 'zh-CN': '客户留言', en: 'Comment' },
    transition: { 'zh-CN': '阶段变更', en: 'Phase change' },
    grading: { 'zh-CN': '定级', en: 'Grading' },
    task: { 'zh-CN': '任务', en: 'Task' },
    team: { 'zh-CN': '应急小组', en: 'Team' },
    obligation: { 'zh-CN': '义务', en: 'Obligation' },
    created: { 'zh-CN': '创建', en: 'Created' },
    updated: { 'zh-CN': '修改', en: 'Updated' },
  },
  obligationRule: {
    prc_incident_report: { 'zh-CN': '网络安全事件报告(网信/公安)', en: 'PRC cybersecurity incident report' },
    pipl_notify_authority: { 'zh-CN': '个人信息安全事件通知主管部门', en: 'PIPL: notify the authority' },
    pipl_notify_individuals: { 'zh-CN': '个人信息安全事件通知个人', en: 'PIPL: notify the individuals' },
    gdpr_art33_authority: { 'zh-CN': 'GDPR 第33条:通知监管机构', en: 'GDPR Art. 33: notify the supervisory authority' },
    gdpr_art34_individuals: { 'zh-CN': 'GDPR 第34条:通知数据主体', en: 'GDPR Art. 34: notify the data subjects' },
    sla_acknowledge: { 'zh-CN': '合同SLA:响应确认', en: 'Contract SLA: acknowledge' },
    sla_resolve: { 'zh-CN': '合同SLA:解决', en: 'Contract SLA: resolve' },
  },
  obligationAudience: {
    regulator: { 'zh-CN': '监管部门', en: 'Regulator' },
    affected_individuals: { 'zh-CN': '受影响个人', en: 'Affected individuals' },
    client: { 'zh-CN': '客户', en: 'Client' },
  },
  obligationStatus: {
    pending: { 'zh-CN': '待履行', en: 'Pending' },
    met: { 'zh-CN': '按时履行', en: 'Met' },
    overdue: { 'zh-CN': '已超时', en: 'Overdue' },
    met_late: { 'zh-CN': '逾期履行', en: 'Met late' },
    not_applicable: { 'zh-CN': '不适用', en: 'Not applicable' },
  },
  contentSpread: {
    none: { 'zh-CN': '未传播或影响轻微', en: 'None or negligible' },
    limited: { 'zh-CN': '较大范围传播', en: 'Fairly wide (较大范围)' },
    wide: { 'zh-CN': '大范围传播', en: 'Wide (大范围)' },
    massive: { 'zh-CN': '特大范围传播', en: 'Massive (特大范围)' },
  },
  dataLevel: {
    none: { 'zh-CN': '不涉及', en: 'None' },
    important: { 'zh-CN': '重要数据', en: 'Important data' },
    core: { 'zh-CN': '核心数据', en: 'Core data' },
  },
};

export function enumChoices(kind: string, locale: Locale): { id: string; name: string }[] {
  return Object.entries(ENUM_LABELS[kind] ?? {}).map(([id, l]) => ({ id, name: l[locale] }));
}
