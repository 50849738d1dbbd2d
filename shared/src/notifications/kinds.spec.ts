import { effectivePreference, kindsForRole, NOTIFICATION_KINDS, preferenceErrors, preferenceLocks, REGULATORY_KINDS } from './kinds';

describe('notification kinds', () => {
  it('reach client admins only about client-visible items, staff about the rest', () => {
    expect(kindsForRole('client_admin')).toEqual(['client_update']);
    expect(kindsForRole('consultant')).toEqual(NOTIFICATION_KINDS.filter((k) => k !== 'client_update'));
    expect(kindsForRole('manager')).toEqual(kindsForRole('consultant'));
  });

  it('lock the in-app channel of regulatory events, and every channel of the clocks\' reminders and escalations', () => {
    for (const k of REGULATORY_KINDS) expect(preferenceLocks(k).inApp).toBe(true);
    expect(preferenceLocks('obligation_overdue')).toEqual({ inApp: true, email: true });
    expect(preferenceLocks('obligation_threshold')).toEqual({ inApp: true, email: true });
    expect(preferenceLocks('client_report_unacknowledged')).toEqual({ inApp: true, email: true });
    expect(preferenceLocks('incident_major')).toEqual({ inApp: true, email: false });
    expect(preferenceLocks('task_assigned')).toEqual({ inApp: false, email: false });
  });

  it('turn on what was not turned off, and keep locked channels on whatever was stored', () => {
    expect(effectivePreference('task_assigned', null)).toEqual({ inApp: true, email: true });
    expect(effectivePreference('task_assigned', { email: false })).toEqual({ inApp: true, email: false });
    expect(effectivePreference('incident_major', { inApp: false, email: false })).toEqual({ inApp: true, email: false });
    expect(effectivePreference('obligation_overdue', { inApp: false, email: false })).toEqual({ inApp: true, email: true });
  });

  it('refuse a preference that mutes what cannot be muted, or a kind the role never hears of', () => {
    expect(preferenceErrors('consultant', 'incident_major', { inApp: false }).map((e) => e.field)).toEqual(['inApp']);
    expect(preferenceErrors('consultant', 'obligation_overdue', { inApp: false, email: false }).map((e) => e.field)).toEqual(['inApp', 'email']);
    expect(preferenceErrors('consultant', 'incident_major', { email: false })).toEqual([]);
    expect(preferenceErrors('client_admin', 'task_assigned', { email: false }).map((e) => e.field)).toEqual(['kind']);
    expect(preferenceErrors('manager', 'nope', {}).map((e) => e.field)).toEqual(['kind']);
  });
});
