import { assigneeForRole, BUILT_IN_PLAYBOOK, chineseNumeral, PHASE_TITLES, PROCEDURE_SECTIONS, sectionLabel, tasksForPhase, validatePlaybook, type PlaybookDef } from './playbook';
import { WORK_PHASES, type WorkPhase } from './incident';

const tasks = BUILT_IN_PLAYBOOK.tasks;
const sectionOf = (ref: string) => ref.split('.')[0];
const CJK = /[\u4e00-\u9fff]/;

/** The procedure's twenty sections and the phase each belongs to (communication runs alongside the response). */
const SECTION_PHASE: Record<string, WorkPhase> = {
  一: 'triage',
  二: 'responding', 四: 'responding', 七: 'responding', 八: 'responding', 九: 'responding', 十: 'responding', 十二: 'responding', 十七: 'responding', 十九: 'responding',
  三: 'recovering', 十三: 'recovering',
  五: 'investigating', 十八: 'investigating',
  六: 'follow_up', 十一: 'follow_up', 十四: 'follow_up', 十五: 'follow_up', 十六: 'follow_up', 二十: 'follow_up',
};

describe('the built-in playbook', () => {
  it('knows the twenty sections of the procedure', () => {
    expect(PROCEDURE_SECTIONS).toEqual(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十']);
    expect(Object.keys(SECTION_PHASE).sort()).toEqual([...PROCEDURE_SECTIONS].sort());
  });

  it.each(Object.entries(SECTION_PHASE))('section %s becomes %s tasks', (section, phase) => {
    const mine = tasks.filter((t) => t.section.startsWith(`${section}.`));
    expect(mine.length).toBeGreaterThan(0);
    for (const t of mine) expect(t.phase).toBe(phase);
  });

  it('every task refers to an item of the procedure (sections 一…二十, items 1-4)', () => {
    for (const t of tasks) {
      expect(t.section).toMatch(/^[一二三四五六七八九十]+\.[1-4]$/);
      expect(SECTION_PHASE[sectionOf(t.section)]).toBeDefined();
    }
  });

  it('has between 40 and 60 tasks with unique keys', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    expect(tasks.length).toBeLessThanOrEqual(60);
    expect(new Set(tasks.map((t) => t.key)).size).toBe(tasks.length);
  });

  it.each(tasks.map((t) => [t.key, t] as const))('%s is written in both languages', (_key, t) => {
    for (const text of [t.title, t.description]) {
      expect(text['zh-CN'].trim().length).toBeGreaterThan(0);
      expect(text.en.trim().length).toBeGreaterThan(0);
      expect(text['zh-CN']).toMatch(CJK);
      expect(text.en).not.toMatch(CJK);
    }
  });

  it('titles are distinct in each language', () => {
    expect(new Set(tasks.map((t) => t.title['zh-CN'])).size).toBe(tasks.length);
    expect(new Set(tasks.map((t) => t.title.en)).size).toBe(tasks.length);
  });

  it('lists the phases in lifecycle order', () => {
    const order = tasks.map((t) => WORK_PHASES.indexOf(t.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it.each<[WorkPhase, string[]]>([
    ['triage', ['triage.confirm', 'triage.assess_impact', 'triage.grade', 'triage.nature', 'triage.notify_internal']],
    ['responding', ['respond.form_team', 'respond.plan', 'respond.contain', 'respond.legal_advice', 'respond.client_briefing']],
    ['recovering', ['recover.restore', 'recover.repair', 'recover.harden']],
    ['investigating', ['investigate.root_cause', 'investigate.security_assessment', 'investigate.improvements']],
    ['follow_up', ['follow.track_actions', 'follow.implement_improvements', 'follow.closing_report', 'follow.lessons_learned', 'follow.compliance_check']],
  ])('the required tasks of %s are the essential ones', (phase, keys) => {
    expect(tasksForPhase(BUILT_IN_PLAYBOOK, phase).filter((t) => t.required).map((t) => t.key)).toEqual(keys);
  });

  it('triage tasks are due within 1 to 4 hours of detection', () => {
    for (const t of tasksForPhase(BUILT_IN_PLAYBOOK, 'triage')) {
      expect(t.dueHours).toBeGreaterThanOrEqual(1);
      expect(t.dueHours).toBeLessThanOrEqual(4);
    }
  });

  it('due hours, where given, are positive', () => {
    for (const t of tasks.filter((x) => x.dueHours !== undefined)) expect(t.dueHours).toBeGreaterThan(0);
  });

  it.each<[WorkPhase, number]>([
    ['triage', 5],
    ['responding', 27],
    ['recovering', 6],
    ['investigating', 6],
    ['follow_up', 16],
  ])('tasksForPhase(%s) has %d tasks, all of that phase', (phase, count) => {
    const list = tasksForPhase(BUILT_IN_PLAYBOOK, phase);
    expect(list).toHaveLength(count);
    for (const t of list) expect(t.phase).toBe(phase);
  });

  it('names every phase in both languages', () => {
    expect(Object.keys(PHASE_TITLES).sort()).toEqual([...WORK_PHASES].sort());
    for (const p of WORK_PHASES) {
      expect(PHASE_TITLES[p]['zh-CN']).toMatch(CJK);
      expect(PHASE_TITLES[p].en.trim()).not.toBe('');
    }
  });

  it('has a name and description in both languages', () => {
    expect(BUILT_IN_PLAYBOOK.key).toBe('built-in');
    for (const text of [BUILT_IN_PLAYBOOK.name, BUILT_IN_PLAYBOOK.description]) {
      expect(text['zh-CN']).toMatch(CJK);
      expect(text.en.trim()).not.toBe('');
    }
  });
});

describe('validatePlaybook', () => {
  const copy = (): PlaybookDef => JSON.parse(JSON.stringify(BUILT_IN_PLAYBOOK));
  const task = (patch: object) => ({ ...copy().tasks[0], ...patch });

  it('the built-in playbook and a faithful copy are valid', () => {
    expect(validatePlaybook(BUILT_IN_PLAYBOOK)).toEqual([]);
    expect(validatePlaybook(copy())).toEqual([]);
  });

  it('a firm task without procedure section, description or due hours is valid', () => {
    const p = { key: 'custom-1', name: { 'zh-CN': '自定义', en: 'Custom' }, tasks: [{ key: 'a', phase: 'triage', title: { 'zh-CN': '甲', en: 'A' }, required: false }] };
    expect(validatePlaybook(p)).toEqual([]);
  });

  it('an empty task list is valid', () => {
    expect(validatePlaybook({ ...copy(), tasks: [] })).toEqual([]);
  });

  it.each<[string, (p: any) => unknown, { field: string; message: string }[]]>([
    ['not an object', () => 'playbook', [{ field: 'playbook', message: 'must be an object' }]],
    ['empty key', (p) => ({ ...p, key: ' ' }), [{ field: 'key', message: 'must not be empty' }]],
    ['name without English', (p) => ({ ...p, name: { 'zh-CN': '剧本', en: '' } }), [{ field: 'name.en', message: 'must not be empty' }]],
    ['name missing', (p) => ({ ...p, name: undefined }), [{ field: 'name', message: 'must have zh-CN and en text' }]],
    ['description not text', (p) => ({ ...p, description: { 'zh-CN': 1, en: 'x' } }), [{ field: 'description.zh-CN', message: 'must be text' }]],
    ['tasks not a list', (p) => ({ ...p, tasks: {} }), [{ field: 'tasks', message: 'must be a list' }]],
    ['duplicate task key', (p) => ({ ...p, tasks: [task({}), task({})] }), [{ field: 'tasks[1].key', message: `duplicate key "${copy().tasks[0].key}"` }]],
    ['empty task key', (p) => ({ ...p, tasks: [task({ key: '' })] }), [{ field: 'tasks[0].key', message: 'must not be empty' }]],
    ['unknown phase', (p) => ({ ...p, tasks: [task({ phase: 'closed' })] }), [{ field: 'tasks[0].phase', message: 'must be one of: triage, responding, recovering, investigating, follow_up' }]],
    ['title without Chinese', (p) => ({ ...p, tasks: [task({ title: { 'zh-CN': '', en: 'Confirm' } })] }), [{ field: 'tasks[0].title.zh-CN', message: 'must not be empty' }]],
    ['title missing', (p) => ({ ...p, tasks: [task({ title: null })] }), [{ field: 'tasks[0].title', message: 'must have zh-CN and en text' }]],
    ['required not a boolean', (p) => ({ ...p, tasks: [task({ required: 'yes' })] }), [{ field: 'tasks[0].required', message: 'must be true or false' }]],
    ['negative due hours', (p) => ({ ...p, tasks: [task({ dueHours: -2 })] }), [{ field: 'tasks[0].dueHours', message: 'must be a non-negative number of hours' }]],
    ['due hours as text', (p) => ({ ...p, tasks: [task({ dueHours: '2' })] }), [{ field: 'tasks[0].dueHours', message: 'must be a non-negative number of hours' }]],
    ['section not text', (p) => ({ ...p, tasks: [task({ section: 1 })] }), [{ field: 'tasks[0].section', message: 'must be text' }]],
    ['task not an object', (p) => ({ ...p, tasks: [task({}), 'x'] }), [{ field: 'tasks[1]', message: 'must be an object' }]],
  ])('%s', (_name, edit, problems) => {
    expect(validatePlaybook(edit(copy()))).toEqual(problems);
  });

  it('reports problems in several tasks at once', () => {
    const p = { ...copy(), tasks: [task({ key: 'a', phase: 'x' }), task({ key: 'a', title: { 'zh-CN': '甲', en: ' ' } })] };
    expect(validatePlaybook(p).map((e) => e.field)).toEqual(['tasks[0].phase', 'tasks[1].key', 'tasks[1].title.en']);
  });
});

describe('default team roles of playbook tasks', () => {
  it('the built-in playbook gives each role of the procedure its tasks, and only known roles', () => {
    const roles = new Set(BUILT_IN_PLAYBOOK.tasks.map((t) => t.role).filter(Boolean));
    expect([...roles].sort()).toEqual(['client_contact', 'it', 'lead', 'legal', 'pr']);
    expect(BUILT_IN_PLAYBOOK.tasks.find((t) => t.key === 'respond.legal_advice')!.role).toBe('legal');
    expect(validatePlaybook(BUILT_IN_PLAYBOOK)).toEqual([]);
  });

  it('a firm\'s copy may name a role only of the team', () => {
    const copy = { ...BUILT_IN_PLAYBOOK, tasks: [{ ...BUILT_IN_PLAYBOOK.tasks[0], role: 'janitor' }] };
    expect(validatePlaybook(copy)).toEqual([{ field: 'tasks[0].role', message: 'must be one of: lead, it, legal, pr, client_contact' }]);
  });

  it('goes to the lead for lead tasks, else to the first team member of the role who is a user', () => {
    const incident = { leadId: 'L', team: [{ userId: null, role: 'it' }, { userId: 'I', role: 'it' }, { userId: 'P', role: 'pr' }] };
    expect(assigneeForRole('lead', incident)).toBe('L');
    expect(assigneeForRole('it', incident)).toBe('I');
    expect(assigneeForRole('legal', incident)).toBeNull();
    expect(assigneeForRole(undefined, incident)).toBeNull();
    expect(assigneeForRole('lead', { leadId: null, team: [{ userId: 'X', role: 'lead' }] })).toBe('X');
  });
});

describe('procedure references', () => {
  it.each([
    ['一', 1], ['九', 9], ['十', 10], ['十一', 11], ['十六', 16], ['二十', 20], ['二十三', 23], ['', null], ['十十', null], ['abc', null], ['一二', null],
  ])('chineseNumeral(%j) is %j', (text, n) => {
    expect(chineseNumeral(text as string)).toBe(n);
  });

  it('reads in Arabic numerals in English, as written in Chinese', () => {
    expect(sectionLabel('六.1', 'en')).toBe('6.1');
    expect(sectionLabel('二十.3', 'en')).toBe('20.3');
    expect(sectionLabel('六.1', 'zh-CN')).toBe('六.1');
    expect(sectionLabel(null, 'en')).toBe('');
    expect(sectionLabel('A.1', 'en')).toBe('A.1');
  });

  it('every built-in task has an English reference without Chinese characters', () => {
    for (const t of BUILT_IN_PLAYBOOK.tasks) expect(sectionLabel(t.section, 'en')).toMatch(/^\d+\.[1-4]$/);
  });
});

