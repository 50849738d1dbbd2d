/**
 * The incident report (事件处置总结报告): an incident's record as a document — facts, grading with its history,
 * timeline, obligations with when and how each was met or waived, communications sent, tasks by phase, evaluations and
 * improvement actions, attachments with their SHA-256 — in zh-CN or en, internal or for the client. Pure: the server
 * reads the record (under row-level security) and renders these tables as a PDF with the service report's machinery.
 * The client version leaves out internal entries: internal timeline entries, communications not shown to the client,
 * evaluations not shared, internal actions, and the incident's files (which stay with the firm).
 */
import type { Locale } from './enums';
import { ENUM_LABELS } from './labels';
import type { LocalText } from './playbook';
import { formatReportInstant, type ReportCell, type ReportColumn, type ReportVersion } from './reports';

export interface IncidentReportData {
  lang: Locale;
  version: ReportVersion;
  generatedAt: string;
  generatedBy: string;
  firm: { name: string; timeZone: string };
  client: { name: string };
  incident: {
    reference: string; title: string; description: string; category: string | null; nature: string | null; grade: string | null; status: string;
    detectedAt: string; reportedAt: string | null; acknowledgedAt: string | null; containedAt: string | null; recoveredAt: string | null;
    resolvedAt: string | null; closedAt: string | null; affectedSystems: string[]; dataCategories: string[]; peopleAffected: number | null;
    recordsAffected: number | null; businessImpact: string | null;
  };
  gradings: { gradedAt: string; suggestedGrade: string; chosenGrade: string; rationale: string; by: string | null }[];
  timeline: { occurredAt: string; kind: string; visibility: string; body: string; author: string | null }[];
  obligations: {
    rule: string; authority: LocalText; dueAt: string; status: string; fulfilledAt: string | null; fulfilmentNote: string | null;
    waiverBasis: string | null; waiverReason: string | null; waivedAt: string | null;
  }[];
  communications: { sentAt: string; audience: string; channel: string; subject: string; receiptNumber: string | null; reportStage: string | null }[];
  tasks: { phase: string; title: string; titleEn: string | null; required: boolean; status: string; doneAt: string | null }[];
  evaluations: { type: string; version: number; date: string; overallScore: number | null; status: string }[];
  actions: { title: string; ownerName: string | null; dueAt: string; status: string }[];
  attachments: { fileName: string; size: number; sha256: string; createdAt: string }[];
}

export interface DocumentTable {
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  totalRow?: boolean;
}

export const INCIDENT_REPORT_LABELS = {
  title: { 'zh-CN': '网络安全事件处置总结报告', en: 'Cybersecurity incident summary report' },
  basis: {
    'zh-CN': '依据《国家网络安全事件报告管理办法》第八条：事件发生原因、应急处置措施、造成的危害、责任追究、完善整改情况、教训等',
    en: 'Under Art. 8 of the National Cybersecurity Incident Reporting Measures: cause, response, harm, accountability, remediation, lessons',
  },
  version_internal: { 'zh-CN': '内部版', en: 'Internal version' },
  version_client: { 'zh-CN': '客户版', en: 'Client version' },
  facts: { 'zh-CN': '事件概况', en: 'The incident' },
  grading: { 'zh-CN': '定级及理由', en: 'Grading and rationale' },
  timeline: { 'zh-CN': '处置时间线', en: 'Timeline' },
  obligations: { 'zh-CN': '报告与通知义务', en: 'Reporting and notification obligations' },
  communications: { 'zh-CN': '已发出的沟通', en: 'Communications sent' },
  tasks: { 'zh-CN': '各阶段任务', en: 'Tasks by phase' },
  evaluations: { 'zh-CN': '评估', en: 'Evaluations' },
  actions: { 'zh-CN': '改进措施', en: 'Improvement actions' },
  attachments: { 'zh-CN': '附件（SHA-256）', en: 'Attachments (SHA-256)' },
  item: { 'zh-CN': '项目', en: 'Item' },
  value: { 'zh-CN': '内容', en: 'Value' },
  reference: { 'zh-CN': '事件编号', en: 'Reference' },
  eventTitle: { 'zh-CN': '事件名称', en: 'Title' },
  client: { 'zh-CN': '涉事单位', en: 'Organisation' },
  firm: { 'zh-CN': '服务机构', en: 'Firm' },
  category: { 'zh-CN': '事件类型', en: 'Category' },
  nature: { 'zh-CN': '事件性质', en: 'Nature' },
  grade: { 'zh-CN': '事件级别', en: 'Grade' },
  status: { 'zh-CN': '当前阶段', en: 'Phase' },
  detectedAt: { 'zh-CN': '发现时间', en: 'Detected' },
  reportedAt: { 'zh-CN': '报告时间', en: 'Reported' },
  acknowledgedAt: { 'zh-CN': '确认时间', en: 'Acknowledged' },
  containedAt: { 'zh-CN': '控制时间', en: 'Contained' },
  recoveredAt: { 'zh-CN': '恢复时间（处置结束）', en: 'Recovered (handling ended)' },
  resolvedAt: { 'zh-CN': '解决时间', en: 'Resolved' },
  closedAt: { 'zh-CN': '关闭时间', en: 'Closed' },
  affectedSystems: { 'zh-CN': '受影响系统', en: 'Affected systems' },
  dataCategories: { 'zh-CN': '涉及的数据种类', en: 'Data involved' },
  peopleAffected: { 'zh-CN': '受影响人数', en: 'People affected' },
  recordsAffected: { 'zh-CN': '涉及记录数', en: 'Records affected' },
  businessImpact: { 'zh-CN': '业务影响', en: 'Business impact' },
  description: { 'zh-CN': '事件经过', en: 'What happened' },
  time: { 'zh-CN': '时间', en: 'Time' },
  suggested: { 'zh-CN': '建议级别', en: 'Suggested' },
  chosen: { 'zh-CN': '确定级别', en: 'Chosen' },
  rationale: { 'zh-CN': '理由', en: 'Rationale' },
  by: { 'zh-CN': '人员', en: 'By' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  entry: { 'zh-CN': '内容', en: 'Entry' },
  obligation: { 'zh-CN': '义务', en: 'Obligation' },
  authority: { 'zh-CN': '报告对象', en: 'To' },
  due: { 'zh-CN': '期限', en: 'Due' },
  how: { 'zh-CN': '何时、如何履行或免除', en: 'When and how met or waived' },
  audience: { 'zh-CN': '对象', en: 'Audience' },
  subject: { 'zh-CN': '主题', en: 'Subject' },
  receipt: { 'zh-CN': '回执编号', en: 'Receipt no.' },
  phase: { 'zh-CN': '阶段', en: 'Phase' },
  task: { 'zh-CN': '任务', en: 'Task' },
  type: { 'zh-CN': '类型', en: 'Type' },
  score: { 'zh-CN': '得分', en: 'Score' },
  owner: { 'zh-CN': '负责人', en: 'Owner' },
  file: { 'zh-CN': '文件', en: 'File' },
  size: { 'zh-CN': '大小（字节）', en: 'Size (bytes)' },
  generatedAt: { 'zh-CN': '生成时间', en: 'Generated' },
  generatedBy: { 'zh-CN': '生成人', en: 'Generated by' },
  required: { 'zh-CN': '（必做）', en: ' (required)' },
  followUp: { 'zh-CN': '补报', en: 'follow-up' },
  summary: { 'zh-CN': '总结报告', en: 'summary report' },
  first: { 'zh-CN': '首次报告', en: 'first report' },
} as const;

const L = (key: keyof typeof INCIDENT_REPORT_LABELS, lang: Locale) => INCIDENT_REPORT_LABELS[key][lang];
const label = (kind: string, value: string | null, lang: Locale) => (value ? (ENUM_LABELS[kind]?.[value]?.[lang] ?? value) : '—');
const text = (key: string, lang: Locale): ReportColumn => ({ key, label: L(key as keyof typeof INCIDENT_REPORT_LABELS, lang), type: 'text' });

/** The report's tables in order (the client version without internal entries: see the module comment). */
export function incidentReportTables(d: IncidentReportData): DocumentTable[] {
  const lang = d.lang;
  const at = (iso: string | null) => (iso ? formatReportInstant(iso, d.firm.timeZone) : '—');
  const list = (xs: string[]) => (xs.length ? xs.join(lang === 'zh-CN' ? '、' : ', ') : '—');
  const num = (n: number | null) => (n === null ? '—' : n.toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-US'));
  const i = d.incident;
  const client = d.version === 'client';
  const stage = (s: string | null) => (s === 'follow_up' ? L('followUp', lang) : s === 'summary' ? L('summary', lang) : s === 'first' ? L('first', lang) : null);

  const tables: DocumentTable[] = [
    {
      title: L('facts', lang), columns: [text('item', lang), text('value', lang)],
      rows: [
        [L('reference', lang), i.reference], [L('eventTitle', lang), i.title], [L('client', lang), d.client.name], [L('firm', lang), d.firm.name],
        [L('category', lang), label('incidentCategory', i.category, lang)], [L('nature', lang), label('incidentNature', i.nature, lang)],
        [L('grade', lang), label('grade', i.grade, lang)], [L('status', lang), label('incidentStatus', i.status, lang)],
        [L('detectedAt', lang), at(i.detectedAt)], [L('reportedAt', lang), at(i.reportedAt)], [L('acknowledgedAt', lang), at(i.acknowledgedAt)],
        [L('containedAt', lang), at(i.containedAt)], [L('recoveredAt', lang), at(i.recoveredAt)], [L('resolvedAt', lang), at(i.resolvedAt)],
        [L('closedAt', lang), at(i.closedAt)], [L('affectedSystems', lang), list(i.affectedSystems)], [L('dataCategories', lang), list(i.dataCategories)],
        [L('peopleAffected', lang), num(i.peopleAffected)], [L('recordsAffected', lang), num(i.recordsAffected)],
        [L('businessImpact', lang), i.businessImpact || '—'], [L('description', lang), i.description || '—'],
      ],
    },
    {
      title: L('grading', lang), columns: [text('time', lang), text('suggested', lang), text('chosen', lang), text('rationale', lang), text('by', lang)],
      rows: d.gradings.map((g) => [at(g.gradedAt), label('grade', g.suggestedGrade, lang), label('grade', g.chosenGrade, lang), g.rationale || '—', g.by ?? '—']),
    },
    {
      title: L('timeline', lang), columns: [text('time', lang), text('kind', lang), text('entry', lang), text('by', lang)],
      rows: d.timeline.filter((e) => !client || e.visibility === 'client').map((e) => [at(e.occurredAt), label('timelineKind', e.kind, lang), e.body || '—', e.author ?? '—']),
    },
    {
      title: L('obligations', lang), columns: [text('obligation', lang), text('authority', lang), text('due', lang), text('status', lang), text('how', lang)],
      rows: d.obligations.map((o) => [
        label('obligationRule', o.rule, lang), o.authority?.[lang] ?? '—', at(o.dueAt), label('obligationStatus', o.status, lang),
        o.status === 'waived'
          ? `${at(o.waivedAt)} · ${label('waiverBasis', o.waiverBasis, lang)} · ${o.waiverReason ?? ''}`
          : o.fulfilledAt ? `${at(o.fulfilledAt)} · ${o.fulfilmentNote ?? ''}` : '—',
      ]),
    },
    {
      title: L('communications', lang), columns: [text('time', lang), text('audience', lang), text('subject', lang), text('receipt', lang)],
      rows: d.communications.map((c) => [
        at(c.sentAt), `${label('communicationAudience', c.audience, lang)} · ${label('communicationChannel', c.channel, lang)}`,
        stage(c.reportStage) ? `${c.subject}（${stage(c.reportStage)}）` : c.subject, c.receiptNumber ?? '—',
      ]),
    },
    {
      title: L('tasks', lang), columns: [text('phase', lang), text('task', lang), text('status', lang), text('time', lang)],
      rows: d.tasks.map((t) => [
        label('incidentStatus', t.phase, lang), `${lang === 'en' && t.titleEn ? t.titleEn : t.title}${t.required ? L('required', lang) : ''}`,
        label('taskStatus', t.status, lang), at(t.doneAt),
      ]),
    },
    {
      title: L('evaluations', lang), columns: [text('type', lang), text('time', lang), { key: 'score', label: L('score', lang), type: 'score' }, text('status', lang)],
      rows: d.evaluations.map((e) => [`${label('evaluationType', e.type, lang)} v${e.version}`, e.date, e.overallScore, label('evaluationStatus', e.status, lang)]),
    },
    {
      title: L('actions', lang), columns: [text('task', lang), text('owner', lang), text('due', lang), text('status', lang)],
      rows: d.actions.map((a) => [a.title, a.ownerName ?? '—', at(a.dueAt), label('actionStatus', a.status, lang)]),
    },
  ];
  if (!client) {
    tables.push({
      title: L('attachments', lang), columns: [text('file', lang), { key: 'size', label: L('size', lang), type: 'int' }, text('time', lang), { key: 'sha256', label: 'SHA-256', type: 'text' }],
      rows: d.attachments.map((a) => [a.fileName, a.size, at(a.createdAt), a.sha256]),
    });
  }
  return tables;
}
