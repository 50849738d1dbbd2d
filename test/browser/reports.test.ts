import type { Response } from 'playwright-core';
import { readFileSync } from 'node:fs';
import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';

/**
 * The service report in Chromium against the real server with the demo data: a manager opens the report page, sees
 * the figures (the same the API gives), and exports the PDF and the CSV; the stored reports list has last month's
 * report and generates a new one; the client admin sees their company's client version only.
 */
describe('service report (browser)', () => {
  const s = browserSuite('browser_reports', { context: { acceptDownloads: true } });

  /** The API's own figures for what the page asked, with the page's token. */
  async function apiReport(search: string) {
    return s.page.evaluate(async (q) => {
      const token = localStorage.getItem('incidentDesk.accessToken');
      const res = await fetch(`/api/reports/service?${q}`, { headers: { Authorization: `Bearer ${token}` } });
      return res.json();
    }, search);
  }

  async function download(button: string): Promise<{ bytes: Buffer; name: string; response: Response }> {
    const responded = s.page.waitForResponse((r) => /\/api\/reports\/service\.(pdf|csv)\?/.test(r.url()), { timeout: 30000 });
    const [d] = await Promise.all([s.page.waitForEvent('download', { timeout: 30000 }), s.page.locator(`[data-testid="${button}"]`).click()]);
    const response = await responded;
    const path = await d.path();
    return { bytes: readFileSync(path), name: d.suggestedFilename(), response };
  }

  it('lets a manager see the figures with charts and export the PDF and the CSV', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/service-report`);
    await expect(s.page.locator('[data-testid="report-figures"]')).toBeVisible({ timeout: 30000 });
    const from = await s.page.locator('[data-testid="report-from"]').inputValue();
    const to = await s.page.locator('[data-testid="report-to"]').inputValue();
    const api = await apiReport(new URLSearchParams({ from, to, lang: 'zh-CN', version: 'internal' }).toString());
    expect(api.incidents.opened).toBeGreaterThan(0);
    // the numbers on the page are the API's
    await expect(s.page.locator('[data-testid="report-kpi-opened-value"]')).toHaveText(String(api.incidents.opened));
    await expect(s.page.locator('[data-testid="report-kpi-open-value"]')).toHaveText(String(api.incidents.openAtEnd));
    // tables with the shared Chinese labels, charts drawn as SVG
    await expect(s.page.locator('[data-testid="report-table-summary"]')).toContainText('新增事件');
    await expect(s.page.locator('[data-testid="report-table-responseTimes"]')).toContainText('确认响应时间');
    await expect(s.page.locator('[data-testid="report-table-workload"]')).toBeVisible();
    await expect(s.page.locator('[data-testid="report-chart-by-month"] svg rect').first()).toBeVisible();
    await expect(s.page.locator('[data-testid="report-chart-by-grade"] svg').first()).toBeVisible();

    const pdf = await download('report-pdf');
    expect(pdf.response.status()).toBe(200);
    expect(pdf.response.headers()['content-type']).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(5000);
    expect(pdf.name).toBe(`服务报告_${from}_${to}_全部客户.pdf`);

    const csv = await download('report-csv');
    expect(csv.response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.toString('utf8')).toContain(`新增事件,${api.incidents.opened}`);
  });

  it('lists the stored reports, downloads one and generates a monthly report', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/reports`);
    const rows = s.page.locator('[data-testid="stored-report-download"]');
    // the demo keeps two: last month's client version for 浦江智联 and this month's firm-wide report
    await expect(rows).toHaveCount(2, { timeout: 20000 });
    const [d] = await Promise.all([s.page.waitForEvent('download', { timeout: 30000 }), rows.first().click()]);
    expect(readFileSync(await d.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await s.page.locator('[data-testid="report-generate"]').click();
    await s.page.locator('[data-testid="report-generate-submit"]').click();
    await expect(rows).toHaveCount(3, { timeout: 30000 });

    await s.page.locator('[data-testid="open-service-report"]').click();
    await expect(s.page.locator('[data-testid="service-report-page"]')).toBeVisible();
  });

  it('shows a client admin their company only, without the workload', async () => {
    await signIn(s.page, s.server.url, 'client-admin@demo.test');
    await s.page.goto(`${s.server.url}/#/service-report`);
    await expect(s.page.locator('[data-testid="report-figures"]')).toBeVisible({ timeout: 30000 });
    await expect(s.page.locator('[data-testid="report-table-summary"]')).toBeVisible();
    await expect(s.page.locator('[data-testid="report-table-workload"]')).toHaveCount(0);
    await expect(s.page.locator('[data-testid="report-table-internal"]')).toHaveCount(0);
    await expect(s.page.locator('[data-testid="report-version"]')).toHaveCount(0);
    const pdf = await download('report-pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.name).toMatch(/^服务报告_.*_上海浦江智联科技有限公司_客户版\.pdf$/);
    // their stored reports: last month's client version only
    await s.page.goto(`${s.server.url}/#/reports`);
    await expect(s.page.locator('[data-testid="stored-report-download"]')).toHaveCount(1, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="report-generate"]')).toHaveCount(0);
  });
});

/**
 * A firm-wide report of a large firm reads the daily roll-ups, whose medians and p90 are estimates: the page marks them
 * "≈" and says so. REPORT_ROLLUP_THRESHOLD=1 makes the demo firm's firm-wide report take that path, as 20,000
 * incidents in the period do by default.
 */
describe('service report from the roll-ups (browser)', () => {
  const s = browserSuite('browser_reports_rollups', { env: { REPORT_ROLLUP_THRESHOLD: '1' } });

  it('marks the estimated medians and p90 with ≈ in the chart, the table and a note, in zh-CN and en; counts stay plain', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/service-report`);
    const figures = s.page.locator('[data-testid="report-figures"]');
    await expect(figures).toBeVisible({ timeout: 30000 });
    const from = await s.page.locator('[data-testid="report-from"]').inputValue();
    const to = await s.page.locator('[data-testid="report-to"]').inputValue();
    const api = await s.page.evaluate(async (q) => {
      const token = localStorage.getItem('incidentDesk.accessToken');
      return (await fetch(`/api/reports/service?${q}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    }, new URLSearchParams({ from, to, lang: 'zh-CN' }).toString());
    expect(api.responseTimes.approximate).toBe(true);
    expect(api.incidents.opened).toBeGreaterThan(0);
    await expect(s.page.locator('[data-testid="report-approximate"]')).toHaveText(/^≈ 中位数与P90按全所每日汇总估算/);
    await expect(s.page.locator('[data-testid="report-table-responseTimes"]')).toContainText('≈ ');
    await expect(s.page.locator('[data-testid="report-chart-response"]')).toContainText('≈ ');
    // the counts are exact, shown as they are
    await expect(s.page.locator('[data-testid="report-kpi-opened-value"]')).toHaveText(String(api.incidents.opened));
    // read once (the figures are drawn): the polling matchers have no negative form
    expect(await s.page.locator('[data-testid="report-table-summary"]').textContent()).not.toContain('≈');

    await s.page.evaluate(() => localStorage.setItem('incidentDesk.locale', 'en'));
    await s.page.reload();
    await expect(s.page.locator('[data-testid="report-approximate"]')).toHaveText(/^≈ Medians and p90 estimated from the firm's daily roll-ups/, { timeout: 30000 });
  });
});
