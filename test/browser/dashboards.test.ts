import { addDays, OPEN_OBLIGATION_STATUSES, OPEN_TASK_STATUSES, todayIn, type ServiceReport, type ServiceReportTrends } from '@incident-desk/shared';
import '../support/locator-matchers';
import { apiAs as apiAsUser, browserSuite, signIn } from '../support/browser';

/**
 * The dashboards in Chromium against the real server with the demo data: each role signs in and sees its own,
 * with the figures the API gives (checked here against the API), real charts (svg) and live countdowns; the
 * English switch changes the charts' labels.
 */
describe('dashboards (browser)', () => {
  const s = browserSuite('browser_dashboards', { context: { viewport: { width: 1400, height: 1000 } } });

  /** The API as one of the demo users (from the test, not the browser). */
  const apiAs = (email: string) => apiAsUser(s.server.url, email);

  /** a pattern that matches any text but this one (the clock moved on) */
  const other = (text: string | null) => new RegExp(`^(?!${(text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)`);
  const chip = (testId: string) => s.page.locator(`[data-testid="${testId}"]`);
  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

  it('shows a consultant their open incidents by phase, the next 24 hours of deadlines ticking, what is overdue and trainings coming due', async () => {
    const api = await apiAs('consultant@demo.test');
    // a new incident with personal information, detected 90 minutes ago: its PIPL clocks fall due within 24 hours
    const [pujiang] = (await api.list<{ id: string; name: string }>('clients', { q: '浦江' })).body;
    const incident = await api.post<{ id: string; reference: string }>('/incidents', {
      clientId: pujiang.id, title: '仪表盘测试：会员信息外泄', detectedAt: hoursFromNow(-1.5), personalInfoInvolved: true,
    });
    const [pipl] = (await api.list<{ id: string; dueAt: string }>('obligations', { incidentId: incident.id, rule: 'pipl_notify_authority' })).body;
    expect(Date.parse(pipl.dueAt)).toBeGreaterThan(Date.now());

    // what the server says, right before the page asks
    const mine = await api.list('incidents', { leadId: api.userId, open: true }, [0, 0]);
    const responding = await api.list('incidents', { leadId: api.userId, status: 'responding' }, [0, 0]);
    const triage = await api.list('incidents', { leadId: api.userId, status: 'triage' }, [0, 0]);
    const deadlines = await api.list('obligations', { status: ['pending', 'overdue'], dueAt_lte: hoursFromNow(24) }, [0, 0]);
    const tasks = await api.list('tasks', { status: ['todo', 'doing'], dueAt_lte: new Date().toISOString() }, [0, 0]);
    const actions = await api.list('actions', { overdue: true }, [0, 0]);
    const dueSoon = await api.list('trainings', { due: 'next30' }, [0, 0]);
    const overdueTrainings = await api.list('trainings', { due: 'overdue' }, [0, 0]);
    expect(mine.total).toBeGreaterThanOrEqual(4); // the demo's three plus the new one
    expect(tasks.total).toBeGreaterThan(0);
    expect(actions.total).toBeGreaterThan(0);

    const asked: string[] = [];
    s.page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith('/api/')) asked.push(`${url.pathname} ${url.searchParams.get('filter') ?? ''}`);
    });
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await expect(chip('dashboard-consultant')).toBeVisible({ timeout: 20000 });
    await expect(chip('dashboard-manager')).toHaveCount(0);
    await expect(chip('dashboard-client')).toHaveCount(0);

    // my open incidents by phase: the totals and a real chart
    await expect(chip('my-open-incidents')).toHaveAttribute('data-count', String(mine.total));
    await expect(chip('phase-count-responding')).toHaveAttribute('data-count', String(responding.total));
    await expect(chip('phase-count-triage')).toHaveAttribute('data-count', String(triage.total));
    const phaseChart = s.page.locator('[data-testid="chart-my-incidents-by-phase"] svg');
    await expect(phaseChart.first()).toBeVisible();
    expect(await s.page.locator('[data-testid="chart-my-incidents-by-phase"] svg text').allTextContents()).toEqual(expect.arrayContaining(['应急响应', '研判中']));

    // deadlines in the next 24 hours (and overdue ones), with countdowns that run
    await expect(chip('deadlines-count')).toHaveAttribute('data-count', String(deadlines.total));
    // asked for with the sign-in's answer (dashboard/firstScreen.ts), once: the cards find them under their own keys
    await expect(s.page.locator('[data-testid="my-work-tasks"]')).not.toHaveAttribute('data-count', '');
    const myTasks = `/api/tasks ${JSON.stringify({ assigneeId: api.userId, status: OPEN_TASK_STATUSES })}`;
    expect(asked.filter((a) => a === myTasks)).toHaveLength(1);
    expect(asked.filter((a) => a.startsWith('/api/obligations ') && a.includes('"dueAt_lte"'))).toHaveLength(1);
    // the card shows the server's first ten, soonest first (overdue ones first: the demo's firm breach has some), and
    // the new incident's clock when it is among them
    const firstTen = (await api.list<{ id: string; dueAt: string }>('obligations', { status: ['pending', 'overdue'], dueAt_lte: hoursFromNow(24) }, [0, 9])).body;
    const lines = s.page.locator('[data-testid="dashboard-deadlines"] [data-testid="deadline"]');
    await expect(lines).toHaveCount(firstTen.length);
    expect(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-obligation-id')))).toEqual(firstTen.map((o) => o.id));
    const runningOne = firstTen.find((o) => o.id === pipl.id) ?? firstTen.find((o) => Date.parse(o.dueAt) > Date.now() + 60_000);
    expect(runningOne).toBeDefined();
    const line = s.page.locator(`[data-testid="deadline"][data-obligation-id="${runningOne!.id}"]`);
    await expect(line).toBeVisible();
    const countdown = line.locator('[data-testid="countdown"]');
    await expect(countdown).toHaveAttribute('data-overdue', 'false');
    if (runningOne!.id === pipl.id) {
      await expect(line.locator('[data-testid="incident-link"]')).toHaveText(incident.reference);
      await expect(countdown).toHaveText(/^2[12]小时\d{2}分 \d{2}秒$/);
    }
    const first = await countdown.textContent();
    await s.page.waitForTimeout(1500);
    await expect(countdown).toHaveText(other(first));
    await expect(s.page.locator('[data-testid="deadline"][data-status="overdue"] [data-testid="countdown"]')).toHaveAttribute('data-overdue', 'true');

    // overdue tasks and actions, trainings coming due and overdue: the server's totals
    await expect(chip('overdue-tasks-count')).toHaveAttribute('data-count', String(tasks.total));
    await expect(s.page.locator('[data-testid="overdue-task"]')).toHaveCount(Math.min(tasks.total, 6));
    await expect(chip('overdue-actions-count')).toHaveAttribute('data-count', String(actions.total));
    await expect(chip('trainings-due-count')).toHaveAttribute('data-count', String(dueSoon.total));
    await expect(chip('trainings-overdue-count')).toHaveAttribute('data-count', String(overdueTrainings.total));
    await expect(s.page.locator('[data-testid="training-due"]').first()).toContainText('年度全员网络安全意识培训');
  });

  it('shows a client admin their company\'s open cases, deadlines, communications to acknowledge and training status', async () => {
    const api = await apiAs('client-admin@demo.test');
    const open = await api.list('incidents', { open: true }, [0, 0]);
    const deadlines = await api.list('obligations', { status: ['pending', 'overdue'] }, [0, 0]);
    const comms = await api.list<{ id: string; acknowledgedAt: string | null }>('communications', {}, [0, 99]);
    const trainings = await api.list('trainings', {}, [0, 0]);
    expect(open.total).toBeGreaterThan(0);
    expect(deadlines.total).toBeGreaterThan(0);

    await signIn(s.page, s.server.url, 'client-admin@demo.test');
    await expect(s.page.locator('[data-testid="dashboard-company"]')).toHaveText('上海浦江智联科技有限公司');
    await expect(chip('dashboard-client')).toBeVisible({ timeout: 20000 });
    await expect(chip('dashboard-consultant')).toHaveCount(0);
    await expect(chip('dashboard-manager')).toHaveCount(0);

    await expect(chip('open-cases-count')).toHaveAttribute('data-count', String(open.total));
    await expect(s.page.locator('[data-testid="open-case"]')).toHaveCount(Math.min(open.total, 8));
    await expect(chip('deadlines-count')).toHaveAttribute('data-count', String(deadlines.total));
    // a clock with time left ticks; an overdue one says by how long, in words ("已超时 6小时0分", not "-0d 06h 00m 12s")
    const clocks = s.page.locator('[data-testid="deadline"] [data-testid="countdown"]');
    await expect(clocks.first()).toBeVisible();
    const running = s.page.locator('[data-testid="deadline"] [data-testid="countdown"][data-overdue="false"]');
    const late = s.page.locator('[data-testid="deadline"] [data-testid="countdown"][data-overdue="true"]');
    expect((await running.count()) + (await late.count())).toBe(await clocks.count());
    if (await running.count()) {
      const before = await running.first().textContent();
      await s.page.waitForTimeout(1500);
      await expect(running.first()).toHaveText(other(before));
    }
    for (const text of await late.allTextContents()) expect(text).toMatch(/^已超时 (\d+天\d+小时|\d+小时\d+分|\d+分钟)$/);
    await expect(chip('trainings-count')).toHaveAttribute('data-count', String(trainings.total));
    await expect(s.page.locator('[data-testid="training-due-status"]').first()).toBeVisible();

    // a communication not yet acknowledged: acknowledged from the dashboard
    await expect(chip('communications-count')).toHaveAttribute('data-count', String(comms.total));
    const pending = comms.body.find((c) => !c.acknowledgedAt)!;
    expect(pending).toBeDefined();
    const row = s.page.locator(`[data-testid="recent-communication"][data-id="${pending.id}"]`);
    await row.locator('[data-testid="comm-acknowledge"]').click();
    await expect(row.locator('[data-testid="comm-acknowledge"]')).toHaveCount(0);
    await expect(row).toContainText('已于');
    expect((await api.get<{ acknowledgedAt: string | null }>(`/communications/${pending.id}`)).acknowledgedAt).not.toBeNull();
  });

  it('shows a manager the firm\'s KPIs, 12 months of trends as charts, clients with overdue obligations and workload; English changes the chart labels', async () => {
    const api = await apiAs('manager@demo.test');
    const today = todayIn('Asia/Shanghai');
    const report = await api.get<ServiceReport>(`/reports/service?${new URLSearchParams({ from: addDays(today, -29), to: today })}`);
    const overdueClients = await api.list('clients', { overdueObligations: true }, [0, 0]);
    expect(report.incidents.opened).toBeGreaterThan(0);
    expect(report.workload?.length).toBeGreaterThan(0);
    expect(overdueClients.total).toBeGreaterThan(0);

    // the report requests the dashboard makes: one report of the last 30 days, one of the trends (not one per month)
    const reportRequests: string[] = [];
    const apiRequests: string[] = [];
    // each API request as path and filter (what tells the dashboard's requests apart)
    const asked: string[] = [];
    s.page.on('request', (req) => {
      const url = new URL(req.url());
      const path = url.pathname;
      if (path.startsWith('/api/reports/service')) reportRequests.push(path);
      if (path.startsWith('/api/')) apiRequests.push(path);
      if (path.startsWith('/api/')) asked.push(`${path} ${url.searchParams.get('filter') ?? ''}`);
    });
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await expect(chip('dashboard-manager')).toBeVisible({ timeout: 20000 });
    await expect(chip('dashboard-consultant')).toHaveCount(0);

    // the KPIs are the report's figures for the last 30 days
    await expect(chip('kpi-opened')).toHaveAttribute('data-value', String(report.incidents.opened), { timeout: 20000 });
    await expect(chip('kpi-closed')).toHaveAttribute('data-value', String(report.incidents.closed));
    await expect(chip('kpi-open')).toHaveAttribute('data-value', String(report.incidents.openAtEnd));
    await expect(chip('kpi-median-acknowledge')).toHaveAttribute('data-value', String(report.responseTimes.acknowledge.medianHours ?? ''));
    await expect(chip('kpi-obligations-on-time')).toHaveAttribute('data-value', String(report.obligations.total.onTimeRate ?? ''));
    await expect(chip('kpi-sla-compliance')).toHaveAttribute('data-value', String(report.sla.total.onTimeRate ?? ''));

    // real charts: svg with bars and lines, labels in Chinese
    const byMonth = s.page.locator('[data-testid="chart-incidents-by-month"]');
    await expect(byMonth.locator('svg').first()).toBeVisible({ timeout: 20000 });
    await expect(s.page.locator('[data-testid="chart-on-time-by-month"] svg').first()).toBeVisible();
    await expect(s.page.locator('[data-testid="chart-response-times-by-month"] svg').first()).toBeVisible();
    await expect(byMonth).toContainText('新增');
    expect((await byMonth.locator('svg text').allTextContents()).some((t) => /\d+月/.test(t))).toBe(true);
    expect(reportRequests.sort()).toEqual(['/api/reports/service', '/api/reports/service/trends']);
    // asked for with the sign-in's answer (dashboard/roles.ts), ahead of the dashboard's own lists, not after its render
    const after = apiRequests.slice(apiRequests.indexOf('/api/auth/login') + 1).filter((p) => !p.startsWith('/api/firm-settings') && !p.startsWith('/api/notifications'));
    expect(after.slice(0, 2).sort()).toEqual(['/api/reports/service', '/api/reports/service/trends']);
    // the bars are the trends' figures for the last 12 months (this one to today)
    const [y, m] = today.split('-').map(Number);
    const first = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
    const trends = await api.get<ServiceReportTrends>(`/reports/service/trends?${new URLSearchParams({ from: first, to: today })}`);
    expect(trends.months).toHaveLength(12);
    expect(trends.months.reduce((n, x) => n + x.incidents.opened, 0)).toBeGreaterThan(0);
    expect(JSON.parse((await byMonth.getAttribute('data-values')) ?? 'null')).toEqual({
      opened: trends.months.map((x) => x.incidents.opened),
      closed: trends.months.map((x) => x.incidents.closed),
    });

    // clients with overdue obligations, consultant workload
    await expect(chip('overdue-clients-count')).toHaveAttribute('data-count', String(overdueClients.total));
    await expect(s.page.locator('[data-testid="workload-row"]')).toHaveCount(report.workload!.length);

    // what the dashboard shows first goes out with the sign-in's answer, before anything the drawn app asks for
    // (dashboard/firstScreen.ts): the reports, "my work"'s five counts, the clients with overdue obligations and the
    // next 24 hours' clocks; and once only: the cards find the answers under their own query keys
    const me = (await api.get<{ id: string }>('/auth/me')).id;
    const firstScreen = [
      '/api/reports/service ',
      '/api/reports/service/trends ',
      `/api/tasks ${JSON.stringify({ assigneeId: me, status: OPEN_TASK_STATUSES })}`,
      `/api/communications ${JSON.stringify({ awaitingMyApproval: true })}`,
      `/api/obligations ${JSON.stringify({ mine: true, status: OPEN_OBLIGATION_STATUSES })}`,
      `/api/incidents ${JSON.stringify({ unacknowledged: true })}`,
      `/api/notification-deliveries ${JSON.stringify({ status: ['failed', 'dead'] })}`,
      `/api/clients ${JSON.stringify({ overdueObligations: true })}`,
    ];
    const signedIn = asked.slice(asked.findIndex((a) => a.startsWith('/api/auth/login')) + 1);
    const nextDay = (a: string) => a.startsWith('/api/obligations ') && a.includes('"dueAt_lte"');
    // the shell's bell asks for its count once the app is drawn: everything of the first screen was asked before it
    const shell = signedIn.findIndex((a) => a.startsWith('/api/notifications '));
    expect(shell).toBeGreaterThan(0);
    const ahead = signedIn.slice(0, shell).filter((a) => !a.startsWith('/api/firm-settings'));
    expect(ahead.filter((a) => !nextDay(a)).sort()).toEqual([...firstScreen].sort());
    expect(ahead.filter(nextDay)).toHaveLength(1);
    for (const a of [...firstScreen, signedIn.find(nextDay)!]) expect(signedIn.filter((x) => x === a)).toHaveLength(1);
    // each overdue client's line shows how many of its obligations are overdue, from the list's own answer (no request per client)
    const line = s.page.locator('[data-testid="overdue-client"]').first();
    const client = await line.getAttribute('data-client-id');
    const ofClient = await api.list('obligations', { clientId: client, overdue: true }, [0, 0]);
    expect(ofClient.total).toBeGreaterThan(0);
    await expect(line).toHaveAttribute('data-count', String(ofClient.total));
    expect(asked.filter((a) => a.startsWith('/api/obligations ') && a.includes('"clientId"'))).toEqual([]);

    // leaving the dashboard ends the sign-in's first screen: back on it, its cards ask the server again
    await s.page.evaluate(() => { window.location.hash = '#/incidents'; });
    await expect(s.page.locator('[data-testid="dashboard-manager"]')).toHaveCount(0);
    const left = asked.length;
    const askedAgain = s.page.waitForRequest((r) => `${new URL(r.url()).pathname} ${new URL(r.url()).searchParams.get('filter') ?? ''}` === firstScreen[2], { timeout: 10000 });
    await s.page.evaluate(() => { window.location.hash = '#/'; });
    await expect(chip('dashboard-manager')).toBeVisible();
    await askedAgain;
    expect(asked.slice(left).filter((a) => a === firstScreen[2])).toHaveLength(1);
    await expect(chip('overdue-clients-count')).toHaveAttribute('data-count', String(overdueClients.total));
    await expect(s.page.locator('[data-testid="chart-consultant-workload"] svg').first()).toBeVisible();

    // English: the charts' labels change
    await s.page.locator('[data-testid="locale-switcher"] button').click();
    await s.page.getByRole('menuitem', { name: 'English' }).click();
    await expect(byMonth).toContainText('Opened');
    await expect(byMonth).toContainText('Closed');
    const months = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
    await expect(byMonth.locator('svg text').filter({ hasText: new RegExp(`^(${months})`) }).first()).toBeVisible();
    expect((await byMonth.textContent()) ?? '').not.toContain('新增');
    await expect(s.page.locator('[data-testid="chart-consultant-workload"]')).toContainText('Open incidents led');
  });
});
