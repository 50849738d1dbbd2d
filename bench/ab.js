'use strict';
/**
 * node bench/ab.js --build A=path/to/server/dist[@DATABASE] --build B=other/server/dist [--only show,list-client,actions,firm-incidents,firm-incident] [--rounds 5]
 *   [--duration 8] [--connections 10] [--database incident_desk_scale] [--user manager@scale.test]…
 *
 * An A/B of two (or more) builds of our server on the scale data set (make it with `npm run seed:scale`): each build is
 * started as a child process (its dist/main.js, on 127.0.0.1), and the endpoints are loaded with autocannon one build
 * at a time, the order of the builds alternating from round to round. Per round and build it prints requests per
 * second, our server's CPU per request (process.cpuUsage over IPC, bench/capture.js) and the PostgreSQL backends' CPU
 * per request (/proc). A build is a copy of server/dist under server/ (so that it finds the server's node_modules;
 * `.data-*` folders are ignored by git), e.g. `cp -r server/dist server/.data-ab/before`. A build that cannot sign in on
 * the database (an older schema's) uses another build's token. `@DATABASE` serves a build from another database of the
 * cluster than --database (e.g. a copy of the scale data set made before a migration, `create database … template …`):
 * an A/B of a change in the database itself, the incidents and clients taken from --database. --user signs in as another user of the scale firm (a
 * consultant, `consultant-001@scale.test`, or a client admin, `client-00001@scale.test`): the incidents shown and the
 * client listed are then of that user's clients. With --user given more than once, the requests take each user's token in
 * turn (one connection's transactions then alternate between their scopes), on incidents and a client every one of them
 * sees (the first user's who is not a manager). Not part of `npm test`; for measuring one change.
 */
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');

const ROOT = resolve(__dirname, '..');
const dist = (p) => require(join(ROOT, 'server/dist', p));
const { loadConfig } = dist('config/config.js');
const { freePort } = dist('database/embedded.js');
const { openCluster } = dist('cli/seed-scale.js');
const { withDatabase, SCALE_DATABASE, SCALE_PASSWORD } = dist('seed/scale/index.js');

function args(argv) {
  const o = { builds: [], only: null, rounds: 5, duration: 8, connections: 10, database: SCALE_DATABASE, profile: null, users: [] };
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const flag = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    const value = () => (eq > 0 ? argv[i].slice(eq + 1) : argv[++i]);
    if (flag === '--build') {
      const v = value();
      const k = v.indexOf('=');
      const [dir, database] = v.slice(k + 1).split('@');
      o.builds.push({ name: v.slice(0, k), dir: resolve(dir), database });
    } else if (flag === '--only') o.only = value().split(',');
    else if (['--rounds', '--duration', '--connections'].includes(flag)) o[flag.slice(2)] = Number(value());
    else if (flag === '--database') o.database = value();
    else if (flag === '--profile') o.profile = value();
    else if (flag === '--user') o.users.push(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (o.builds.length < 1) throw new Error('--build NAME=DIR at least once');
  if (!o.users.length) o.users.push('manager@scale.test');
  return o;
}

const TICK_US = 1e6 / 100;
/** CPU (µs) of each of the postmaster's children, by pid. */
function pgCpu(postmaster) {
  if (!postmaster) return null;
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === postmaster) out.set(name, (Number(f[11]) + Number(f[12])) * TICK_US);
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU used between two samples by the backends alive at the second. */
function pgDelta(a, b) {
  if (!a || !b) return 0;
  let d = 0;
  for (const [pid, us] of b) d += us - (a.get(pid) ?? 0);
  return d;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function start(build, env) {
  const port = await freePort();
  const p = fork(join(build.dir, 'main.js'), [], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    execArgv: ['-r', join(__dirname, 'capture.js')],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const waiting = new Map();
  let seq = 0;
  p.on('message', (m) => m && waiting.has(m.id) && (waiting.get(m.id)(m), waiting.delete(m.id)));
  let out = '';
  const on = (d) => {
    if (String(d).includes('[writes')) console.log(`${build.name}: ${String(d).trim()}`);
    out += d;
  };
  p.stdout.on('data', on);
  p.stderr.on('data', on);
  const exited = new Promise((_, rej) => p.on('exit', (code) => rej(new Error(`${build.name} exited ${code}:\n${out}`))));
  exited.catch(() => undefined);
  await Promise.race([require('./run.js').waitForHealth(`http://127.0.0.1:${port}`, 120_000), exited]);
  return {
    ...build,
    url: `http://127.0.0.1:${port}`,
    cpu: () => new Promise((res) => {
      const id = ++seq;
      waiting.set(id, (m) => res(m.cpu.user + m.cpu.system));
      p.send({ cmd: 'cpu', id });
    }),
    ask: (msg) => new Promise((res) => {
      const id = ++seq;
      waiting.set(id, res);
      p.send({ ...msg, id });
    }),
    stop: () => new Promise((res) => {
      if (p.exitCode !== null) return res();
      p.once('exit', res);
      p.kill('SIGINT');
    }),
  };
}

/** Loads one endpoint; `headers` holds one set per user, taken in turn. */
function cannon(url, ep, seconds, connections, headers) {
  let k = 0;
  let u = 0;
  const json = ep.body ? { 'content-type': 'application/json' } : {};
  return new Promise((res, rej) => autocannon({
    url, connections, duration: seconds,
    requests: [{
      method: ep.method || 'GET',
      setupRequest: (req) => ({
        ...req, headers: { ...req.headers, ...headers[u++ % headers.length], ...json },
        path: ep.paths[k++ % ep.paths.length], body: ep.body ? JSON.stringify(ep.body()) : undefined,
      }),
    }],
  }, (e, r) => (e ? rej(e) : res(r))));
}

async function main() {
  const o = args(process.argv.slice(2));
  const config = loadConfig();
  const cluster = await openCluster(config);
  const servers = [];
  try {
    const superUrl = withDatabase(cluster.adminUrl, o.database);
    const pidFile = join(config.dataDir, 'pg', 'postmaster.pid');
    const postmaster = cluster.port && existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null;
    const db = new Client({ connectionString: superUrl });
    await db.connect();
    const firm = (await db.query(`select id from firms where slug = 'scale'`)).rows[0];
    const users = (await db.query(`select email, id, role, client_id from users where firm_id = $1 and email = any($2)`, [firm.id, o.users])).rows;
    for (const e of o.users) if (!users.some((u) => u.email === e)) throw new Error(`no user ${e} in the scale firm`);
    const user = users.find((u) => u.role !== 'manager') ?? users[0];
    // the user's clients (null: every client, a manager's)
    const mine = user.role === 'manager' ? null : user.role === 'consultant'
      ? (await db.query(`select array_agg(client_id) as c from assignments where firm_id = $1 and consultant_id = $2`, [firm.id, user.id])).rows[0].c
      : [user.client_id];
    const big = (await db.query(`select client_id from incidents where firm_id = $1 and ($2::uuid[] is null or client_id = any($2)) group by 1 order by count(*) desc limit 1`, [firm.id, mine])).rows[0];
    const ids = (await db.query(`select id from incidents tablesample system (2) where firm_id = $1 and ($2::uuid[] is null or client_id = any($2)) limit 1000`, [firm.id, mine])).rows.map((r) => r.id);
    const targets = (await db.query(`select id from clients where firm_id = $1 and status = 'active' and id <> $2 and ($3::uuid[] is null or id = any($3)) order by id limit 200`, [firm.id, big.client_id, mine])).rows.map((r) => r.id);
    const breach = (await db.query(`select id from firm_incidents where firm_id = $1 order by child_count desc, id limit 1`, [firm.id])).rows[0];
    console.log(`as ${o.users.join(' and ')}, on what ${user.email} sees (${user.role}${mine ? `, ${mine.length} clients` : ''})`);
    await db.end();
    const env = {
      DATABASE_URL: withDatabase(cluster.ownerUrl, o.database), APP_DATABASE_URL: withDatabase(cluster.appUrl, o.database),
      JWT_SECRET: randomBytes(36).toString('base64url'), AUDIT_KEY: config.auditKey, SEED_DEMO: 'false', LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '86400', NODE_ENV: 'production',
    };
    for (const b of o.builds) {
      servers.push(await start(b, b.database
        ? { ...env, DATABASE_URL: withDatabase(cluster.ownerUrl, b.database), APP_DATABASE_URL: withDatabase(cluster.appUrl, b.database) }
        : env));
    }
    // each build signs in on its own (builds of different versions may not take each other's tokens)
    for (const s of servers) {
      for (const email of o.users) {
        const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: SCALE_PASSWORD }) });
        if (login.status === 200) (s.headers ??= []).push({ authorization: `Bearer ${(await login.json()).accessToken}` });
        else { console.log(`${s.name}: sign-in answered ${login.status}; it uses another build's tokens`); s.headers = undefined; break; }
      }
    }
    for (const s of servers) s.headers ??= servers.find((x) => x.headers)?.headers;
    const enc = encodeURIComponent;
    let made = 0;
    const endpoints = [
      { name: 'show', paths: ids.map((id) => `/api/incidents/${id}`) },
      { name: 'list-client', paths: [`/api/incidents?filter=${enc(JSON.stringify({ clientId: big.client_id }))}&range=${enc('[0,24]')}`] },
      { name: 'list-all', paths: [`/api/incidents?range=${enc('[0,24]')}`] },
      { name: 'me', paths: ['/api/auth/me'] },
      { name: 'health', paths: ['/api/health'] },
      { name: 'not-found', paths: ['/api/incidents/00000000-0000-4000-8000-000000000000'], status: 404 },
      { name: 'create', method: 'POST', paths: ['/api/incidents'],
        body: () => ({ clientId: targets[made++ % targets.length], title: `A/B ${made}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(), category: 'data_security', personalInfoInvolved: true }) },
      // on request only (--only): lists whose row-level security reads columns kept by triggers (migration 1767400000000)
      { name: 'actions', paths: [`/api/actions?range=${enc('[0,24]')}`], optIn: true },
      { name: 'firm-incidents', paths: [`/api/firm-incidents?range=${enc('[0,24]')}`], optIn: true },
      { name: 'firm-incident', paths: breach ? [`/api/firm-incidents/${breach.id}`] : [], optIn: true },
    ].filter((e) => (o.only ? o.only.includes(e.name) : e.name !== 'create' && e.name !== 'not-found' && !e.optIn));
    for (const e of endpoints) {
      for (const s of servers) await cannon(s.url, e, 2, o.connections, s.headers);
      const sums = Object.fromEntries(servers.map((s) => [s.name, { n: 0, cpu: 0, db: 0, s: 0, rounds: [], nodeUs: [], dbUs: [], rps: [] }]));
      for (let r = 0; r < o.rounds; r++) {
        const order = r % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          const profiling = o.profile === s.name;
          if (profiling) await s.ask({ cmd: 'profile-start' });
          const c0 = await s.cpu();
          const d0 = pgCpu(postmaster);
          const res = await cannon(s.url, e, o.duration, o.connections, s.headers);
          const c1 = await s.cpu();
          const d1 = pgCpu(postmaster);
          if (profiling) {
            const file = join(__dirname, '.data', `ab-${s.name}-${e.name}-${r}.cpuprofile`);
            await s.ask({ cmd: 'profile-stop', file });
            const { summariseProfile } = require('./run.js');
            const n = res['2xx'] + res.non2xx;
            const sum = summariseProfile(file, n);
            console.log(`  profile of ${s.name} on ${e.name} (round ${r + 1}): ${sum.usPerRequest} µs per request`);
            for (const c of sum.categories.slice(0, 12)) console.log(`    ${String(c.percent).padStart(5)} %  ${String(c.usPerRequest).padStart(7)} µs  ${c.name}`);
            for (const f of sum.functions.slice(0, 25)) console.log(`    ${String(f.percent).padStart(5)} %  ${f.name}  ${f.where}`);
          }
          const n = e.status ? res[`${Math.floor(e.status / 100)}xx`] : res['2xx'];
          const x = sums[s.name];
          x.n += n;
          x.cpu += c1 - c0;
          x.db += pgDelta(d0, d1);
          x.s += res.duration;
          x.nodeUs.push((c1 - c0) / Math.max(1, n));
          x.dbUs.push(pgDelta(d0, d1) / Math.max(1, n));
          x.rps.push(n / res.duration);
          x.rounds.push(`${Math.round(n / res.duration)}/${Math.round((c1 - c0) / Math.max(1, n))}`);
          if (res.non2xx && !e.status) console.log(`  ${s.name}: ${res.non2xx} non-2xx`);
        }
      }
      for (const s of servers) {
        const x = sums[s.name];
        console.log(`${e.name.padEnd(11)} ${s.name.padEnd(12)} ${String(Math.round(x.n / x.s)).padStart(6)} req/s  node ${String(Math.round(x.cpu / x.n)).padStart(5)} µs/req (median ${Math.round(median(x.nodeUs))})  db ${String(Math.round(x.db / x.n)).padStart(5)} µs/req (median ${Math.round(median(x.dbUs))})   rounds (req/s / node µs): ${x.rounds.join(' ')}`);
      }
    }
  } finally {
    for (const s of servers) await s.stop();
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
