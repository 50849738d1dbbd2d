/**
 * The parallel loader: a firm with its clients and users, then chunks of incidents with everything that hangs off them
 * and each client's records, over several connections. (Part of the scale generator: see index.ts.)
 */
import { BUILT_IN_PLAYBOOK } from '@incident-desk/shared';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { PROGRESS_OF } from '../../database/sql/task-progress';
import { enterFirm, inFirmScope } from '../../tenancy/tenant-db.service';
import type { ScaleFirmResult, ScaleFirmSpec } from './index';
import { lit, oneOf, pick, reportedAtSql, textArray, UUID } from './sql';
import { evaluationVariants, gradingVariants, obligationSpecs, participantVariants, taskDefs } from './variants';
import {
  CATEGORY_WEIGHTS, companyName, GRADE_WEIGHTS, LIFECYCLE, MONTHS, NATURE_WEIGHTS, personName, PREVIOUS_STATUS_SQL, scaleCreditCode, SLA, STATUS_RANK_SQL,
  STATUS_SQL, SYSTEMS, TIME_ZONE, TITLES,
} from './vocabulary';

export interface FirmContext {
  spec: ScaleFirmSpec;
  firmId: string;
  playbookId: string;
  managerId: string;
  salt: number;
  t0: Date;
  stepSeconds: number;
  years: number[];
  yearStarts: number[];
  yearEnds: number[];
}

/** Firm incidents of the scale data set (issue 18): a few breaches at the firm itself, each with hundreds of children. */
export const SCALE_FIRM_INCIDENTS = 3;
export const SCALE_FIRM_INCIDENT_CHILDREN = 300;

/**
 * A few breaches at the firm itself: each a parent whose children are the newest incident of each of a run of the
 * firm's clients (up to SCALE_FIRM_INCIDENT_CHILDREN, different clients for each parent), in whatever phase they are
 * (children move on their own too). The parents are `responding`, numbered FIRM-<year>-0001… with their counter.
 */
export async function loadFirmIncidents(c: PoolClient, ctx: FirmContext, now: Date) {
  const clients = ctx.spec.clients;
  const parents = Math.min(SCALE_FIRM_INCIDENTS, clients);
  const children = Math.max(1, Math.min(SCALE_FIRM_INCIDENT_CHILDREN, Math.floor(clients / parents)));
  const year = now.getUTCFullYear();
  for (let k = 0; k < parents; k++) {
    const id = randomUUID();
    const picked = await c.query(
      `select i.id, i.detected_at from (select id from clients where firm_id = $1 order by id offset $2 limit $3) cl
        cross join lateral (select x.id, x.detected_at from incidents x where x.firm_id = $1 and x.client_id = cl.id order by x.created_at desc, x.id desc limit 1) i`,
      [ctx.firmId, k * children, children],
    );
    if (!picked.rowCount) continue;
    const ids = picked.rows.map((r: { id: string }) => r.id);
    await c.query(
      `insert into firm_incidents (firm_id, id, reference, title, description, category, nature, status, personal_info_involved, child_count, detected_at, team)
       select $1, $2, $3, $4, $5, 'data_security', 'human_error', 'responding', true, $6,
              (select min(detected_at) from incidents where firm_id = $1 and id = any($7::uuid[])), '[]'::jsonb`,
      [ctx.firmId, id, `FIRM-${year}-${String(k + 1).padStart(4, '0')}`, `执照变更资料库数据泄露 ${k + 1}`, '本所执照变更资料库备份文件暴露于公网，涉及多家客户的执照变更材料。', ids.length, ids],
    );
    await c.query(`update incidents set parent_id = $2 where firm_id = $1 and id = any($3::uuid[])`, [ctx.firmId, id, ids]);
  }
  await c.query(`insert into firm_incident_counters (firm_id, year, last) values ($1, $2, $3)`, [ctx.firmId, year, parents]);
}

/** Runs `items` over `workers` connections, each prepared once. */
export async function parallel<T>(workers: number, items: T[], pool: Pool, prepare: (c: PoolClient) => Promise<void>, run: (c: PoolClient, item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    const c = await pool.connect();
    try {
      await prepare(c);
      while (next < items.length) await run(c, items[next++]);
    } finally {
      c.release();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
}

export async function createFirmAndClients(c: PoolClient, spec: ScaleFirmSpec, salt: number, passwordHash: string, now: Date, out: ScaleFirmResult[]): Promise<FirmContext> {
  const { randomUUID } = await import('node:crypto');
  const firmId = randomUUID();
  const managerId = randomUUID();
  const playbookId = randomUUID();
  const t0 = new Date(now);
  t0.setUTCMonth(t0.getUTCMonth() - MONTHS);
  const stepSeconds = (now.getTime() - t0.getTime()) / 1000 / Math.max(1, spec.incidents);
  const clientIds = Array.from({ length: spec.clients }, () => randomUUID());
  const consultantIds = Array.from({ length: spec.consultants }, () => randomUUID());
  const adminIds = Array.from({ length: spec.clients }, () => randomUUID());
  const consultantEmails = consultantIds.map((_, k) => `consultant-${String(k + 1).padStart(3, '0')}@${spec.domain}`);
  const adminEmails = adminIds.map((_, k) => `client-${String(k + 1).padStart(5, '0')}@${spec.domain}`);
  const companies = clientIds.map((_, i) => companyName(i + salt * 997));
  const created = new Date(t0.getTime() - 30 * 86400_000);
  let years: { y: number; s: number; e: number }[] = [];
  await inFirmScope(c, firmId, async () => {
    await c.query(`insert into firms (id, name, slug, created_at) values ($1, $2, $3, $4)`, [firmId, spec.name, spec.slug, created]);
    await c.query(
      `insert into playbooks (firm_id, id, key, name, description, tasks, built_in, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, true, $7, $7)`,
      [firmId, playbookId, BUILT_IN_PLAYBOOK.key, BUILT_IN_PLAYBOOK.name, BUILT_IN_PLAYBOOK.description, JSON.stringify(BUILT_IN_PLAYBOOK.tasks), created],
    );
    // clients: operator types 5 % CII, 5 % state organs; 10 % process EU personal data; 3 % offboarded
    await c.query(
      `insert into clients (firm_id, id, name, credit_code, industry, operator_type, processes_eu_personal_data, contacts, contract_sla, status, offboarded_at, created_at, updated_at)
       select $1, id, name, code, industry,
              case when i % 20 = 3 then 'cii' when i % 20 = 7 then 'state_organ' else 'other' end,
              i % 10 = 4,
              jsonb_build_array(jsonb_build_object('name', contact, 'title', '信息安全负责人', 'email', 'security@client-' || i || '.example', 'phone', '021-5' || lpad((i % 10000000)::text, 7, '0'))),
              $5::jsonb,
              case when i % 33 = 32 then 'offboarded' else 'active' end,
              case when i % 33 = 32 then $6::timestamptz - (i % 200) * interval '1 day' end,
              $4::timestamptz + (i % 28) * interval '1 day', $4::timestamptz + (i % 28) * interval '1 day'
         from unnest($2::uuid[], $3::text[], $7::text[], $8::text[], $9::text[]) with ordinality as u(id, name, code, industry, contact, i)`,
      [
        firmId, clientIds, companies.map((x) => x.name), created, JSON.stringify(SLA), now, companies.map((x, i) => scaleCreditCode(salt, i, x.division)),
        companies.map((x) => x.industry), clientIds.map((_, i) => personName(i * 7 + 3)),
      ],
    );
    await c.query(
      `insert into users (firm_id, id, email, name, role, client_id, locale, password_hash, created_at, updated_at)
       select $1::uuid, $2::uuid, $3::text, $4::text, 'manager', null::uuid, 'zh-CN', $5::text, $6::timestamptz, $6::timestamptz
       union all
       select $1, id, email, name, 'consultant', null, case when k % 4 = 1 then 'en' else 'zh-CN' end, $5, $6, $6
         from unnest($7::uuid[], $8::text[], $9::text[]) with ordinality as u(id, email, name, k)
       union all
       select $1, id, email, name, 'client_admin', cid, 'zh-CN', $5, $6, $6
         from unnest($10::uuid[], $11::text[], $12::text[], $13::uuid[]) as u(id, email, name, cid)`,
      [
        firmId, managerId, `manager@${spec.domain}`, personName(salt * 13), passwordHash, created,
        consultantIds, consultantEmails, consultantIds.map((_, k) => personName(k * 5 + salt + 1)),
        adminIds, adminEmails, adminIds.map((_, i) => personName(i * 7 + 3)), clientIds,
      ],
    );
    // the sign-in directory of every user just made (migration 1765800000000)
    await c.query(`select login_directory_sync($1, null)`, [firmId]);
    // every client has two consultants (one when the firm has one); the first is the client's primary consultant (who
    // owns its reports, as AssignmentsService makes the first one assigned)
    const k = spec.consultants;
    const pairs: [string, string, boolean][] = [];
    clientIds.forEach((cid, i) => {
      pairs.push([consultantIds[i % k], cid, true]);
      if (k > 1) pairs.push([consultantIds[(i + Math.floor(k / 2)) % k], cid, false]);
    });
    await c.query(
      `insert into assignments (firm_id, id, consultant_id, client_id, is_primary, created_at)
       select $1, ${UUID}, con, cid, p, $5 from unnest($2::uuid[], $3::uuid[], $4::boolean[]) as u(con, cid, p)`,
      [firmId, pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2]), created],
    );
    // the year of every incident number, in the firm's time zone (the same expression the chunks use)
    const r = await c.query(
      `select y, min(g)::int as s, max(g)::int as e from (
         select g, extract(year from (${reportedAtSql('g')}) at time zone '${TIME_ZONE}')::int as y
           from generate_series(1, $3::int) g, (select $1::timestamptz as t0, $2::float8 as step) p) x
        group by y order by y`,
      [t0, stepSeconds, spec.incidents],
    );
    years = r.rows;
  });
  out.push({
    firmId, slug: spec.slug, name: spec.name, managerEmail: `manager@${spec.domain}`, consultantEmails, clientAdminEmails: adminEmails, clientIds,
  });
  return {
    spec, firmId, playbookId, managerId, salt, t0, stepSeconds,
    years: years.map((x) => x.y), yearStarts: years.map((x) => x.s), yearEnds: years.map((x) => x.e),
  };
}

/** Per-session lookup tables: the firm's clients with their consultants, task definitions and rule variants. */
export async function prepareSession(c: PoolClient, ctx: FirmContext, tasksPerIncident: number) {
  await c.query(`drop table if exists pg_temp.s_clients, pg_temp.s_tasks, pg_temp.s_obligations, pg_temp.s_gradings, pg_temp.s_evaluations, pg_temp.s_participants, pg_temp.s_chunk, pg_temp.s_progress, pg_temp.s_due`);
  await c.query('begin');
  await enterFirm(c, ctx.firmId, { allClients: true });
  // client number i (0-based, in order of credit code salt) → its row, its lead and second consultant and its admin
  await c.query(
    `create temp table s_clients as
       select (row_number() over (order by cl.created_at, cl.credit_code) - 1)::int as idx, cl.id, cl.operator_type as op,
              cl.processes_eu_personal_data as eu,
              (select a.consultant_id from assignments a join users u on u.firm_id = a.firm_id and u.id = a.consultant_id
                 where a.firm_id = cl.firm_id and a.client_id = cl.id order by u.email limit 1) as lead,
              (select u.id from users u where u.firm_id = cl.firm_id and u.client_id = cl.id limit 1) as admin
         from clients cl where cl.firm_id = $1`,
    [ctx.firmId],
  );
  await c.query(`alter table s_clients add column lead_name text, add column admin_name text`);
  await c.query(`update s_clients s set lead_name = u.name from users u where u.firm_id = $1 and u.id = s.lead`, [ctx.firmId]);
  await c.query(`update s_clients s set admin_name = u.name from users u where u.firm_id = $1 and u.id = s.admin`, [ctx.firmId]);
  await c.query(`create unique index on s_clients (idx)`);
  await c.query('commit');
  const defs = taskDefs(tasksPerIncident);
  await c.query(
    `create temp table s_tasks as select * from jsonb_to_recordset($1::jsonb)
       as x(phase text, "phaseRank" int, key text, section text, title text, "titleEn" text, required boolean, "dueHours" float8, position int)`,
    [JSON.stringify(defs)],
  );
  await c.query(
    `create temp table s_obligations as select * from jsonb_to_recordset($1::jsonb)
       as x(grade text, op text, pi boolean, eu boolean, hr boolean, rule text, audience text, authority jsonb, source text, hours float8, "fromReported" boolean)`,
    [JSON.stringify(obligationSpecs())],
  );
  await c.query(
    `create temp table s_gradings as select * from jsonb_to_recordset($1::jsonb) as x(grade text, n int, inputs jsonb, matched jsonb)`,
    [JSON.stringify(gradingVariants())],
  );
  await c.query(
    `create temp table s_evaluations as select * from jsonb_to_recordset($1::jsonb)
       as x(type text, n int, "scaleMax" int, criteria jsonb, overall numeric, risk text)`,
    [JSON.stringify(evaluationVariants())],
  );
  await c.query(
    `create temp table s_participants as select * from jsonb_to_recordset($1::jsonb)
       as x(n int, participants jsonb, "participantCount" int, "attendedCount" int, "assessedCount" int, "passedCount" int)`,
    [JSON.stringify(participantVariants())],
  );
  await c.query(`create temp table s_chunk (like incidents including defaults) on commit delete rows`);
  // what each incident of the chunk shows beside it (incidents.progress, nearest_due_at), from the rows inserted for it
  await c.query(`create temp table s_progress (firm_id uuid, incident_id uuid, progress jsonb) on commit delete rows`);
  await c.query(`create temp table s_due (firm_id uuid, incident_id uuid, due_at timestamptz) on commit delete rows`);
  await c.query(`alter table s_chunk add column rank int, add column op text, add column client_reported boolean, add column lead_name text,
    add column admin_id uuid, add column admin_name text, add column r1 float8, add column r2 float8, add column r3 float8`);
  await c.query(`analyze s_clients; analyze s_tasks; analyze s_obligations`);
}

/** A chunk of incidents: numbers a..b of the firm, made in one transaction on one connection. */
interface Chunk {
  ctx: FirmContext;
  a: number;
  b: number;
  now: Date;
}

/** 1. The chunk's incidents, into the session's chunk table (with a few helper columns the other steps read). */
async function generateIncidents(c: PoolClient, { ctx, a, b, now }: Chunk) {
  const firm = ctx.firmId;
  const n = ctx.spec.clients;
  const m = ctx.spec.incidents;
  const categoryTitle = `(case category ${Object.entries(TITLES).map(([cat, ts]) => `when ${lit(cat)} then ${oneOf('rt', ts)}`).join(' ')} end)`;
  await c.query(
    // each layer is materialized: inlined, every use of a computed column would repeat its whole expression
    `with p as (select $1::timestamptz as t0, $2::float8 as step, $3::timestamptz as now),
     base as (
       select g, ${reportedAtSql('g')} as reported_at, p.now,
              random() rc, random() rs, random() rg, random() rcat, random() rnat, random() rt, random() rsys, random() rpi, random() rd,
              random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() rx, random() ry, random() rz
         from generate_series($4::int, $5::int) g, p
     ),
     b1 as materialized (
       select base.*, extract(epoch from (now - reported_at)) / 86400.0 as age_d,
              least(${n} - 1, floor(${n} * power(rc, 1.5)))::int as cidx,
              extract(year from reported_at at time zone '${TIME_ZONE}')::int as y,
              ${pick('rcat', CATEGORY_WEIGHTS)} as category,
              ${pick('rnat', NATURE_WEIGHTS)} as nature,
              ${oneOf('rsys', SYSTEMS)} as system
         from base
     ),
     b2 as materialized (
       select b1.*, case when g > ${m - LIFECYCLE.length} then (${textArray(LIFECYCLE)})[${m} - g + 1] else ${STATUS_SQL} end as status,
              0.08 + r1 * 3.9 as d1, 0.5 + r2 * 12 as d2, 1 + r3 * 48 as d3, 1 + r4 * 72 as d4, 2 + r5 * 120 as d5, 24 + r6 * 600 as d6, 1 + r7 * 24 as dd
         from b1
     ),
     b3 as materialized (
       select b2.*, (${STATUS_RANK_SQL}) as rank,
              d1 as o1, d1 + d2 as o2, d1 + d2 + d3 as o3, d1 + d2 + d3 + d4 as o4, d1 + d2 + d3 + d4 + d5 as o5, d1 + d2 + d3 + d4 + d5 + d6 as o6,
              d1 + dd as od
         from b2
     ),
     b4 as materialized (
       select b3.*,
              least(1.0, 0.9 * age_d * 24 / greatest(0.01, case status when 'reported' then 0.01 when 'triage' then o1 when 'responding' then o2
                when 'recovering' then o3 when 'investigating' then o4 when 'follow_up' then o5 when 'closed' then o6 else od end)) as f,
              case when status = 'reported' or (status = 'triage' and rx < 0.5) then null else ${pick('rg', GRADE_WEIGHTS)} end as grade,
              (category = 'data_security' and rpi < 0.45) or (category <> 'data_security' and rpi < 0.06) as pi
         from b3
     )
     insert into s_chunk (firm_id, id, client_id, reference, title, description, category, nature, grade, grade_rationale, status, playbook_id,
       affected_systems, data_categories, personal_info_involved, sensitive_personal_info_involved, eu_personal_data, high_risk_to_individuals,
       people_affected, records_affected, business_impact, lead_id, team, reported_by_id, detected_at, reported_at, acknowledged_at, confirmed_at,
       contained_at, recovered_at, resolved_at, closed_at, created_at, updated_at, rank, op, client_reported, lead_name, admin_id, admin_name, r1, r2, r3)
     select $6::uuid, ${UUID}, cl.id,
            'INC-' || y || '-' || (case when seq < 10000 then lpad(seq::text, 4, '0') else seq::text end),
            ${categoryTitle} || '（' || system || '）',
            '客户「' || system || '」出现异常，顾问已介入核查，处置过程记录在时间线中。',
            category, case when status = 'reported' then null else nature end, grade,
            case when grade in ('especially_major', 'major') and ry < 0.5 then '影响范围与数据量达到分级标准，经与客户确认后定级。' end,
            status, $7::uuid,
            jsonb_build_array(system),
            case when pi then jsonb_build_array('客户个人信息') || case when ry < 0.3 then '["员工个人信息"]'::jsonb else '[]'::jsonb end else '[]'::jsonb end,
            pi, pi and rz < 0.25, pi and cl.eu and rd < 0.6, pi and cl.eu and rd < 0.18,
            case when pi then (10 * power(2000, rd))::int end,
            case when pi then (10 * power(2000, rd))::bigint * (1 + floor(rz * 5)::int) end,
            case when grade in ('especially_major', 'major') then '部分业务中断，需向客户管理层通报。' end,
            cl.lead,
            jsonb_build_array(jsonb_build_object('userId', cl.lead, 'name', cl.lead_name, 'role', 'lead', 'contact', null)),
            case when status = 'reported' or rz > 0.85 then cl.admin else cl.lead end,
            reported_at - (case when rx < 0.05 then 72 else 6 end) * ry * interval '1 hour',
            reported_at,
            case when rank >= 1 then reported_at + o1 * f * interval '1 hour' end,
            case when rank >= 2 and status <> 'dismissed' then reported_at + o2 * f * interval '1 hour' end,
            case when rank >= 3 and status <> 'dismissed' then reported_at + o3 * f * interval '1 hour' end,
            case when rank >= 4 and status <> 'dismissed' then reported_at + o4 * f * interval '1 hour' end,
            case when rank >= 5 and status <> 'dismissed' then reported_at + o5 * f * interval '1 hour' end,
            case when status = 'closed' then reported_at + o6 * f * interval '1 hour' when status = 'dismissed' then reported_at + od * f * interval '1 hour' end,
            reported_at,
            reported_at + (case status when 'reported' then 0 when 'triage' then o1 when 'responding' then o2 when 'recovering' then o3
              when 'investigating' then o4 when 'follow_up' then o5 when 'closed' then o6 else od end) * f * interval '1 hour',
            rank, cl.op, status = 'reported' or rz > 0.85, cl.lead_name, cl.admin, cl.admin_name, random(), random(), random()
       from (select b4.*, g - ($9::int[])[array_position($8::int[], y)] + 1 as seq from b4) x
       join s_clients cl on cl.idx = x.cidx`,
    [ctx.t0, ctx.stepSeconds, now, a, b, firm, ctx.playbookId, ctx.years, ctx.yearStarts],
  );
}

/** 2. Gradings: the incidents graded 较大 or above keep the grading that set it. */
async function insertGradings(c: PoolClient) {
  await c.query(
    `insert into gradings (firm_id, id, incident_id, client_id, inputs, suggested_grade, chosen_grade, matched_rules, rationale, graded_by_id, graded_at)
     select i.firm_id, ${UUID}, i.id, i.client_id, v.inputs, v.grade, i.grade, v.matched, coalesce(i.grade_rationale, ''), i.lead_id,
            coalesce(i.acknowledged_at, i.reported_at) + interval '10 minutes' * i.r1
       from s_chunk i join s_gradings v on v.grade = i.grade and v.n = floor(i.r2 * 8)::int
      where i.grade in ('especially_major', 'major', 'relatively_major')`,
  );
}

/**
 * 3. Tasks: phases passed are done (when the incident left them), the current one under way, later ones to do; their
 *    counts per phase for the incident (the foreign keys are set aside: the incidents go in last, with their counts).
 */
async function insertTasks(c: PoolClient) {
  await c.query(
    `with ins as (
     insert into tasks (firm_id, id, incident_id, client_id, phase, key, section, title, title_en, description, description_en, required, assignee_id,
       due_at, status, position, done_by_id, done_at, created_at, updated_at)
     select i.firm_id, ${UUID}, i.id, i.client_id, d.phase, d.key, d.section, d.title, d."titleEn", '', null, d.required, i.lead_id,
            case when d."dueHours" is not null then i.detected_at + d."dueHours" * interval '1 hour' end,
            s.st, d.position, case when s.st = 'done' then i.lead_id end, s.done_at, i.created_at, coalesce(s.done_at, i.created_at)
       from s_chunk i cross join s_tasks d
       cross join lateral (select st, case when st = 'done' then coalesce(
                  case d."phaseRank" when 1 then coalesce(i.confirmed_at, i.closed_at) when 2 then i.contained_at when 3 then i.recovered_at
                    when 4 then i.resolved_at else i.closed_at end, i.updated_at) end as done_at
         from (select case
                 when i.status = 'closed' then 'done'
                 when i.status = 'dismissed' then case when d."phaseRank" = 1 then 'done' else 'not_applicable' end
                 when d."phaseRank" < i.rank then 'done'
                 when d."phaseRank" = i.rank then case when i.r3 < 0.5 then 'doing' else 'todo' end
                 else 'todo' end as st) z) s
     returning firm_id, incident_id, phase, status, required)
     insert into s_progress ${PROGRESS_OF('ins')}`,
  );
}

/** 4. Timeline: created, the grading (internal), the last transition. */
async function insertTimeline(c: PoolClient) {
  await c.query(
    `insert into timeline_entries (firm_id, id, incident_id, client_id, kind, visibility, body, data, author_id, author_name, occurred_at, created_at)
     select firm_id, ${UUID}, id, client_id, 'created', 'client', title,
            jsonb_build_object('reference', reference, 'status', case when client_reported then 'reported' else 'triage' end, 'reported', client_reported),
            reported_by_id, case when client_reported then admin_name else lead_name end, reported_at, reported_at
       from s_chunk
     union all
     select firm_id, ${UUID}, id, client_id, 'grading', 'internal', coalesce(grade_rationale, ''),
            jsonb_build_object('from', null, 'to', grade, 'suggested', grade), lead_id, lead_name,
            coalesce(acknowledged_at, reported_at) + interval '10 minutes' * r1, coalesce(acknowledged_at, reported_at) + interval '10 minutes' * r1
       from s_chunk where grade is not null
     union all
     select firm_id, ${UUID}, id, client_id, 'transition', 'client', '',
            jsonb_build_object('from', ${PREVIOUS_STATUS_SQL}, 'to', status, 'reopen', false, 'override', false), lead_id, lead_name, updated_at, updated_at
       from s_chunk where rank >= 2 or status = 'dismissed'`,
  );
}

/**
 * 5. Obligations from the shared rules; the incident's own progress stops the SLA clocks, reports the others (most on
 *    time, some late, a few never: overdue); a report to a regulator is a sent communication. The pending ones' nearest
 *    due time goes to s_due.
 */
async function insertObligations(c: PoolClient, { ctx, now }: Chunk) {
  await c.query(
    `with ob as (
       select i.firm_id, ${UUID} as id, i.id as incident_id, i.client_id, s.rule, s.audience, s.authority, s.source,
              st.starts_at, st.starts_at + s.hours * interval '1 hour' as due_at, i.lead_id, i.status, i.rank,
              case s.rule when 'sla_acknowledge' then i.acknowledged_at when 'sla_resolve' then i.resolved_at
                else case when random() < (case when i.rank >= 5 then 0.97 else 0.75 end)
                          then least(st.starts_at + s.hours * (0.1 + random() * 1.15) * interval '1 hour', $1::timestamptz - interval '1 minute') end
              end as fulfilled_at
         from s_chunk i
         join s_obligations s on coalesce(s.grade, '-') = coalesce(i.grade, '-') and s.op = i.op
              and s.pi = (i.personal_info_involved or i.sensitive_personal_info_involved) and s.eu = i.eu_personal_data and s.hr = i.high_risk_to_individuals
         cross join lateral (select case when s."fromReported" then i.reported_at else i.detected_at end as starts_at) st
        where i.status <> 'dismissed'
     ),
     ins as (
       insert into obligations (firm_id, id, incident_id, client_id, rule, audience, authority, source, starts_at, due_at, status, fulfilled_at,
         fulfilled_by_id, fulfilment_note, communication_id, created_at, updated_at)
       select firm_id, id, incident_id, client_id, rule, audience, authority, source, starts_at, due_at,
              case when fulfilled_at is null then 'pending' when fulfilled_at > due_at then 'met_late' else 'met' end,
              fulfilled_at,
              case when fulfilled_at is not null and rule not like 'sla_%' then lead_id end,
              case when rule = 'sla_acknowledge' and fulfilled_at is not null then 'acknowledgedAt'
                   when rule = 'sla_resolve' and fulfilled_at is not null then 'resolvedAt'
                   when fulfilled_at is not null then '已按要求报送，回执存档。' end,
              case when fulfilled_at is not null and audience = 'regulator' then ${UUID} end,
              starts_at, coalesce(fulfilled_at, starts_at)
         from ob
       returning firm_id, id, incident_id, client_id, rule, authority, fulfilled_at, fulfilled_by_id, communication_id, status, due_at
     ),
     due as (insert into s_due select firm_id, incident_id, min(due_at) from ins where status = 'pending' group by firm_id, incident_id)
     insert into communications (firm_id, id, client_id, incident_id, audience, channel, direction, subject, body, recipients, client_visible, status,
       obligation_id, created_by_id, submitted_by_id, submitted_at, approved_by_id, approved_at, sent_by_id, sent_at, created_at, updated_at)
     select firm_id, communication_id, client_id, incident_id, 'regulator', case when random() < 0.5 then 'letter' else 'email' end, 'outbound',
            '事件报告：' || (authority->>'zh-CN'), '依据相关规定报送事件情况、影响范围与已采取的措施。',
            jsonb_build_array(authority->>'zh-CN'), false, 'sent', id, fulfilled_by_id, fulfilled_by_id, fulfilled_at - interval '40 minutes',
            $2::uuid, fulfilled_at - interval '20 minutes', fulfilled_by_id, fulfilled_at, fulfilled_at - interval '1 hour', fulfilled_at
       from ins where communication_id is not null`,
    [now, ctx.managerId],
  );
}

/** The incidents themselves, from the chunk table, with their task counts (s_progress) and nearest deadline (s_due). */
async function insertIncidents(c: PoolClient) {
  await c.query(
    `insert into incidents (firm_id, id, client_id, reference, title, description, category, nature, grade, grade_rationale, status, playbook_id,
       affected_systems, data_categories, personal_info_involved, sensitive_personal_info_involved, eu_personal_data, high_risk_to_individuals,
       people_affected, records_affected, business_impact, lead_id, team, reported_by_id, detected_at, reported_at, acknowledged_at, confirmed_at,
       contained_at, recovered_at, resolved_at, closed_at, created_at, updated_at, progress, nearest_due_at)
     select i.firm_id, i.id, i.client_id, i.reference, i.title, i.description, i.category, i.nature, i.grade, i.grade_rationale, i.status, i.playbook_id,
       i.affected_systems, i.data_categories, i.personal_info_involved, i.sensitive_personal_info_involved, i.eu_personal_data, i.high_risk_to_individuals,
       i.people_affected, i.records_affected, i.business_impact, i.lead_id, i.team, i.reported_by_id, i.detected_at, i.reported_at, i.acknowledged_at,
       i.confirmed_at, i.contained_at, i.recovered_at, i.resolved_at, i.closed_at, i.created_at, i.updated_at, p.progress, d.due_at
       from s_chunk i
       left join s_progress p on p.firm_id = i.firm_id and p.incident_id = i.id
       left join s_due d on d.firm_id = i.firm_id and d.incident_id = i.id`,
  );
}

/** 6. Other communications: updates to the client (most acknowledged), internal drafts, messages received from the client. */
async function insertCommunications(c: PoolClient, { now }: Chunk) {
  await c.query(
    `insert into communications (firm_id, id, client_id, incident_id, audience, channel, direction, subject, body, recipients, client_visible, status,
       created_by_id, submitted_by_id, submitted_at, approved_by_id, approved_at, sent_by_id, sent_at, received_at, acknowledged_by_id, acknowledged_at,
       created_at, updated_at)
     select firm_id, ${UUID}, client_id, id, 'client', ${pick('r1', [['email', 50], ['wechat', 25], ['portal', 15], ['phone', 10]])}, 'outbound',
            '事件进展通报：' || reference, '事件处置进展、影响评估与下一步安排，请知悉。', jsonb_build_array(admin_name), true, 'sent',
            lead_id, lead_id, t - interval '30 minutes', lead_id, t - interval '15 minutes', lead_id, t,
            null::timestamptz, case when r2 < 0.6 then admin_id end, case when r2 < 0.6 then least(t + interval '3 hours' * r3, $1::timestamptz) end, t - interval '1 hour',
            case when r2 < 0.6 then least(t + interval '3 hours' * r3, $1::timestamptz) else t end
       from (select s_chunk.*, coalesce(confirmed_at, acknowledged_at, reported_at) + interval '2 hours' * r1 as t from s_chunk) i
      where r1 < 0.45 and t < $1::timestamptz and status <> 'reported'
     union all
     select firm_id, ${UUID}, client_id, id, 'internal', 'meeting', 'outbound', '内部复盘纪要：' || reference, '处置要点与待办事项。', '[]'::jsonb,
            false, case when r2 < 0.5 then 'draft' else 'in_review' end, lead_id, case when r2 < 0.5 then null else lead_id end,
            case when r2 < 0.5 then null else updated_at end, null, null, null, null, null, null, null, updated_at, updated_at
       from s_chunk where r1 > 0.92
     union all
     select firm_id, ${UUID}, client_id, id, 'client', 'email', 'inbound', '客户补充信息：' || reference, '补充受影响系统的日志与截图。',
            '[]'::jsonb, true, 'received', lead_id, null, null, null, null, null, null, reported_at + interval '5 hours' * r3, null, null,
            reported_at + interval '5 hours' * r3, reported_at + interval '5 hours' * r3
       from s_chunk where r3 < 0.05 and reported_at + interval '5 hours' * r3 < $1::timestamptz`,
    [now],
  );
}

/** 7. Post-incident reviews of the especially major incidents that are closed, with their improvement actions. */
async function insertReviews(c: PoolClient, { now }: Chunk) {
  await c.query(
    `with ev as (
       insert into evaluations (firm_id, id, client_id, series_id, version, previous_version_id, type, incident_id, training_id, evaluator_id, date, scale_max,
         criteria, overall_score, risk_level, findings, recommendations, status, shared_with_client, finalized_at, finalized_by_id, created_by_id,
         created_at, updated_at)
       select i.firm_id, i.eid, i.client_id, i.eid, 1, null, 'post_incident_review', i.id, null, i.lead_id, (i.closed_at at time zone '${TIME_ZONE}')::date,
              v."scaleMax", v.criteria, v.overall, v.risk, '处置及时，沟通顺畅；日志留存不足。', '完善日志集中留存并开展专项演练。', 'final', i.r2 < 0.7,
              i.closed_at + interval '2 days', i.lead_id, i.lead_id, i.closed_at + interval '1 day', i.closed_at + interval '2 days'
         from (select s_chunk.*, ${UUID} as eid from s_chunk) i
         join s_evaluations v on v.type = 'post_incident_review' and v.n = floor(i.r1 * 12)::int
        where i.grade = 'especially_major' and i.status = 'closed' and i.closed_at + interval '2 days' < $1::timestamptz
       returning firm_id, id, client_id, incident_id, evaluator_id, finalized_at, shared_with_client
     )
     insert into improvement_actions (firm_id, id, client_id, title, description, owner_id, owner_name, due_at, status, done_at, done_by_id, evaluation_id,
       incident_id, client_visible, created_by_id, created_at, updated_at)
     select firm_id, ${UUID}, client_id, t.title, '', evaluator_id, null, finalized_at + t.days * interval '1 day',
            s.st, case when s.st = 'done' then least(finalized_at + t.days * 0.8 * interval '1 day', $1::timestamptz) end,
            case when s.st = 'done' then evaluator_id end, id, incident_id, shared_with_client, evaluator_id, finalized_at, finalized_at
       from ev cross join (values ('完善日志集中留存', 30), ('开展专项应急演练', 60)) as t(title, days)
       cross join lateral (select case when finalized_at + t.days * interval '1 day' < $1::timestamptz
                                         then (case when random() < 0.8 then 'done' else 'open' end)
                                       else (case when random() < 0.5 then 'in_progress' else 'open' end) end as st) s`,
    [now],
  );
}

/** The steps of a chunk, in order, each under the name its time is added to (seed:scale prints them). */
const CHUNK_STEPS: [name: string, run: (c: PoolClient, chunk: Chunk) => Promise<void>][] = [
  ['incidents (generate)', generateIncidents],
  ['gradings', insertGradings],
  ['tasks', insertTasks],
  ['timeline', insertTimeline],
  ['obligations and regulator reports', insertObligations],
  ['incidents', insertIncidents],
  ['communications', insertCommunications],
  ['post-incident reviews', insertReviews],
];

/** One chunk of incidents (numbers a..b of the firm) and everything that hangs off them, in one transaction. */
export async function loadIncidentChunk(c: PoolClient, ctx: FirmContext, a: number, b: number, now: Date, steps: Record<string, number>) {
  for (const [name, run] of CHUNK_STEPS) {
    const started = Date.now();
    await run(c, { ctx, a, b, now });
    steps[name] = (steps[name] ?? 0) + (Date.now() - started);
  }
}

/** Trainings (about four a year per client), evaluations (three kinds a year per client) and their improvement actions. */
export async function loadClientRecords(c: PoolClient, ctx: FirmContext, now: Date) {
  const perClient = Math.ceil((MONTHS / 12) * 4);
  await c.query(
    `with t0 as (
       select cl.id as client_id, cl.lead, k, random() rt,
              ($1::timestamptz + (k + random() * 0.9) * (($2::timestamptz - $1::timestamptz) / ${perClient}) + interval '14 days')::date as date,
              random() r1, random() r2, random() r3
         from s_clients cl cross join generate_series(0, ${perClient - 1}) k
     ),
     t as (
       select t0.*, ${pick('rt', [['security_awareness', 30], ['legal_compliance', 15], ['emergency_drill', 15], ['tabletop_exercise', 10],
         ['technical', 12], ['communication', 6], ['collaboration', 6], ['psychological_support', 6]])} as type
         from t0
     )
     insert into trainings (firm_id, id, client_id, type, title, legal_basis, date, duration_minutes, delivery_mode, trainer, objectives, scenario, status,
       participants, pass_mark, participant_count, attended_count, assessed_count, passed_count, recurrence_months, next_due_at,
       detect_minutes, escalate_minutes, report_minutes, created_by_id, created_at, updated_at)
     select $3::uuid, ${UUID}, client_id, type,
            case type when 'security_awareness' then '全员网络安全意识培训' when 'legal_compliance' then '个人信息保护法合规培训'
              when 'emergency_drill' then '数据泄露应急演练' when 'tabletop_exercise' then '勒索软件桌面推演' when 'technical' then '安全运维技术培训'
              when 'communication' then '危机沟通与信息披露培训' when 'collaboration' then '跨部门协同处置培训' else '事件后心理支持讲座' end,
            case when type = 'legal_compliance' then '《个人信息保护法》第五十一条' end,
            date, 60 + (r1 * 180)::int, ${pick('r2', [['onsite', 50], ['online', 35], ['hybrid', 15]])}, '顾问团队', '提升识别与报告安全事件的能力。',
            case when type in ('emergency_drill', 'tabletop_exercise') then '模拟客户数据库遭勒索软件加密，需在时限内完成上报。' end,
            st.status,
            case when st.status = 'completed' then p.participants else '[]'::jsonb end, 60,
            case when st.status = 'completed' then p."participantCount" else 0 end,
            case when st.status = 'completed' then p."attendedCount" else 0 end,
            case when st.status = 'completed' then p."assessedCount" else 0 end,
            case when st.status = 'completed' then p."passedCount" else 0 end,
            rm.months,
            case when rm.months is not null and st.status <> 'cancelled' then (date + rm.months * interval '1 month')::date end,
            case when type in ('emergency_drill', 'tabletop_exercise') and st.status = 'completed' then 5 + (r3 * 40)::int end,
            case when type in ('emergency_drill', 'tabletop_exercise') and st.status = 'completed' then 5 + (r1 * 60)::int end,
            case when type in ('emergency_drill', 'tabletop_exercise') and st.status = 'completed' then 30 + (r2 * 300)::int end,
            lead, date - interval '20 days', date + interval '1 day'
       from t
       cross join lateral (select case when r3 < 0.05 then 'cancelled' when date < ($4::timestamptz at time zone '${TIME_ZONE}')::date then 'completed' else 'planned' end as status) st
       cross join lateral (select case when type in ('security_awareness', 'legal_compliance') then 12 when type in ('emergency_drill', 'tabletop_exercise') then 6 end as months) rm
       join s_participants p on p.n = floor(r1 * 24)::int`,
    [ctx.t0, now, ctx.firmId, now],
  );
  await c.query(
    `with e as (
       select cl.id as client_id, cl.lead, ty.type, k, random() r1, random() r2, random() r3,
              ($1::timestamptz + (k + random() * 0.9) * interval '1 year' + interval '30 days')::date as date
         from s_clients cl cross join (values ('security_assessment'), ('customer_feedback'), ('collaboration_review')) ty(type)
         cross join generate_series(0, ${Math.max(1, Math.floor(MONTHS / 12)) - 1}) k
     ),
     ev as (
       insert into evaluations (firm_id, id, client_id, series_id, version, previous_version_id, type, incident_id, training_id, evaluator_id, date, scale_max,
         criteria, overall_score, risk_level, findings, recommendations, status, shared_with_client, finalized_at, finalized_by_id, created_by_id,
         created_at, updated_at)
       select $2::uuid, e.eid, client_id, e.eid, 1, null, e.type, null, null, lead, least(date, ($3::timestamptz at time zone '${TIME_ZONE}')::date), v."scaleMax",
              v.criteria, v.overall, v.risk, '整体情况良好，个别环节需改进。', '按计划落实改进措施。',
              case when r2 < 0.85 then 'final' else 'draft' end, r2 < 0.55,
              case when r2 < 0.85 then least(date::timestamptz + interval '3 days', $3::timestamptz) end, case when r2 < 0.85 then lead end, lead,
              least(date::timestamptz, $3::timestamptz), least(date::timestamptz + interval '3 days', $3::timestamptz)
         from (select e.*, ${UUID} as eid from e) e join s_evaluations v on v.type = e.type and v.n = floor(r1 * 12)::int
       returning firm_id, id, client_id, evaluator_id, created_at, status, shared_with_client
     )
     insert into improvement_actions (firm_id, id, client_id, title, description, owner_id, owner_name, due_at, status, done_at, done_by_id, evaluation_id,
       incident_id, client_visible, created_by_id, created_at, updated_at)
     select firm_id, ${UUID}, client_id, '落实评估整改建议', '', evaluator_id, null, created_at + interval '45 days', s.st,
            case when s.st = 'done' then least(created_at + interval '40 days', $3::timestamptz) end, case when s.st = 'done' then evaluator_id end,
            id, null, shared_with_client and status = 'final', evaluator_id, created_at, created_at
       from ev cross join lateral (select case when random() < 0.6 then (case when created_at + interval '45 days' < $3::timestamptz and random() < 0.85
              then 'done' else 'open' end) when random() < 0.5 then 'in_progress' else 'cancelled' end as st) s
      where status = 'final'`,
    [ctx.t0, ctx.firmId, now],
  );
}
