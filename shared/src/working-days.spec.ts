import {
  addWorkingDays, chinaDate, coveredYears, endOfChinaDay, isCivilDate, isWorkingDay, mergeCalendars, missingYearsWarning, PRC_BUILT_IN_CALENDAR,
  PRC_CALENDAR, workingDaysAfter, type CalendarDay,
} from './working-days';

describe('the PRC working-day calendar', () => {
  it('holds the 2025 and 2026 notices: 28 and 33 holiday dates, 5 and 6 make-up working days, each with its notice', () => {
    const of = (year: string, kind: string) => PRC_BUILT_IN_CALENDAR.filter((d) => d.date.startsWith(year) && d.kind === kind);
    expect(of('2025', 'holiday')).toHaveLength(28);
    expect(of('2025', 'makeup_workday')).toHaveLength(5);
    expect(of('2026', 'holiday')).toHaveLength(33);
    expect(of('2026', 'makeup_workday')).toHaveLength(6);
    expect(PRC_BUILT_IN_CALENDAR.filter((d) => d.date.startsWith('2025')).every((d) => d.source.includes('国办发明电〔2024〕12号'))).toBe(true);
    expect(PRC_BUILT_IN_CALENDAR.filter((d) => d.date.startsWith('2026')).every((d) => d.source.includes('国办发明电〔2025〕7号'))).toBe(true);
    expect(coveredYears(PRC_CALENDAR)).toEqual([2025, 2026]);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    for (const year of [2025, 2026]) {
      let n = 0;
      for (let ms = Date.parse(`${year}-01-01T00:00:00Z`); ms < Date.parse(`${year + 1}-01-01T00:00:00Z`); ms += 86_400_000) {
        if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), PRC_CALENDAR)) n++;
      }
      expect(n).toBe(248);
    }
  });

  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay('2026-03-07', PRC_CALENDAR)).toBe(false); // a Saturday
    expect(isWorkingDay('2026-03-09', PRC_CALENDAR)).toBe(true); // a Monday
    expect(isWorkingDay('2026-10-05', PRC_CALENDAR)).toBe(false); // a Monday in the 国庆 week
    expect(isWorkingDay('2026-10-10', PRC_CALENDAR)).toBe(true); // a make-up Saturday
    expect(isWorkingDay('2025-01-26', PRC_CALENDAR)).toBe(true); // a make-up Sunday
  });
});

describe('addWorkingDays: the n-th working day strictly after a date', () => {
  it.each([
    ['2026-03-04', 5, '2026-03-11'], // Wed → over a weekend
    ['2026-03-06', 1, '2026-03-09'], // Fri → Mon
    ['2025-09-26', 5, '2025-10-10'], // a make-up Sunday, then the 国庆 week
    ['2025-09-30', 5, '2025-10-14'], // the 国庆 week, then a make-up Saturday
    ['2025-01-24', 5, '2025-02-07'], // 春节 2025
    ['2026-02-12', 5, '2026-02-26'], // a make-up Saturday before 春节 2026
    ['2026-04-30', 5, '2026-05-11'], // 劳动节 and its make-up Saturday
    ['2025-12-31', 5, '2026-01-08'], // across the year: 元旦 and its make-up Sunday
    ['2026-09-18', 5, '2026-09-24'], // a make-up Sunday
  ])('%s + %i working days = %s', (from, n, want) => {
    expect(addWorkingDays(from, n, PRC_CALENDAR)).toEqual({ date: want, missingYears: [] });
  });

  it('reports a year the calendar does not cover and counts it as weekdays only', () => {
    expect(addWorkingDays('2026-12-28', 5, PRC_CALENDAR)).toEqual({ date: '2027-01-04', missingYears: [2027] });
    expect(addWorkingDays('2024-12-30', 1, PRC_CALENDAR)).toEqual({ date: '2024-12-31', missingYears: [2024] });
    expect(missingYearsWarning([2027])?.['zh-CN']).toContain('2027');
    expect(missingYearsWarning([2027])?.en).toContain('2027');
    expect(missingYearsWarning([])).toBeNull();
  });

  it("uses the days a firm adds: a year they cover is no longer missing, and a firm's day replaces a built-in one", () => {
    const firm: CalendarDay[] = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'firm' },
      { date: '2026-12-31', kind: 'holiday', name: 'firm closure', source: 'firm' },
    ];
    const cal = mergeCalendars(PRC_CALENDAR, firm);
    expect(coveredYears(cal)).toEqual([2025, 2026, 2027]);
    expect(addWorkingDays('2026-12-30', 1, cal)).toEqual({ date: '2027-01-04', missingYears: [] });
    const replaced = mergeCalendars(PRC_CALENDAR, [{ date: '2026-10-10', kind: 'holiday', name: 'x', source: 'firm' }]);
    expect(isWorkingDay('2026-10-10', replaced)).toBe(false);
  });

  it('refuses bad input', () => {
    expect(() => addWorkingDays('2026-02-30', 1, PRC_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-01', 0, PRC_CALENDAR)).toThrow(RangeError);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('2026-12-01')).toBe(true);
  });
});

describe('instants and China dates', () => {
  it('takes the day in China (UTC+8) and ends the due day at midnight there', () => {
    expect(chinaDate('2026-03-04T16:30:00Z')).toBe('2026-03-05');
    expect(chinaDate('2026-03-04T15:59:00Z')).toBe('2026-03-04');
    expect(endOfChinaDay('2026-03-11')).toBe('2026-03-11T15:59:59.999Z');
    // handling ended on Wednesday evening in Shanghai (already Thursday there) → 5 working days after Thursday
    expect(workingDaysAfter('2026-03-04T16:30:00Z', 5, PRC_CALENDAR)).toEqual({ dueAt: '2026-03-12T15:59:59.999Z', date: '2026-03-12', missingYears: [] });
  });
});
