import { Inject, Injectable } from '@nestjs/common';
import {
  LOCALES, monthsInPeriod, obligationTally, periodInstants, periodProblems, REGULATORY_RULES, REPORT_VERSIONS,
  SLA_RULES, sumTallies, monthRange, type Locale, type ReportVersion, type ServiceReport, type ServiceTrendMonth,
  type ServiceReportTrends, type ObligationTally,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { badInput, forbidden, type FieldError } from '../common/errors';
import { isUuid } from '../common/list-query';
import { compactRollups, readRollups } from './report-rollups';
import { type Ctx, ServiceReportQueries } from './service-report.queries';
import { TenantDb } from '../tenancy/tenant-db.service';
import { type RequestScope } from '../tenancy/scope';

/** The query of GET /api/reports/service(.csv|.pdf). */
export interface ServiceReportQuery {
  from?: string;
  to?: string;
  /** comma-separated client ids; none: every client the user may see */
  clientIds?: string;
  lang?: string;
  version?: string;
}

export interface ServiceReportParams {
  from: string;
  to: string;
  /** null: every client the user may see */
  clientIds: string[] | null;
  lang: Locale;
  version: ReportVersion;
}

const MAX_CLIENT_IDS = 1000;

/** Reads and checks the query (400 naming the field); the clients are checked against the scope later (404). */
export function parseServiceReportQuery(q: ServiceReportQuery, scope: RequestScope): ServiceReportParams {
  const errors: FieldError[] = [...periodProblems(q.from, q.to)];
  const text = (v: unknown, field: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      errors.push({ field, message: 'must be given once' });
      return undefined;
    }
    return v;
  };
  let clientIds: string[] | null = null;
  const rawIds = text(q.clientIds, 'clientIds');
  if (rawIds !== undefined && rawIds.trim() !== '') {
    const ids = rawIds.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.every(isUuid)) errors.push({ field: 'clientIds', message: 'must be client ids (UUIDs) separated by commas' });
    else if (ids.length > MAX_CLIENT_IDS) errors.push({ field: 'clientIds', message: `at most ${MAX_CLIENT_IDS} clients` });
    else clientIds = [...new Set(ids.map((s) => s.toLowerCase()))];
  }
  const lang = text(q.lang, 'lang') ?? scope.locale;
  if (!(LOCALES as readonly string[]).includes(lang)) errors.push({ field: 'lang', message: `must be one of ${LOCALES.join(', ')}` });
  const asked = text(q.version, 'version') ?? 'internal';
  if (!(REPORT_VERSIONS as readonly string[]).includes(asked)) errors.push({ field: 'version', message: `must be one of ${REPORT_VERSIONS.join(', ')}` });
  if (errors.length) throw badInput(errors);
  // client admins always get the client version, whichever they ask for
  const version = scope.role === 'client_admin' ? 'client' : (asked as ReportVersion);
  return { from: q.from!, to: q.to!, clientIds, lang: lang as Locale, version };
}

/** Each rule's tally of the period's obligations (an empty tally for a rule with none), in the rules' order. */
const byRule = <R extends string>(obligations: { get(rule: string): ObligationTally | undefined }, rules: readonly R[]) =>
  rules.map((rule) => ({ rule, ...(obligations.get(rule) ?? obligationTally({})) }));

/**
 * Builds the service report for a period and a set of clients, in the request's transaction: every figure is one
 * set-based query (GROUP BY, FILTER, percentile_cont) over the rows of the period, under row-level security, using the
 * (firm_id, client_id, time) indexes. The client version applies, in SQL, the same visibility a client admin has.
 */
@Injectable()
export class ServiceReportService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly queries: ServiceReportQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET /api/reports/service: checks access, reads the query, builds the report. */
  async fromQuery(q: ServiceReportQuery): Promise<ServiceReport> {
    const scope = this.access.require('reports', 'export');
    const params = parseServiceReportQuery(q ?? {}, scope);
    return this.build(params, 'clientIds');
  }

  /**
   * The report for checked params. A client out of the user's scope (or of another firm, or unknown) is a 404, as
   * everywhere in the API; `clientsField` names the field in that case when the ids came in a body (400 there).
   */
  async build(params: ServiceReportParams, clientsField: string, asBody = false): Promise<ServiceReport> {
    const { scope, clients, ids, now, context, rollupsFor } = await this.prepare(params, clientsField, asBody);
    const ctx = context(params.from, params.to);
    const { start, end } = ctx;
    const clientVersion = ctx.clientVersion;
    const rollups = await rollupsFor(ctx);
    const incidents = rollups ? await rollups.incidents() : await this.queries.incidents(ctx);
    const firmBreaches = await this.queries.firmBreaches(ctx, incidents.figures.opened);
    const obligations = rollups ? await rollups.obligations() : await this.queries.obligations(ctx);
    const communications = rollups ? rollups.communications() : await this.queries.communications(ctx);
    const trainings = await this.queries.trainings(ctx);
    const evaluations = await this.queries.evaluations(ctx);
    const actions = await this.queries.actions(ctx);
    const time = await this.queries.time(ctx, clients);
    const exerciseMinutes = await this.queries.exerciseMinutes(ctx);
    trainings.drills.byOperatorType = trainings.drills.byOperatorType.map((d) => ({ ...d, exerciseMinutes: exerciseMinutes.get(d.operatorType) ?? 0 }));
    trainings.drills.exerciseMinutes = [...exerciseMinutes.values()].reduce((a, b) => a + b, 0);

    const regulatory = byRule(obligations, REGULATORY_RULES);
    const sla = byRule(obligations, SLA_RULES);
    const report: ServiceReport = {
      version: params.version,
      lang: params.lang,
      generatedAt: now.toISOString(),
      generatedBy: { id: scope.userId, name: scope.name },
      firm: { name: scope.firmName, timeZone: scope.timeZone },
      period: { from: params.from, to: params.to, start, end, months: monthsInPeriod(params.from, params.to) },
      allClients: ids === null,
      clients,
      incidents: { ...incidents.figures, firmBreaches },
      responseTimes: incidents.times,
      obligations: { total: sumTallies(regulatory), byRule: regulatory },
      sla: { total: sumTallies(sla), byRule: sla },
      communications: communications.figures,
      trainings,
      evaluations: evaluations.figures,
      actions: actions.figures,
      time,
    };
    if (!clientVersion) {
      report.internal = {
        communicationsNotVisible: communications.notVisible,
        evaluationDrafts: evaluations.drafts,
        actionsNotVisible: actions.openNotVisible,
      };
      report.workload = rollups ? await rollups.workload() : await this.queries.workload(ctx);
    }
    return report;
  }

  /** GET /api/reports/service/trends: the report's trend figures for each month of the period, in one transaction. */
  async trendsFromQuery(q: ServiceReportQuery): Promise<ServiceReportTrends> {
    const scope = this.access.require('reports', 'export');
    const params = parseServiceReportQuery(q ?? {}, scope);
    const { clients, ids, context, rollupsFor } = await this.prepare(params, 'clientIds', false);
    const months: ServiceTrendMonth[] = [];
    for (const month of monthsInPeriod(params.from, params.to)) {
      // the month cut to the period: the same figures as a report of that month's days
      const r = monthRange(month);
      const ctx = context(r.from < params.from ? params.from : r.from, r.to > params.to ? params.to : r.to);
      const rollups = await rollupsFor(ctx);
      const incidents = rollups ? await rollups.incidents() : await this.queries.incidents(ctx);
      const obligations = rollups ? await rollups.obligations() : await this.queries.obligations(ctx);
      months.push({
        month,
        from: ctx.from,
        to: ctx.to,
        incidents: { opened: incidents.figures.opened, closed: incidents.figures.closed },
        responseTimes: {
          acknowledge: incidents.times.acknowledge,
          resolve: incidents.times.resolve,
          ...(incidents.times.approximate ? { approximate: true as const } : {}),
        },
        obligations: sumTallies(byRule(obligations, REGULATORY_RULES)),
        sla: sumTallies(byRule(obligations, SLA_RULES)),
      });
    }
    return { version: params.version, period: { from: params.from, to: params.to }, allClients: ids === null, clients, months };
  }

  /**
   * What a report and the trends share: access by role, the clients (checked against the scope: 404), a period's
   * context, and the firm's roll-ups when they answer a firm-wide period (compacted once per request, on the primary).
   */
  private async prepare(params: ServiceReportParams, clientsField: string, asBody: boolean) {
    const scope = this.db.scope;
    if (scope.role === 'client_admin' && params.version !== 'client') throw forbidden();
    const clients = await this.queries.resolveClients(scope, params.clientIds, clientsField, asBody);
    const ids = params.clientIds === null && scope.clientIds === 'all' ? null : clients.map((c) => c.id);
    const now = new Date();
    const clientVersion = params.version === 'client';
    // the percentiles sort every value of the period in memory, and every statement is planned for its values
    await this.queries.planForValues();
    const context = (from: string, to: string): Ctx => {
      const { start, end } = periodInstants(from, to, scope.timeZone);
      const asOf = new Date(Math.min(Date.parse(end), now.getTime())).toISOString();
      return { firmId: scope.firmId, ids, start, end, tz: scope.timeZone, from, to, now: now.toISOString(), asOf, clientVersion };
    };
    // every client of a large firm: the daily roll-ups (counts exact, percentiles from histograms) instead of the base
    // rows. Their delta rows are compacted first, once per request: in this transaction, or on the primary when this
    // one reads the read-only copy of REPORT_DATABASE_URL
    let compacted: Promise<void> | null = null;
    const compact = () =>
      (compacted ??= this.db.onReplica ? this.db.onPrimary((em) => compactRollups(em, scope.firmId)) : compactRollups(this.db.em, scope.firmId));
    const rollupsFor = (ctx: Ctx) =>
      ids === null
        ? readRollups(this.db.em, { firmId: ctx.firmId, from: ctx.from, to: ctx.to, start: ctx.start, end: ctx.end, tz: ctx.tz, now: ctx.now, clientVersion }, this.config.reportRollupThreshold, compact)
        : Promise.resolve(null);
    return { scope, clients, ids, now, context, rollupsFor };
  }
}
