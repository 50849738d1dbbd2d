import {
  ACTION_STATUSES, actionDoneAt, BUILT_IN_EVALUATION_TEMPLATES, checkFinalize, computeOverallScore, criteriaFromTemplate, criteriaProblems,
  EVALUATION_STATUSES, EVALUATION_TYPES, isActionOverdue, isEvaluationEditable, newVersionProblem, overallScoreOrNull, RISK_LEVELS,
  templateProblems, type EvaluationCriterion,
} from './evaluations';
import { ENUM_LABELS } from './labels';
import { canAccess, type Action } from './access';
import { ROLES, type Role } from './enums';

const crit = (weight: number, score: number | null, name = `c${Math.random()}`): EvaluationCriterion => ({ name, weight, score, comment: null });
const fields = (r: ReturnType<typeof computeOverallScore>) => (r.ok ? [] : r.errors.map((e) => e.field));

describe('enumerations', () => {
  it('has the API values of the issue', () => {
    expect(EVALUATION_TYPES).toEqual(['impact_assessment', 'security_assessment', 'post_incident_review', 'drill_evaluation', 'collaboration_review', 'customer_feedback']);
    expect(RISK_LEVELS).toEqual(['low', 'medium', 'high', 'critical']);
    expect(EVALUATION_STATUSES).toEqual(['draft', 'final']);
    expect(ACTION_STATUSES).toEqual(['open', 'in_progress', 'done', 'cancelled']);
  });

  it.each<[string, readonly string[]]>([
    ['evaluationType', EVALUATION_TYPES],
    ['riskLevel', RISK_LEVELS],
    ['evaluationStatus', EVALUATION_STATUSES],
    ['actionStatus', ACTION_STATUSES],
  ])('labels every %s value in both languages, and nothing else', (kind, values) => {
    const labels = ENUM_LABELS[kind];
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const v of values) {
      expect(labels[v]['zh-CN'].trim()).not.toBe('');
      expect(labels[v].en.trim()).not.toBe('');
    }
  });
});

describe('computeOverallScore', () => {
  it.each<[string, EvaluationCriterion[], number, number | null]>([
    ['all top scores', [crit(1, 5), crit(2, 5)], 5, 100],
    ['all zero scores', [crit(1, 0), crit(3, 0)], 5, 0],
    ['equal weights: plain mean', [crit(1, 4), crit(1, 2)], 5, 60],
    ['weights pull towards the heavier criterion', [crit(3, 5), crit(1, 1)], 5, 80],
    ['fractional weights', [crit(0.5, 5), crit(1.5, 0)], 5, 25],
    ['another scale', [crit(1, 7), crit(1, 10)], 10, 85],
    ['a scale of 1 (pass/fail)', [crit(2, 1), crit(1, 0)], 1, 66.67],
    ['rounded to two decimals', [crit(1, 1), crit(1, 1), crit(1, 0)], 3, 22.22],
    ['decimal scores', [crit(1, 3.5)], 5, 70],
    ['unscored criteria are left out of the mean', [crit(1, 4), crit(5, null)], 5, 80],
    ['nothing scored yet: no overall score', [crit(1, null), crit(2, null)], 5, null],
  ])('%s', (_name, criteria, scale, expected) => {
    const r = computeOverallScore(criteria, scale);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.overallScore).toBe(expected);
  });

  it('tells how many criteria are scored', () => {
    expect(computeOverallScore([crit(1, 4), crit(1, null), crit(1, 0)], 5)).toEqual({ ok: true, overallScore: 40, scored: 2, total: 3, complete: false });
    expect(computeOverallScore([crit(1, 4)], 5)).toMatchObject({ complete: true, scored: 1, total: 1 });
  });

  it.each<[string, unknown, unknown, string[]]>([
    ['an empty list', [], 5, ['criteria']],
    ['not a list', { name: 'x' }, 5, ['criteria']],
    ['a zero weight', [crit(1, 3), crit(0, 3)], 5, ['criteria[1].weight']],
    ['all weights zero', [crit(0, 3), crit(0, 3)], 5, ['criteria[0].weight', 'criteria[1].weight']],
    ['a negative weight', [crit(-1, 3)], 5, ['criteria[0].weight']],
    ['a weight that is not a number', [{ name: 'a', weight: '2', score: 3 }], 5, ['criteria[0].weight']],
    ['a score above the scale', [crit(1, 3), crit(1, 6)], 5, ['criteria[1].score']],
    ['a negative score', [crit(1, -1)], 5, ['criteria[0].score']],
    ['a score that is not a number', [{ name: 'a', weight: 1, score: 'high' }], 5, ['criteria[0].score']],
    ['a score that is not finite', [{ name: 'a', weight: 1, score: Infinity }], 5, ['criteria[0].score']],
    ['an empty name', [{ name: ' ', weight: 1, score: 1 }], 5, ['criteria[0].name']],
    ['a duplicate name', [crit(1, 1, 'Access'), crit(1, 2, ' access ')], 5, ['criteria[1].name']],
    ['a scale of 0', [crit(1, 0)], 0, ['scaleMax']],
    ['a fractional scale', [crit(1, 1)], 4.5, ['scaleMax']],
    ['a scale over 100', [crit(1, 1)], 101, ['scaleMax']],
    ['a criterion that is not an object', [crit(1, 1), 'x'], 5, ['criteria[1]']],
    ['a comment that is not text', [{ name: 'a', weight: 1, score: 1, comment: 5 }], 5, ['criteria[0].comment']],
  ])('refuses %s, naming the field', (_name, criteria, scale, expected) => {
    const r = computeOverallScore(criteria, scale);
    expect(r.ok).toBe(false);
    expect(fields(r)).toEqual(expected);
    expect(overallScoreOrNull(criteria, scale)).toBeNull();
  });

  it('names every bad criterion at once', () => {
    const r = computeOverallScore([crit(0, 9), crit(1, 2), crit(2, -3)], 5);
    expect(fields(r)).toEqual(['criteria[0].weight', 'criteria[0].score', 'criteria[2].score']);
  });

  it('accepts the boundaries of the scale', () => {
    expect(criteriaProblems([crit(1, 0), crit(1, 5)], 5)).toEqual([]);
    expect(criteriaProblems([crit(1, 100)], 100)).toEqual([]);
  });
});

describe('finalize rules', () => {
  it('makes a fully scored draft final', () => {
    expect(checkFinalize({ status: 'draft', criteria: [crit(1, 0), crit(2, 5)], scaleMax: 5 })).toEqual({ ok: true });
  });
  it('needs every score, naming each missing one', () => {
    expect(checkFinalize({ status: 'draft', criteria: [crit(1, 3), crit(1, null), crit(1, null)], scaleMax: 5 })).toEqual({
      ok: false,
      errors: [
        { field: 'criteria[1].score', message: expect.stringContaining('scored') },
        { field: 'criteria[2].score', message: expect.stringContaining('scored') },
      ],
    });
  });
  it('refuses invalid criteria too', () => {
    const r = checkFinalize({ status: 'draft', criteria: [], scaleMax: 5 });
    expect(r).toEqual({ ok: false, errors: [{ field: 'criteria', message: expect.any(String) }] });
  });
  it('is a conflict for an evaluation that is already final', () => {
    expect(checkFinalize({ status: 'final', criteria: [crit(1, 3)], scaleMax: 5 })).toEqual({ ok: false, conflict: expect.any(String) });
  });
  it('lets only drafts be edited', () => {
    expect(isEvaluationEditable('draft')).toBe(true);
    expect(isEvaluationEditable('final')).toBe(false);
  });
  it('makes new versions only from the latest final version', () => {
    expect(newVersionProblem({ status: 'final', nextVersionId: null })).toBeNull();
    expect(newVersionProblem({ status: 'draft', nextVersionId: null })).toMatch(/final/);
    expect(newVersionProblem({ status: 'final', nextVersionId: 'b2c1e7a0-0000-4000-8000-000000000000' })).toMatch(/newer version/);
  });
});

describe('improvement actions', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each<[string, string, string | null, boolean]>([
    ['open and due yesterday', 'open', '2026-02-28T12:00:00Z', true],
    ['in progress and due a minute ago', 'in_progress', '2026-03-01T11:59:00Z', true],
    ['open and due tomorrow', 'open', '2026-03-02T12:00:00Z', false],
    ['done, though due in the past', 'done', '2026-02-01T00:00:00Z', false],
    ['cancelled, though due in the past', 'cancelled', '2026-02-01T00:00:00Z', false],
    ['no due date', 'open', null, false],
  ])('%s → overdue %s', (_name, status, dueAt, expected) => {
    expect(isActionOverdue({ status, dueAt }, now)).toBe(expected);
  });
  it('stamps doneAt on entering done, keeps it while done, clears it on leaving', () => {
    const t0 = new Date('2026-03-01T00:00:00Z');
    const t1 = new Date('2026-03-02T00:00:00Z');
    expect(actionDoneAt('open', 'done', null, t1)).toEqual(t1);
    expect(actionDoneAt('done', 'done', t0, t1)).toEqual(t0);
    expect(actionDoneAt('done', 'open', t0, t1)).toBeNull();
    expect(actionDoneAt('in_progress', 'cancelled', null, t1)).toBeNull();
  });
});

describe('built-in criteria templates', () => {
  it.each(EVALUATION_TYPES.map((t) => [t]))('%s: valid, in both languages, on the default scale', (type) => {
    const t = BUILT_IN_EVALUATION_TEMPLATES[type];
    expect(t.type).toBe(type);
    expect(templateProblems(t)).toEqual([]);
    expect(t.criteria.length).toBeGreaterThanOrEqual(4);
    for (const c of t.criteria) {
      expect(c.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(c.name.en).toMatch(/^[A-Z]/);
    }
  });
  it('start a new evaluation unscored, named in the chosen language', () => {
    const zh = criteriaFromTemplate(BUILT_IN_EVALUATION_TEMPLATES.post_incident_review, 'zh-CN');
    const en = criteriaFromTemplate(BUILT_IN_EVALUATION_TEMPLATES.post_incident_review, 'en');
    expect(zh[0]).toEqual({ name: '发现与上报的及时性', weight: 3, score: null, comment: null });
    expect(en[0].name).toBe('Timeliness of detection and reporting');
    expect(criteriaProblems(zh, 5)).toEqual([]);
    expect(checkFinalize({ status: 'draft', criteria: zh, scaleMax: 5 })).toMatchObject({ ok: false });
  });
  it('refuses a bad template, naming the field', () => {
    expect(templateProblems({ scaleMax: 5, criteria: [{ name: { 'zh-CN': '甲', en: '' }, weight: 0 }] }).map((p) => p.field)).toEqual([
      'criteria[0].name.en', 'criteria[0].weight',
    ]);
    expect(templateProblems({ scaleMax: 5, criteria: [] }).map((p) => p.field)).toEqual(['criteria']);
  });
});

describe('access rules for evaluations, their templates and improvement actions', () => {
  const ALLOWED: Record<Role, Record<'evaluations' | 'evaluation-templates' | 'actions', Action[]>> = {
    manager: {
      evaluations: ['list', 'show', 'create', 'edit', 'delete', 'transition', 'export'],
      'evaluation-templates': ['list', 'show', 'edit'],
      actions: ['list', 'show', 'create', 'edit', 'delete', 'export'],
    },
    consultant: {
      evaluations: ['list', 'show', 'create', 'edit', 'delete', 'transition', 'export'],
      'evaluation-templates': ['list', 'show'],
      actions: ['list', 'show', 'create', 'edit', 'delete', 'export'],
    },
    client_admin: { evaluations: ['list', 'show'], 'evaluation-templates': [], actions: ['list', 'show'] },
  };
  const actions: Action[] = ['list', 'show', 'create', 'edit', 'delete', 'export', 'transition', 'acknowledge', 'comment', 'report'];
  const table: [Role, string, Action, boolean][] = [];
  for (const role of ROLES) {
    for (const [resource, allowed] of Object.entries(ALLOWED[role])) {
      for (const action of actions) table.push([role, resource, action, allowed.includes(action)]);
    }
  }
  it.each(table)('%s %s %s → %s', (role, resource, action, allowed) => {
    expect(canAccess(role, resource, action)).toBe(allowed);
  });
});
