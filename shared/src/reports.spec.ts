import { canAccess } from './access';
import {
  averageOf, communicationTally, durationOf, formatCell, formatReportInstant, isReportMonth, keyCounts, medianOf, monthOf, monthRange, monthsInPeriod, obligationTally, p90Of, percentileCont,
  periodInstants, periodProblems, rateOf, ratePercent, REPORT_DEFINITIONS, REPORT_LABELS, REPORT_SECTION_LABELS, REPORT_SECTIONS, REPORT_TERMS,
  reportFileName, reportTables, reportText, round2, sumTallies, zonedDayStart, type ServiceReport,
} from './reports';

describe('percentiles', () => {
  it('interpolates linearly between the closest ranks (percentile_cont / PERCENTILE.INC)', () => {
    // sorted 1,2,3,4: median at h = 3 × 0.5 = 1.5 → 2 + 0.5 × (3 − 2) = 2.5; p90 at h = 2.7 → 3 + 0.7 × (4 − 3) = 3.7
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(p90Of([4, 1, 3, 2])).toBeCloseTo(3.7, 10);
    // odd count: the middle value; p90 of 1..5 at h = 3.6 → 4 + 0.6 = 4.6
    expect(medianOf([5, 1, 3, 2, 4])).toBe(3);
    expect(p90Of([1, 2, 3, 4, 5])).toBeCloseTo(4.6, 10);
    // ten values 1..10: p90 at h = 8.1 → 9 + 0.1 = 9.1
    expect(p90Of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.1, 10);
  });

  it('gives the value itself for one value, null for none, and ignores non-finite values', () => {
    expect(medianOf([7])).toBe(7);
    expect(p90Of([7])).toBe(7);
    expect(medianOf([])).toBeNull();
    expect(percentileCont([NaN, 2, Infinity, 4], 0.5)).toBe(3);
    expect(percentileCont([1, 2], 0)).toBe(1);
    expect(percentileCont([1, 2], 1)).toBe(2);
    expect(() => percentileCont([1], 1.5)).toThrow(RangeError);
  });

  it('reports durations rounded to 0.01 h', () => {
    // 0.5, 1, 2: median 1; p90 at h = 1.8 → 1 + 0.8 × 1 = 1.8
    expect(durationOf([2, 0.5, 1])).toEqual({ count: 3, medianHours: 1, p90Hours: 1.8 });
    // 1/3 h, 2/3 h: median 0.5, p90 = 1/3 + 0.9 × 1/3 = 0.6333… → 0.63
    expect(durationOf([1 / 3, 2 / 3])).toEqual({ count: 2, medianHours: 0.5, p90Hours: 0.63 });
    expect(durationOf([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect(round2(1.005)).toBe(1.01);
    expect(round2(null)).toBeNull();
  });
});

describe('rates and tallies', () => {
  it('rounds rates to 4 decimals and gives null without a denominator', () => {
    expect(rateOf(2, 3)).toBe(0.6667);
    expect(rateOf(0, 5)).toBe(0);
    expect(rateOf(1, 0)).toBeNull();
    expect(ratePercent(0.6667)).toBe(66.67);
    expect(ratePercent(null)).toBeNull();
  });

  it('leaves pending obligations out of the on-time rate', () => {
    // 3 on time of 3 + 1 late + 2 missed = 0.5; the 4 pending are not decided
    expect(obligationTally({ metOnTime: 3, metLate: 1, missed: 2, pending: 4 })).toEqual({ total: 10, metOnTime: 3, metLate: 1, missed: 2, pending: 4, waived: 0, onTimeRate: 0.5 });
    // waived ones are counted apart: not due, not in the rate
    expect(obligationTally({ metOnTime: 1, waived: 2 })).toEqual({ total: 1, metOnTime: 1, metLate: 0, missed: 0, pending: 0, waived: 2, onTimeRate: 1 });
    expect(obligationTally({ pending: 2 }).onTimeRate).toBeNull();
    expect(sumTallies([obligationTally({ metOnTime: 1 }), obligationTally({ missed: 1, pending: 1 })])).toEqual({
      total: 3, metOnTime: 1, metLate: 0, missed: 1, pending: 1, waived: 0, onTimeRate: 0.5,
    });
  });

  it('averages to 2 decimals', () => {
    expect(averageOf([80, 70, 75.5])).toBe(75.17);
    expect(averageOf([])).toBeNull();
  });

  it('lists every key in order, then the other key', () => {
    expect(keyCounts(['a', 'b'] as const, 'none', { b: 2, none: 1 })).toEqual([{ key: 'a', count: 0 }, { key: 'b', count: 2 }, { key: 'none', count: 1 }]);
  });
});

describe('calendar in the firm time zone', () => {
  it('starts a day at local midnight', () => {
    expect(zonedDayStart('2026-03-01', 'Asia/Shanghai')).toBe('2026-02-28T16:00:00.000Z');
    expect(zonedDayStart('2026-03-01', 'UTC')).toBe('2026-03-01T00:00:00.000Z');
    // across a DST change: Berlin is UTC+1 on 1 March and UTC+2 on 1 April
    expect(zonedDayStart('2026-04-01', 'Europe/Berlin')).toBe('2026-03-31T22:00:00.000Z');
    expect(() => zonedDayStart('2026-02-30', 'UTC')).toThrow(RangeError);
  });

  it('gives the period as [from 00:00, to + 1 day 00:00)', () => {
    expect(periodInstants('2026-03-01', '2026-03-31', 'Asia/Shanghai')).toEqual({ start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' });
  });

  it('buckets instants by the local month', () => {
    // 2026-03-31T17:00Z is 1 April 01:00 in Shanghai
    expect(monthOf('2026-03-31T17:00:00Z', 'Asia/Shanghai')).toBe('2026-04');
    expect(monthOf('2026-03-31T17:00:00Z', 'UTC')).toBe('2026-03');
    expect(monthOf(new Date('2026-02-28T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03');
  });

  it('writes instants in the firm time zone', () => {
    expect(formatReportInstant('2026-03-31T17:05:00Z', 'Asia/Shanghai')).toBe('2026-04-01 01:05');
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsInPeriod('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsInPeriod('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });

  it('reads months YYYY-MM', () => {
    expect(isReportMonth('2026-02')).toBe(true);
    expect(isReportMonth('2026-13')).toBe(false);
    expect(isReportMonth('2026-2')).toBe(false);
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('names the field of a bad period', () => {
    expect(periodProblems(undefined, '2026-01-01')).toEqual([{ field: 'from', message: expect.any(String) }]);
    expect(periodProblems('2026-01-01', '2026-02-30')).toEqual([{ field: 'to', message: expect.any(String) }]);
    expect(periodProblems('2026-02-01', '2026-01-31')).toEqual([{ field: 'to', message: 'must not be before from' }]);
    expect(periodProblems('2020-01-01', '2026-01-31')[0].field).toBe('to');
    expect(periodProblems('2026-01-01', '2026-01-01')).toEqual([]);
  });
});

describe('labels', () => {
  it('has zh-CN and en for every label, section and definition', () => {
    for (const group of [REPORT_LABELS, REPORT_TERMS, REPORT_SECTION_LABELS] as Record<string, Record<string, string>>[]) {
      for (const [key, l] of Object.entries(group)) expect({ key, zh: !!l['zh-CN'], en: !!l.en }).toEqual({ key, zh: true, en: true });
    }
    for (const s of REPORT_SECTIONS) expect(REPORT_SECTION_LABELS[s]).toBeDefined();
    for (const d of REPORT_DEFINITIONS) expect(d['zh-CN'] && d.en).toBeTruthy();
    expect(reportText(REPORT_LABELS.periodRange, 'zh-CN', { from: '2026-03-01', to: '2026-03-31' })).toBe('2026-03-01 至 2026-03-31');
  });

  it('formats cells by type and language', () => {
    expect(formatCell(66.67, 'rate', 'en')).toBe('66.67%');
    expect(formatCell(1234, 'int', 'en')).toBe('1,234');
    expect(formatCell(1.5, 'hours', 'zh-CN')).toBe('1.5');
    expect(formatCell(null, 'hours', 'en')).toBe('—');
  });
});

function sample(version: 'internal' | 'client'): ServiceReport {
  const zero = obligationTally({});
  return {
    version, lang: 'en', generatedAt: '2026-04-01T00:00:00.000Z', generatedBy: { id: 'u', name: 'M' },
    firm: { name: 'F', timeZone: 'Asia/Shanghai' },
    period: { from: '2026-03-01', to: '2026-03-31', start: '', end: '', months: ['2026-03'] },
    allClients: false, clients: [{ id: 'c', name: '上海 浦江/科技', operatorType: 'other' }],
    incidents: {
      opened: 2, closed: 1, dismissed: 0, openAtEnd: 1, byGrade: [{ key: 'general', count: 2 }], byCategory: [{ key: 'malware', count: 2 }],
      byNature: [{ key: 'unspecified', count: 2 }], byMonth: [{ month: '2026-03', opened: 2, closed: 1 }],
    },
    responseTimes: { acknowledge: durationOf([1]), contain: durationOf([]), resolve: durationOf([]) },
    obligations: { total: zero, byRule: [{ rule: 'prc_incident_report', ...zero }] },
    sla: { total: obligationTally({ metOnTime: 1, missed: 1 }), byRule: [{ rule: 'sla_acknowledge', ...obligationTally({ metOnTime: 1, missed: 1 }) }] },
    communications: { total: 1, byAudience: [{ audience: 'client', outbound: 1, inbound: 0, total: 1 }] },
    trainings: {
      held: 1, participants: 3, attended: 2, assessed: 2, passed: 1, attendanceRate: 0.6667, passRate: 0.5, byType: [],
      drills: { held: 0, measured: 0, withinClock: 0, byOperatorType: [] },
    },
    evaluations: { count: 0, averageScore: null, byType: [] },
    actions: { asOf: '', open: 0, overdue: 0, created: 0, done: 0 },
    ...(version === 'internal' ? { internal: { communicationsNotVisible: 1, evaluationDrafts: 0, actionsNotVisible: 0 }, workload: [] } : {}),
    time: {
      minutes: 90, billableMinutes: 60, byClient: [{ clientId: 'c1', name: 'Client', minutes: 90, billableMinutes: 60 }],
      byIncident: [{ incidentId: 'i1', reference: 'INC-1', clientId: 'c1', minutes: 60, billableMinutes: 60 }],
      ...(version === 'internal' ? { byConsultant: [{ userId: 'u1', name: 'Staff', minutes: 90, billableMinutes: 60 }] } : {}),
    },
  };
}

describe('report tables', () => {
  it('has every section once, internal, workload and hours per member of staff only in the internal version', () => {
    expect(reportTables(sample('internal')).map((t) => t.section)).toEqual([...REPORT_SECTIONS]);
    expect(reportTables(sample('client')).map((t) => t.section)).toEqual(REPORT_SECTIONS.filter((s) => s !== 'internal' && s !== 'workload' && s !== 'timeByConsultant'));
  });

  it('shows rates as percentages and ends tallies with a total', () => {
    const sla = reportTables(sample('internal'), 'zh-CN').find((t) => t.section === 'sla')!;
    expect(sla.title).toBe('合同SLA达成情况');
    expect(sla.rows).toEqual([['合同SLA:响应确认', 2, 1, 0, 1, 0, 0, 50], ['合计', 2, 1, 0, 1, 0, 0, 50]]);
    const trainings = reportTables(sample('internal')).find((t) => t.section === 'trainings')!;
    expect(trainings.rows.at(-1)).toEqual(['Total', 1, 3, 2, 2, 1, 66.67, 50]);
    // every row as wide as the columns
    for (const t of reportTables(sample('internal'))) for (const row of t.rows) expect({ s: t.section, n: row.length }).toEqual({ s: t.section, n: t.columns.length });
  });

  it('names files safely', () => {
    expect(reportFileName(sample('internal'), 'pdf')).toBe('service-report_2026-03-01_2026-03-31_上海-浦江-科技.pdf');
    expect(reportFileName({ ...sample('client'), lang: 'zh-CN', allClients: true, clients: [] }, 'csv')).toBe('服务报告_2026-03-01_2026-03-31_全部客户_客户版.csv');
    expect(reportFileName({ ...sample('internal'), clients: [sample('internal').clients[0], sample('internal').clients[0]] }, 'pdf')).toBe(
      'service-report_2026-03-01_2026-03-31_2-clients.pdf',
    );
  });
});

describe('access to reports', () => {
  it('lets every role read a report, staff keep monthly ones, and only managers delete them', () => {
    const table = (['manager', 'consultant', 'client_admin'] as const).map((role) => ({
      role, actions: (['list', 'show', 'create', 'edit', 'delete', 'export'] as const).filter((a) => canAccess(role, 'reports', a)),
    }));
    expect(table).toEqual([
      { role: 'manager', actions: ['list', 'show', 'create', 'delete', 'export'] },
      { role: 'consultant', actions: ['list', 'show', 'create', 'export'] },
      { role: 'client_admin', actions: ['list', 'show', 'export'] },
    ]);
  });
});

describe('communicationTally', () => {
  it('sums counts per audience and direction over visibility, in the audiences\' order, and counts what the client does not see', () => {
    const t = communicationTally([
      { audience: 'regulator', direction: 'outbound', visible: true, n: 2 },
      { audience: 'regulator', direction: 'outbound', visible: false, n: 3 },
      { audience: 'regulator', direction: 'inbound', visible: true, n: 1 },
      { audience: 'media', direction: 'inbound', visible: false, n: 4 },
    ]);
    expect(t.figures.total).toBe(10);
    expect(t.notVisible).toBe(7);
    expect(t.figures.byAudience.find((a) => a.audience === 'regulator')).toEqual({ audience: 'regulator', outbound: 5, inbound: 1, total: 6 });
    expect(t.figures.byAudience.find((a) => a.audience === 'media')).toEqual({ audience: 'media', outbound: 0, inbound: 4, total: 4 });
    expect(t.figures.byAudience.filter((a) => a.total === 0).every((a) => a.outbound === 0 && a.inbound === 0)).toBe(true);
    expect(communicationTally([])).toEqual({ figures: { total: 0, byAudience: t.figures.byAudience.map((a) => ({ ...a, outbound: 0, inbound: 0, total: 0 })) }, notVisible: 0 });
  });
});
