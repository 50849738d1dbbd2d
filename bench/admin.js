'use strict';
/**
 * npm run bench:admin [-- --runs N --user EMAIL --keep]
 *
 * The admin in Chromium against the real server (the production build with the demo data, on 127.0.0.1), ours against
 * a plain react-admin app (admin/baseline: ra-data-simple-rest, default layout, a list and a show of the same incidents
 * through the same API and server), in the same run. Each run is a fresh browser context (empty cache: a first visit):
 *
 *   login page      script loaded to show it (gzip -9 of each script file) and the time to its form
 *   first screen    script loaded from the login page until the dashboard (ours) / the incident list (baseline) is
 *                   shown, and the time from the sign-in click until then (the password typed at a person's pace
 *                   before it, in both); then what the idle browser loads ahead
 *   menu → list     ours: the menu's "incidents" link → the list's rows
 *   (each step starts once the network has been quiet for 500 ms after the previous one, as a person reads a page
 *   before the next click)
 *   list → page     a click on the incident's row → its page fully shown: title, the checklist's tasks (the baseline's
 *                   task table), timeline entries and obligations
 *   long tasks      the longest main-thread task (PerformanceObserver 'longtask') on each page
 *
 * Ours runs in Chinese (the demo firm's language) and again in English, the baseline's language (react-admin's
 * English messages): Chromium here has no CJK font, and every text node of Chinese costs it a failed font fallback
 * in layout (about 0.4 ms each), so only ours in English compares like for like.
 *
 * Medians of --runs runs (default 5) and every run's figures. Writes bench/admin-results.json. Not part of `npm test`.
 * The machine is shared: read medians, and rerun when the spread is wide.
 */
const { fork } = require('node:child_process');
const { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');
const { chromium } = require('playwright-core');
const { waitForHealth } = require('./run');

const ROOT = resolve(__dirname, '..');
const PASSWORD = 'demo-pass-2026';

const TARGETS = {
  loginScriptKb: 150,
  firstScreenScriptKb: 350,
  signInToDashboardMs: 1500,
  listToShowMs: 500,
  listToShowVsBaseline: 1.5,
  longTaskMs: 200,
};

function parseArgs(argv) {
  const o = { runs: 5, user: 'manager@demo.test', keep: false, waterfall: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const next = () => inline ?? argv[++i];
    if (flag === '--runs') o.runs = Number(next());
    else if (flag === '--user') o.user = next();
    else if (flag === '--keep') o.keep = true;
    else if (flag === '--waterfall') o.waterfall = true;
    else throw new Error(`unknown option ${argv[i]} (--runs N --user EMAIL --keep --waterfall)`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a whole number ≥ 1');
  return o;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ------------------------------------------------------------------------------------------------------------------
// the server: production build, demo data, our admin at / and the baseline at /baseline/

async function startServer(site, dataDir) {
  const { freePort } = require(join(ROOT, 'server/dist/database/embedded.js'));
  const port = await freePort();
  const child = fork(join(ROOT, 'server/dist/main.js'), [], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_DIST: site, LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  // up when its health check answers (its logs are JSON lines, and at LOG_LEVEL=warn it says nothing when it listens)
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`))));
  try {
    await Promise.race([waitForHealth(url, 180_000), exited]);
  } catch (e) {
    if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    throw new Error(`${e.message}\n${out}`);
  }
  child.removeAllListeners('exit');
  return {
    url,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        process.kill(child.pid, 'SIGTERM');
      }),
  };
}

async function launchBrowser() {
  let executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) {
    const mod = require('@sparticuz/chromium');
    executablePath = await (mod.default ?? mod).executablePath();
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function api(base, email) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  const { accessToken } = await res.json();
  return async (path, query = {}) => {
    const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])));
    const r = await fetch(`${base}/api${path}?${qs}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  };
}

// ------------------------------------------------------------------------------------------------------------------
// one page, instrumented: script bytes (gzip -9 of each file, once per URL) and the longest tasks

async function instrumentedPage(browser, base, uiLocale = 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: uiLocale === 'en' ? 'en-US' : 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // the language the user picked in the admin (its menu stores the choice), over the profile's
  if (uiLocale === 'en') await context.addInitScript(() => window.localStorage.setItem('incidentDesk.locale', 'en'));
  await context.route('**/*', (route) => (route.request().url().startsWith(base) || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const scripts = new Map();
  const pending = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script' || scripts.has(response.url())) return;
    scripts.set(response.url(), 0);
    pending.push(response.body().then((b) => scripts.set(response.url(), gzipSync(b, { level: 9 }).length), () => undefined));
  });
  /** the gzip size of every script loaded so far, and of each */
  const scriptBytes = async () => {
    await Promise.all(pending);
    return [...scripts.values()].reduce((a, b) => a + b, 0);
  };
  /** the longest task since the last call */
  let seen = 0;
  const longestTask = async () => {
    const all = await page.evaluate(() => window.__longTasks);
    const mine = all.slice(seen);
    seen = all.length;
    return mine.length ? Math.max(...mine) : 0;
  };
  // the network quiet for `ms` (nothing under way, nothing asked for): Playwright's 'networkidle' load state is the
  // page load's only, met once for good, so after a click inside the app it returned at once and the next step was
  // timed with the previous one's loading still under way (a person reads the list before opening a row)
  let inFlight = 0;
  let lastActivity = Date.now();
  page.on('request', () => {
    inFlight++;
    lastActivity = Date.now();
  });
  const settled = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  const quiet = async (ms = 500, timeout = 15_000) => {
    const until = Date.now() + timeout;
    while (inFlight > 0 || Date.now() - lastActivity < ms) {
      if (Date.now() >= until) return console.warn(`  (the network was not quiet within ${timeout / 1000} s: ${inFlight} requests under way; timing on)`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  // every request's times (epoch ms): queued (asked for by the page), sent, first byte, end
  const requests = [];
  page.on('requestfinished', (request) => {
    const t = request.timing();
    const at = (x) => (x >= 0 ? t.startTime + x : NaN);
    requests.push({ method: request.method(), path: new URL(request.url()).pathname + (request.resourceType() === 'fetch' ? new URL(request.url()).search : ''), type: request.resourceType(), queued: t.startTime, sent: at(t.requestStart), firstByte: at(t.responseStart), end: at(t.responseEnd) });
  });
  /** the requests asked for from `since` (epoch ms) on, with their times relative to it */
  const waterfall = (since, until = Infinity) =>
    requests
      .filter((r) => r.queued >= since - 1 && r.queued <= until)
      .sort((a, b) => a.queued - b.queued)
      .map((r) => ({ ...r, queued: r.queued - since, sent: r.sent - since, firstByte: r.firstByte - since, end: r.end - since }));
  return { context, page, scriptBytes, longestTask, waterfall, quiet };
}

/** A waterfall as lines: queued → sent → first byte → end (ms from the action), and what was asked for. */
const printWaterfall = (title, rows) => {
  const f = (x) => (Number.isFinite(x) ? String(Math.round(x)).padStart(5) : '    —');
  console.log(`  ${title}: ${rows.length} requests (ms from the click: queued, sent, first byte, end)`);
  for (const r of rows) console.log(`   ${f(r.queued)} ${f(r.sent)} ${f(r.firstByte)} ${f(r.end)}  ${r.method} ${r.path.length > 90 ? `${r.path.slice(0, 90)}…` : r.path}`);
};

/** The time from now until the answer to a POST to `path` has arrived. */
const answeredAfter = (page, path) => {
  const t0 = performance.now();
  return page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === path, { timeout: 60_000 }).then(() => performance.now() - t0);
};

/**
 * The sign-in request's parts (ms): from the click until the page asked for it, waiting in the browser (a free
 * connection: six per server over HTTP/1.1), and on the server until its first byte.
 */
const signInParts = (rows) => {
  const login = rows.find((x) => x.method === 'POST' && x.path === '/api/auth/login');
  return login ? { signInAskedMs: login.queued, signInWaitingMs: login.sent - login.queued, signInServerMs: login.firstByte - login.sent } : {};
};

/**
 * The password typed a key at a time at a person's pace (80 ms a key, about a second): what a page does while someone
 * types happens before their click, as it does for them (ours loads the app's code once typing starts).
 */
const typeLikeAPerson = (input, text) => input.pressSequentially(text, { delay: 80 });

const timed = async (action, until) => {
  const t0 = performance.now();
  await action();
  await until();
  return performance.now() - t0;
};

/** The manager's dashboard, settled: KPIs, the trend charts drawn, the lists' totals, the workload table. */
const DASHBOARD_SETTLED = {
  manager: ['[data-testid="kpi-opened-value"]', '[data-testid="chart-incidents-by-month"] svg', '[data-testid="deadlines-count"]', '[data-testid="overdue-clients-count"]', '[data-testid="workload-table"]'],
  consultant: ['[data-testid="chart-my-incidents-by-phase"] svg', '[data-testid="deadlines-count"]', '[data-testid="overdue-tasks-count"]', '[data-testid="trainings-due-count"]'],
  client_admin: ['[data-testid="open-cases-count"]', '[data-testid="deadlines-count"]', '[data-testid="communications-count"]', '[data-testid="trainings-count"]'],
};

/**
 * Until every selector matches a visible element, checked on every frame. Not Playwright's locator waits: they poll at
 * growing intervals (an element shown 331 ms after the start was seen at 813 ms), which put up to half a second of the
 * waiting's own into whichever figure it ended.
 */
async function allVisible(page, selectors, timeout = 30_000) {
  await page.waitForFunction((list) => list.every((s) => document.querySelector(s)?.checkVisibility()), selectors, { timeout, polling: 'raf' });
}

/** Until a table row with `text` (the incident's reference) is visible, checked on every frame. */
async function rowVisible(page, text, timeout = 30_000) {
  await page.waitForFunction((t) => [...document.querySelectorAll('tr, [data-testid="incident-row"]')].some((r) => r.textContent?.includes(t) && r.checkVisibility()), text, { timeout, polling: 'raf' });
}

async function runOurs(browser, base, o, target, uiLocale = 'zh-CN') {
  const { context, page, scriptBytes, longestTask, waterfall, quiet } = await instrumentedPage(browser, base, uiLocale);
  try {
    const r = {};
    r.loginShownMs = await timed(() => page.goto(`${base}/#/login`), () => page.locator('input[name="email"]').waitFor({ state: 'visible' }));
    await quiet();
    r.loginScript = await scriptBytes();
    r.loginLongTaskMs = await longestTask();

    await page.locator('input[name="email"]').fill(o.user);
    await typeLikeAPerson(page.locator('input[name="password"]'), PASSWORD);
    // of which the sign-in request (the password's scrypt on the server), from the click to its answer
    const signedIn = answeredAfter(page, '/api/auth/login');
    const signInAt = Date.now();
    r.signInToDashboardMs = await timed(() => page.locator('button[type="submit"]').click(), () => allVisible(page, DASHBOARD_SETTLED[target.role]));
    r.signInRequestMs = await signedIn;
    Object.assign(r, signInParts(waterfall(signInAt)));
    if (o.waterfall) printWaterfall('ours: sign-in → dashboard', waterfall(signInAt, signInAt + r.signInToDashboardMs));
    // what was loaded to show it; then what the idle browser loads ahead (the pages most often opened next)
    r.firstScreenScript = await scriptBytes();
    await quiet();
    await page.waitForTimeout(2500);
    r.preloadedScript = (await scriptBytes()) - r.firstScreenScript;
    r.dashboardLongTaskMs = await longestTask();

    const row = page.locator(`[data-testid="incident-row"][data-id="${target.id}"], tr:has-text("${target.reference}")`).first();
    r.menuToListMs = await timed(() => page.locator('a[href="#/incidents"]').first().click(), () => rowVisible(page, target.reference));
    await quiet();
    r.listLongTaskMs = await longestTask();

    const showAt = Date.now();
    r.listToShowMs = await timed(
      () => row.click(),
      // checked on every frame, as the baseline's page is (allVisible)
      () =>
        page.waitForFunction(
          (n) =>
            ['[data-testid="incident-title"]', '[data-testid="task"]', '[data-testid="timeline-entry"]'].every((s) => document.querySelector(s)?.checkVisibility()) &&
            document.querySelectorAll('[data-testid="obligation"]').length === n &&
            !document.querySelector('[data-testid="checklist"] .MuiLinearProgress-indeterminate, [data-testid="timeline"] .MuiLinearProgress-indeterminate'),
          target.obligations,
          { timeout: 30_000, polling: 'raf' },
        ),
    );
    await quiet();
    await page.waitForTimeout(300);
    r.showLongTaskMs = await longestTask();
    r.afterShowScript = await scriptBytes();
    if (o.waterfall) printWaterfall('ours: list → incident page', waterfall(showAt, showAt + r.listToShowMs));
    return r;
  } finally {
    await context.close();
  }
}

async function runBaseline(browser, base, o, target) {
  const { context, page, scriptBytes, longestTask, waterfall, quiet } = await instrumentedPage(browser, base);
  try {
    const r = {};
    r.loginShownMs = await timed(() => page.goto(`${base}/baseline/index.html#/login`), () => page.locator('input[name="username"]').waitFor({ state: 'visible' }));
    await quiet();
    r.loginScript = await scriptBytes();
    r.loginLongTaskMs = await longestTask();

    await page.locator('input[name="username"]').fill(o.user);
    await typeLikeAPerson(page.locator('input[name="password"]'), PASSWORD);
    const row = page.locator(`tr:has-text("${target.reference}")`).first();
    // the baseline starts on its list: the time from the click to its rows
    const signedIn = answeredAfter(page, '/api/auth/login');
    const signInAt = Date.now();
    r.signInToListMs = await timed(() => page.locator('button[type="submit"]').click(), () => rowVisible(page, target.reference));
    r.signInRequestMs = await signedIn;
    Object.assign(r, signInParts(waterfall(signInAt)));
    await quiet();
    r.firstScreenScript = await scriptBytes();
    r.listLongTaskMs = await longestTask();

    // fully shown: every task and timeline row of the incident in its tables
    const showAt = Date.now();
    r.listToShowMs = await timed(
      () => row.click(),
      () => page.waitForFunction((n) => document.querySelectorAll('tbody tr').length >= n && document.body.innerText.includes('Timeline'), target.tasks + target.timeline, { timeout: 30_000, polling: 'raf' }),
    );
    await quiet();
    await page.waitForTimeout(300);
    r.showLongTaskMs = await longestTask();
    if (o.waterfall) printWaterfall('baseline: list → incident page', waterfall(showAt, showAt + r.listToShowMs));
    return r;
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  for (const dir of ['admin/dist', 'admin/baseline/dist', 'server/dist']) {
    if (!existsSync(join(ROOT, dir))) throw new Error(`${dir} is missing: run \`npm run bench:admin\` (it builds first)`);
  }
  const tmp = mkdtempSync(join(os.tmpdir(), 'incident-desk-bench-admin-'));
  // the embedded PostgreSQL runs as its own user when we are root: it must reach its data folder
  chmodSync(tmp, 0o755);
  const site = join(tmp, 'site');
  cpSync(join(ROOT, 'admin/dist'), site, { recursive: true });
  cpSync(join(ROOT, 'admin/baseline/dist'), join(site, 'baseline'), { recursive: true });
  console.log('starting the server (embedded PostgreSQL, demo data)…');
  const server = await startServer(site, join(tmp, 'data'));
  let browser;
  try {
    const get = await api(server.url, o.user);
    const me = await get('/auth/me');
    // the incident with the longest history: the demo's follow-up case (tasks in every phase, a long timeline), among
    // those the lists' first page shows (both sort by creation; the demo's incidents share creation times, so which
    // come first changes with their ids, from one seeding to the next): else the first page's open one with the longest
    // timeline
    const count = async (resource, filter) => (await get(`/${resource}`, { filter, range: [0, 999] })).length;
    const firstPage = await get('/incidents', { sort: ['createdAt', 'DESC'], range: [0, 9] });
    let incident = firstPage.find((i) => i.status === 'follow_up');
    if (!incident) {
      // a closed one shows no phase of its checklist open
      const open = firstPage.filter((i) => i.status !== 'closed');
      const sizes = await Promise.all(open.map(async (i) => ({ i, n: await count('timeline', { incidentId: i.id }) })));
      incident = sizes.sort((a, b) => b.n - a.n)[0]?.i;
    }
    if (!incident) throw new Error(`${o.user} sees no incident`);
    const target = {
      role: me.role,
      id: incident.id,
      reference: incident.reference,
      tasks: me.role === 'client_admin' ? 0 : await count('tasks', { incidentId: incident.id }),
      timeline: await count('timeline', { incidentId: incident.id }),
      obligations: await count('obligations', { incidentId: incident.id }),
    };
    console.log(`${o.user} (${me.role}); incident ${target.reference}: ${target.tasks} tasks, ${target.timeline} timeline entries, ${target.obligations} obligations`);
    browser = await launchBrowser();
    const runs = [];
    for (let n = 0; n < o.runs; n++) {
      // rotate which goes first, so that none always meets a warmer machine. Ours runs twice: in Chinese (the demo
      // firm's language) and in English, the baseline's language — the one like-for-like comparison on a machine
      // without a CJK font, where each run of Chinese text costs the browser a failed font fallback (README)
      const pair = {};
      const sides = [
        ['ours', () => runOurs(browser, server.url, o, target)],
        ['oursEn', () => runOurs(browser, server.url, o, target, 'en')],
        ['baseline', () => runBaseline(browser, server.url, o, target)],
      ];
      for (let k = 0; k < sides.length; k++) {
        const [side, run] = sides[(n + k) % sides.length];
        pair[side] = await run();
      }
      // the machine is shared: each run's load average (1 min) is kept beside its figures
      pair.loadAverage = Number(os.loadavg()[0].toFixed(2));
      runs.push(pair);
      console.log(`run ${n + 1}/${o.runs} (load average ${pair.loadAverage}): ours ${JSON.stringify(round(pair.ours))}\n          ours in English ${JSON.stringify(round(pair.oursEn))}\n          baseline ${JSON.stringify(round(pair.baseline))}`);
    }
    const med = (side, key) => median(runs.map((r) => r[side][key]));
    const kb = (b) => (b / 1000).toFixed(1);
    const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—');
    const ours = (k) => med('ours', k);
    const base = (k) => med('baseline', k);
    const oursEn = (k) => med('oursEn', k);
    const longest = (side, keys) => Math.max(...keys.map((k) => med(side, k)).filter(Number.isFinite));
    const rows = [
      ['login page: script (gzip)', `${kb(ours('loginScript'))} kB`, `${kb(base('loginScript'))} kB`, `≤ ${TARGETS.loginScriptKb} kB`, ours('loginScript') <= TARGETS.loginScriptKb * 1000],
      ['login page: form shown', ms(ours('loginShownMs')), ms(base('loginShownMs')), '', null],
      ['first screen: script (gzip)', `${kb(ours('firstScreenScript'))} kB`, `${kb(base('firstScreenScript'))} kB`, `≤ ${TARGETS.firstScreenScriptKb} kB`, ours('firstScreenScript') <= TARGETS.firstScreenScriptKb * 1000],
      ['  then loaded ahead while idle (gzip)', `${kb(ours('preloadedScript'))} kB`, '', '', null],
      ['sign-in → dashboard shown (baseline: its list)', ms(ours('signInToDashboardMs')), ms(base('signInToListMs')), `≤ ${TARGETS.signInToDashboardMs} ms`, ours('signInToDashboardMs') <= TARGETS.signInToDashboardMs],
      ['  of which the sign-in request (scrypt on the server)', ms(ours('signInRequestMs')), ms(base('signInRequestMs')), '', null],
      ['    click → asked for / waiting for a connection / server to first byte', `${ms(ours('signInAskedMs'))} / ${ms(ours('signInWaitingMs'))} / ${ms(ours('signInServerMs'))}`,
        `${ms(base('signInAskedMs'))} / ${ms(base('signInWaitingMs'))} / ${ms(base('signInServerMs'))}`, '', null],
      ['menu → incident list', ms(ours('menuToListMs')), '', '', null],
      ['incident list → incident page fully shown', ms(ours('listToShowMs')), ms(base('listToShowMs')), `≤ ${TARGETS.listToShowVsBaseline}× baseline, ≤ ${TARGETS.listToShowMs} ms`,
        ours('listToShowMs') <= TARGETS.listToShowMs && ours('listToShowMs') <= TARGETS.listToShowVsBaseline * base('listToShowMs')],
      ['  ratio ours / baseline', (ours('listToShowMs') / base('listToShowMs')).toFixed(2), '1.00', `≤ ${TARGETS.listToShowVsBaseline}`, null],
      ['ours in English (the baseline\'s language): sign-in → dashboard shown', ms(oursEn('signInToDashboardMs')), ms(base('signInToListMs')), `≤ ${TARGETS.signInToDashboardMs} ms`, oursEn('signInToDashboardMs') <= TARGETS.signInToDashboardMs],
      ['ours in English: incident list → incident page fully shown', ms(oursEn('listToShowMs')), ms(base('listToShowMs')), `≤ ${TARGETS.listToShowVsBaseline}× baseline, ≤ ${TARGETS.listToShowMs} ms`,
        oursEn('listToShowMs') <= TARGETS.listToShowMs && oursEn('listToShowMs') <= TARGETS.listToShowVsBaseline * base('listToShowMs')],
      ['  ratio ours in English / baseline', (oursEn('listToShowMs') / base('listToShowMs')).toFixed(2), '1.00', `≤ ${TARGETS.listToShowVsBaseline}`, null],
      ['script after the incident page (gzip)', `${kb(ours('afterShowScript'))} kB`, '', '', null],
      ['longest main-thread task: login', ms(ours('loginLongTaskMs')), ms(base('loginLongTaskMs')), `≤ ${TARGETS.longTaskMs} ms`, ours('loginLongTaskMs') <= TARGETS.longTaskMs],
      ['longest main-thread task: dashboard (baseline: list)', ms(ours('dashboardLongTaskMs')), ms(base('listLongTaskMs')), `≤ ${TARGETS.longTaskMs} ms`, ours('dashboardLongTaskMs') <= TARGETS.longTaskMs],
      ['longest main-thread task: incident list', ms(ours('listLongTaskMs')), ms(base('listLongTaskMs')), `≤ ${TARGETS.longTaskMs} ms`, ours('listLongTaskMs') <= TARGETS.longTaskMs],
      ['longest main-thread task: incident page', ms(ours('showLongTaskMs')), ms(base('showLongTaskMs')), `≤ ${TARGETS.longTaskMs} ms`, ours('showLongTaskMs') <= TARGETS.longTaskMs],
    ];
    void longest;
    const table = [
      `| measure (median of ${o.runs} runs, ${o.user}) | ours | baseline | target | met |`,
      '|---|---:|---:|---|---|',
      ...rows.map(([m, a, b, t, ok]) => `| ${m} | ${a} | ${b} | ${t} | ${ok === null ? '' : ok ? 'yes' : '**no**'} |`),
    ].join('\n');
    console.log(`\n${table}\n`);
    console.log(`(${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end, ${runs.map((r) => r.loadAverage).join(' / ')} after each run; the machine is shared: figures are medians of fresh-context runs)`);
    writeFileSync(join(ROOT, 'bench/admin-results.json'), `${JSON.stringify({ at: new Date().toISOString(), cores: os.cpus().length, loadAverage: os.loadavg(), user: o.user, target, runs, table }, null, 2)}\n`);
  } finally {
    await browser?.close();
    await server.stop();
    if (!o.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

function round(r) {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v]));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

// for a one-off trace or profile of a step (a script of one's own)
module.exports = { startServer, launchBrowser, api, instrumentedPage, allVisible, DASHBOARD_SETTLED, PASSWORD };
