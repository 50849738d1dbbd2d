import {
  canWaive,
  computeObligations,
  DEFAULT_FIRM_POLICY,
  formatCountdown,
  msUntil,
  obligationStatus,
  OPEN_OBLIGATION_STATUSES,
  reconcileObligations,
  type ObligationFacts,
  type ObligationRule,
  type ObligationSpec,
  type StoredObligation,
  WAIVER_BASES,
  waiverProblem,
} from './obligations';
import type { Grade } from './incident';

const DETECTED = '2026-03-02T01:00:00.000Z';
const REPORTED = '2026-03-02T02:30:00.000Z';
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

const facts = (patch: Partial<ObligationFacts> = {}): ObligationFacts => ({
  grade: null,
  status: 'triage',
  detectedAt: DETECTED,
  reportedAt: REPORTED,
  acknowledgedAt: null,
  resolvedAt: null,
  personalInfoInvolved: false,
  sensitivePersonalInfoInvolved: false,
  euPersonalData: false,
  highRiskToIndividuals: false,
  operatorType: 'other',
  contractSla: {},
  policy: DEFAULT_FIRM_POLICY,
  ...patch,
});
const rules = (specs: ObligationSpec[]) => specs.map((s) => s.rule);
const find = (specs: ObligationSpec[], rule: ObligationRule) => specs.find((s) => s.rule === rule);

describe('computeObligations', () => {
  it('nothing applies to an ungraded incident without personal data or an SLA', () => {
    expect(computeObligations(facts())).toEqual([]);
  });

  describe('PRC incident report (Measures for Cybersecurity Incident Reporting, Art. 4)', () => {
    it.each<[Grade | null, ObligationFacts['operatorType'], string | null, string | null]>([
      [null, 'cii', null, null],
      ['general', 'cii', null, null],
      ['general', 'other', null, null],
      ['relatively_major', 'cii', '2026-03-02T02:00:00.000Z', '关键信息基础设施保护工作部门、公安机关'],
      ['relatively_major', 'state_organ', '2026-03-02T03:00:00.000Z', '本部门网信工作机构'],
      ['relatively_major', 'other', '2026-03-02T05:00:00.000Z', '属地省级网信部门'],
      ['major', 'cii', '2026-03-02T02:00:00.000Z', '关键信息基础设施保护工作部门、公安机关'],
      ['major', 'other', '2026-03-02T05:00:00.000Z', '属地省级网信部门'],
      ['especially_major', 'state_organ', '2026-03-02T03:00:00.000Z', '本部门网信工作机构'],
      ['especially_major', 'other', '2026-03-02T05:00:00.000Z', '属地省级网信部门'],
    ])('grade %s, %s operator → due %s', (grade, operatorType, due, authority) => {
      const o = find(computeObligations(facts({ grade, operatorType })), 'prc_incident_report');
      if (due === null) {
        expect(o).toBeUndefined();
        return;
      }
      expect(o).toMatchObject({ rule: 'prc_incident_report', audience: 'regulator', startsAt: DETECTED, dueAt: due });
      expect(o!.authority['zh-CN']).toBe(authority);
      expect(o!.authority.en).not.toBe('');
      expect(o!.source).toContain('《国家网络安全事件报告管理办法》第四条');
    });

    it('counts from detection, not from the report to the firm', () => {
      const o = find(computeObligations(facts({ grade: 'major', operatorType: 'other', reportedAt: '2026-03-02T04:59:00.000Z' })), 'prc_incident_report');
      expect(o!.dueAt).toBe('2026-03-02T05:00:00.000Z');
    });

    it('normalises a detection time given with an offset', () => {
      const o = find(computeObligations(facts({ grade: 'major', operatorType: 'cii', detectedAt: '2026-03-02T09:00:00+08:00' })), 'prc_incident_report');
      expect(o).toMatchObject({ startsAt: '2026-03-02T01:00:00.000Z', dueAt: '2026-03-02T02:00:00.000Z' });
    });
  });

  describe('PIPL Art. 57 / DSL Art. 29', () => {
    it.each<[string, Partial<ObligationFacts>, string | null]>([
      ['no personal information', {}, null],
      ['personal information, default 24 h', { personalInfoInvolved: true }, '2026-03-03T01:00:00.000Z'],
      ['sensitive personal information alone', { sensitivePersonalInfoInvolved: true }, '2026-03-03T01:00:00.000Z'],
      ['firm target 2 h', { personalInfoInvolved: true, policy: { piNotifyHours: 2 } }, '2026-03-02T03:00:00.000Z'],
      ['firm target 30 min', { personalInfoInvolved: true, policy: { piNotifyHours: 0.5 } }, '2026-03-02T01:30:00.000Z'],
      ['a broken policy falls back to 24 h', { personalInfoInvolved: true, policy: { piNotifyHours: -3 } }, '2026-03-03T01:00:00.000Z'],
      ['a missing policy value falls back to 24 h', { personalInfoInvolved: true, policy: {} as never }, '2026-03-03T01:00:00.000Z'],
    ])('%s → %s', (_name, patch, due) => {
      const specs = computeObligations(facts(patch));
      const authority = find(specs, 'pipl_notify_authority');
      const individuals = find(specs, 'pipl_notify_individuals');
      if (due === null) {
        expect(authority).toBeUndefined();
        expect(individuals).toBeUndefined();
        return;
      }
      expect(authority).toMatchObject({ audience: 'regulator', startsAt: DETECTED, dueAt: due });
      expect(individuals).toMatchObject({ audience: 'affected_individuals', startsAt: DETECTED, dueAt: due });
      expect(authority!.source).toContain('PIPL Art. 57');
      expect(individuals!.source).toContain('PIPL Art. 57');
      // personal information makes it a data-security incident too: DSL Art. 29's own duties, on the same target
      expect(find(specs, 'dsl_report_authority')).toMatchObject({ audience: 'regulator', dueAt: due });
      expect(find(specs, 'dsl_notify_users')).toMatchObject({ audience: 'affected_individuals', dueAt: due });
    });
  });

  describe('GDPR', () => {
    it.each<[string, Partial<ObligationFacts>, string | null, string | null]>([
      ['no EU data', { highRiskToIndividuals: true }, null, null],
      ['EU data → Art. 33 in 72 h', { euPersonalData: true }, '2026-03-05T01:00:00.000Z', null],
      ['EU data and high risk → Art. 34 on the firm target', { euPersonalData: true, highRiskToIndividuals: true }, '2026-03-05T01:00:00.000Z', '2026-03-03T01:00:00.000Z'],
      ['Art. 34 follows the firm target', { euPersonalData: true, highRiskToIndividuals: true, policy: { piNotifyHours: 12 } }, '2026-03-05T01:00:00.000Z', '2026-03-02T13:00:00.000Z'],
    ])('%s', (_name, patch, art33, art34) => {
      const specs = computeObligations(facts(patch));
      const a33 = find(specs, 'gdpr_art33_authority');
      const a34 = find(specs, 'gdpr_art34_individuals');
      if (art33 === null) expect(a33).toBeUndefined();
      else expect(a33).toMatchObject({ audience: 'regulator', startsAt: DETECTED, dueAt: art33 });
      if (art34 === null) expect(a34).toBeUndefined();
      else expect(a34).toMatchObject({ audience: 'affected_individuals', startsAt: DETECTED, dueAt: art34 });
    });
  });

  describe('contract SLA', () => {
    const contractSla = { acknowledgeHours: { major: 1, general: 8 }, resolveHours: { major: 48 } };
    it.each<[string, Partial<ObligationFacts>, string | null, string | null]>([
      ['no grade yet', { contractSla }, null, null],
      ['major: both targets', { grade: 'major', contractSla }, '2026-03-02T03:30:00.000Z', '2026-03-04T02:30:00.000Z'],
      ['general: only acknowledge', { grade: 'general', contractSla }, '2026-03-02T10:30:00.000Z', null],
      ['relatively major: no target for the grade', { grade: 'relatively_major', contractSla }, null, null],
      ['no SLA in the contract', { grade: 'major', contractSla: {} }, null, null],
      ['zero, negative and non-numbers are no target', { grade: 'major', contractSla: { acknowledgeHours: { major: 0 }, resolveHours: { major: -1 } } }, null, null],
      ['a number given as text is no target', { grade: 'major', contractSla: { acknowledgeHours: { major: '4' as unknown as number } } }, null, null],
    ])('%s', (_name, patch, ack, res) => {
      const specs = computeObligations(facts(patch));
      const a = find(specs, 'sla_acknowledge');
      const r = find(specs, 'sla_resolve');
      if (ack === null) expect(a).toBeUndefined();
      else expect(a).toMatchObject({ audience: 'client', startsAt: REPORTED, dueAt: ack });
      if (res === null) expect(r).toBeUndefined();
      else expect(r).toMatchObject({ audience: 'client', startsAt: REPORTED, dueAt: res });
    });
  });

  const everything = facts({
    grade: 'especially_major',
    operatorType: 'cii',
    personalInfoInvolved: true,
    sensitivePersonalInfoInvolved: true,
    euPersonalData: true,
    highRiskToIndividuals: true,
    contractSla: { acknowledgeHours: { especially_major: 1 }, resolveHours: { especially_major: 24 } },
  });

  it('all rules together, in rule order', () => {
    expect(rules(computeObligations(everything))).toEqual([
      'prc_incident_report', 'dsl_notify_users', 'dsl_report_authority', 'pipl_notify_authority', 'pipl_notify_individuals', 'gdpr_art33_authority',
      'gdpr_art34_individuals', 'sla_acknowledge', 'sla_resolve',
    ]);
  });

  it('a dismissed incident has none', () => {
    expect(computeObligations({ ...everything, status: 'dismissed' })).toEqual([]);
  });

  it('closed incidents keep theirs (they are the record of what was due)', () => {
    expect(computeObligations({ ...everything, status: 'closed' })).toHaveLength(9);
    // with the end of the handling known, the summary report too
    expect(rules(computeObligations({ ...everything, status: 'closed', recoveredAt: '2026-03-04T02:00:00.000Z' }))).toContain('prc_summary_report');
  });

  it('refuses an invalid detection time', () => {
    expect(() => computeObligations(facts({ personalInfoInvolved: true, detectedAt: 'yesterday' }))).toThrow(RangeError);
  });
});

describe('obligationStatus', () => {
  const due = '2026-03-02T05:00:00.000Z';
  it.each<[string, string | null, string, boolean | undefined, string]>([
    ['met well before', '2026-03-02T02:00:00.000Z', '2026-03-02T09:00:00.000Z', undefined, 'met'],
    ['met exactly at the deadline is on time', '2026-03-02T05:00:00.000Z', '2026-03-02T09:00:00.000Z', undefined, 'met'],
    ['met one ms late', '2026-03-02T05:00:00.001Z', '2026-03-02T09:00:00.000Z', undefined, 'met_late'],
    ['met late, looked at before the deadline (clock skew) still met late', '2026-03-02T06:00:00.000Z', '2026-03-02T04:00:00.000Z', undefined, 'met_late'],
    ['open, before the deadline', null, '2026-03-02T04:59:59.999Z', undefined, 'pending'],
    ['open, exactly at the deadline', null, due, undefined, 'pending'],
    ['open, one ms after', null, '2026-03-02T05:00:00.001Z', undefined, 'overdue'],
    ['not applicable wins', null, '2026-03-09T00:00:00.000Z', true, 'not_applicable'],
    ['not applicable even when fulfilled', '2026-03-02T02:00:00.000Z', '2026-03-09T00:00:00.000Z', true, 'not_applicable'],
  ])('%s', (_name, fulfilledAt, now, notApplicable, expected) => {
    expect(obligationStatus({ dueAt: due, fulfilledAt, notApplicable }, now)).toBe(expected);
    expect(obligationStatus({ dueAt: due, fulfilledAt, notApplicable }, new Date(now))).toBe(expected);
  });

  it('is open (OPEN_OBLIGATION_STATUSES) exactly while neither fulfilled, waived nor not applicable', () => {
    const statuses = (o: { fulfilledAt: string | null; notApplicable?: boolean; waived?: boolean }) =>
      ['2026-03-01T00:00:00.000Z', '2026-03-09T00:00:00.000Z'].map((now) => obligationStatus({ dueAt: due, ...o }, now));
    expect(statuses({ fulfilledAt: null })).toEqual([...OPEN_OBLIGATION_STATUSES]);
    for (const closed of [{ fulfilledAt: '2026-03-02T02:00:00.000Z' }, { fulfilledAt: '2026-03-08T00:00:00.000Z' }, { fulfilledAt: null, waived: true }, { fulfilledAt: null, notApplicable: true }]) {
      for (const s of statuses(closed)) expect(OPEN_OBLIGATION_STATUSES).not.toContain(s);
    }
  });
});

describe('reconcileObligations', () => {
  let n = 0;
  /** Stored rows as the server would keep them after computing these specs. */
  const store = (specs: ObligationSpec[], patch: Partial<StoredObligation> = {}): StoredObligation[] =>
    specs.map((s) => ({ id: `o${++n}`, rule: s.rule, dueAt: s.dueAt, fulfilledAt: null, status: 'pending', ...patch }));
  const empty = { insert: [], update: [], notApplicable: [], reapply: [] };

  it('nothing stored: insert everything', () => {
    const specs = computeObligations(facts({ grade: 'major', personalInfoInvolved: true }));
    expect(reconcileObligations([], specs)).toEqual({ ...empty, insert: specs });
  });

  it('nothing changed: nothing to do', () => {
    const specs = computeObligations(facts({ grade: 'major', personalInfoInvolved: true }));
    expect(reconcileObligations(store(specs), specs)).toEqual(empty);
  });

  it('regrading from general to major after the clock started adds the PRC report, due from detection', () => {
    const before = computeObligations(facts({ grade: 'general', personalInfoInvolved: true }));
    expect(rules(before)).toEqual(['dsl_notify_users', 'dsl_report_authority', 'pipl_notify_authority', 'pipl_notify_individuals']);
    const stored = store(before, { status: 'overdue' });
    const after = computeObligations(facts({ grade: 'major', personalInfoInvolved: true }));
    const plan = reconcileObligations(stored, after);
    expect(plan.insert).toHaveLength(1);
    expect(plan.insert[0]).toMatchObject({ rule: 'prc_incident_report', startsAt: DETECTED, dueAt: '2026-03-02T05:00:00.000Z' });
    expect(plan.update).toEqual([]);
    expect(plan.notApplicable).toEqual([]);
    // already overdue the moment it appears, if the regrading came late
    expect(obligationStatus({ dueAt: plan.insert[0].dueAt, fulfilledAt: null }, '2026-03-02T08:00:00.000Z')).toBe('overdue');
  });

  it('an incident that stops involving personal information: its PIPL obligations become not applicable', () => {
    const before = computeObligations(facts({ grade: 'major', personalInfoInvolved: true }));
    const stored = store(before);
    const after = computeObligations(facts({ grade: 'major', personalInfoInvolved: false }));
    const plan = reconcileObligations(stored, after);
    const ids = stored.filter((s) => s.rule.startsWith('pipl_') || s.rule.startsWith('dsl_')).map((s) => s.id);
    expect(ids).toHaveLength(4);
    expect(plan).toEqual({ ...empty, notApplicable: ids });
  });

  it('an overdue obligation whose rule goes away also becomes not applicable', () => {
    const stored = store(computeObligations(facts({ euPersonalData: true })), { status: 'overdue' });
    expect(reconcileObligations(stored, [])).toEqual({ ...empty, notApplicable: [stored[0].id] });
  });

  it('a met obligation keeps its due time when the rules would move it', () => {
    const before = computeObligations(facts({ personalInfoInvolved: true }));
    const stored = store(before, { fulfilledAt: '2026-03-02T06:00:00.000Z', status: 'met' });
    const after = computeObligations(facts({ personalInfoInvolved: true, policy: { piNotifyHours: 2 } }));
    expect(reconcileObligations(stored, after)).toEqual(empty);
  });

  it('a met (or met late) obligation stays met when its rule no longer applies', () => {
    const before = computeObligations(facts({ personalInfoInvolved: true }));
    const stored = [
      { ...store([before[0]])[0], fulfilledAt: '2026-03-02T06:00:00.000Z', status: 'met' as const },
      { ...store([before[1]])[0], fulfilledAt: '2026-03-04T06:00:00.000Z', status: 'met_late' as const },
    ];
    expect(reconcileObligations(stored, [])).toEqual(empty);
  });

  it('a pending obligation follows a new due time (firm target changed)', () => {
    const before = computeObligations(facts({ personalInfoInvolved: true }));
    const stored = store(before);
    const after = computeObligations(facts({ personalInfoInvolved: true, policy: { piNotifyHours: 2 } }));
    const plan = reconcileObligations(stored, after);
    expect(plan.update).toEqual(after.map((a, i) => ({ id: stored[i].id, dueAt: '2026-03-02T03:00:00.000Z', startsAt: DETECTED, source: a.source, authority: a.authority, audience: a.audience, warning: null })));
    expect(plan.update).toHaveLength(4);
    expect(plan.insert).toEqual([]);
  });

  it('a change of operator type moves the PRC clock and its authority', () => {
    const stored = store(computeObligations(facts({ grade: 'major', operatorType: 'other' })));
    const after = computeObligations(facts({ grade: 'major', operatorType: 'cii' }));
    const plan = reconcileObligations(stored, after);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]).toMatchObject({ id: stored[0].id, dueAt: '2026-03-02T02:00:00.000Z' });
    expect(plan.update[0].authority['zh-CN']).toBe('关键信息基础设施保护工作部门、公安机关');
  });

  it('the same due time in another notation is not a change', () => {
    const specs = computeObligations(facts({ grade: 'major' }));
    const stored = store(specs).map((s) => ({ ...s, dueAt: '2026-03-02T13:00:00+08:00' }));
    expect(reconcileObligations(stored, specs)).toEqual(empty);
  });

  it('a changed text reaches the store when the stored rows carry it', () => {
    const specs = computeObligations(facts({ grade: 'major' }));
    const stored = store(specs).map((s) => ({ ...s, source: 'old wording', authority: specs[0].authority, audience: specs[0].audience }));
    const plan = reconcileObligations(stored, specs);
    expect(plan.update).toEqual([{ id: stored[0].id, dueAt: specs[0].dueAt, startsAt: DETECTED, source: specs[0].source, authority: specs[0].authority, audience: 'regulator', warning: null }]);
    const same = stored.map((s) => ({ ...s, source: specs[0].source }));
    expect(reconcileObligations(same, specs)).toEqual(empty);
  });

  it('a not-applicable obligation that applies again is reapplied with its current due time', () => {
    const specs = computeObligations(facts({ personalInfoInvolved: true, policy: { piNotifyHours: 6 } }));
    const stored = store(specs, { status: 'not_applicable', dueAt: '2026-03-03T01:00:00.000Z' });
    const plan = reconcileObligations(stored, specs);
    expect(plan.reapply).toEqual(stored.map((s) => s.id));
    expect(plan.update.map((u) => [u.id, u.dueAt])).toEqual(stored.map((s) => [s.id, '2026-03-02T07:00:00.000Z']));
    expect(plan.insert).toEqual([]);
    expect(plan.notApplicable).toEqual([]);
  });

  it('a not-applicable obligation that still does not apply is left alone', () => {
    const stored = store(computeObligations(facts({ personalInfoInvolved: true })), { status: 'not_applicable' });
    expect(reconcileObligations(stored, [])).toEqual(empty);
  });

  it('a reapplied obligation that had been fulfilled keeps its due time', () => {
    const specs = computeObligations(facts({ euPersonalData: true }));
    const stored = store(specs, { status: 'not_applicable', dueAt: '2026-03-04T00:00:00.000Z', fulfilledAt: '2026-03-03T00:00:00.000Z' });
    const plan = reconcileObligations(stored, specs);
    expect(plan.reapply).toEqual([stored[0].id]);
    expect(plan.update).toEqual([expect.objectContaining({ id: stored[0].id, dueAt: '2026-03-04T00:00:00.000Z' })]);
  });

  it('a dismissed incident: every open obligation becomes not applicable, met ones stay', () => {
    const specs = computeObligations(facts({ grade: 'major', personalInfoInvolved: true }));
    const stored = store(specs);
    stored[0] = { ...stored[0], fulfilledAt: '2026-03-02T02:00:00.000Z', status: 'met' };
    const plan = reconcileObligations(stored, computeObligations(facts({ grade: 'major', personalInfoInvolved: true, status: 'dismissed' })));
    expect(plan).toEqual({ ...empty, notApplicable: stored.slice(1).map((s) => s.id) });
  });
});

describe('countdowns', () => {
  it.each<[string, string, number]>([
    ['2026-03-02T05:00:00.000Z', '2026-03-02T02:55:00.000Z', 2 * 3_600_000 + 5 * 60_000],
    ['2026-03-02T05:00:00.000Z', '2026-03-02T05:00:00.000Z', 0],
    ['2026-03-02T05:00:00.000Z', '2026-03-02T06:10:00.000Z', -(70 * 60_000)],
  ])('msUntil(%s, %s) = %d', (due, now, ms) => {
    expect(msUntil(due, now)).toBe(ms);
    expect(msUntil(due, new Date(now))).toBe(ms);
  });

  it.each<[number, string, string]>([
    [2 * 3_600_000 + 5 * 60_000, '2h 05m', '2小时05分'],
    [2 * 3_600_000 + 5 * 60_000 + 59_999, '2h 05m', '2小时05分'], // rounded down
    [59_000, '0h 00m', '0小时00分'],
    [0, '0h 00m', '0小时00分'],
    [23 * 3_600_000 + 59 * 60_000, '23h 59m', '23小时59分'],
    [24 * 3_600_000, '1d 00h 00m', '1天00小时00分'],
    [72 * 3_600_000 - 60_000, '2d 23h 59m', '2天23小时59分'],
    [-(70 * 60_000), 'overdue by 1 h 10 min', '已超时 1小时10分'],
    [-1, 'overdue by 0 min', '已超时 0分钟'],
    [-(5 * 60_000 + 58_000), 'overdue by 5 min', '已超时 5分钟'],
    [-(26 * 3_600_000 + 3 * 60_000), 'overdue by 1 d 2 h', '已超时 1天2小时'],
    [-(28 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 58_000), 'overdue by 28 d 4 h', '已超时 28天4小时'],
    [Number.NaN, '—', '—'],
  ])('formatCountdown(%d)', (ms, en, zh) => {
    expect(formatCountdown(ms, 'en')).toBe(en);
    expect(formatCountdown(ms, 'zh-CN')).toBe(zh);
  });
});

describe('the summary report (Measures Art. 8; the firm target in working days)', () => {
  const handled = (patch: Partial<ObligationFacts> = {}) => facts({ grade: 'major', status: 'investigating', recoveredAt: '2026-04-30T03:00:00.000Z', ...patch });

  it('is due 5 working days after the handling ended, on the PRC calendar (劳动节 and its make-up Saturday)', () => {
    const o = find(computeObligations(handled()), 'prc_summary_report');
    expect(o).toMatchObject({ audience: 'regulator', startsAt: '2026-04-30T03:00:00.000Z', dueAt: '2026-05-11T15:59:59.999Z', warning: null });
    expect(o!.source).toContain('《国家网络安全事件报告管理办法》第八条');
    expect(o!.source).toContain('30 days');
    expect(o!.authority['zh-CN']).toBe('属地省级网信部门');
  });

  it('follows the firm target', () => {
    const o = find(computeObligations(handled({ policy: { ...DEFAULT_FIRM_POLICY, summaryReportWorkingDays: 1 } })), 'prc_summary_report');
    expect(o!.dueAt).toBe('2026-05-06T15:59:59.999Z');
  });

  it('never lies beyond the law: a target over 30 days falls back to 5 working days', () => {
    const o = find(computeObligations(handled({ policy: { ...DEFAULT_FIRM_POLICY, summaryReportWorkingDays: 40 } })), 'prc_summary_report');
    expect(o!.dueAt).toBe('2026-05-11T15:59:59.999Z');
  });

  it('does not exist while the incident is still handled, below 较大, or without the end of the handling', () => {
    for (const patch of [{ status: 'recovering' as const }, { status: 'responding' as const }, { grade: 'general' as const }, { recoveredAt: null }]) {
      expect(find(computeObligations(handled(patch)), 'prc_summary_report')).toBeUndefined();
    }
    expect(find(computeObligations(handled({ status: 'follow_up' })), 'prc_summary_report')).toBeDefined();
    expect(find(computeObligations(handled({ status: 'closed' })), 'prc_summary_report')).toBeDefined();
  });

  it('warns when the count runs into a year the calendar does not cover', () => {
    const o = find(computeObligations(handled({ recoveredAt: '2026-12-28T03:00:00.000Z' })), 'prc_summary_report');
    expect(o!.dueAt).toBe('2027-01-04T15:59:59.999Z');
    expect(o!.warning?.['zh-CN']).toContain('2027');
    expect(o!.warning?.en).toContain('2027');
  });

  it('a new end of the handling moves the start and the due time', () => {
    const before = computeObligations(handled());
    const stored: StoredObligation[] = before.map((s, i) => ({ id: `s${i}`, rule: s.rule, dueAt: s.dueAt, startsAt: s.startsAt, fulfilledAt: null, status: 'pending' }));
    const plan = reconcileObligations(stored, computeObligations(handled({ recoveredAt: '2026-05-06T03:00:00.000Z' })));
    expect(plan.update).toEqual([expect.objectContaining({ startsAt: '2026-05-06T03:00:00.000Z', dueAt: '2026-05-12T15:59:59.999Z' })]);
  });

  it('a changed warning reaches the store when the stored rows carry it', () => {
    const specs = computeObligations(handled({ recoveredAt: '2026-12-28T03:00:00.000Z' }));
    const stored: StoredObligation[] = specs.map((s, i) => ({ id: `w${i}`, rule: s.rule, dueAt: s.dueAt, fulfilledAt: null, status: 'pending', warning: null }));
    const plan = reconcileObligations(stored, specs);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].warning?.en).toContain('2027');
  });
});

describe('DSL Art. 29, 条例 Art. 11 and the police', () => {
  it('any data-security incident brings both DSL duties, whether or not personal information is involved', () => {
    const specs = computeObligations(facts({ category: 'data_security' }));
    expect(rules(specs)).toEqual(['dsl_notify_users', 'dsl_report_authority']);
    expect(find(specs, 'dsl_notify_users')!.authority['zh-CN']).toContain('个人和组织');
    expect(find(specs, 'dsl_notify_users')!.source).toContain('第十一条');
    expect(find(specs, 'dsl_report_authority')!.source).toContain('DSL Art. 29');
  });

  it('an attack gives the report of a suspected crime to the police; an error or a fault does not', () => {
    for (const nature of ['internal_attack', 'external_attack']) {
      const o = find(computeObligations(facts({ nature })), 'crime_report_police');
      expect(o).toMatchObject({ audience: 'regulator', dueAt: '2026-03-03T01:00:00.000Z' });
      expect(o!.authority['zh-CN']).toBe('公安机关、国家安全机关');
      expect(o!.source).toContain('第四条第六款');
    }
    for (const nature of ['human_error', 'system_vulnerability', 'unknown', null]) {
      expect(find(computeObligations(facts({ nature })), 'crime_report_police')).toBeUndefined();
    }
  });
});

describe('waivers', () => {
  it.each<[ObligationRule, string, boolean]>([
    ['pipl_notify_individuals', 'pipl_57_2', true],
    ['pipl_notify_authority', 'pipl_57_2', false],
    ['gdpr_art33_authority', 'gdpr_33_1', true],
    ['gdpr_art34_individuals', 'gdpr_34_3_a', true],
    ['gdpr_art34_individuals', 'gdpr_34_3_c', true],
    ['gdpr_art34_individuals', 'gdpr_33_1', false],
    ['dsl_notify_users', 'nds_11_2', true],
    ['sla_resolve', 'client_agreement', true],
    ['prc_incident_report', 'pipl_57_2', false],
    ['prc_summary_report', 'client_agreement', false],
    ['crime_report_police', 'nds_11_2', false],
    ['pipl_notify_individuals', 'because', false],
  ])('%s on %s → allowed %s', (rule, basis, ok) => {
    expect(waiverProblem(rule, basis) === null).toBe(ok);
  });

  it("the Measures' clocks are never waivable, whatever the basis", () => {
    for (const basis of WAIVER_BASES) {
      expect(waiverProblem('prc_incident_report', basis)).toMatch(/cannot be waived/);
      expect(waiverProblem('prc_summary_report', basis)).toMatch(/cannot be waived/);
    }
  });

  it('a waived obligation is waived, and stays so when the rules move or no longer apply', () => {
    expect(obligationStatus({ dueAt: '2026-03-02T05:00:00.000Z', fulfilledAt: null, waived: true }, '2026-03-09T00:00:00.000Z')).toBe('waived');
    const specs = computeObligations(facts({ personalInfoInvolved: true }));
    const stored: StoredObligation[] = specs.map((s, i) => ({ id: `v${i}`, rule: s.rule, dueAt: s.dueAt, fulfilledAt: null, status: s.rule === 'pipl_notify_individuals' ? 'waived' : 'pending' }));
    const waivedId = stored.find((s) => s.status === 'waived')!.id;
    const moved = reconcileObligations(stored, computeObligations(facts({ personalInfoInvolved: true, policy: { piNotifyHours: 2 } })));
    expect(moved.update.map((u) => u.id)).not.toContain(waivedId);
    expect(reconcileObligations(stored, []).notApplicable).not.toContain(waivedId);
  });

  it('managers and the legal member of the team may waive; other consultants may not', () => {
    const team = [{ userId: 'u-legal', role: 'legal' }, { userId: 'u-lead', role: 'lead' }];
    expect(canWaive({ id: 'u-m', role: 'manager' }, [])).toBe(true);
    expect(canWaive({ id: 'u-legal', role: 'consultant' }, team)).toBe(true);
    expect(canWaive({ id: 'u-lead', role: 'consultant' }, team)).toBe(false);
    expect(canWaive({ id: 'u-legal', role: 'client_admin' }, team)).toBe(false);
  });
});
