#!/usr/bin/env node
/**
 * The alerting clocks' minute scan on the scale data set (issue 16): `npm run bench:scan` after `npm run seed:scale`.
 *
 * The seeder leaves every running clock (each pending obligation, each client's report not acknowledged) due now, as
 * the migration does. A server that has been scanning keeps each clock's next moment at its next threshold instead;
 * this puts the clocks in that steady state (a pending obligation at its due time, or within the coming hour when it
 * is past due and escalating; a report within the hour), then measures
 *  1. the index range scan the scan starts with (notification_clocks_due's query): time, rows, buffers, plan;
 *  2. the scan itself (RemindersService.scan, in-process against the scale database, no e-mail or channels
 *     configured: in-app notifications only): the clocks handled, reminders recorded and milliseconds, for the clocks
 *     due in the coming 90 s, then again at once (nothing new due: what an idle minute costs).
 */
const { randomBytes } = require('node:crypto');
const { join, resolve } = require('node:path');
const { Client } = require('pg');

const ROOT = resolve(__dirname, '..');
const dist = (p) => require(join(ROOT, 'server/dist', p));
const { loadConfig } = dist('config/config.js');
const { openCluster } = dist('cli/seed-scale.js');
const { withDatabase, SCALE_DATABASE } = dist('seed/scale/index.js');

async function main() {
  const database = process.env.BENCH_DATABASE || SCALE_DATABASE;
  const config = loadConfig();
  const cluster = await openCluster(config);
  const ownerUrl = withDatabase(cluster.ownerUrl, database);
  const appUrl = withDatabase(cluster.appUrl, database);
  const sup = new Client({ connectionString: withDatabase(cluster.adminUrl, database) });
  await sup.connect();
  let app = null;
  try {
    const one = async (sql, values) => (await sup.query(sql, values)).rows[0];
    const sizes = await one(`select (select count(*) from incidents)::int as incidents, (select count(*) from obligations)::int as obligations,
      (select count(*) from notification_clocks)::int as clocks, (select count(*) from notification_clocks where kind = 'client_report')::int as reports`);
    console.log(`${database}: ${sizes.incidents} incidents, ${sizes.obligations} obligations, ${sizes.clocks} running clocks (${sizes.reports} client reports)`);

    // the steady state of a server that has been scanning
    await sup.query(`alter table notification_clocks no force row level security`);
    await sup.query(`update notification_clocks c set next_at = case when o.due_at > now() then o.due_at else now() + random() * interval '1 hour' end
      from obligations o where o.firm_id = c.firm_id and o.id = c.obligation_id`);
    await sup.query(`update notification_clocks set next_at = now() + random() * interval '1 hour' where kind = 'client_report'`);
    await sup.query(`alter table notification_clocks force row level security`);
    await sup.query(`vacuum (analyze) notification_clocks`);
    const due = await one(`select count(*)::int as n from notification_clocks where next_at <= now() + interval '90 seconds'`);
    console.log(`steady state: ${due.n} clocks due within the next 90 s`);

    // 1. the index range scan the minute scan starts with
    const plan = (await sup.query(`explain (analyze, buffers, format json)
      select c.firm_id, c.id from notification_clocks c where c.next_at <= now() + interval '90 seconds' order by c.next_at limit 500`)).rows[0]['QUERY PLAN'][0];
    const nodes = [];
    const walk = (n) => { nodes.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']})`); (n.Plans ?? []).forEach(walk); };
    walk(plan.Plan);
    const buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
    console.log(`due-clock query: ${plan['Execution Time'].toFixed(2)} ms, ${plan.Plan['Actual Rows']} rows, ${buffers} buffers; ${nodes.join(' > ')}`);

    // 2. the scan itself, in-process
    Object.assign(process.env, {
      DATABASE_URL: ownerUrl, APP_DATABASE_URL: appUrl, JWT_SECRET: randomBytes(36).toString('base64url'), AUDIT_KEY: config.auditKey,
      SEED_DEMO: 'false', LOG_LEVEL: 'warn', SMTP_URL: '', MAIL_FROM: '',
    });
    const { createApp } = dist('bootstrap.js');
    const { RemindersService } = dist('notifications/reminders.service.js');
    app = await createApp(loadConfig(), appUrl, { logger: false });
    await app.init();
    const reminders = app.get(RemindersService);
    const first = await reminders.scan();
    console.log(`scan: ${first.clocks} clocks handled, ${first.reminders} reminders recorded, ${first.ms} ms`);
    const idle = await reminders.scan();
    console.log(`scan again at once: ${idle.clocks} clocks, ${idle.reminders} reminders, ${idle.ms} ms`);
  } finally {
    await app?.close().catch(() => undefined);
    await sup.end();
    await cluster.stop().catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
