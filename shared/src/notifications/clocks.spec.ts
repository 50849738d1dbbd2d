import {
  acknowledgeWindowMinutes, alertingPolicy, alertingPolicyErrors, DEFAULT_ALERTING_POLICY, digestMoment, latestAlert, nextAlert, preDueAlerts,
  type AlertClock,
} from './clocks';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
/** a 4-hour window (PRC report, other operator): half at 2 h, 30 min before due at 3 h 30 */
const clock: AlertClock = { type: 'obligation', startsAt: T0, dueAt: T0 + 240 * MIN };
const P = DEFAULT_ALERTING_POLICY;

describe('alertingPolicy', () => {
  it('has the issue\'s defaults: half the window, 30 minutes before due, at due, then every hour', () => {
    expect(alertingPolicy({})).toEqual({ halfWindow: true, beforeDueMinutes: [30], overdueRepeatMinutes: 60, acknowledgeMinutes: 60, digestHour: 9 });
    expect(alertingPolicy(null)).toEqual(DEFAULT_ALERTING_POLICY);
  });

  it('reads the firm\'s settings from its policy JSON (alerting), each invalid one at its default', () => {
    const p = alertingPolicy({ piNotifyHours: 12, alerting: { beforeDueMinutes: [60, 15], overdueRepeatMinutes: 2, acknowledgeMinutes: 30, halfWindow: 'yes' } });
    expect(p).toEqual({ halfWindow: true, beforeDueMinutes: [60, 15], overdueRepeatMinutes: 60, acknowledgeMinutes: 30, digestHour: 9 });
  });

  it('names each bad setting', () => {
    expect(alertingPolicyErrors({ overdueRepeatMinutes: 1, digestHour: 24, beforeDueMinutes: [0], extra: 1 }).map((e) => e.field).sort()).toEqual([
      'alerting.beforeDueMinutes', 'alerting.digestHour', 'alerting.extra', 'alerting.overdueRepeatMinutes',
    ]);
    expect(alertingPolicyErrors({ beforeDueMinutes: [30, 120], halfWindow: false })).toEqual([]);
    expect(alertingPolicyErrors([])).toEqual([{ field: 'alerting', message: 'must be an object' }]);
  });
});

describe('acknowledgeWindowMinutes', () => {
  it('takes the contract SLA\'s hours for the grade, else the firm\'s window', () => {
    const sla = { acknowledgeHours: { major: 2, general: 8 } };
    expect(acknowledgeWindowMinutes(P, sla, 'major')).toBe(120);
    expect(acknowledgeWindowMinutes(P, sla, null)).toBe(60);
    expect(acknowledgeWindowMinutes(P, sla, 'relatively_major')).toBe(60);
    expect(acknowledgeWindowMinutes({ ...P, acknowledgeMinutes: 15 }, null, 'major')).toBe(15);
  });
});

describe('obligation thresholds', () => {
  it('are half the window gone and 30 minutes before due, in time order', () => {
    expect(preDueAlerts(clock, P)).toEqual([
      { key: 'half', kind: 'obligation_threshold', at: T0 + 120 * MIN, minutesLeft: 120 },
      { key: 'before_30m', kind: 'obligation_threshold', at: T0 + 210 * MIN, minutesLeft: 30 },
    ]);
  });

  it('are one when half the window is 30 minutes before due (a 1-hour CII clock)', () => {
    const cii: AlertClock = { type: 'obligation', startsAt: T0, dueAt: T0 + 60 * MIN };
    expect(preDueAlerts(cii, P).map((a) => [a.key, (a.at - T0) / MIN])).toEqual([['before_30m', 30]]);
  });

  it('leave out a threshold before the clock started', () => {
    const short: AlertClock = { type: 'obligation', startsAt: T0, dueAt: T0 + 20 * MIN };
    expect(preDueAlerts(short, P).map((a) => a.key)).toEqual(['half']);
    expect(preDueAlerts(short, { ...P, halfWindow: false })).toEqual([]);
  });

  it('speak only at or after their moment, the latest one only', () => {
    expect(latestAlert(clock, P, T0 + 119 * MIN)).toBeNull();
    expect(latestAlert(clock, P, T0 + 120 * MIN)?.key).toBe('half');
    expect(latestAlert(clock, P, T0 + 209 * MIN)?.key).toBe('half');
    // the scan did not run between the half and 30 minutes before due: only the later speaks
    expect(latestAlert(clock, P, T0 + 211 * MIN)?.key).toBe('before_30m');
  });
});

describe('escalation past due', () => {
  it('is at due, then every hour, numbered', () => {
    expect(latestAlert(clock, P, T0 + 240 * MIN)).toEqual({ key: 'overdue_0', kind: 'obligation_overdue', at: T0 + 240 * MIN, step: 0 });
    expect(latestAlert(clock, P, T0 + 299 * MIN)?.key).toBe('overdue_0');
    expect(latestAlert(clock, P, T0 + 300 * MIN)?.key).toBe('overdue_1');
    // a day later: the 24th, not 24 of them
    expect(latestAlert(clock, P, T0 + 240 * MIN + 24 * 60 * MIN + 5 * MIN)?.key).toBe('overdue_24');
  });

  it('follows the firm\'s repeat interval', () => {
    expect(latestAlert(clock, { ...P, overdueRepeatMinutes: 15 }, T0 + 271 * MIN)?.key).toBe('overdue_2');
  });

  it('tells the scan the next moment after any time', () => {
    expect(nextAlert(clock, P, T0).key).toBe('half');
    expect(nextAlert(clock, P, T0 + 120 * MIN).key).toBe('before_30m');
    expect(nextAlert(clock, P, T0 + 210 * MIN)).toMatchObject({ key: 'overdue_0', at: T0 + 240 * MIN });
    expect(nextAlert(clock, P, T0 + 240 * MIN)).toMatchObject({ key: 'overdue_1', at: T0 + 300 * MIN });
    expect(nextAlert(clock, P, T0 + 301 * MIN)).toMatchObject({ key: 'overdue_2', at: T0 + 360 * MIN });
  });

  it('of a client\'s report nobody acknowledged starts at the end of the window', () => {
    const report: AlertClock = { type: 'client_report', reportedAt: T0, acknowledgeMinutes: 45 };
    expect(latestAlert(report, P, T0 + 44 * MIN)).toBeNull();
    expect(latestAlert(report, P, T0 + 45 * MIN)).toEqual({ key: 'unacknowledged_0', kind: 'client_report_unacknowledged', at: T0 + 45 * MIN, step: 0 });
    expect(latestAlert(report, P, T0 + 106 * MIN)?.key).toBe('unacknowledged_1');
    expect(nextAlert(report, P, T0)).toMatchObject({ key: 'unacknowledged_0', at: T0 + 45 * MIN });
  });

  it('never misses a moment between scans: every alert is the latest of some scan a minute apart with 90 s look-ahead', () => {
    const seen = new Set<string>();
    for (let t = T0 - 10 * MIN; t < T0 + 8 * 60 * MIN; t += MIN) {
      const a = latestAlert(clock, P, t + 90_000);
      if (a) seen.add(a.key);
    }
    expect([...seen]).toEqual(['half', 'before_30m', 'overdue_0', 'overdue_1', 'overdue_2', 'overdue_3', 'overdue_4']);
  });
});

describe('digestMoment', () => {
  it('is the digest hour of the firm\'s own day', () => {
    // 01:00 UTC is 09:00 in Shanghai
    expect(digestMoment(Date.parse('2026-03-02T01:10:00Z'), 'Asia/Shanghai', P)).toEqual({ due: true, day: '2026-03-02' });
    expect(digestMoment(Date.parse('2026-03-02T09:10:00Z'), 'Asia/Shanghai', P)).toEqual({ due: false, day: '2026-03-02' });
    expect(digestMoment(Date.parse('2026-03-02T09:10:00Z'), 'UTC', P).due).toBe(true);
  });
});
