import {
  communicationTally, dateFormat,
  durationFromHistogram, keyCounts, monthsInPeriod, obligationTally, REPORT_CATEGORY_KEYS, REPORT_GRADE_KEYS,
  REPORT_NATURE_KEYS, zonedDayStart, type ObligationTally, type ServiceReport, type WorkloadRow,
} from '@incident-desk/shared';
import type { EntityManager } from 'typeorm';

/**
 * The firm-wide figures of the service report read from `report_rollups` (migration 1764700000000-report-rollups):
 * counters per local day of the firm, summed over the period's days. Counts equal those of the set-based queries on
 * the base rows exactly; medians and p90 come from histograms (±2 %, `responseTimes.approximate`).
 *
 * Row-level security lets only a scope that sees every client of the firm read the roll-ups, and they are used only
 * for a report of every client (a manager's, with no clients chosen).
 */
export interface RollupPeriod {
  firmId: string;
  /** the period: local dates from..to inclusive; start / end the instants bounding it */
  from: string;
  to: string;
  start: string;
  end: string;
  tz: string;
  /** now (ISO) */
  now: string;
  clientVersion: boolean;
}

export interface RollupFigures {
  incidents(): Promise<{ figures: Omit<ServiceReport['incidents'], 'firmBreaches'>; times: ServiceReport['responseTimes'] }>;
  obligations(): Promise<Map<string, ObligationTally>>;
  communications(): { figures: ServiceReport['communications']; notVisible: number };
  workload(): Promise<WorkloadRow[]>;
}

interface Row {
  measure: string;
  key: string;
  /** opened / closed: YYYY-MM; obl: before / today / after (the local day of now); else '' */
  part: string;
  n: number;
}

/** The local calendar date of an instant in a time zone (YYYY-MM-DD). */
export function localDate(instant: Date, timeZone: string): string {
  return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Folds the firm's delta rows (unless another report of the firm is doing it, or the transaction is read-only: the sums
 * are right either way).
 */
export async function compactRollups(em: EntityManager, firmId: string): Promise<void> {
  const [tx]: { writable: boolean; locked: boolean }[] = await em.query(
    `select current_setting('transaction_read_only') = 'off' as writable, pg_try_advisory_xact_lock(hashtext('report_rollups'), hashtext($1::text)) as locked`,
    [firmId],
  );
  if (tx.writable && tx.locked) await em.query(`select report_rollups_compact($1)`, [firmId]);
}

/**
 * Whether the roll-ups answer this firm-wide report (at least `threshold` incidents opened in the period; 0: always)
 * and, if so, its figures. Compacts the firm's delta rows first: in `em`'s transaction (compactRollups), or through
 * `compactElsewhere` when `em` reads a read-only copy (the primary's compaction reaches the copy as it replicates; the
 * sums are right before and after).
 */
export async function readRollups(em: EntityManager, p: RollupPeriod, threshold: number, compactElsewhere?: () => Promise<void>): Promise<RollupFigures | null> {
  if (threshold > 0) {
    const [c]: { n: string | null }[] = await em.query(
      `select sum(n) as n from report_rollups where firm_id = $1 and measure = 'opened' and day >= $2::date and day <= $3::date`,
      [p.firmId, p.from, p.to],
    );
    if (Number(c.n ?? 0) < threshold) return null;
  }
  if (compactElsewhere) await compactElsewhere();
  else await compactRollups(em, p.firmId);

  const today = localDate(new Date(p.now), p.tz);
  // summed per counter over the period's days; per day for those read by month or against today
  const raw: { measure: string; key: string; day: string | null; n: number }[] = await em.query(
    `select s.measure, s.key, to_char(s.day, 'YYYY-MM-DD') as day, s.n
       from (select r.measure, r.key, case when r.measure in ('opened', 'closed', 'obl') then r.day end as day, sum(r.n)::float8 as n
               from report_rollups r
              where r.firm_id = $1 and r.day >= $2::date and r.day <= $3::date
                and r.measure in ('opened', 'closed', 'dismissed', 'grade', 'category', 'nature', 'ack', 'contain', 'resolve', 'obl', 'comm', 'led', 'tasks_done', 'sent_by')
              group by 1, 2, 3) s`,
    [p.firmId, p.from, p.to],
  );
  const rows: Row[] = raw.map((r) => ({
    measure: r.measure,
    key: r.key,
    part: r.day === null ? '' : r.measure === 'obl' ? (r.day < today ? 'before' : r.day === today ? 'today' : 'after') : r.day.slice(0, 7),
    n: Number(r.n),
  }));
  const of = (measure: string) => rows.filter((r) => r.measure === measure);
  const total = (measure: string) => of(measure).reduce((s, r) => s + r.n, 0);
  const byKey = (measure: string, empty = ''): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of of(measure)) {
      const k = r.key === '' ? empty : r.key;
      out[k] = (out[k] ?? 0) + r.n;
    }
    return out;
  };
  // everything before the end of the period, for what was open at its end (opened − ended, overall and per lead)
  let before: Promise<Row[]> | null = null;
  const beforeEnd = () =>
    (before ??= em
      .query(
        `select r.measure, r.key, '' as part, sum(r.n)::float8 as n from report_rollups r
          where r.firm_id = $1 and r.measure in ('opened', 'ended', 'led', 'led_ended') and r.day <= $2::date
          group by 1, 2`,
        [p.firmId, p.to],
      )
      .then((rs: Row[]) => rs.map((r) => ({ ...r, n: Number(r.n) }))));
  return {
    async incidents() {
      const b = await beforeEnd();
      const sumOf = (measure: string) => b.filter((r) => r.measure === measure).reduce((s, r) => s + r.n, 0);
      const months = monthsInPeriod(p.from, p.to);
      const monthly = (measure: string) => {
        const out = new Map<string, number>();
        for (const r of of(measure)) out.set(r.part, (out.get(r.part) ?? 0) + r.n);
        return out;
      };
      const opened = monthly('opened');
      const closed = monthly('closed');
      const histogram = (measure: string) => of(measure).map((r) => ({ bucket: Number(r.key), count: r.n }));
      return {
        figures: {
          opened: total('opened'),
          closed: total('closed'),
          dismissed: total('dismissed'),
          openAtEnd: sumOf('opened') - sumOf('ended'),
          byGrade: keyCounts(REPORT_GRADE_KEYS, 'ungraded', byKey('grade', 'ungraded')),
          byCategory: keyCounts(REPORT_CATEGORY_KEYS, 'unspecified', byKey('category', 'unspecified')),
          byNature: keyCounts(REPORT_NATURE_KEYS, 'unspecified', byKey('nature', 'unspecified')),
          byMonth: months.map((m) => ({ month: m, opened: opened.get(m) ?? 0, closed: closed.get(m) ?? 0 })),
        },
        times: {
          acknowledge: durationFromHistogram(histogram('ack')),
          contain: durationFromHistogram(histogram('contain')),
          resolve: durationFromHistogram(histogram('resolve')),
          approximate: true,
        },
      };
    },

    async obligations() {
      // pending ones are missed when due before now: every one due before today's local date, none due after it, and
      // of those due today the ones due before now (counted live: a day's obligations)
      let dueTodayMissed: Record<string, number> = {};
      if (today >= p.from && today <= p.to) {
        const live: { rule: string; n: number }[] = await em.query(
          `select o.rule, count(*)::int as n from obligations o
            where o.firm_id = $1 and o.due_at >= $2 and o.due_at < $3 and o.status = 'pending'
              and not exists (select 1 from incidents x where x.firm_id = o.firm_id and x.id = o.incident_id and x.exercise) group by 1`,
          [p.firmId, zonedDayStart(today, p.tz), p.now],
        );
        dueTodayMissed = Object.fromEntries(live.map((r) => [r.rule, r.n]));
      }
      const tallies = new Map<string, { metOnTime: number; metLate: number; missed: number; pending: number; waived: number }>();
      for (const r of of('obl')) {
        const [rule, status] = r.key.split(':');
        const t = tallies.get(rule) ?? { metOnTime: 0, metLate: 0, missed: 0, pending: 0, waived: 0 };
        if (status === 'met') t.metOnTime += r.n;
        else if (status === 'waived') t.waived += r.n;
        else if (status === 'met_late') t.metLate += r.n;
        else if (status === 'pending') {
          if (r.part === 'before') t.missed += r.n;
          else if (r.part === 'after') t.pending += r.n;
          else {
            const missed = Math.min(r.n, dueTodayMissed[rule] ?? 0);
            t.missed += missed;
            t.pending += r.n - missed;
          }
        }
        tallies.set(rule, t);
      }
      return new Map([...tallies].map(([rule, t]) => [rule, obligationTally(t)]));
    },

    communications() {
      const parts = of('comm').map((r) => {
        const [audience, direction, visible] = r.key.split(':');
        return { audience, direction, visible: visible === 'v', n: r.n };
      });
      return communicationTally(parts.filter((x) => !p.clientVersion || x.visible));
    },

    async workload() {
      const b = await beforeEnd();
      const openLed: Record<string, number> = {};
      for (const r of b) {
        if (r.measure === 'led') openLed[r.key] = (openLed[r.key] ?? 0) + r.n;
        if (r.measure === 'led_ended') openLed[r.key] = (openLed[r.key] ?? 0) - r.n;
      }
      const led = byKey('led');
      const tasks = byKey('tasks_done');
      const sent = byKey('sent_by');
      const staff: { id: string; name: string; assigned: number }[] = await em.query(
        `select u.id, u.name, coalesce(a.n, 0)::int as assigned
           from users u
           left join (select consultant_id, count(*) as n from assignments where firm_id = $1 group by 1) a on a.consultant_id = u.id
          where u.firm_id = $1 and u.role <> 'client_admin'
          order by u.name, u.id`,
        [p.firmId],
      );
      return staff
        .map((u) => ({
          userId: u.id, name: u.name, assignedClients: u.assigned, incidentsLed: led[u.id] ?? 0, openLed: openLed[u.id] ?? 0,
          tasksDone: tasks[u.id] ?? 0, communicationsSent: sent[u.id] ?? 0,
        }))
        .filter((w) => w.assignedClients > 0 || w.incidentsLed > 0 || w.openLed > 0 || w.tasksDone > 0 || w.communicationsSent > 0);
    },
  };
}

/**
 * Changes a firm's time zone and rebuilds its roll-ups, whose days are local days of that zone, in the caller's
 * transaction (a scope of every client of the firm: report_rollups_rebuild refuses any other). This was a trigger on
 * `firms`; under Citus `firms` is a reference table, whose triggers would fire on every node's copy, so the app does it
 * (migration 1765800000000). Whatever changes a firm's time zone goes through here.
 */
export async function changeFirmTimeZone(db: { query(text: string, values?: unknown[]): Promise<unknown> }, firmId: string, timeZone: string): Promise<void> {
  await db.query(`update firms set time_zone = $2 where id = $1 and time_zone is distinct from $2`, [firmId, timeZone]);
  await db.query(`select report_rollups_rebuild($1)`, [firmId]);
}
