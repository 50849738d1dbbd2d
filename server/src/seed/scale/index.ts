import { Client, Pool } from 'pg';
import { hashPassword } from '../../auth/password';
import { runMigrations } from '../../database/data-source';
import { DATABASE_NAME, OWNER_ROLE } from '../../database/roles';
import { inFirmScope } from '../../tenancy/tenant-db.service';
import { BULK_TABLES, CLOCK_TRIGGERS, EXTRAS_TRIGGERS, FILL_CLOCKS, restoreIndexes, ROLLUP_TABLES, ROLLUP_TRIGGERS, setAsideIndexes } from './indexes';
import {
  createFirmAndClients, type FirmContext, loadClientRecords, loadFirmIncidents, loadIncidentChunk, parallel, prepareSession,
} from './loader';

/**
 * The scale data set: one large firm (thousands of clients, a million incidents with their tasks, timeline,
 * obligations, gradings and communications; trainings, evaluations and improvement actions per client) and a second
 * small firm, in a database of its own, for the benchmark and the speed checks.
 *
 * Everything is generated inside PostgreSQL with multi-row `insert … select … from generate_series`, as the owner
 * role with the firm's scope set (row-level security is forced on the owner too), in chunks spread over a few
 * connections. While the bulk tables load, their keys, secondary indexes and foreign keys are set aside and
 * afterwards re-created from their own catalog definitions (one sorted index build and one validating join instead of
 * millions of lookups), so the finished schema is exactly the migrated one. Values that follow rules (obligation
 * clocks and sources, grading suggestions, evaluation scores, training figures) come from the shared rule functions,
 * evaluated once per combination in Node and joined in; per-firm reference counters end at the highest number used.
 * No audit rows are generated (the firms' chains start empty and stay valid).
 *
 * Distributions: incidents spread evenly over the last 24 months, clients skewed (the largest has about 0.6 % of the
 * firm's incidents); status by age (older ones mostly closed; the newest eight go through every state); grades 3 / 10 /
 * 22 / 65 %; categories and natures weighted; personal information in about 14 %. Tasks: `tasksPerIncident` from the
 * built-in playbook (one per phase by default, done up to the incident's phase). Obligations: those the shared rules
 * give; the SLA ones met by the incident's own timestamps, the others met on time, late, or (a few) never, so some are
 * overdue; a met regulator obligation has its sent communication.
 */
export { CLOCK_TRIGGERS, EXTRAS_TRIGGERS } from './indexes';
export { SCALE_FIRM_INCIDENT_CHILDREN, SCALE_FIRM_INCIDENTS } from './loader';

export const SCALE_DATABASE = 'incident_desk_scale';
export const SCALE_PASSWORD = 'scale-pass-2026';
export const SCALE_META_KEY = 'scale_seed';

export interface ScaleFirmSpec {
  slug: string;
  name: string;
  /** e-mail domain of its users: manager@domain, consultant-001@domain, client-00001@domain */
  domain: string;
  clients: number;
  incidents: number;
  consultants: number;
}

export interface ScaleOptions {
  /** a connection allowed to drop and create databases (superuser, or a role with CREATEDB); any database */
  adminUrl: string;
  /** the owner role's connection to the target database */
  ownerUrl: string;
  database: string;
  firms: ScaleFirmSpec[];
  /** tasks per incident, taken from the built-in playbook (one per phase first) */
  tasksPerIncident: number;
  /** parallel loading connections */
  workers: number;
  /** incidents per chunk (one transaction) */
  chunk: number;
  scryptLog2N: number;
  now?: Date;
  log?: (line: string) => void;
}

export interface ScaleFirmResult {
  firmId: string;
  slug: string;
  name: string;
  managerEmail: string;
  consultantEmails: string[];
  clientAdminEmails: string[];
  clientIds: string[];
}

export interface ScaleResult {
  database: string;
  firms: ScaleFirmResult[];
  counts: Record<string, number>;
  timings: { step: string; ms: number }[];
  totalMs: number;
}

/** Defaults of the command line: a large firm of `clients` clients and `incidents` incidents, and a small second firm. */
export function scaleFirms(clients: number, incidents: number, consultants?: number): ScaleFirmSpec[] {
  return [
    {
      slug: 'scale', name: '恒信企业服务（上海）有限公司', domain: 'scale.test', clients, incidents,
      consultants: consultants ?? Math.max(3, Math.ceil(clients / 40)),
    },
    {
      slug: 'scale-other', name: '北辰合规咨询（北京）有限公司', domain: 'scale-other.test', clients: Math.min(5, clients),
      incidents: Math.min(500, Math.max(10, Math.ceil(incidents / 100))), consultants: 2,
    },
  ];
}

export const isValidDatabaseName = (name: string) => /^[a-z_][a-z0-9_]{0,62}$/.test(name) && name !== DATABASE_NAME && name !== 'postgres';

export { withDatabase } from '../../database/url';

async function timed<T>(timings: ScaleResult['timings'], log: (s: string) => void, step: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const r = await fn();
  const ms = Date.now() - t;
  timings.push({ step, ms });
  log(`  ${step.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
  return r;
}

export async function generateScale(opts: ScaleOptions): Promise<ScaleResult> {
  const log = opts.log ?? (() => undefined);
  if (!isValidDatabaseName(opts.database)) throw new Error(`refusing database name "${opts.database}": lower-case letters, digits and _, not the product's own database`);
  const now = opts.now ?? new Date();
  const timings: ScaleResult['timings'] = [];
  const started = Date.now();

  await timed(timings, log, 'create database', async () => {
    const admin = new Client({ connectionString: opts.adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${opts.database} with (force)`);
      await admin.query(`create database ${opts.database} owner ${OWNER_ROLE}`);
    } finally {
      await admin.end();
    }
  });
  await timed(timings, log, 'migrations', () => runMigrations(opts.ownerUrl));

  const pool = new Pool({ connectionString: opts.ownerUrl, max: Math.max(2, opts.workers + 1), application_name: 'incident-desk-seed-scale' });
  pool.on('connect', (c) => {
    // temp_buffers before the session's first temporary table: the chunk table stays in memory
    void c.query(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '512MB'; set temp_buffers = '256MB'; set jit = off`);
  });
  try {
    const passwordHash = await hashPassword(SCALE_PASSWORD, opts.scryptLog2N);
    const firms: ScaleFirmResult[] = [];
    const contexts: FirmContext[] = [];
    const c0 = await pool.connect();
    try {
      for (const [k, spec] of opts.firms.entries()) {
        const ctx = await timed(timings, log, `${spec.slug}: firm, ${spec.clients} clients, users`, () => createFirmAndClients(c0, spec, k + 1, passwordHash, now, firms));
        contexts.push(ctx);
      }
    } finally {
      c0.release();
    }

    const setAside = await timed(timings, log, 'set aside keys, indexes and foreign keys', () => setAsideIndexes(pool));
    // the report roll-ups are computed once after the load, not row by row by their triggers
    for (const t of ROLLUP_TABLES) for (const trigger of ROLLUP_TRIGGERS) await pool.query(`alter table ${t} disable trigger ${trigger}`);
    // incidents.progress and nearest_due_at are counted per chunk from the rows inserted (loadIncidentChunk)
    for (const [t, trigger] of EXTRAS_TRIGGERS) await pool.query(`alter table ${t} disable trigger ${trigger}`);
    // the alerting clocks are filled once after the load (their triggers would run per row, before the incidents exist)
    for (const [t, trigger] of CLOCK_TRIGGERS) await pool.query(`alter table ${t} disable trigger ${trigger}`);

    for (const ctx of contexts) {
      const chunks: [number, number][] = [];
      for (let a = 1; a <= ctx.spec.incidents; a += opts.chunk) chunks.push([a, Math.min(ctx.spec.incidents, a + opts.chunk - 1)]);
      let done = 0;
      const steps: Record<string, number> = {};
      await timed(timings, log, `${ctx.spec.slug}: ${ctx.spec.incidents} incidents and their records`, () =>
        parallel(opts.workers, chunks, pool, (c) => prepareSession(c, ctx, opts.tasksPerIncident), async (c, [a, b]) => {
          await inFirmScope(c, ctx.firmId, () => loadIncidentChunk(c, ctx, a, b, now, steps));
          done += b - a + 1;
          if (chunks.length > 4 && (done === ctx.spec.incidents || Math.floor(done / 100_000) > Math.floor((done - (b - a + 1)) / 100_000))) {
            log(`    ${ctx.spec.slug}: ${done}/${ctx.spec.incidents} incidents, ${((Date.now() - started) / 1000).toFixed(0)} s so far`);
          }
        }),
      );
      // connection-seconds per statement, summed over the parallel connections
      log(`    (${Object.entries(steps).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ')} connection-s)`);
      await timed(timings, log, `${ctx.spec.slug}: trainings, evaluations, actions`, async () => {
        const c = await pool.connect();
        try {
          await prepareSession(c, ctx, opts.tasksPerIncident);
          await inFirmScope(c, ctx.firmId, () => loadClientRecords(c, ctx, now));
        } finally {
          c.release();
        }
      });
      await timed(timings, log, `${ctx.spec.slug}: reference counters`, async () => {
        const c = await pool.connect();
        try {
          await inFirmScope(c, ctx.firmId, () =>
            c.query(
              `insert into incident_counters (firm_id, year, last) select $1, y, e - s + 1 from unnest($2::int[], $3::int[], $4::int[]) as u(y, s, e)`,
              [ctx.firmId, ctx.years, ctx.yearStarts, ctx.yearEnds],
            ),
          );
        } finally {
          c.release();
        }
      });
    }

    await timed(timings, log, 'rebuild keys, indexes and foreign keys', () => restoreIndexes(pool, setAside, opts.workers, log));
    await timed(timings, log, 'firm incidents', async () => {
      const c = await pool.connect();
      try {
        for (const ctx of contexts) await inFirmScope(c, ctx.firmId, () => loadFirmIncidents(c, ctx, now));
      } finally {
        c.release();
      }
    });
    await timed(timings, log, 'alerting clocks', async () => {
      await parallel(opts.workers, contexts, pool, async () => undefined, async (c, ctx) => {
        await inFirmScope(c, ctx.firmId, () => c.query(FILL_CLOCKS, [ctx.firmId]));
      });
      for (const [t, trigger] of CLOCK_TRIGGERS) await pool.query(`alter table ${t} enable trigger ${trigger}`);
    });
    await timed(timings, log, 'report roll-ups', async () => {
      await parallel(opts.workers, contexts, pool, async () => undefined, async (c, ctx) => {
        await inFirmScope(c, ctx.firmId, () => c.query(`select report_rollups_rebuild($1)`, [ctx.firmId]));
      });
      for (const t of ROLLUP_TABLES) for (const trigger of ROLLUP_TRIGGERS) await pool.query(`alter table ${t} enable trigger ${trigger}`);
      for (const [t, trigger] of EXTRAS_TRIGGERS) await pool.query(`alter table ${t} enable trigger ${trigger}`);
    });
    await timed(timings, log, 'vacuum analyze', async () => {
      const tables = [...BULK_TABLES, 'clients', 'users', 'assignments', 'incident_counters', 'playbooks', 'firms', 'report_rollups', 'notification_clocks'];
      await parallel(opts.workers, tables, pool, async () => undefined, async (c, t) => {
        await c.query(`vacuum (analyze) ${t}`);
      });
    });
    const counts = await timed(timings, log, 'count rows', () => countRows(pool, contexts.map((c) => c.firmId)));
    const totalMs = Date.now() - started;
    const meta = { clients: opts.firms.map((f) => f.clients), incidents: opts.firms.map((f) => f.incidents), tasksPerIncident: opts.tasksPerIncident, firms, counts, timings, totalMs, finishedAt: new Date().toISOString() };
    await pool.query(`insert into app_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`, [SCALE_META_KEY, JSON.stringify(meta)]);
    return { database: opts.database, firms, counts, timings, totalMs };
  } finally {
    await pool.end();
  }
}

async function countRows(pool: Pool, firmIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const c = await pool.connect();
  try {
    for (const t of ['clients', 'users', 'assignments', ...BULK_TABLES]) {
      let total = 0;
      for (const f of firmIds) {
        // explicit firm filter: the owner is a member of the auth role, whose policies see every firm's users
        total += await inFirmScope(c, f, async () => Number((await c.query(`select count(*) as n from ${t} where firm_id = $1`, [f])).rows[0].n));
      }
      out[t] = total;
    }
  } finally {
    c.release();
  }
  return out;
}
