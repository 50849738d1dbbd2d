import '../support/locator-matchers';
import { apiAs, browserSuite, signIn } from '../support/browser';

/**
 * A drill run as an exercise (issue 18) in Chromium against the real server with the demo data: a consultant starts it
 * from the drill's page with the scenario, the exercise incident shows its banner and EX- reference, the exercise is
 * run to the end (its phases, grading and report), and the drill's page then shows its times filled in.
 */
describe('drill as an exercise (browser)', () => {
  const s = browserSuite('browser_exercises');

  it('lets a consultant run a drill as an exercise to the end and see the drill\'s times filled in', async () => {
    const api = await apiAs(s.server.url, 'consultant@demo.test');
    const { body: [client] } = await api.list<{ id: string; name: string }>('clients', {}, [0, 0]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const drill = await api.post<{ id: string }>('/trainings', { clientId: client.id, type: 'emergency_drill', title: `演练 ${Date.now() % 100000}`, date: today, status: 'planned' });

    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/trainings/${drill.id}/show`);
    await s.page.locator('[data-testid="training-exercise-scenario"]').fill('模拟客户数据库被勒索软件加密');
    await s.page.locator('[data-testid="training-exercise-start"]').click();
    await s.page.locator('[data-testid="training-exercise-open"]').click();
    await s.page.waitForFunction(() => /#\/incidents\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 30000 });
    await expect(s.page.locator('[data-testid="exercise-banner"]')).toBeVisible();
    await expect(s.page.locator('[data-testid="incident-reference"]')).toHaveText(/^EX-\d{4}-\d{4}$/);

    // the exercise run to the end through the API (its phases, grading and the first report), as the screens would
    const incidentId = decodeURIComponent(/#\/incidents\/([^/]+)\/show/.exec(await s.page.evaluate(() => location.hash))![1]);
    const override = { override: true, reason: '演练' };
    await api.post(`/incidents/${incidentId}/transition`, { to: 'responding', ...override });
    await api.post(`/incidents/${incidentId}/grade`, {
      inputs: { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 200000, personalInfoRecords: 2000000, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
    });
    const { body: [prc] } = await api.list<{ id: string }>('obligations', { incidentId, rule: 'prc_incident_report' });
    await api.post(`/obligations/${prc.id}/fulfil`, { note: '演练中报告' });
    for (const to of ['recovering', 'investigating', 'follow_up', 'closed']) await api.post(`/incidents/${incidentId}/transition`, { to, ...override });

    await s.page.goto(`${s.server.url}/#/trainings/${drill.id}/show`);
    const record = await api.get<Record<string, number | boolean | null>>(`/trainings/${drill.id}`);
    expect(record).toMatchObject({ detectMinutes: expect.any(Number), escalateMinutes: expect.any(Number), reportMinutes: expect.any(Number), withinReportingClock: true });
    for (const field of ['detectMinutes', 'escalateMinutes', 'reportMinutes']) {
      await expect(s.page.locator(`[data-testid="drill-${field}"]`)).toHaveText(String(record[field]));
    }
  });
});
