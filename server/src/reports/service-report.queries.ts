import { Injectable } from '@nestjs/common';
import {
  communicationTally, keyCounts, monthsInPeriod, obligationTally, rateOf, REPORT_CATEGORY_KEYS,
  REPORT_EVALUATION_KEYS, REPORT_GRADE_KEYS, REPORT_NATURE_KEYS, REPORT_OPERATOR_KEYS, REPORT_TRAINING_KEYS,
  reportingClockMinutes, round2, DRILL_TYPES, type DrillClockFigures, type ObligationTally, type OperatorType,
  type ReportClient, type ReportDuration, type ServiceReport, type TrainingTypeFigures, type WorkloadRow,
  zonedDayStart,
} from '@incident-desk/shared';
import { fieldError, notFound } from '../common/errors';
import { TenantDb } from '../tenancy/tenant-db.service';
import { canSeeClient, type RequestScope } from '../tenancy/scope';

/** The PRC reporting clock per operator type, as SQL (from the shared rule, not repeated by hand). */
const CLOCK_SQL = `case c.operator_type ${REPORT_OPERATOR_KEYS.map((k) => `when '${k}' then ${reportingClockMinutes(k)}`).join(' ')} else ${reportingClockMinutes('other')} end`;
const DRILL_SQL = DRILL_TYPES.map((t) => `'${t}'`).join(', ');
/**
 * A row of an incident's (clock, task, communication, evaluation, improvement action, time entry) that is not an
 * exercise's: exercises count in the drill section only. A row without an incident passes.
 */
const notExercise = (alias: string) => `not exists (select 1 from incidents xi where xi.firm_id = ${alias}.firm_id and xi.id = ${alias}.incident_id and xi.exercise)`;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The service report's SQL, the reports domain's one home for it: every figure is one set-based statement (GROUP BY,
 * FILTER, percentile_cont) over the rows of the period, under row-level security, using the (firm_id, client_id, time)
 * indexes, read through the request's transaction (TenantDb). Interpolated into the SQL are only constants of the code
 * (the reporting clocks, the drill types, column expressions); every value is a parameter.
 */
@Injectable()
export class ServiceReportQueries {
  constructor(private readonly db: TenantDb) {}

  /**
   * Let the percentiles sort in memory (this transaction only), and plan every statement for its values: the app's
   * statements are prepared (server/src/database/prepared.ts), and a generic plan of `($2::uuid[] is null or
   * x.client_id = any($2))` cannot use the (firm_id, client_id, time) indexes, so after firm-wide reports a client's
   * report took 265 ms instead of 100 ms on the scale data set; planning costs < 1 ms here.
   */
  async planForValues(): Promise<void> {
    await this.db.em.query(`select set_config('work_mem', '64MB', true), set_config('plan_cache_mode', 'force_custom_plan', true)`);
  }

  /** The clients covered: the chosen ones (each must be visible, else 404 / 400), or every client in scope. */
  async resolveClients(scope: RequestScope, chosen: string[] | null, field: string, asBody: boolean): Promise<ReportClient[]> {
    if (chosen !== null) {
      const missing = () => (asBody ? fieldError(field, 'no such client') : notFound('client'));
      if (chosen.some((id) => !canSeeClient(scope, id))) throw missing();
      const rows: { id: string; name: string; operator_type: OperatorType }[] = await this.db.em.query(
        `select id, name, operator_type from clients where firm_id = $1 and id = any($2::uuid[]) order by name, id`,
        [scope.firmId, chosen],
      );
      if (rows.length !== chosen.length) throw missing();
      return rows.map((r) => ({ id: r.id, name: r.name, operatorType: r.operator_type }));
    }
    const rows: { id: string; name: string; operator_type: OperatorType }[] = await this.db.em.query(
      `select id, name, operator_type from clients where firm_id = $1 and ($2::uuid[] is null or id = any($2::uuid[])) order by name, id`,
      [scope.firmId, scope.clientIds === 'all' ? null : scope.clientIds],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, operatorType: r.operator_type }));
  }

  async incidents(c: Ctx): Promise<{ figures: Omit<ServiceReport['incidents'], 'firmBreaches'>; times: ServiceReport['responseTimes'] }> {
    // in double precision: extract() gives numeric, whose arithmetic and sorts made this statement 40 % slower
    const hours = (to: string, from: string) => `date_part('epoch', i.${to} - i.${from}) / 3600`;
    // median and p90 from one sort per measure (nulls, i.e. incidents without the timestamp, are left out)
    const pct = (expr: string) => `percentile_cont(array[0.5, 0.9]) within group (order by ${expr})`;
    // the incidents opened (detected) in the period, with the response-time percentiles
    const [cohort]: { opened: number; dismissed: number; ack_n: number; ack: number[] | null; contain_n: number; contain: number[] | null; resolve_n: number; resolve: number[] | null }[] =
      await this.db.em.query(
        `select count(*)::int as opened,
                count(*) filter (where i.status = 'dismissed')::int as dismissed,
                count(i.acknowledged_at)::int as ack_n, ${pct(hours('acknowledged_at', 'reported_at'))} as ack,
                count(i.contained_at)::int as contain_n, ${pct(hours('contained_at', 'detected_at'))} as contain,
                count(i.resolved_at)::int as resolve_n, ${pct(hours('resolved_at', 'detected_at'))} as resolve
           from incidents i
          where i.firm_id = $1 and not i.exercise and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.detected_at >= $3 and i.detected_at < $4`,
        [c.firmId, c.ids, c.start, c.end],
      );
    // by grade, category, nature and month in one pass (grouping() tells the sets apart). The month of an instant is
    // its bucket among the period's month boundaries in the firm's time zone (width_bucket: a binary search per row,
    // much cheaper than formatting every timestamp in the time zone)
    const months = monthsInPeriod(c.from, c.to);
    const bounds = [...months.slice(1).map((m) => zonedDayStart(`${m}-01`, c.tz)), c.end];
    const month = `width_bucket(i.detected_at, $5::timestamptz[])`;
    const groups: { g: number; grade: string | null; category: string | null; nature: string | null; month: number | null; n: number }[] = await this.db.em.query(
      `select grouping(i.grade, i.category, i.nature, ${month})::int as g, i.grade, i.category, i.nature, ${month} as month, count(*)::int as n
         from incidents i
        where i.firm_id = $1 and not i.exercise and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.detected_at >= $3 and i.detected_at < $4
        group by grouping sets ((i.grade), (i.category), (i.nature), (${month}))`,
      [c.firmId, c.ids, c.start, c.end, bounds],
    );
    const closed: { month: number; n: number }[] = await this.db.em.query(
      `select width_bucket(i.closed_at, $5::timestamptz[]) as month, count(*)::int as n
         from incidents i
        where i.firm_id = $1 and not i.exercise and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.status = 'closed' and i.closed_at >= $3 and i.closed_at < $4
        group by 1`,
      [c.firmId, c.ids, c.start, c.end, bounds],
    );
    // open at the end: detected before it and not closed (or dismissed) before it; closed_at is null exactly while open
    const [open] = await this.db.em.query(
      `select (select count(*) from incidents i
                where i.firm_id = $1 and not i.exercise and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.closed_at is null and i.detected_at < $3)
            + (select count(*) from incidents i
                where i.firm_id = $1 and not i.exercise and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.closed_at >= $3 and i.detected_at < $3) as n`,
      [c.firmId, c.ids, c.end],
    );
    const by = (bit: number, key: 'grade' | 'category' | 'nature', other: string) => {
      const out: Record<string, number> = {};
      for (const r of groups) if (r.g === bit) out[r[key] ?? other] = (out[r[key] ?? other] ?? 0) + r.n;
      return out;
    };
    // grouping(grade, category, nature, month): the bit of each argument not grouped by is set
    const opened = by(0b0111, 'grade', 'ungraded');
    const openedByMonth = new Map(groups.filter((r) => r.g === 0b1110).map((r) => [months[r.month!], r.n]));
    const closedByMonth = new Map(closed.map((r) => [months[r.month], r.n]));
    const duration = (n: number, p: number[] | null): ReportDuration => ({ count: num(n), medianHours: round2(numOrNull(p?.[0])), p90Hours: round2(numOrNull(p?.[1])) });
    return {
      figures: {
        opened: num(cohort.opened),
        closed: closed.reduce((s, r) => s + r.n, 0),
        dismissed: num(cohort.dismissed),
        openAtEnd: num(open.n),
        byGrade: keyCounts(REPORT_GRADE_KEYS, 'ungraded', opened),
        byCategory: keyCounts(REPORT_CATEGORY_KEYS, 'unspecified', by(0b1011, 'category', 'unspecified')),
        byNature: keyCounts(REPORT_NATURE_KEYS, 'unspecified', by(0b1101, 'nature', 'unspecified')),
        byMonth: months.map((m) => ({ month: m, opened: openedByMonth.get(m) ?? 0, closed: closedByMonth.get(m) ?? 0 })),
      },
      times: {
        acknowledge: duration(cohort.ack_n, cohort.ack),
        contain: duration(cohort.contain_n, cohort.contain),
        resolve: duration(cohort.resolve_n, cohort.resolve),
      },
    };
  }

  /**
   * Breaches at the firm itself among the incidents opened (issue 18): every other figure counts each child for its
   * client; this says how many of them there were and the count with each firm incident once for the firm. From the
   * base rows (the children are few; `incidents_parent` index), also for a report from the roll-ups.
   */
  async firmBreaches(c: Ctx, opened: number): Promise<NonNullable<ServiceReport['incidents']['firmBreaches']>> {
    const [r]: { breaches: number; children: number }[] = await this.db.em.query(
      `select count(distinct i.parent_id)::int as breaches, count(*)::int as children
         from incidents i
        where i.firm_id = $1 and not i.exercise and i.parent_id is not null and ($2::uuid[] is null or i.client_id = any($2::uuid[])) and i.detected_at >= $3 and i.detected_at < $4`,
      [c.firmId, c.ids, c.start, c.end],
    );
    return { opened: num(r.breaches), children: num(r.children), countedOnce: opened - num(r.children) + num(r.breaches) };
  }

  /** Obligations due in the period, by rule and their state now (not applicable ones left out). */
  async obligations(c: Ctx): Promise<Map<string, ObligationTally>> {
    const rows: { rule: string; on_time: number; late: number; missed: number; pending: number; waived: number }[] = await this.db.em.query(
      `select o.rule,
              count(*) filter (where o.status = 'met')::int as on_time,
              count(*) filter (where o.status = 'met_late')::int as late,
              count(*) filter (where o.status = 'pending' and o.due_at < $5)::int as missed,
              count(*) filter (where o.status = 'pending' and o.due_at >= $5)::int as pending,
              count(*) filter (where o.status = 'waived')::int as waived
         from obligations o
        where o.firm_id = $1 and ($2::uuid[] is null or o.client_id = any($2::uuid[])) and o.due_at >= $3 and o.due_at < $4 and ${notExercise('o')}
          and o.status <> 'not_applicable'
        group by o.rule`,
      [c.firmId, c.ids, c.start, c.end, c.now],
    );
    return new Map(rows.map((r) => [r.rule, obligationTally({ metOnTime: r.on_time, metLate: r.late, missed: r.missed, pending: r.pending, waived: r.waived })]));
  }

  /** Communications sent or received in the period, by audience and direction; the client version counts the client-visible ones. */
  async communications(c: Ctx): Promise<{ figures: ServiceReport['communications']; notVisible: number }> {
    const rows: { audience: string; direction: string; visible: boolean; n: number }[] = await this.db.em.query(
      `select cm.audience, cm.direction, cm.client_visible as visible, count(*)::int as n
         from communications cm
        where cm.firm_id = $1 and ($2::uuid[] is null or cm.client_id = any($2::uuid[])) and cm.status in ('sent', 'received') and ${notExercise('cm')}
          and coalesce(cm.sent_at, cm.received_at) >= $3 and coalesce(cm.sent_at, cm.received_at) < $4
          and (not $5::boolean or cm.client_visible)
        group by 1, 2, 3`,
      [c.firmId, c.ids, c.start, c.end, c.clientVersion],
    );
    return communicationTally(rows);
  }

  /** Completed trainings dated in the period; drills against the reporting clock of each client's operator type. */
  async trainings(c: Ctx): Promise<ServiceReport['trainings']> {
    const rows: { type: string; held: number; participants: number; attended: number; assessed: number; passed: number }[] = await this.db.em.query(
      `select t.type, count(*)::int as held, sum(t.participant_count)::int as participants, sum(t.attended_count)::int as attended,
              sum(t.assessed_count)::int as assessed, sum(t.passed_count)::int as passed
         from trainings t
        where t.firm_id = $1 and ($2::uuid[] is null or t.client_id = any($2::uuid[])) and t.status = 'completed' and t.date >= $3::date and t.date <= $4::date
        group by t.type`,
      [c.firmId, c.ids, c.from, c.to],
    );
    const drills: { operator_type: OperatorType; drills: number; measured: number; within: number; median: number | null }[] = await this.db.em.query(
      `select c.operator_type, count(*)::int as drills, count(t.report_minutes)::int as measured,
              count(*) filter (where t.report_minutes <= ${CLOCK_SQL})::int as within,
              percentile_cont(0.5) within group (order by t.report_minutes) as median
         from trainings t join clients c on c.firm_id = t.firm_id and c.id = t.client_id
        where t.firm_id = $1 and ($2::uuid[] is null or t.client_id = any($2::uuid[])) and t.status = 'completed' and t.date >= $3::date and t.date <= $4::date
          and t.type in (${DRILL_SQL})
        group by c.operator_type`,
      [c.firmId, c.ids, c.from, c.to],
    );
    const byType: TrainingTypeFigures[] = REPORT_TRAINING_KEYS.map((type) => {
      const r = rows.find((x) => x.type === type);
      const f = { held: num(r?.held), participants: num(r?.participants), attended: num(r?.attended), assessed: num(r?.assessed), passed: num(r?.passed) };
      return { type, ...f, attendanceRate: rateOf(f.attended, f.participants), passRate: rateOf(f.passed, f.assessed) };
    });
    const sum = (k: 'held' | 'participants' | 'attended' | 'assessed' | 'passed') => byType.reduce((s, t) => s + t[k], 0);
    const byOperatorType: DrillClockFigures[] = REPORT_OPERATOR_KEYS.map((operatorType) => {
      const d = drills.find((x) => x.operator_type === operatorType);
      return {
        operatorType, clockMinutes: reportingClockMinutes(operatorType), drills: num(d?.drills), measured: num(d?.measured), withinClock: num(d?.within),
        medianReportMinutes: round2(numOrNull(d?.median)),
      };
    });
    return {
      held: sum('held'), participants: sum('participants'), attended: sum('attended'), assessed: sum('assessed'), passed: sum('passed'),
      attendanceRate: rateOf(sum('attended'), sum('participants')), passRate: rateOf(sum('passed'), sum('assessed')),
      byType: byType.filter((t) => t.held > 0),
      drills: {
        held: byOperatorType.reduce((s, d) => s + d.drills, 0), measured: byOperatorType.reduce((s, d) => s + d.measured, 0),
        withinClock: byOperatorType.reduce((s, d) => s + d.withinClock, 0), byOperatorType,
      },
    };
  }

  /**
   * Time spent (issue 18): the entries dated in the period, per client, per incident and (internal version) per member
   * of staff, in one grouping-sets pass; time on exercise incidents is left out (it counts in the drill section), and
   * the client version never reads who logged it.
   */
  async time(c: Ctx, clients: ReportClient[]): Promise<NonNullable<ServiceReport['time']>> {
    const rows: { g: number; client_id: string | null; incident_id: string | null; reference: string | null; user_id: string | null; minutes: number; billable: number }[] =
      await this.db.em.query(
        `select ${c.clientVersion ? 'grouping(e.client_id, e.incident_id) * 2 + 1' : 'grouping(e.client_id, e.incident_id, e.user_id)'}::int as g,
                e.client_id, e.incident_id, min(i.reference) as reference, ${c.clientVersion ? 'null::uuid' : 'e.user_id'} as user_id,
                sum(e.minutes)::int as minutes, coalesce(sum(e.minutes) filter (where e.billable), 0)::int as billable
           from time_entries e left join incidents i on i.firm_id = e.firm_id and i.id = e.incident_id
          where e.firm_id = $1 and ($2::uuid[] is null or e.client_id = any($2::uuid[])) and e.date >= $3::date and e.date <= $4::date
            and not coalesce(i.exercise, false)
          group by grouping sets ((), (e.client_id), (e.client_id, e.incident_id)${c.clientVersion ? '' : ', (e.user_id)'})`,
        [c.firmId, c.ids, c.from, c.to],
      );
    const fig = (r: { minutes: number; billable: number } | undefined) => ({ minutes: num(r?.minutes), billableMinutes: num(r?.billable) });
    // grouping(client, incident, user): the bit of each argument not grouped by is set (the client version groups by no
    // user: its bit always set)
    const total = rows.find((r) => r.g === 0b111);
    const names = new Map(clients.map((x) => [x.id, x.name]));
    const out: NonNullable<ServiceReport['time']> = {
      ...fig(total),
      byClient: rows.filter((r) => r.g === 0b011).map((r) => ({ clientId: r.client_id!, name: names.get(r.client_id!) ?? '', ...fig(r) })),
      byIncident: rows.filter((r) => r.g === 0b001 && r.incident_id !== null)
        .map((r) => ({ incidentId: r.incident_id!, reference: r.reference ?? '', clientId: r.client_id!, ...fig(r) })),
    };
    if (!c.clientVersion) {
      const staff = rows.filter((r) => r.g === 0b110);
      const who: { id: string; name: string }[] = staff.length
        ? await this.db.em.query(`select id, name from users where firm_id = $1 and id = any($2::uuid[])`, [c.firmId, staff.map((r) => r.user_id)])
        : [];
      const userNames = new Map(who.map((u) => [u.id, u.name]));
      out.byConsultant = staff.map((r) => ({ userId: r.user_id!, name: userNames.get(r.user_id!) ?? '', ...fig(r) }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
    }
    out.byClient.sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId));
    out.byIncident.sort((a, b) => a.reference.localeCompare(b.reference));
    return out;
  }

  /** Minutes logged on exercise incidents in the period, by the operator type of their clients (the drill section). */
  async exerciseMinutes(c: Ctx): Promise<Map<OperatorType, number>> {
    const rows: { operator_type: OperatorType; minutes: number }[] = await this.db.em.query(
      `select cl.operator_type, sum(e.minutes)::int as minutes
         from time_entries e
         join incidents i on i.firm_id = e.firm_id and i.id = e.incident_id and i.exercise
         join clients cl on cl.firm_id = e.firm_id and cl.id = e.client_id
        where e.firm_id = $1 and ($2::uuid[] is null or e.client_id = any($2::uuid[])) and e.date >= $3::date and e.date <= $4::date
        group by 1`,
      [c.firmId, c.ids, c.from, c.to],
    );
    return new Map(rows.map((r) => [r.operator_type, num(r.minutes)]));
  }

  /** Final evaluations dated in the period (the latest final version of each, as of the end), averaged by type. */
  async evaluations(c: Ctx): Promise<{ figures: ServiceReport['evaluations']; drafts: number }> {
    const rows: { type: string | null; g: number; n: number; avg: number | null }[] = await this.db.em.query(
      `select e.type, grouping(e.type)::int as g, count(*)::int as n, round(avg(e.overall_score), 2)::float8 as avg
         from evaluations e
        where e.firm_id = $1 and ($2::uuid[] is null or e.client_id = any($2::uuid[])) and e.status = 'final'
          and e.date >= $3::date and e.date <= $4::date and (not $5::boolean or e.shared_with_client) and ${notExercise('e')}
          and not exists (select 1 from evaluations n
                           where n.firm_id = e.firm_id and n.series_id = e.series_id and n.version > e.version and n.status = 'final'
                             and n.date <= $4::date and (not $5::boolean or n.shared_with_client))
        group by grouping sets ((), (e.type))`,
      [c.firmId, c.ids, c.from, c.to, c.clientVersion],
    );
    const all = rows.find((r) => r.g === 1);
    let drafts = 0;
    if (!c.clientVersion) {
      const [d] = await this.db.em.query(
        `select count(*)::int as n from evaluations e
          where e.firm_id = $1 and ($2::uuid[] is null or e.client_id = any($2::uuid[])) and e.status = 'draft' and e.date >= $3::date and e.date <= $4::date
            and ${notExercise('e')}`,
        [c.firmId, c.ids, c.from, c.to],
      );
      drafts = num(d.n);
    }
    return {
      figures: {
        count: num(all?.n),
        averageScore: all && all.n > 0 ? numOrNull(all.avg) : null,
        byType: REPORT_EVALUATION_KEYS.map((type) => {
          const r = rows.find((x) => x.g === 0 && x.type === type);
          return { type, count: num(r?.n), averageScore: r ? numOrNull(r.avg) : null };
        }).filter((t) => t.count > 0),
      },
      drafts,
    };
  }

  /** Improvement actions as of the end of the period (or now), and those created and done in it. */
  async actions(c: Ctx): Promise<{ figures: ServiceReport['actions']; openNotVisible: number }> {
    const open = `a.created_at < $5 and a.status <> 'cancelled' and (a.done_at is null or a.done_at >= $5)`;
    const [r] = await this.db.em.query(
      `select count(*) filter (where ${open} and (not $6::boolean or a.vis))::int as open,
              count(*) filter (where ${open} and a.due_at < $5 and (not $6::boolean or a.vis))::int as overdue,
              count(*) filter (where a.created_at >= $3 and a.created_at < $4 and (not $6::boolean or a.vis))::int as created,
              count(*) filter (where a.status = 'done' and a.done_at >= $3 and a.done_at < $4 and (not $6::boolean or a.vis))::int as done,
              count(*) filter (where ${open} and not a.vis)::int as open_not_visible
         from (select x.*, (x.client_visible or exists (select 1 from evaluations e where e.firm_id = x.firm_id and e.id = x.evaluation_id
                                                          and e.status = 'final' and e.shared_with_client)) as vis
                 from improvement_actions x
                where x.firm_id = $1 and ($2::uuid[] is null or x.client_id = any($2::uuid[])) and x.created_at < $4 and ${notExercise('x')}) a`,
      [c.firmId, c.ids, c.start, c.end, c.asOf, c.clientVersion],
    );
    return {
      figures: { asOf: c.asOf, open: num(r.open), overdue: num(r.overdue), created: num(r.created), done: num(r.done) },
      openNotVisible: num(r.open_not_visible),
    };
  }

  /** Per member of staff (internal version only): assignments, incidents led, tasks done, communications sent. */
  async workload(c: Ctx): Promise<WorkloadRow[]> {
    const clientOf = (alias: string) => `${alias}.firm_id = $1 and ($2::uuid[] is null or ${alias}.client_id = any($2::uuid[]))`;
    const rows: { id: string; name: string; assigned: number; led: number; open_led: number; tasks: number; sent: number }[] = await this.db.em.query(
      `with asg as (select a.consultant_id as user_id, count(*)::int as n from assignments a where ${clientOf('a')} group by 1),
            led as (select i.lead_id as user_id,
                           count(*) filter (where i.detected_at >= $3)::int as led,
                           count(*) filter (where i.closed_at is null or i.closed_at >= $4)::int as open_led
                      from incidents i
                     where ${clientOf('i')} and not i.exercise and i.lead_id is not null and i.detected_at < $4
                       and (i.detected_at >= $3 or i.closed_at is null or i.closed_at >= $4)
                     group by 1),
            done as (select t.done_by_id as user_id, count(*)::int as n from tasks t
                      where ${clientOf('t')} and ${notExercise('t')} and t.status = 'done' and t.done_at >= $3 and t.done_at < $4 and t.done_by_id is not null group by 1),
            sent as (select cm.sent_by_id as user_id, count(*)::int as n from communications cm
                      where ${clientOf('cm')} and ${notExercise('cm')} and cm.status = 'sent' and coalesce(cm.sent_at, cm.received_at) >= $3
                        and coalesce(cm.sent_at, cm.received_at) < $4 and cm.sent_by_id is not null group by 1)
       select u.id, u.name, coalesce(asg.n, 0) as assigned, coalesce(led.led, 0) as led, coalesce(led.open_led, 0) as open_led,
              coalesce(done.n, 0) as tasks, coalesce(sent.n, 0) as sent
         from users u
         left join asg on asg.user_id = u.id
         left join led on led.user_id = u.id
         left join done on done.user_id = u.id
         left join sent on sent.user_id = u.id
        where u.firm_id = $1 and u.role <> 'client_admin'
          and (asg.n > 0 or led.led > 0 or led.open_led > 0 or done.n > 0 or sent.n > 0)
        order by u.name, u.id`,
      [c.firmId, c.ids, c.start, c.end],
    );
    return rows.map((r) => ({
      userId: r.id, name: r.name, assignedClients: num(r.assigned), incidentsLed: num(r.led), openLed: num(r.open_led), tasksDone: num(r.tasks),
      communicationsSent: num(r.sent),
    }));
  }
}

/** What every statement of one report reads: the firm, the clients, the period and the version. */
export interface Ctx {
  firmId: string;
  /** null: every client of the firm (managers); else the clients covered */
  ids: string[] | null;
  start: string;
  end: string;
  tz: string;
  from: string;
  to: string;
  now: string;
  asOf: string;
  clientVersion: boolean;
}
