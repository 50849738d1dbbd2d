import type { Page } from 'playwright-core';
import '../support/locator-matchers';
import { apiAs, browserSuite, loopbackContext, signIn, watchCsp } from '../support/browser';

/**
 * The admin on any screen and by keyboard, in Chromium against the real server with the demo data: every role's main
 * pages on a 390 px phone (nothing wider than the screen, the menu, the user's and language menus and the main actions
 * in reach), list rows opened from the keyboard, `/` and the command palette (Ctrl+K), the browser tab's title, and the
 * English UI without a Chinese character outside what users wrote (`data-user-text`).
 */
describe('on any screen, by keyboard, in English (browser)', () => {
  const s = browserSuite('browser_ux', { context: { viewport: { width: 1440, height: 900 } } });

  /** Loaded and settled: no request under way, no loading bar. */
  async function settled(page: Page) {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.MuiLinearProgress-indeterminate, .MuiCircularProgress-indeterminate'), undefined, { timeout: 20000 });
  }

  /**
   * A page opened as a fresh load (the session is kept): a hash change within the document would leave the previous
   * page on screen while the next one's code loads, and "network idle" is known once per document.
   */
  async function go(page: Page, hash: string) {
    await page.goto('about:blank');
    await page.goto(`${s.server.url}/${hash}`);
    await settled(page);
    await page.waitForTimeout(200);
    await settled(page);
  }

  /** The page is no wider than the screen. */
  async function expectNoOverflow(page: Page, where: string) {
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    if (scroll > inner) throw new Error(`${where}: the page is ${scroll} px wide on a ${inner} px screen`);
  }

  /** What the header always offers: the menu, search, language and the user's menu, on screen. */
  async function expectHeaderInReach(page: Page) {
    const width = page.viewportSize()!.width;
    for (const sel of ['header button[aria-label="打开菜单"], header button[aria-label="Open menu"]', '[data-testid="search-open"]', '[data-testid="locale-switcher"] button', 'header button[aria-label="个人资料"], header button[aria-label="Profile"]']) {
      const box = await page.locator(sel).first().boundingBox();
      expect({ sel, visible: !!box }).toEqual({ sel, visible: true });
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    }
  }

  describe('on a 390 px phone', () => {
    const phone = async (email: string) => {
      // reaching only the server and under its CSP, like the suite's own context (checked after each test)
      const context = await loopbackContext(s.browser, s.server.url, s.elsewhere, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await watchCsp(context, s.csp);
      const page = await context.newPage();
      await signIn(page, s.server.url, email);
      await settled(page);
      return { page, close: () => context.close() };
    };

    /** Each role's main pages, then a record's page ('incident' or 'client', found through the API), a few per test. */
    const WALKS: Record<string, string[]> = {
      'manager@demo.test': ['#/', '#/incidents', '#/clients', '#/communications', '#/users', '#/audit-logs', '#/actions', '#/trainings', '#/reports', 'incident', 'client'],
      'consultant@demo.test': ['#/', '#/incidents', '#/clients', '#/communications', '#/evaluations', '#/actions', '#/trainings', 'incident', 'client'],
      'client-admin@demo.test': ['#/', '#/incidents', '#/communications', '#/trainings', '#/evaluations', 'incident', 'client'],
    };
    const PER_TEST = 4;
    const parts = Object.entries(WALKS).flatMap(([email, pages]) =>
      Array.from({ length: Math.ceil(pages.length / PER_TEST) }, (_, n) => [email, pages.slice(n * PER_TEST, (n + 1) * PER_TEST)] as [string, string[]]),
    );

    it.each(parts)('%s: %j no wider than the screen, the header in reach', async (email, pages) => {
      const { page, close } = await phone(email);
      try {
        const api = await apiAs(s.server.url, email);
        for (const where of pages) {
          if (where === 'incident') {
            // the incident (tabs scroll, the actions wrap)
            const [incident] = (await api.list<{ id: string }>('incidents', { status: 'responding' }, [0, 0])).body;
            await go(page, `#/incidents/${incident.id}/show`);
            await expectNoOverflow(page, 'incident page');
            await expect(page.locator('[data-testid="incident-title"]')).toBeVisible();
          } else if (where === 'client') {
            const [client] = (await api.list<{ id: string }>('clients', {}, [0, 0])).body;
            await go(page, `#/clients/${client.id}/show`);
            await expectNoOverflow(page, 'client page');
          } else {
            await go(page, where);
            await expectNoOverflow(page, where);
            await expectHeaderInReach(page);
          }
        }
      } finally {
        await close();
      }
    });

    it('shows the incidents as cards (reference, title, client, status, grade, deadline), each opening its incident', async () => {
      const { page, close } = await phone('consultant@demo.test');
      try {
        await go(page, '#/incidents');
        await expect(page.locator('table')).toHaveCount(0);
        const card = page.locator('a[href^="#/incidents/"][href$="/show"]').first();
        await expect(card).toBeVisible();
        await expect(card.locator('[data-testid="incident-status-chip"]')).toBeVisible();
        await expect(card.locator('[data-testid="nearest-deadline"]')).toHaveCount(1);
        expect(await card.textContent()).toMatch(/INC-\d{4}-\d{4}/);
        const href = await card.getAttribute('href');
        await card.click();
        await page.waitForFunction((h) => location.hash === h, href, { timeout: 20000 });
        // the incident's moves and grading stay in reach on the phone
        await expect(page.locator('[data-testid="incident-actions-bar"]')).toBeVisible();
        const bar = await page.locator('[data-testid="incident-actions-bar"] button').first().boundingBox();
        expect(bar!.x + bar!.width).toBeLessThanOrEqual(390);
      } finally {
        await close();
      }
    });

    it('fits a dialog to the phone: the grading dialog fills the screen, its save button in reach', async () => {
      const { page, close } = await phone('consultant@demo.test');
      try {
        const api = await apiAs(s.server.url, 'consultant@demo.test');
        const [incident] = (await api.list<{ id: string }>('incidents', { status: 'responding' }, [0, 0])).body;
        await go(page, `#/incidents/${incident.id}/show`);
        await page.locator('[data-testid="grade-open"]').click();
        const paper = page.locator('[data-testid="grade-dialog"] .MuiDialog-paper');
        await expect(paper).toBeVisible();
        const box = (await paper.boundingBox())!;
        expect({ x: box.x, right: box.x + box.width }).toEqual({ x: 0, right: 390 });
        const dialogWidth = await paper.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(dialogWidth.scroll).toBeLessThanOrEqual(dialogWidth.client);
        const save = page.locator('[data-testid="grade-save"]');
        await save.scrollIntoViewIfNeeded();
        const saveBox = (await save.boundingBox())!;
        expect(saveBox.x + saveBox.width).toBeLessThanOrEqual(390);
        expect(saveBox.y + saveBox.height).toBeLessThanOrEqual(844);
      } finally {
        await close();
      }
    });

    it("keeps a client admin's 报告安全事件 on screen, and its form fits", async () => {
      const { page, close } = await phone('client-admin@demo.test');
      try {
        await go(page, '#/incidents');
        const report = page.locator('[data-testid="incident-report"]');
        await expect(report).toBeVisible();
        await expect(report).toContainText('报告安全事件');
        const box = await report.boundingBox();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        await report.click();
        await page.waitForFunction(() => location.hash === '#/incidents/create', undefined, { timeout: 20000 });
        await settled(page);
        await expectNoOverflow(page, 'report form');
        await expect(page.locator('button[type="submit"]')).toBeVisible();
      } finally {
        await close();
      }
    });
  });

  it('at 1440 px: column headers and menu entries whole, every tab of the incident page in view, a long title short of the header\'s buttons', async () => {
    const api = await apiAs(s.server.url, 'manager@demo.test');
    const [pujiang] = (await api.list<{ id: string }>('clients', { q: '浦江' })).body;
    const incident = await api.post<{ id: string }>('/incidents', {
      clientId: pujiang.id, detectedAt: new Date(Date.now() - 600_000).toISOString(),
      title: `长标题测试：${'会员数据库中的客户联系方式与交易记录疑似被未授权的第三方批量导出并在境外论坛出售'.repeat(2)}`,
    });
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await go(s.page, '#/incidents');
    // a header keeps its words on one line ("事件/级别" was cut to a character per line)
    const headers = await s.page.locator('thead th').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent ?? '', lines: Math.round(th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight || '24')) })));
    expect(headers.filter((h) => h.text && h.lines > 2)).toEqual([]);
    const wrapped = await s.page.locator('thead th').evaluateAll((ths) => ths.filter((th) => { const span = th.querySelector('span'); return !!span && span.getClientRects().length > 1; }).map((th) => th.textContent));
    expect(wrapped).toEqual([]);
    // menu entries end in full words, not "…"
    const cut = await s.page.locator('.RaMenuItemLink-root').evaluateAll((links) => links.filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.textContent));
    expect(cut).toEqual([]);
    await go(s.page, `#/incidents/${incident.id}/show`);
    const attachments = await s.page.locator('[data-testid="incident-tab-attachments"]').boundingBox();
    expect(attachments).not.toBeNull();
    expect(attachments!.x + attachments!.width).toBeLessThanOrEqual(1440);
    // the long title ends before the search, language and user buttons
    const title = await s.page.locator('#react-admin-title').boundingBox();
    const search = await s.page.locator('[data-testid="search-open"]').boundingBox();
    expect(title!.x + title!.width).toBeLessThanOrEqual(search!.x);
  });

  it('opens a list row from the keyboard: Tab reaches the rows, Enter opens the record', async () => {
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await go(s.page, '#/incidents');
    await s.page.locator('input[name="q"]').focus();
    let focused = '';
    for (let n = 0; n < 60 && focused !== 'list-row'; n++) {
      await s.page.keyboard.press('Tab');
      focused = await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? '');
    }
    expect(focused).toBe('list-row');
    const id = await s.page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction((x) => location.hash === `#/incidents/${x}/show`, id, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="incident-title"]')).toBeVisible({ timeout: 20000 });
  });

  it('puts the page and the record in the tab title; `/` goes to the search box', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await go(s.page, '#/incidents');
    // after the unread notifications' count, "(3) " (the bell's, issue 16)
    await s.page.waitForFunction(() => /^(\(\d+\+?\) )?安全事件/.test(document.title) && document.title.endsWith('Incident Desk'), undefined, { timeout: 20000 });
    // `/` on a page without a search box opens the command palette instead: the key is pressed on the list, once a user
    // would see its box, with the focus on nothing (a click "somewhere" to drop it could land on a menu entry and leave
    // the list: at 1440 × 900, (5, 300) is in the menu)
    const search = s.page.locator('main input[name="q"], #main-content input[name="q"]');
    await expect(search).toBeVisible({ timeout: 20000 });
    await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const focused = () => s.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name);
    expect(await focused()).not.toBe('q');
    await s.page.keyboard.press('/');
    expect({ focused: await focused(), hash: await s.page.evaluate(() => location.hash.split('?')[0]) }).toEqual({ focused: 'q', hash: '#/incidents' });
    const api = await apiAs(s.server.url, 'manager@demo.test');
    const [incident] = (await api.list<{ id: string; reference: string; title: string }>('incidents', {}, [0, 0])).body;
    await go(s.page, `#/incidents/${incident.id}/show`);
    await s.page.waitForFunction((ref) => document.title.includes(ref), incident.reference, { timeout: 20000 });
    expect((await s.page.title()).replace(/^\(\d+\+?\) /, '')).toBe(`${incident.reference} ${incident.title} · Incident Desk`);
  });

  it('finds incidents, clients and communications across the firm from the command palette (Ctrl+K) by client name', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await settled(s.page);
    await s.page.keyboard.press('Control+k');
    const palette = s.page.locator('[data-testid="command-palette"]');
    await expect(palette).toBeVisible();
    // a pointer resting where the results will appear must not choose one of them
    const box = await palette.locator('[data-testid="search-input"]').boundingBox();
    await s.page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height + 90);
    await s.page.locator('[data-testid="search-input"]').fill('申城');
    const api = await apiAs(s.server.url, 'manager@demo.test');
    const [client] = (await api.list<{ id: string; name: string }>('clients', { q: '申城' })).body;
    const theirs = await api.list<{ id: string }>('incidents', { clientId: client.id });
    expect(theirs.total).toBeGreaterThan(0);
    await expect(palette.locator(`[data-testid="search-result"][data-kind="clients"][data-id="${client.id}"]`)).toBeVisible({ timeout: 20000 });
    await expect(palette.locator('[data-testid="search-result"][data-kind="incidents"]')).toHaveCount(Math.min(theirs.total, 6));
    for (const id of await palette.locator('[data-testid="search-result"][data-kind="incidents"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))) {
      expect(theirs.body.map((i) => i.id)).toContain(id);
    }
    // the first result is chosen; ↓ and Enter open the second (the keyboard alone)
    await expect(palette.locator('[data-testid="search-result"]').first()).toHaveAttribute('aria-selected', 'true');
    const second = await palette.locator('[data-testid="search-result"]').nth(1);
    const kind = await second.getAttribute('data-kind');
    const id = await second.getAttribute('data-id');
    await s.page.keyboard.press('ArrowDown');
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(([k, x]) => location.hash === `#/${k}/${x}/show`, [kind, id], { timeout: 20000 });
    await expect(palette).toHaveCount(0);
  });

  /** The English consultant on `hashes`: every Chinese text outside what users wrote, with where it is. */
  async function walkInEnglish(hashes: string[]): Promise<string[]> {
    await signIn(s.page, s.server.url, 'consultant2@demo.test');
    await s.page.locator('a.RaMenuItemLink-root[href="#/incidents"]').getByText('Incidents').waitFor({ timeout: 20000 });
    const found: string[] = [];
    for (const hash of hashes) {
      await go(s.page, hash);
      found.push(...(await hanOutsideUserText(s.page)).map((t) => `${hash}: ${t}`));
    }
    return found;
  }

  const firstId = async (resource: string, filter: Record<string, unknown> = {}) =>
    (await (await apiAs(s.server.url, 'consultant2@demo.test')).list<{ id: string }>(resource, filter, [0, 0])).body[0]?.id;

  it('shows the English user no Chinese but what users wrote: the dashboard and the lists', async () => {
    const lists = ['incidents', 'clients', 'communications', 'communication-templates', 'evaluations', 'evaluation-templates', 'actions', 'trainings', 'playbooks', 'reports'];
    expect(await walkInEnglish(['#/', ...lists.map((r) => `#/${r}`), '#/service-report'])).toEqual([]);
  }, 180_000);

  it('shows the English user no Chinese but what users wrote: the records\' pages', async () => {
    const pages: string[] = [];
    for (const [r, filter] of [
      ['clients', {}], ['communications', {}], ['evaluations', {}], ['actions', {}], ['trainings', {}], ['playbooks', { builtIn: true }],
      ['communication-templates', { builtIn: true }], ['evaluation-templates', {}],
    ] as [string, Record<string, unknown>][]) {
      const id = await firstId(r, filter);
      expect({ r, id }).toEqual({ r, id: expect.any(String) });
      pages.push(`#/${r}/${id}/show`);
    }
    expect(await walkInEnglish(pages)).toEqual([]);
  }, 180_000);

  it('shows the English user no Chinese but what users wrote: every tab of an incident, and its grading', async () => {
    const incident = (await firstId('incidents', { status: 'follow_up' })) ?? (await firstId('incidents', { status: 'investigating' }));
    expect(incident).toEqual(expect.any(String));
    const found = await walkInEnglish([`#/incidents/${incident}/show`]);
    const tabs = await s.page.locator('[data-testid^="incident-tab-"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid!));
    expect(tabs.length).toBeGreaterThanOrEqual(7);
    for (const tab of tabs) {
      await s.page.locator(`[data-testid="${tab}"]`).click();
      await settled(s.page);
      found.push(...(await hanOutsideUserText(s.page)).map((t) => `incident ${tab}: ${t}`));
    }
    await s.page.locator('[data-testid="incident-tab-work"]').click();
    await s.page.locator('[data-testid="grade-open"]').click();
    await expect(s.page.locator('[data-testid="grade-dialog"]')).toBeVisible();
    found.push(...(await hanOutsideUserText(s.page)).map((t) => `grading dialog: ${t}`));
    expect(found).toEqual([]);
  }, 120_000);

  it('shows the English manager pages (users, assignments, audit log) without Chinese but what users wrote', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.locator('[data-testid="locale-switcher"] button').click();
    await s.page.getByRole('menuitem', { name: 'English' }).click();
    await s.page.locator('a.RaMenuItemLink-root[href="#/users"]').getByText('Users').waitFor({ timeout: 20000 });
    const found: string[] = [];
    for (const hash of ['#/', '#/users', '#/assignments', '#/audit-logs']) {
      await go(s.page, hash);
      found.push(...(await hanOutsideUserText(s.page)).map((t) => `${hash}: ${t}`));
    }
    await s.page.locator('[data-testid="list-row"]').first().click();
    await s.page.waitForFunction(() => /#\/audit-logs\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    await settled(s.page);
    found.push(...(await hanOutsideUserText(s.page)).map((t) => `audit entry: ${t}`));
    expect(found).toEqual([]);
  });
});

/** Text on the page with a Han character that is not inside what users wrote (`data-user-text`), with where it is. */
async function hanOutsideUserText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (!/\p{Script=Han}/u.test(text)) continue;
      const el = n.parentElement;
      // what users wrote; what the browser shows only without JavaScript
      if (!el || el.closest('[data-user-text], noscript')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const where = [el.tagName.toLowerCase(), el.getAttribute('data-testid'), el.className && String(el.className).split(' ')[0]].filter(Boolean).join('.');
      out.push(`"${text.trim().slice(0, 60)}" in ${where}`);
    }
    return out;
  });
}
