import { ACCESS_RULES, canAccess, type Action } from './access';
import {
  allowedCommunicationTransitions,
  canAcknowledge,
  checkApproval,
  checkCommunicationTransition,
  COMMUNICATION_AUDIENCES,
  COMMUNICATION_CHANNELS,
  COMMUNICATION_DIRECTIONS,
  COMMUNICATION_STATUSES,
  communicationMovesFor,
  initialCommunicationStatus,
  isCommunicationEditable,
  obligationAudienceFor,
  type CommunicationStatus,
} from './communications';
import {
  BUILT_IN_COMMUNICATION_TEMPLATES,
  fillPlaceholders,
  missingMarker,
  placeholderValues,
  renderTemplate,
  templatePrompts,
  templateServes,
  unfilledPlaceholders,
  TEMPLATE_PLACEHOLDERS,
  unknownPlaceholders,
  validateTemplateTexts,
  type TemplateContext,
} from './communication-templates';
import { ROLES, type Role } from './enums';
import { ENUM_LABELS } from './labels';

describe('communication enumerations', () => {
  it('has the values of the issue', () => {
    expect(COMMUNICATION_AUDIENCES).toEqual(['internal', 'client', 'partner', 'regulator', 'media', 'public', 'affected_individuals']);
    expect(COMMUNICATION_CHANNELS).toEqual(['email', 'phone', 'meeting', 'letter', 'sms', 'wechat', 'portal', 'press_release', 'other']);
    expect(COMMUNICATION_DIRECTIONS).toEqual(['outbound', 'inbound']);
    expect(COMMUNICATION_STATUSES).toEqual(['draft', 'in_review', 'approved', 'sent', 'received']);
  });

  it.each<[string, readonly string[]]>([
    ['communicationAudience', COMMUNICATION_AUDIENCES],
    ['communicationChannel', COMMUNICATION_CHANNELS],
    ['communicationDirection', COMMUNICATION_DIRECTIONS],
    ['communicationStatus', COMMUNICATION_STATUSES],
  ])('labels every %s value in both languages, and nothing else', (kind, values) => {
    expect(Object.keys(ENUM_LABELS[kind]).sort()).toEqual([...values].sort());
    for (const v of values) {
      expect(ENUM_LABELS[kind][v]['zh-CN'].trim()).not.toBe('');
      expect(ENUM_LABELS[kind][v].en.trim()).not.toBe('');
    }
  });
});

describe('communication flow', () => {
  const table: [CommunicationStatus, CommunicationStatus, boolean][] = [];
  const expected: Record<CommunicationStatus, CommunicationStatus[]> = {
    draft: ['in_review'],
    in_review: ['approved', 'draft'],
    approved: ['sent'],
    sent: [],
    received: [],
  };
  for (const from of COMMUNICATION_STATUSES) for (const to of COMMUNICATION_STATUSES) table.push([from, to, expected[from].includes(to)]);

  it.each(table)('outbound %s → %s allowed: %s', (from, to, ok) => {
    const check = checkCommunicationTransition({ from, to, direction: 'outbound' });
    expect(check.ok).toBe(ok);
    if (!check.ok) expect(check.allowed).toEqual(expected[from]);
  });

  it('never moves an inbound communication', () => {
    for (const from of COMMUNICATION_STATUSES) {
      expect(allowedCommunicationTransitions(from, 'inbound')).toEqual([]);
      for (const to of COMMUNICATION_STATUSES) expect(checkCommunicationTransition({ from, to, direction: 'inbound' })).toEqual({ ok: false, allowed: [] });
    }
  });

  it('starts outbound ones as drafts and inbound ones as received', () => {
    expect(initialCommunicationStatus('outbound')).toBe('draft');
    expect(initialCommunicationStatus('inbound')).toBe('received');
  });

  it('lets drafts and received records be edited, nothing in review, approved or sent', () => {
    expect(COMMUNICATION_STATUSES.filter(isCommunicationEditable)).toEqual(['draft', 'received']);
  });

  it('returns a copy of the allowed moves', () => {
    allowedCommunicationTransitions('draft', 'outbound').push('sent');
    expect(allowedCommunicationTransitions('draft', 'outbound')).toEqual(['in_review']);
  });

  it('maps audiences to the obligations they can fulfil', () => {
    expect(COMMUNICATION_AUDIENCES.map((a) => [a, obligationAudienceFor(a)])).toEqual([
      ['internal', null], ['client', null], ['partner', null], ['regulator', 'regulator'], ['media', null], ['public', null],
      ['affected_individuals', 'affected_individuals'],
    ]);
  });

  it('lets a client acknowledge a sent, client-visible communication once', () => {
    expect(canAcknowledge({ status: 'sent', clientVisible: true, acknowledgedAt: null })).toBe(true);
    expect(canAcknowledge({ status: 'sent', clientVisible: true, acknowledgedAt: '2026-01-01T00:00:00Z' })).toBe(false);
    expect(canAcknowledge({ status: 'sent', clientVisible: false, acknowledgedAt: null })).toBe(false);
    for (const s of ['draft', 'in_review', 'approved', 'received']) expect(canAcknowledge({ status: s, clientVisible: true, acknowledgedAt: null })).toBe(false);
  });
});

describe('who may approve', () => {
  const AUTHOR = 'u-author';
  const SUBMITTER = 'u-submitter';
  const LEGAL = 'u-legal';
  const OTHER = 'u-other';
  const team = [
    { userId: LEGAL, role: 'legal' },
    { userId: OTHER, role: 'it' },
    { userId: null, role: 'legal' },
  ];
  const check = (approver: { id: string; role: Role }, audience: string, extra: Partial<{ status: string; direction: string; team: typeof team }> = {}) =>
    checkApproval({
      approver,
      communication: { status: extra.status ?? 'in_review', direction: extra.direction ?? 'outbound', audience, createdById: AUTHOR, submittedById: SUBMITTER },
      team: extra.team ?? team,
    });

  // approver, audience, expected
  const rows: [string, { id: string; role: Role }, string, string][] = [];
  for (const audience of COMMUNICATION_AUDIENCES) {
    const restricted = audience === 'regulator' || audience === 'media';
    rows.push(['manager', { id: 'u-manager', role: 'manager' }, audience, 'ok']);
    rows.push(['a consultant', { id: OTHER, role: 'consultant' }, audience, restricted ? 'needs_manager_or_legal' : 'ok']);
    rows.push(["the incident's legal member", { id: LEGAL, role: 'consultant' }, audience, 'ok']);
    rows.push(['the author (a manager)', { id: AUTHOR, role: 'manager' }, audience, 'own_communication']);
    rows.push(['the author (a consultant)', { id: AUTHOR, role: 'consultant' }, audience, 'own_communication']);
    rows.push(['who submitted it (a manager)', { id: SUBMITTER, role: 'manager' }, audience, 'own_communication']);
    rows.push(['a client admin', { id: 'u-client', role: 'client_admin' }, audience, 'not_staff']);
  }

  it.each(rows)('%s, audience %s → %s', (_who, approver, audience, expected) => {
    const r = check(approver, audience);
    expect(r.ok ? 'ok' : r.reason).toBe(expected);
  });

  it('does not take a legal member of another role, nor a legal entry without a user, as the legal member', () => {
    expect(check({ id: OTHER, role: 'consultant' }, 'media')).toEqual({ ok: false, reason: 'needs_manager_or_legal' });
    expect(check({ id: LEGAL, role: 'consultant' }, 'regulator', { team: [{ userId: LEGAL, role: 'pr' }] })).toEqual({ ok: false, reason: 'needs_manager_or_legal' });
    expect(check({ id: LEGAL, role: 'consultant' }, 'regulator', { team: [] })).toEqual({ ok: false, reason: 'needs_manager_or_legal' });
  });

  it('approves only communications in review, and never inbound ones', () => {
    for (const status of ['draft', 'approved', 'sent', 'received']) expect(check({ id: 'm', role: 'manager' }, 'client', { status })).toEqual({ ok: false, reason: 'not_in_review' });
    expect(check({ id: 'm', role: 'manager' }, 'client', { direction: 'inbound' })).toEqual({ ok: false, reason: 'not_in_review' });
  });

  it('offers the approve move only to who may approve', () => {
    const c = { status: 'in_review', direction: 'outbound', audience: 'regulator', createdById: AUTHOR, submittedById: AUTHOR };
    expect(communicationMovesFor({ approver: { id: 'm', role: 'manager' }, communication: c, team })).toEqual(['approved', 'draft']);
    expect(communicationMovesFor({ approver: { id: OTHER, role: 'consultant' }, communication: c, team })).toEqual(['draft']);
    expect(communicationMovesFor({ approver: { id: AUTHOR, role: 'manager' }, communication: c, team })).toEqual(['draft']);
    expect(communicationMovesFor({ approver: { id: 'x', role: 'client_admin' }, communication: c, team })).toEqual([]);
    expect(communicationMovesFor({ approver: { id: AUTHOR, role: 'consultant' }, communication: { ...c, status: 'approved' }, team })).toEqual(['sent']);
  });
});

describe('communication access rules', () => {
  const ACTIONS: Action[] = [...new Set<Action>(Object.values(ACCESS_RULES).flatMap((r) => Object.values(r).flat() as Action[]))];
  const ALLOWED: Record<Role, Record<'communications' | 'communication-templates', Action[]>> = {
    manager: { communications: ['list', 'show', 'create', 'edit', 'transition', 'export'], 'communication-templates': ['list', 'show', 'create', 'edit', 'delete'] },
    consultant: { communications: ['list', 'show', 'create', 'edit', 'transition', 'export'], 'communication-templates': ['list', 'show'] },
    client_admin: { communications: ['list', 'show', 'acknowledge'], 'communication-templates': [] },
  };
  const rows: [Role, string, Action, boolean][] = [];
  for (const role of ROLES) {
    for (const resource of ['communications', 'communication-templates'] as const) {
      for (const action of ACTIONS) rows.push([role, resource, action, ALLOWED[role][resource].includes(action)]);
    }
  }
  it.each(rows)('%s %s %s → %s', (role, resource, action, allowed) => expect(canAccess(role, resource, action)).toBe(allowed));
  it('lets nobody delete a communication, and only client admins acknowledge', () => {
    for (const role of ROLES) expect(canAccess(role, 'communications', 'delete')).toBe(false);
    expect(ROLES.filter((r) => canAccess(r, 'communications', 'acknowledge'))).toEqual(['client_admin']);
  });
});

describe('templates', () => {
  const ctx: TemplateContext = {
    incident: {
      reference: 'INC-2026-0042',
      title: '客户数据泄露',
      description: '对象存储桶可被公开访问',
      category: 'data_security',
      nature: 'system_vulnerability',
      grade: 'relatively_major',
      status: 'responding',
      detectedAt: '2026-03-01T06:30:00.000Z',
      reportedAt: '2026-03-01T07:00:00.000Z',
      containedAt: null,
      resolvedAt: null,
      dataCategories: ['姓名', '手机号'],
      affectedSystems: ['对象存储'],
      peopleAffected: 5200,
      recordsAffected: null,
      businessImpact: null,
      personalInfoInvolved: true,
      sensitivePersonalInfoInvolved: false,
    },
    client: { name: '上海浦江智联科技有限公司', creditCode: '91310115MA1K4PJ2XX', contact: { name: '张伟', title: '信息安全负责人', phone: '021-5080 1234', email: 'zhang.wei@pujiang.example' } },
    firm: { name: '申信企业服务' },
    author: { name: '陈磊' },
    timeZone: 'Asia/Shanghai',
    now: '2026-03-02T01:00:00.000Z',
  };

  it('fills placeholders from the facts in the firm time zone and the language', () => {
    const zh = placeholderValues(ctx, 'zh-CN');
    expect(zh['incident.reference']).toBe('INC-2026-0042');
    expect(zh['incident.detectedAt']).toContain('2026年3月1日');
    expect(zh['incident.detectedAt']).toContain('14:30'); // 06:30 UTC is 14:30 in Shanghai
    expect(zh['incident.dataCategories']).toBe('姓名、手机号');
    expect(zh['incident.category']).toBe('数据安全事件');
    expect(zh['incident.grade']).toBe('较大');
    expect(zh['incident.peopleAffected']).toBe('5,200');
    expect(zh['incident.personalInfoInvolved']).toBe('是');
    expect(zh['incident.sensitivePersonalInfoInvolved']).toBe('否');
    expect(zh['client.contactName']).toBe('张伟');
    expect(zh.today).toBe('2026年3月2日');
    const en = placeholderValues(ctx, 'en');
    expect(en['incident.dataCategories']).toBe('姓名, 手机号');
    expect(en['incident.category']).toBe('Data security');
    expect(en['incident.detectedAt']).toMatch(/1 Mar 2026|Mar 1, 2026/);
    expect(en['incident.detectedAt']).toContain('14:30');
    expect(en['incident.personalInfoInvolved']).toBe('Yes');
    // unknown facts are null
    expect(en['incident.recordsAffected']).toBeNull();
    expect(en['incident.containedAt']).toBeNull();
    expect(en['incident.businessImpact']).toBeNull();
  });

  it('knows a value (possibly null) for every placeholder it documents, and nothing else', () => {
    expect(Object.keys(placeholderValues(ctx, 'en')).sort()).toEqual(Object.keys(TEMPLATE_PLACEHOLDERS).sort());
  });

  it('marks unknown facts for the author and leaves unknown placeholders alone', () => {
    const values = placeholderValues(ctx, 'zh-CN');
    const r = fillPlaceholders('编号 {{ incident.reference }}；记录 {{incident.recordsAffected}}；{{incident.secret}}；{{incident.reference}}', values, 'zh-CN');
    expect(r.text).toBe(`编号 INC-2026-0042；记录 ${missingMarker('incident.recordsAffected', 'zh-CN')}；{{incident.secret}}；INC-2026-0042`);
    expect(r.missing).toEqual(['incident.recordsAffected']);
    expect(r.unknown).toEqual(['incident.secret']);
    expect(missingMarker('incident.recordsAffected', 'zh-CN')).toBe('〔待补充：涉及记录数〕');
    expect(missingMarker('incident.recordsAffected', 'en')).toBe('[to be completed: Records affected]');
  });

  it('does not resolve prototype keys as placeholders', () => {
    const r = fillPlaceholders('{{constructor}} {{toString}}', placeholderValues(ctx, 'en'), 'en');
    expect(r.text).toBe('{{constructor}} {{toString}}');
    expect(r.unknown).toEqual(['constructor', 'toString']);
  });

  it('marks every incident fact as missing when there is no incident', () => {
    const r = renderTemplate({ subject: { 'zh-CN': '{{incident.reference}} {{client.name}}', en: '' }, body: { 'zh-CN': '{{incident.title}}', en: '' } }, { ...ctx, incident: null }, 'zh-CN');
    expect(r.subject).toBe('〔待补充：事件编号〕 上海浦江智联科技有限公司');
    expect(r.missing.sort()).toEqual(['incident.reference', 'incident.title']);
  });

  it('provides the built-in templates the issue asks for, in both languages, with known placeholders only', () => {
    const keys = BUILT_IN_COMMUNICATION_TEMPLATES.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['pipl_regulator_notice', 'pipl_individuals_notice', 'client_update']));
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of BUILT_IN_COMMUNICATION_TEMPLATES) {
      expect({ key: t.key, problems: validateTemplateTexts(t) }).toEqual({ key: t.key, problems: [] });
      expect(COMMUNICATION_AUDIENCES).toContain(t.audience);
      expect(COMMUNICATION_CHANNELS).toContain(t.channel);
    }
    expect(BUILT_IN_COMMUNICATION_TEMPLATES.find((t) => t.key === 'pipl_individuals_notice')!.audience).toBe('affected_individuals');
    expect(BUILT_IN_COMMUNICATION_TEMPLATES.find((t) => t.key === 'client_update')!.audience).toBe('client');
  });

  it('has a regulator notice holding what PIPL Art. 57 requires', () => {
    const t = BUILT_IN_COMMUNICATION_TEMPLATES.find((x) => x.key === 'pipl_regulator_notice')!;
    expect(t.audience).toBe('regulator');
    const zh = renderTemplate(t, ctx, 'zh-CN');
    // data types, cause, possible harm, remedies, what individuals can do, contact
    expect(zh.body).toContain('姓名、手机号');
    for (const part of ['个人信息种类', '原因', '可能造成的危害', '补救措施', '个人可以采取的减轻危害的措施', '联系方式']) expect(zh.body).toContain(part);
    expect(zh.body).toContain('021-5080 1234');
    expect(zh.body).toContain('第五十七条');
    expect(zh.subject).toBe('关于上海浦江智联科技有限公司个人信息安全事件的报告（INC-2026-0042）');
    expect(zh.missing.sort()).toEqual(['incident.businessImpact', 'incident.recordsAffected']);
    const en = renderTemplate(t, ctx, 'en');
    for (const part of ['Types of personal information', 'Cause', 'Possible harm', 'Remedies taken', 'What individuals can do', 'Contact']) expect(en.body).toContain(part);
    expect(en.body).not.toMatch(/\{\{/);
  });

  it('validates template texts: both languages required, placeholders known', () => {
    expect(validateTemplateTexts({ subject: { 'zh-CN': '{{incident.reference}}', en: '' }, body: { 'zh-CN': '{{incident.oops}}', en: 'ok' } })).toEqual([
      { field: 'subject.en', message: 'is required' },
      { field: 'body.zh-CN', message: 'unknown placeholder {{incident.oops}}' },
    ]);
    expect(unknownPlaceholders('{{a.b}} {{today}} {{ a.b }}')).toEqual(['a.b']);
  });
});

describe('unfilled placeholders (a notice cannot be approved or sent half-written)', () => {
  const prc = BUILT_IN_COMMUNICATION_TEMPLATES.find((t) => t.key === 'prc_incident_report')!;

  it('finds 【…】 prompts, 〔待补充：…〕 markers, raw {{placeholders}} and the template\'s own English prompts, in order, once each', () => {
    const text = '事件类型：〔待补充：事件类型〕\n措施：【请填写】\n趋势：【请填写】\n{{incident.title}}\nNext: [fill in] and [to be completed: Grade]';
    expect(unfilledPlaceholders(text, templatePrompts(prc))).toEqual(['〔待补充：事件类型〕', '【请填写】', '{{incident.title}}', '[fill in]', '[to be completed: Grade]']);
  });

  it('a filled text has none; square brackets that are not the template\'s prompts are the author\'s own', () => {
    expect(unfilledPlaceholders('已封堵漏洞 [1]，赎金：不适用', templatePrompts(prc))).toEqual([]);
  });

  it('the regulator template asks for every item of Measures Art. 7, the ransom and the scene among them', () => {
    const zh = prc.body['zh-CN'];
    for (const item of ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）', '（七）', '（八）', '赎金的金额', '方式', '日期', '攻击者信息、攻击路径、存在的漏洞', '请求支援事项', '现场保护情况']) {
      expect(zh).toContain(item);
    }
    expect(zh).toContain('《国家网络安全事件报告管理办法》');
    expect(prc.body.en).toContain('ransom');
    expect(validateTemplateTexts(prc)).toEqual([]);
  });
});

describe('which obligations a template serves', () => {
  it('a built-in template its own rules; a firm template every rule of its audience; a client update none', () => {
    expect(templateServes({ key: 'prc_incident_report', audience: 'regulator' })).toEqual(['prc_incident_report', 'prc_summary_report']);
    expect(templateServes({ key: 'pipl_individuals_notice', audience: 'affected_individuals' })).toEqual(['pipl_notify_individuals', 'dsl_notify_users']);
    expect(templateServes({ key: 'custom-1', audience: 'affected_individuals' })).toEqual(['dsl_notify_users', 'pipl_notify_individuals', 'gdpr_art34_individuals']);
    expect(templateServes({ key: 'client_update', audience: 'client' })).toEqual([]);
  });
});
