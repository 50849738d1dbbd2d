import {
  OPEN_INCIDENT_STATUSES,
  OPEN_TASK_STATUSES,
  isTaskSettled,
  allowedTransitions,
  canOverrideGate,
  checkTransition,
  formatReference,
  gradeAtLeast,
  gradeRank,
  GRADES,
  INCIDENT_CATEGORIES,
  INCIDENT_NATURES,
  INCIDENT_STATUSES,
  isReopen,
  isWorkPhase,
  openRequiredTasks,
  parseReference,
  STATUS_TIMESTAMP,
  TASK_STATUSES,
  TEAM_ROLES,
  TIMELINE_KINDS,
  TIMELINE_VISIBILITIES,
  TRANSITIONS,
  WORK_PHASES,
  type Grade,
  type IncidentStatus,
} from './incident';
import { CONTENT_SPREADS, DATA_LEVELS } from './grading';
import { OBLIGATION_AUDIENCES, OBLIGATION_RULES, OBLIGATION_STATUSES } from './obligations';
import { ENUM_LABELS } from './labels';

describe('enumerations', () => {
  it('has the GB/T 20986-2023 classes and the API values of the issue', () => {
    expect(INCIDENT_CATEGORIES).toEqual([
      'malware', 'network_attack', 'data_security', 'information_content_security', 'equipment_facility_failure',
      'violation_of_operating_rules', 'security_hazard', 'abnormal_behaviour', 'force_majeure', 'other',
    ]);
    expect(INCIDENT_NATURES).toEqual(['internal_attack', 'external_attack', 'system_vulnerability', 'human_error', 'unknown']);
    expect(GRADES).toEqual(['especially_major', 'major', 'relatively_major', 'general']);
    expect(INCIDENT_STATUSES).toEqual(['reported', 'triage', 'responding', 'recovering', 'investigating', 'follow_up', 'closed', 'dismissed']);
    expect(WORK_PHASES).toEqual(['triage', 'responding', 'recovering', 'investigating', 'follow_up']);
    expect(TASK_STATUSES).toEqual(['todo', 'doing', 'done', 'not_applicable']);
    expect(TEAM_ROLES).toEqual(['lead', 'it', 'legal', 'pr', 'client_contact']);
    expect(TIMELINE_VISIBILITIES).toEqual(['internal', 'client']);
    expect(TIMELINE_KINDS).toEqual(['note', 'comment', 'transition', 'grading', 'task', 'team', 'obligation', 'created', 'updated', 'communication', 'action', 'attachment', 'acknowledged']);
  });

  describe('every value of the new enums has a label in both languages, and nothing else is labelled', () => {
    it.each<[string, readonly string[]]>([
      ['incidentCategory', INCIDENT_CATEGORIES],
      ['incidentNature', INCIDENT_NATURES],
      ['grade', GRADES],
      ['incidentStatus', INCIDENT_STATUSES],
      ['workPhase', WORK_PHASES],
      ['taskStatus', TASK_STATUSES],
      ['teamRole', TEAM_ROLES],
      ['timelineVisibility', TIMELINE_VISIBILITIES],
      ['timelineKind', TIMELINE_KINDS],
      ['obligationRule', OBLIGATION_RULES],
      ['obligationAudience', OBLIGATION_AUDIENCES],
      ['obligationStatus', OBLIGATION_STATUSES],
      ['contentSpread', CONTENT_SPREADS],
      ['dataLevel', DATA_LEVELS],
    ])('%s', (kind, values) => {
      const labels = ENUM_LABELS[kind];
      expect(labels).toBeDefined();
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      for (const v of values) {
        expect(labels[v]['zh-CN'].trim()).not.toBe('');
        expect(labels[v].en.trim()).not.toBe('');
      }
    });
  });

  it('keeps the labels that were there before', () => {
    expect(Object.keys(ENUM_LABELS)).toEqual(expect.arrayContaining(['role', 'operatorType', 'clientStatus', 'auditAction']));
    expect(ENUM_LABELS.grade.especially_major['zh-CN']).toBe('特别重大');
    expect(ENUM_LABELS.grade.relatively_major['zh-CN']).toBe('较大');
  });
});

describe('grades', () => {
  it.each<[Grade, number]>([
    ['especially_major', 0],
    ['major', 1],
    ['relatively_major', 2],
    ['general', 3],
  ])('gradeRank(%s) = %d', (g, r) => expect(gradeRank(g)).toBe(r));

  it.each<[Grade | null | undefined, Grade, boolean]>([
    ['especially_major', 'relatively_major', true],
    ['major', 'relatively_major', true],
    ['relatively_major', 'relatively_major', true],
    ['general', 'relatively_major', false],
    ['major', 'major', true],
    ['relatively_major', 'major', false],
    ['general', 'general', true],
    ['especially_major', 'especially_major', true],
    ['major', 'especially_major', false],
    [null, 'general', false],
    [undefined, 'general', false],
    ['bogus' as Grade, 'general', false],
  ])('gradeAtLeast(%s, %s) = %s', (g, min, expected) => expect(gradeAtLeast(g, min)).toBe(expected));
});

describe('lifecycle', () => {
  /** The whole matrix, written out: every pair not listed is refused. */
  const ALLOWED: Record<IncidentStatus, IncidentStatus[]> = {
    reported: ['triage'],
    triage: ['responding', 'dismissed'],
    responding: ['recovering'],
    recovering: ['investigating'],
    investigating: ['follow_up'],
    follow_up: ['closed'],
    closed: ['responding', 'investigating', 'follow_up'],
    dismissed: ['triage'],
  };
  const pairs = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to, ALLOWED[from].includes(to)] as const));

  it('TRANSITIONS is the documented table', () => {
    expect(TRANSITIONS).toEqual(ALLOWED);
  });

  it.each(pairs)('%s → %s allowed: %s', (from, to, allowed) => {
    const check = checkTransition({ from, to, reason: 'because', canOverride: false, tasks: [] });
    if (allowed) expect(check).toEqual({ ok: true });
    else expect(check).toEqual({ ok: false, reason: 'not_allowed', allowed: ALLOWED[from] });
  });

  it('allowedTransitions answers a copy', () => {
    const a = allowedTransitions('triage');
    expect(a).toEqual(['responding', 'dismissed']);
    a.push('closed');
    expect(allowedTransitions('triage')).toEqual(['responding', 'dismissed']);
  });

  it.each<[IncidentStatus, IncidentStatus, boolean]>([
    ['closed', 'responding', true],
    ['closed', 'investigating', true],
    ['closed', 'follow_up', true],
    ['dismissed', 'triage', true],
    ['closed', 'triage', false], // not an allowed move at all
    ['triage', 'responding', false],
    ['follow_up', 'closed', false],
    ['triage', 'dismissed', false],
    ['reported', 'triage', false],
  ])('isReopen(%s, %s) = %s', (from, to, expected) => expect(isReopen(from, to)).toBe(expected));

  it('only the working phases carry tasks', () => {
    expect(INCIDENT_STATUSES.filter(isWorkPhase)).toEqual(['triage', 'responding', 'recovering', 'investigating', 'follow_up']);
  });

  describe('reopening needs a reason', () => {
    it.each<[IncidentStatus, IncidentStatus, string | null | undefined, boolean]>([
      ['closed', 'responding', undefined, false],
      ['closed', 'investigating', null, false],
      ['closed', 'follow_up', '', false],
      ['closed', 'follow_up', '   ', false],
      ['dismissed', 'triage', undefined, false],
      ['closed', 'responding', 'client found more affected records', true],
      ['dismissed', 'triage', 'it was an incident after all', true],
    ])('%s → %s with reason %j: ok %s', (from, to, reason, ok) => {
      const check = checkTransition({ from, to, reason, canOverride: true, tasks: [] });
      expect(check).toEqual(ok ? { ok: true } : { ok: false, reason: 'reason_required' });
    });

    it('a move that is not a reopening needs no reason', () => {
      expect(checkTransition({ from: 'responding', to: 'recovering', canOverride: false, tasks: [] })).toEqual({ ok: true });
      expect(checkTransition({ from: 'triage', to: 'dismissed', canOverride: false, tasks: [] })).toEqual({ ok: true });
    });

    it('reopening ignores the tasks of the phase it goes back to', () => {
      const tasks = [{ id: 'r1', phase: 'responding', required: true, status: 'todo' }];
      expect(checkTransition({ from: 'closed', to: 'responding', reason: 'x', canOverride: false, tasks })).toEqual({ ok: true });
    });
  });

  describe('the required tasks of the current phase gate the move', () => {
    const t = (id: string, phase: string, required: boolean, status: string) => ({ id, phase, required, status });

    it.each<[string, IncidentStatus, IncidentStatus, ReturnType<typeof t>[], string[]]>([
      ['required todo blocks', 'triage', 'responding', [t('a', 'triage', true, 'todo')], ['a']],
      ['required doing blocks', 'responding', 'recovering', [t('a', 'responding', true, 'doing')], ['a']],
      ['required done passes', 'recovering', 'investigating', [t('a', 'recovering', true, 'done')], []],
      ['required not_applicable passes', 'investigating', 'follow_up', [t('a', 'investigating', true, 'not_applicable')], []],
      ['optional todo passes', 'follow_up', 'closed', [t('a', 'follow_up', false, 'todo')], []],
      ['required task of another phase does not count', 'responding', 'recovering', [t('a', 'triage', true, 'todo'), t('b', 'recovering', true, 'todo')], []],
      [
        'lists only the open required ones, in order', 'follow_up', 'closed',
        [t('a', 'follow_up', true, 'todo'), t('b', 'follow_up', true, 'done'), t('c', 'follow_up', false, 'todo'), t('d', 'follow_up', true, 'doing')],
        ['a', 'd'],
      ],
      ['unknown status counts as open', 'triage', 'responding', [t('a', 'triage', true, 'weird')], ['a']],
    ])('%s', (_name, from, to, tasks, open) => {
      const check = checkTransition({ from, to, canOverride: false, tasks });
      expect(check).toEqual(open.length ? { ok: false, reason: 'open_required_tasks', openTasks: open } : { ok: true });
      expect(openRequiredTasks(tasks, from)).toEqual(open);
    });

    it('dismissing from triage does not need the triage tasks', () => {
      const tasks = [t('a', 'triage', true, 'todo')];
      expect(checkTransition({ from: 'triage', to: 'dismissed', canOverride: false, tasks })).toEqual({ ok: true });
    });

    it('reported → triage has no tasks to check', () => {
      const tasks = [t('a', 'reported', true, 'todo')];
      expect(checkTransition({ from: 'reported', to: 'triage', canOverride: false, tasks })).toEqual({ ok: true });
    });

    describe('overrides', () => {
      const tasks = [t('a', 'triage', true, 'todo')];
      it.each<[string, { override?: boolean; canOverride: boolean; reason?: string | null }, object]>([
        ['override by the lead or a manager with a reason passes', { override: true, canOverride: true, reason: 'regulator asked us to move on' }, { ok: true }],
        ['override without a reason', { override: true, canOverride: true }, { ok: false, reason: 'reason_required', openTasks: ['a'] }],
        ['override with a blank reason', { override: true, canOverride: true, reason: '  ' }, { ok: false, reason: 'reason_required', openTasks: ['a'] }],
        ['override by someone who may not', { override: true, canOverride: false, reason: 'please' }, { ok: false, reason: 'open_required_tasks', openTasks: ['a'] }],
        ['may override but did not ask to', { override: false, canOverride: true, reason: 'please' }, { ok: false, reason: 'open_required_tasks', openTasks: ['a'] }],
        ['reason alone is not an override', { canOverride: true, reason: 'please' }, { ok: false, reason: 'open_required_tasks', openTasks: ['a'] }],
      ])('%s', (_name, input, expected) => {
        expect(checkTransition({ from: 'triage', to: 'responding', tasks, ...input })).toEqual(expected);
      });

      it('an override is not needed when nothing is open', () => {
        expect(checkTransition({ from: 'triage', to: 'responding', override: true, canOverride: false, tasks: [t('a', 'triage', true, 'done')] })).toEqual({ ok: true });
      });

      it.each<[string, { id: string; role: 'manager' | 'consultant' | 'client_admin' }, string | null, boolean]>([
        ['a manager', { id: 'm', role: 'manager' }, 'c', true],
        ['the lead consultant', { id: 'c', role: 'consultant' }, 'c', true],
        ['another consultant', { id: 'x', role: 'consultant' }, 'c', false],
        ['a consultant when there is no lead', { id: 'x', role: 'consultant' }, null, false],
      ])('canOverrideGate: %s', (_name, user, leadId, expected) => {
        expect(canOverrideGate(user, { leadId })).toBe(expected);
      });

      it('an override never makes a refused move allowed', () => {
        expect(checkTransition({ from: 'triage', to: 'closed', override: true, canOverride: true, reason: 'x', tasks })).toEqual({
          ok: false, reason: 'not_allowed', allowed: ['responding', 'dismissed'],
        });
      });
    });
  });

  it.each<[IncidentStatus, string | undefined]>([
    ['reported', undefined],
    ['triage', 'acknowledgedAt'],
    ['responding', 'confirmedAt'],
    ['recovering', 'containedAt'],
    ['investigating', 'recoveredAt'],
    ['follow_up', 'resolvedAt'],
    ['closed', 'closedAt'],
    ['dismissed', 'closedAt'],
  ])('entering %s stamps %s', (status, field) => {
    expect(STATUS_TIMESTAMP[status]).toBe(field);
  });
});

describe('reference numbers', () => {
  it.each<[number, number, string]>([
    [2026, 42, 'INC-2026-0042'],
    [2026, 1, 'INC-2026-0001'],
    [2025, 999, 'INC-2025-0999'],
    [2026, 9999, 'INC-2026-9999'],
    [2026, 10000, 'INC-2026-10000'],
    [2027, 1234567, 'INC-2027-1234567'],
  ])('formatReference(%d, %d) = %s', (year, seq, ref) => {
    expect(formatReference(year, seq)).toBe(ref);
    expect(parseReference(ref)).toEqual({ year, seq });
  });

  it.each<[number, number]>([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [2026, Number.NaN],
    [2026.5, 1],
    [-1, 1],
    [10000, 1],
  ])('formatReference(%d, %d) refuses', (year, seq) => {
    expect(() => formatReference(year, seq)).toThrow(RangeError);
  });

  it.each(['INC-2026-042', 'INC-2026-00042', 'inc-2026-0042', 'INC-26-0042', 'INC-2026-0000', 'INC-2026-0042 ', ''])('parseReference(%j) = null', (ref) => {
    expect(parseReference(ref)).toBeNull();
  });
});

describe('OPEN_INCIDENT_STATUSES', () => {
  it('counts open the statuses before closed and dismissed', () => {
    expect(OPEN_INCIDENT_STATUSES).toEqual(INCIDENT_STATUSES.filter((s) => s !== 'closed' && s !== 'dismissed'));
  });
});

describe('open tasks', () => {
  it('are exactly the statuses that are not settled (isTaskSettled)', () => {
    expect(TASK_STATUSES.filter((s) => !isTaskSettled(s))).toEqual([...OPEN_TASK_STATUSES]);
  });
});
