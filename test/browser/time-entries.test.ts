import '../support/locator-matchers';
import { apiAs, browserSuite, signIn } from '../support/browser';

/**
 * Time spent per client (issue 18) in Chromium against the real server with the demo data: a consultant starts the
 * timer on an incident's page, reloads it (the timer runs on: the server keeps its start), stops it, and finds the
 * minutes logged on the incident in the service report.
 */
describe('time entries (browser)', () => {
  const s = browserSuite('browser_time_entries');

  it('lets a consultant log time with the incident timer and see it in the report', async () => {
    const api = await apiAs(s.server.url, 'consultant@demo.test');
    const { body: [client] } = await api.list<{ id: string; name: string }>('clients', {}, [0, 0]);
    const incident = await api.post<{ id: string; reference: string }>('/incidents', {
      clientId: client.id, title: `计时 ${Date.now() % 100000}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(),
    });

    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents/${incident.id}/show`);
    await s.page.locator('[data-testid="timer-start"]').click();
    await expect(s.page.locator('[data-testid="timer-elapsed"]')).toBeVisible({ timeout: 15000 });
    // a reload: the timer still runs, from the server's start
    await s.page.reload();
    await expect(s.page.locator('[data-testid="timer-elapsed"]')).toHaveText(/^00:0\d:\d\d$/, { timeout: 30000 });
    const running = await api.get<{ timer: { incidentId: string; startedAt: string } | null }>('/time-entries/timer');
    expect(running.timer?.incidentId).toBe(incident.id);
    const stopped = s.page.waitForResponse((r) => r.url().endsWith('/api/time-entries/timer/stop'), { timeout: 30000 });
    await s.page.locator('[data-testid="timer-stop"]').click();
    const entry = await (await stopped).json();
    expect(entry).toMatchObject({ incidentId: incident.id, clientId: client.id, minutes: 1 });
    await expect(s.page.locator('[data-testid="timer-start"]')).toBeVisible();

    // the service report (this month, the consultant's clients): the incident's hours, and the consultant's
    await s.page.goto(`${s.server.url}/#/service-report`);
    await expect(s.page.locator('[data-testid="report-figures"]')).toBeVisible({ timeout: 30000 });
    const from = await s.page.locator('[data-testid="report-from"]').inputValue();
    const to = await s.page.locator('[data-testid="report-to"]').inputValue();
    const report = await api.get<{ time: { byIncident: { incidentId: string; minutes: number }[]; byConsultant: { name: string; minutes: number }[] } }>(
      `/reports/service?${new URLSearchParams({ from, to, version: 'internal' })}`,
    );
    const mine = report.time.byIncident.find((i) => i.incidentId === incident.id);
    expect(mine?.minutes).toBe(1);
    const row = s.page.locator('[data-testid="report-table-timeByIncident"] [data-testid="report-row"]', { hasText: incident.reference });
    await expect(row).toContainText(String(Math.round((1 / 60) * 100) / 100));
    await expect(s.page.locator('[data-testid="report-table-timeByConsultant"]')).toBeVisible();
  });
});
