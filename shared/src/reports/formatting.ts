/**
 * The report's tables (one definition for the screen, the CSV and the PDF), its cells as text and its file names.
 * (Part of the service reports: see index.ts.)
 */

import { sanitizeFileName } from '../attachments';
import type { Locale } from '../enums';
import { ENUM_LABELS } from '../labels';
import { APPROXIMATE_MARK, REPORT_LABELS, REPORT_SECTION_LABELS, REPORT_TERMS, type ReportSection } from './labels';
import { REPORT_AUDIENCE_KEYS } from './shape';
import { round2 } from './statistics';
import type { ObligationTally, ServiceReport } from './types';

const enumLabel = (kind: string, key: string, lang: Locale): string => ENUM_LABELS[kind]?.[key]?.[lang] ?? key;

// the tables: one definition for the screen, the CSV and the PDF

export type ReportColumnType = 'text' | 'int' | 'hours' | 'rate' | 'score' | 'minutes';
export type ReportCell = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  type: ReportColumnType;
}

export interface ReportTable {
  section: ReportSection;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** the last row is a total */
  totalRow?: boolean;
}

/** Minutes as hours with 2 decimals, as tables show them. */
export const hoursOf = (minutes: number): number => round2(minutes / 60) ?? 0;

/** A rate (fraction) as a percentage with 2 decimals, as tables show it. */
export const ratePercent = (r: number | null): number | null => (r === null ? null : round2(r * 100));

/** A cell as text: numbers in the report's language, rates as percentages, empty as "—". */
export function formatCell(value: ReportCell, type: ReportColumnType, lang: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  switch (type) {
    case 'int':
      return value.toLocaleString(locale, { maximumFractionDigits: 0 });
    case 'rate':
      return `${value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
    case 'hours':
    case 'score':
    case 'minutes':
      return value.toLocaleString(locale, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    default:
      return String(value);
  }
}

const col = (key: keyof typeof REPORT_TERMS, type: ReportColumnType, lang: Locale): ReportColumn => ({ key, label: REPORT_TERMS[key][lang], type });
const term = (key: keyof typeof REPORT_TERMS, lang: Locale) => REPORT_TERMS[key][lang];

const tallyRow = (name: string, t: ObligationTally): ReportCell[] => [name, t.total, t.metOnTime, t.metLate, t.missed, t.pending, t.waived, ratePercent(t.onTimeRate)];

/**
 * The report as tables, in the order they are shown. Rates are percentages (2 decimals); the client version has no
 * internal or workload table.
 */
export function reportTables(r: ServiceReport, lang: Locale = r.lang): ReportTable[] {
  const title = (s: ReportSection) => REPORT_SECTION_LABELS[s][lang];
  const approx = (c: ReportColumn): ReportColumn => (r.responseTimes.approximate ? { ...c, label: `${APPROXIMATE_MARK}${c.label}` } : c);
  const otherKey = (k: string, kind: string) => (k === 'ungraded' ? REPORT_LABELS.ungraded[lang] : k === 'unspecified' ? REPORT_LABELS.unspecified[lang] : enumLabel(kind, k, lang));
  const tallyColumns = (first: keyof typeof REPORT_TERMS, rateKey: 'onTimeRate' | 'compliance') => [
    col(first, 'text', lang), col('obligationsTotal', 'int', lang), col('metOnTime', 'int', lang), col('metLate', 'int', lang), col('missed', 'int', lang),
    col('pending', 'int', lang), col('waived', 'int', lang), col(rateKey, 'rate', lang),
  ];
  // reports stored before time entries (issue 18) have no hours
  const exercise = r.trainings.drills.exerciseMinutes !== undefined;
  const hourColumns = [col('hours', 'hours', lang), col('billableHours', 'hours', lang)];
  const hourCells = (f: { minutes: number; billableMinutes: number }): ReportCell[] => [hoursOf(f.minutes), hoursOf(f.billableMinutes)];
  const tables: ReportTable[] = [
    {
      section: 'summary', title: title('summary'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('opened', lang), r.incidents.opened], [term('closed', lang), r.incidents.closed], [term('dismissed', lang), r.incidents.dismissed],
        [term('openAtEnd', lang), r.incidents.openAtEnd],
        ...(r.incidents.firmBreaches
          ? [[term('firmBreaches', lang), r.incidents.firmBreaches.children], [term('firmBreachesCountedOnce', lang), r.incidents.firmBreaches.countedOnce]] as ReportCell[][]
          : []),
      ],
    },
    {
      section: 'byMonth', title: title('byMonth'), columns: [col('month', 'text', lang), col('opened', 'int', lang), col('closed', 'int', lang)],
      rows: r.incidents.byMonth.map((m) => [m.month, m.opened, m.closed]),
    },
    {
      section: 'byGrade', title: title('byGrade'), columns: [col('grade', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byGrade.map((g) => [otherKey(g.key, 'grade'), g.count]),
    },
    {
      section: 'byCategory', title: title('byCategory'), columns: [col('category', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byCategory.map((g) => [otherKey(g.key, 'incidentCategory'), g.count]),
    },
    {
      section: 'byNature', title: title('byNature'), columns: [col('nature', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byNature.map((g) => [otherKey(g.key, 'incidentNature'), g.count]),
    },
    {
      section: 'responseTimes', title: title('responseTimes'),
      // approximate percentiles (from the roll-ups) are marked "≈" in the headings, wherever the table is shown
      columns: [col('measure', 'text', lang), col('incidents', 'int', lang), approx(col('medianHours', 'hours', lang)), approx(col('p90Hours', 'hours', lang))],
      rows: (['acknowledge', 'contain', 'resolve'] as const).map((k) => [term(k, lang), r.responseTimes[k].count, r.responseTimes[k].medianHours, r.responseTimes[k].p90Hours]),
    },
    {
      section: 'obligations', title: title('obligations'), columns: tallyColumns('rule', 'onTimeRate'), totalRow: true,
      rows: [...r.obligations.byRule.map((o) => tallyRow(enumLabel('obligationRule', o.rule, lang), o)), tallyRow(REPORT_LABELS.total[lang], r.obligations.total)],
    },
    {
      section: 'sla', title: title('sla'), columns: tallyColumns('rule', 'compliance'), totalRow: true,
      rows: [...r.sla.byRule.map((o) => tallyRow(enumLabel('obligationRule', o.rule, lang), o)), tallyRow(REPORT_LABELS.total[lang], r.sla.total)],
    },
    {
      section: 'communications', title: title('communications'), totalRow: true,
      columns: [col('audience', 'text', lang), col('outbound', 'int', lang), col('inbound', 'int', lang), col('total', 'int', lang)],
      rows: [
        ...r.communications.byAudience.map((a) => [enumLabel('communicationAudience', a.audience, lang), a.outbound, a.inbound, a.total]),
        [
          REPORT_LABELS.total[lang], r.communications.byAudience.reduce((s, a) => s + a.outbound, 0), r.communications.byAudience.reduce((s, a) => s + a.inbound, 0),
          r.communications.total,
        ],
      ],
    },
    {
      section: 'trainings', title: title('trainings'), totalRow: true,
      columns: [
        col('trainingType', 'text', lang), col('held', 'int', lang), col('participants', 'int', lang), col('attended', 'int', lang), col('assessed', 'int', lang),
        col('passed', 'int', lang), col('attendanceRate', 'rate', lang), col('passRate', 'rate', lang),
      ],
      rows: [
        ...r.trainings.byType.map((t) => [
          enumLabel('trainingType', t.type, lang), t.held, t.participants, t.attended, t.assessed, t.passed, ratePercent(t.attendanceRate), ratePercent(t.passRate),
        ]),
        [
          REPORT_LABELS.total[lang], r.trainings.held, r.trainings.participants, r.trainings.attended, r.trainings.assessed, r.trainings.passed,
          ratePercent(r.trainings.attendanceRate), ratePercent(r.trainings.passRate),
        ],
      ],
    },
    {
      section: 'drills', title: title('drills'), totalRow: true,
      columns: [
        col('operatorType', 'text', lang), col('clockMinutes', 'minutes', lang), col('drills', 'int', lang), col('measured', 'int', lang), col('withinClock', 'int', lang),
        col('medianReportMinutes', 'minutes', lang), ...(exercise ? [col('exerciseHours', 'hours', lang)] : []),
      ],
      rows: [
        ...r.trainings.drills.byOperatorType.map((d) => [
          enumLabel('operatorType', d.operatorType, lang), d.clockMinutes, d.drills, d.measured, d.withinClock, d.medianReportMinutes,
          ...(exercise ? [hoursOf(d.exerciseMinutes ?? 0)] : []),
        ]),
        [
          REPORT_LABELS.total[lang], null, r.trainings.drills.held, r.trainings.drills.measured, r.trainings.drills.withinClock, null,
          ...(exercise ? [hoursOf(r.trainings.drills.exerciseMinutes ?? 0)] : []),
        ],
      ],
    },
    {
      section: 'evaluations', title: title('evaluations'), totalRow: true,
      columns: [col('evaluationType', 'text', lang), col('evaluations', 'int', lang), col('averageScore', 'score', lang)],
      rows: [
        ...r.evaluations.byType.map((e) => [enumLabel('evaluationType', e.type, lang), e.count, e.averageScore]),
        [REPORT_LABELS.total[lang], r.evaluations.count, r.evaluations.averageScore],
      ],
    },
    {
      section: 'actions', title: title('actions'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('actionsOpen', lang), r.actions.open], [term('actionsOverdue', lang), r.actions.overdue], [term('actionsCreated', lang), r.actions.created],
        [term('actionsDone', lang), r.actions.done],
      ],
    },
  ];
  if (r.time) {
    tables.push(
      {
        section: 'time', title: title('time'), columns: [col('client', 'text', lang), ...hourColumns], totalRow: true,
        rows: [...r.time.byClient.map((c) => [c.name, ...hourCells(c)]), [REPORT_LABELS.total[lang], ...hourCells(r.time)]],
      },
      {
        section: 'timeByIncident', title: title('timeByIncident'), columns: [col('incident', 'text', lang), col('client', 'text', lang), ...hourColumns],
        rows: r.time.byIncident.map((i) => [i.reference, r.clients.find((c) => c.id === i.clientId)?.name ?? '', ...hourCells(i)]),
      },
    );
  }
  if (r.version === 'internal' && r.internal) {
    tables.push({
      section: 'internal', title: title('internal'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('communicationsNotVisible', lang), r.internal.communicationsNotVisible], [term('evaluationDrafts', lang), r.internal.evaluationDrafts],
        [term('actionsNotVisible', lang), r.internal.actionsNotVisible],
      ],
    });
  }
  if (r.version === 'internal' && r.workload) {
    tables.push({
      section: 'workload', title: title('workload'),
      columns: [
        col('consultant', 'text', lang), col('assignedClients', 'int', lang), col('incidentsLed', 'int', lang), col('openLed', 'int', lang), col('tasksDone', 'int', lang),
        col('communicationsSent', 'int', lang),
      ],
      rows: r.workload.map((w) => [w.name, w.assignedClients, w.incidentsLed, w.openLed, w.tasksDone, w.communicationsSent]),
    });
  }
  if (r.version === 'internal' && r.time?.byConsultant) {
    tables.push({
      section: 'timeByConsultant', title: title('timeByConsultant'), columns: [col('consultant', 'text', lang), ...hourColumns],
      rows: r.time.byConsultant.map((u) => [u.name, ...hourCells(u)]),
    });
  }
  return tables;
}

// file names

/**
 * The file name of a report download: `服务报告_2026-03-01_2026-03-31_<client>.pdf` /
 * `service-report_2026-03-01_2026-03-31_<client>.pdf`; several clients: `3-clients`; no choice: `all-clients`.
 * Sanitised (safe to hand back in Content-Disposition).
 */
export function reportFileName(r: Pick<ServiceReport, 'lang' | 'period' | 'allClients' | 'clients' | 'version'>, ext: 'pdf' | 'csv'): string {
  const zh = r.lang === 'zh-CN';
  const who = r.allClients
    ? (zh ? '全部客户' : 'all-clients')
    : r.clients.length === 1
      ? r.clients[0].name
      : zh ? `${r.clients.length}家客户` : `${r.clients.length}-clients`;
  const base = `${zh ? '服务报告' : 'service-report'}_${r.period.from}_${r.period.to}_${who}${r.version === 'client' ? (zh ? '_客户版' : '_client') : ''}`;
  return sanitizeFileName(`${base.replace(/[\s/\\]+/g, '-')}.${ext}`);
}

/**
 * The communications figures of a report from counts per audience, direction and client visibility (the exact report's
 * rows and the roll-ups' keys alike); `notVisible` is how many of them the client does not see.
 */
export function communicationTally(rows: { audience: string; direction: string; visible: boolean; n: number }[]): {
  figures: ServiceReport['communications'];
  notVisible: number;
} {
  const byAudience = REPORT_AUDIENCE_KEYS.map((audience) => {
    const outbound = rows.filter((r) => r.audience === audience && r.direction === 'outbound').reduce((s, r) => s + r.n, 0);
    const inbound = rows.filter((r) => r.audience === audience && r.direction === 'inbound').reduce((s, r) => s + r.n, 0);
    return { audience, outbound, inbound, total: outbound + inbound };
  });
  return {
    figures: { total: byAudience.reduce((s, a) => s + a.total, 0), byAudience },
    notVisible: rows.filter((r) => !r.visible).reduce((s, r) => s + r.n, 0),
  };
}
