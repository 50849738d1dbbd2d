import {
  addDays,
  addMonthsClamped,
  derivePassed,
  drillClock,
  isCalendarDate,
  nextDueDate,
  normaliseParticipant,
  parseCsv,
  parseParticipantsCsv,
  participantsToCsv,
  participationFigures,
  reportingClockMinutes,
  todayIn,
  trainingDueStatus,
} from './trainings';

const p = (attended: boolean, score: number | null = null, passed: boolean | null = null) => ({ attended, score, passed });

describe('participation figures', () => {
  it('computes attendance over all participants and pass rate over the assessed attendees', () => {
    const f = participationFigures([p(true, 90), p(true, 59), p(true, 60), p(false), p(true)], 60);
    expect(f).toEqual({ participantCount: 5, attendedCount: 4, assessedCount: 3, passedCount: 2, attendanceRate: 0.8, passRate: 0.6667 });
  });

  it('derives passed from score ≥ pass mark, overriding a recorded flag; falls back to the flag without a score or mark', () => {
    expect(derivePassed({ attended: true, score: 60, passed: false }, 60)).toBe(true);
    expect(derivePassed({ attended: true, score: 59.5, passed: true }, 60)).toBe(false);
    expect(derivePassed({ attended: true, score: null, passed: true }, 60)).toBe(true);
    expect(derivePassed({ attended: true, score: 80, passed: null }, null)).toBeNull();
    expect(derivePassed({ attended: true, score: 80, passed: false }, null)).toBe(false);
    // nobody passes or fails what they did not attend
    expect(derivePassed({ attended: false, score: 80, passed: true }, 60)).toBeNull();
  });

  it('counts recorded pass/fail without scores, and gives null rates for empty denominators', () => {
    expect(participationFigures([p(true, null, true), p(true, null, false), p(true)], null).passRate).toBe(0.5);
    expect(participationFigures([], 60)).toEqual({ participantCount: 0, attendedCount: 0, assessedCount: 0, passedCount: 0, attendanceRate: null, passRate: null });
    expect(participationFigures([p(false), p(false)], 60)).toMatchObject({ attendanceRate: 0, passRate: null });
    expect(participationFigures([p(true), p(true)], 60)).toMatchObject({ attendanceRate: 1, passRate: null });
  });

  it('normalises a participant: trimmed, empty department null, passed derived', () => {
    expect(normaliseParticipant({ name: ' 张伟 ', department: '  ', attended: true, score: 75 }, 80)).toEqual({
      name: '张伟', department: null, attended: true, score: 75, passed: false, acknowledged: false,
    });
  });
});

describe('recurrence', () => {
  it('adds months with month ends clamped', () => {
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonthsClamped('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonthsClamped('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonthsClamped('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonthsClamped('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonthsClamped('2025-05-31', 12)).toBe('2026-05-31');
    expect(addMonthsClamped('2025-01-15', 120)).toBe('2035-01-15');
    expect(addMonthsClamped('2025-03-31', -1)).toBe('2025-02-28');
    expect(() => addMonthsClamped('2025-02-30', 1)).toThrow(RangeError);
  });

  it('gives the next due date only with a recurrence and not for cancelled trainings', () => {
    expect(nextDueDate({ date: '2025-01-31', recurrenceMonths: 12, status: 'completed' })).toBe('2026-01-31');
    expect(nextDueDate({ date: '2025-01-31', recurrenceMonths: 1, status: 'planned' })).toBe('2025-02-28');
    expect(nextDueDate({ date: '2025-01-31', recurrenceMonths: null, status: 'completed' })).toBeNull();
    expect(nextDueDate({ date: '2025-01-31', recurrenceMonths: 12, status: 'cancelled' })).toBeNull();
  });

  it('checks calendar dates and adds days across months and years', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-1-01')).toBe(false);
    expect(addDays('2025-12-20', 30)).toBe('2026-01-19');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('classifies due status against today with a 30-day window, only for completed ones not renewed', () => {
    const today = '2026-03-10';
    const done = (nextDueAt: string | null, extra: object = {}) => trainingDueStatus({ status: 'completed', nextDueAt, ...extra }, today);
    expect(done('2026-03-09')).toBe('overdue');
    expect(done('2026-03-10')).toBe('due_soon');
    expect(done('2026-04-09')).toBe('due_soon');
    expect(done('2026-04-10')).toBe('ok');
    expect(done(null)).toBe('none');
    expect(done('2026-03-01', { renewed: true })).toBe('renewed');
    expect(trainingDueStatus({ status: 'planned', nextDueAt: '2026-03-01' }, today)).toBe('none');
  });

  it("gives today's date in a time zone", () => {
    const at = new Date('2026-03-10T17:30:00Z');
    expect(todayIn('Asia/Shanghai', at)).toBe('2026-03-11');
    expect(todayIn('UTC', at)).toBe('2026-03-10');
    expect(todayIn('America/Los_Angeles', at)).toBe('2026-03-10');
  });
});

describe('drills against the reporting clock', () => {
  it('uses the PRC clock of the operator type: CII 60, state organ 120, other 240 minutes', () => {
    expect(reportingClockMinutes('cii')).toBe(60);
    expect(reportingClockMinutes('state_organ')).toBe(120);
    expect(reportingClockMinutes('other')).toBe(240);
  });

  it('compares the report time for drills only', () => {
    expect(drillClock({ type: 'emergency_drill', reportMinutes: 60 }, 'cii')).toEqual({ reportingClockMinutes: 60, withinReportingClock: true });
    expect(drillClock({ type: 'tabletop_exercise', reportMinutes: 61 }, 'cii')).toEqual({ reportingClockMinutes: 60, withinReportingClock: false });
    expect(drillClock({ type: 'emergency_drill', reportMinutes: null }, 'state_organ')).toEqual({ reportingClockMinutes: 120, withinReportingClock: null });
    expect(drillClock({ type: 'security_awareness', reportMinutes: 10 }, 'cii')).toEqual({ reportingClockMinutes: null, withinReportingClock: null });
  });
});

describe('CSV', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, CRLF, a BOM, and skips blank lines', () => {
    const { rows, errors } = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
    ]);
  });

  it('reports unclosed quotes and stray quotes by line', () => {
    expect(parseCsv('a,b\nx"y,z\n').errors).toEqual([{ line: 2, message: expect.stringContaining('quote inside an unquoted field') }]);
    expect(parseCsv('a,b\n"x"y,z\n').errors).toEqual([{ line: 2, message: 'unexpected text after a closing quote' }]);
    expect(parseCsv('a,b\nc,d\n"open,e\n').errors).toEqual([{ line: 3, message: 'a quoted field is not closed' }]);
  });
});

describe('participants CSV', () => {
  it('imports participants with Chinese names, a BOM, quoted fields and any column order', () => {
    const csv = '\ufeffscore,name,department,attended\r\n92,张伟,"信息安全部, 上海",是\r\n,李娜,财务部,no\r\n59.5,"O\'Brien ""Pat""",IT,yes\r\n';
    const r = parseParticipantsCsv(csv, 60);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.participants).toEqual([
      { name: '张伟', department: '信息安全部, 上海', attended: true, score: 92, passed: true, acknowledged: false },
      { name: '李娜', department: '财务部', attended: false, score: null, passed: null, acknowledged: false },
      { name: 'O\'Brien "Pat"', department: 'IT', attended: true, score: 59.5, passed: false, acknowledged: false },
    ]);
  });

  it('accepts Chinese headers and a name-only file', () => {
    expect(parseParticipantsCsv('姓名,部门,出席,成绩\n王敏,法务部,1,80\n').participants[0]).toMatchObject({ name: '王敏', attended: true, score: 80 });
    expect(parseParticipantsCsv('name\n陈磊\n周静\n').participants.map((x) => x.name)).toEqual(['陈磊', '周静']);
  });

  it('reports every bad line once, by its line number, and returns no participants', () => {
    const csv = [
      'name,department,attended,score',
      '张伟,IT,yes,88',
      ',IT,yes,70', // line 3: no name
      '李娜,HR,yes,abc', // line 4: bad score
      '王敏,HR,maybe,101', // line 5: two problems, one error
      '陈磊,HR,no,80', // line 6: score without attendance
      '周静,HR,yes', // line 7: missing field
      '赵磊,HR,yes,-1', // line 8
    ].join('\n');
    const r = parseParticipantsCsv(csv, 60);
    expect(r.ok).toBe(false);
    expect(r.participants).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, message: 'line 3: name is required' },
      { line: 4, message: 'line 4: score must be a number 0..100' },
      { line: 5, message: 'line 5: attended must be yes or no; score must be a number 0..100' },
      { line: 6, message: 'line 6: score is given for someone who did not attend' },
      { line: 7, message: 'line 7: expected 4 fields, found 3' },
      { line: 8, message: 'line 8: score must be a number 0..100' },
    ]);
  });

  it('counts lines of quoted multi-line fields when numbering errors', () => {
    const r = parseParticipantsCsv('name,department,attended,score\n张伟,"信息\n安全部",yes,80\n李娜,IT,yes,x\n');
    expect(r.errors).toEqual([{ line: 4, message: 'line 4: score must be a number 0..100' }]);
  });

  it('refuses a missing header, unknown or repeated columns, and a header without name', () => {
    expect(parseParticipantsCsv('').errors[0].message).toMatch(/^line 1: the header row is missing/);
    expect(parseParticipantsCsv('\ufeff\n\n').errors[0].line).toBe(1);
    expect(parseParticipantsCsv('name,scroe\nx,1\n').errors).toEqual([{ line: 1, message: expect.stringContaining('unknown column "scroe"') }]);
    expect(parseParticipantsCsv('name,姓名\nx,y\n').errors[0].message).toContain('appears twice');
    expect(parseParticipantsCsv('department,score\nIT,1\n').errors[0].message).toContain('no name column');
  });

  it('round-trips through participantsToCsv', () => {
    const first = parseParticipantsCsv('name,department,attended,score\n"张, 伟",IT,yes,88\n李娜,,no,\n', 60);
    const again = parseParticipantsCsv(participantsToCsv(first.participants), 60);
    expect(again.participants).toEqual(first.participants);
  });
});
