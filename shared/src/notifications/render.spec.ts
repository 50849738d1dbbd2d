import { NOTIFICATION_KINDS } from './kinds';
import { emailContent, NOTIFICATION_MESSAGES, placeholdersOf, recordLink, recordPath, renderNotification, robotMarkdown } from './render';

describe('notification messages', () => {
  it('have every kind in zh-CN and en, with the same placeholders', () => {
    const zh = NOTIFICATION_MESSAGES['zh-CN'];
    const en = NOTIFICATION_MESSAGES.en;
    expect(Object.keys(zh.kinds).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(Object.keys(en.kinds).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    for (const k of NOTIFICATION_KINDS) {
      for (const part of ['title', 'body'] as const) {
        expect({ k, part, p: placeholdersOf(en.kinds[k][part]).sort() }).toEqual({ k, part, p: placeholdersOf(zh.kinds[k][part]).sort() });
        // the text for several at once, where a kind has one, in both languages alike
        expect({ k, part, many: placeholdersOf(en.kinds[k].many?.[part] ?? '').sort() }).toEqual({ k, part, many: placeholdersOf(zh.kinds[k].many?.[part] ?? '').sort() });
      }
    }
    expect(placeholdersOf(en.test.body)).toEqual(placeholdersOf(zh.test.body));
  });

  it('fill the placeholders in the recipient\'s language', () => {
    const params = { rule: 'PRC report', reference: 'INC-2026-0042', left: '30m', incidentTitle: 'Leak', client: 'ACME', due: '10:00' };
    expect(renderNotification('obligation_threshold', params, 'en')).toEqual({
      title: 'PRC report: INC-2026-0042, 30m left',
      body: '"PRC report" for the incident "Leak" (ACME) is due at 10:00: 30m left.',
    });
    expect(renderNotification('obligation_threshold', { ...params, rule: '网络安全事件报告' }, 'zh-CN').title).toBe('网络安全事件报告：INC-2026-0042 剩余 30m');
  });

  it('tell of several tasks at once in one message that lists them, of one task as before', () => {
    const params = { reference: 'INC-2026-0042', client: 'ACME', actor: 'Ann', task: 'Verify', count: 2, list: '- Verify\n- Assess' };
    expect(renderNotification('task_assigned', params, 'en')).toEqual({
      title: '2 new tasks: INC-2026-0042',
      body: 'Ann assigned you 2 tasks of the incident INC-2026-0042 (ACME):\n- Verify\n- Assess',
    });
    expect(renderNotification('task_assigned', { ...params, count: 1, list: '- Verify' }, 'en').title).toBe('New task: Verify');
  });
});

describe('links and formats', () => {
  it('open the record, or the incident it lives on', () => {
    expect(recordPath({ entity: 'incidents', entityId: 'i1', incidentId: 'i1' })).toBe('#/incidents/i1/show');
    expect(recordPath({ entity: 'obligations', entityId: 'o1', incidentId: 'i1' })).toBe('#/incidents/i1/show');
    expect(recordPath({ entity: 'communications', entityId: 'c1', incidentId: 'i1' })).toBe('#/communications/c1/show');
    expect(recordPath({ entity: 'actions', entityId: null, incidentId: null })).toBe(`#/actions?filter=${encodeURIComponent('{"overdue":true}')}`);
    expect(recordLink('https://desk.example/', { entity: 'tasks', entityId: 't', incidentId: 'i' })).toBe('https://desk.example/#/incidents/i/show');
  });

  it('make an e-mail with a plain text and an HTML part, both with the link, HTML escaped', () => {
    const m = emailContent({ title: 'A <b> title', body: 'line 1\nline & 2' }, 'https://desk.example/#/incidents/i/show', 'en');
    expect(m.subject).toBe('A <b> title');
    expect(m.text).toContain('line 1\nline & 2\n\nOpen the record: https://desk.example/#/incidents/i/show');
    expect(m.html).toContain('A &lt;b&gt; title');
    expect(m.html).toContain('line 1<br>line &amp; 2');
    expect(m.html).toContain('<a href="https://desk.example/#/incidents/i/show"');
    expect(emailContent({ title: 't', body: 'b' }, 'https://x/', 'zh-CN').text).toContain('打开记录: https://x/');
  });

  it('make robot markdown with a heading, the body quoted and the link', () => {
    expect(robotMarkdown({ title: 'T', body: 'a\nb' }, 'https://x/#/', 'zh-CN')).toBe('### T\n> a\n> b\n\n[打开记录](https://x/#/)');
  });
});
