/**
 * The service report's JSON: its shape, its figures' types, the stored report. (Part of the service reports: see
 * index.ts.)
 */

import type { CommunicationAudience } from '../communications';
import type { Locale, OperatorType } from '../enums';
import type { EvaluationType } from '../evaluations';
import type { Grade, IncidentCategory, IncidentNature } from '../incident';
import type { TrainingType } from '../trainings';

export const REPORT_VERSIONS = ['internal', 'client'] as const;
/** `internal`: firm staff's version; `client`: the client-facing version (no internal figures, no workload). */
export type ReportVersion = (typeof REPORT_VERSIONS)[number];

export const REGULATORY_RULES = [
  'prc_incident_report', 'prc_summary_report', 'dsl_notify_users', 'dsl_report_authority', 'crime_report_police', 'pipl_notify_authority', 'pipl_notify_individuals',
  'gdpr_art33_authority', 'gdpr_art34_individuals',
] as const;
export type RegulatoryRule = (typeof REGULATORY_RULES)[number];
export const SLA_RULES = ['sla_acknowledge', 'sla_resolve'] as const;
export type SlaRule = (typeof SLA_RULES)[number];

/** The longest period one report covers. */
export const MAX_REPORT_MONTHS = 60;

export interface ReportDuration {
  /** incidents with the timestamp */
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ObligationTally {
  total: number;
  metOnTime: number;
  metLate: number;
  missed: number;
  pending: number;
  /** waived on a basis the law allows (a reasoned decision, issue 17): counted apart, not in `total` nor in the rate */
  waived: number;
  /** metOnTime / (metOnTime + metLate + missed); null when none is decided */
  onTimeRate: number | null;
}

export interface KeyCount<K extends string = string> {
  key: K;
  count: number;
}

export interface ReportClient {
  id: string;
  name: string;
  operatorType: OperatorType;
}

export interface TrainingTypeFigures {
  type: TrainingType;
  held: number;
  participants: number;
  attended: number;
  assessed: number;
  passed: number;
  attendanceRate: number | null;
  passRate: number | null;
}

export interface DrillClockFigures {
  operatorType: OperatorType;
  clockMinutes: number;
  drills: number;
  /** drills with a measured report time */
  measured: number;
  withinClock: number;
  medianReportMinutes: number | null;
  /** minutes of time entries logged on exercise incidents of these clients in the period (issue 18); absent before it */
  exerciseMinutes?: number;
}

/** Minutes logged (time entries, issue 18), all and billable. */
export interface TimeFigures {
  minutes: number;
  billableMinutes: number;
}

export interface WorkloadRow {
  userId: string;
  name: string;
  /** assignments to the clients of the report */
  assignedClients: number;
  /** incidents opened in the period that they lead */
  incidentsLed: number;
  /** incidents they lead that were open at the end of the period */
  openLed: number;
  /** tasks they completed in the period */
  tasksDone: number;
  /** communications they sent in the period */
  communicationsSent: number;
}

export interface ServiceReport {
  version: ReportVersion;
  lang: Locale;
  generatedAt: string;
  generatedBy: { id: string; name: string };
  firm: { name: string; timeZone: string };
  period: {
    from: string;
    to: string;
    /** the first instant of the period (ISO, UTC) */
    start: string;
    /** the first instant after the period (ISO, UTC) */
    end: string;
    /** YYYY-MM, every month the period touches */
    months: string[];
  };
  /** true when no clients were chosen: every client the user may see */
  allClients: boolean;
  clients: ReportClient[];
  incidents: {
    opened: number;
    closed: number;
    dismissed: number;
    openAtEnd: number;
    byGrade: KeyCount<Grade | 'ungraded'>[];
    byCategory: KeyCount<IncidentCategory | 'unspecified'>[];
    byNature: KeyCount<IncidentNature | 'unspecified'>[];
    byMonth: { month: string; opened: number; closed: number }[];
    /**
     * Breaches at the firm itself (firm incidents, issue 18) among the incidents opened: each has a child incident per
     * affected client, and every figure above counts each child for its client. `opened`: the firm incidents with a
     * child opened in the period among the clients covered; `children`: those children; `countedOnce`: the incidents
     * opened with each firm incident counted once for the firm (opened − children + firm incidents). Absent from
     * reports stored before it was counted.
     */
    firmBreaches?: { opened: number; children: number; countedOnce: number };
  };
  responseTimes: {
    acknowledge: ReportDuration;
    contain: ReportDuration;
    resolve: ReportDuration;
    /**
     * true when the medians and p90s were read from the firm's roll-ups (a firm-wide report of a large firm): within
     * ±2 % (see durationFromHistogram); counts are exact either way. Absent on exact figures.
     */
    approximate?: true;
  };
  obligations: { total: ObligationTally; byRule: (ObligationTally & { rule: RegulatoryRule })[] };
  sla: { total: ObligationTally; byRule: (ObligationTally & { rule: SlaRule })[] };
  communications: { total: number; byAudience: { audience: CommunicationAudience; outbound: number; inbound: number; total: number }[] };
  trainings: {
    held: number;
    participants: number;
    attended: number;
    assessed: number;
    passed: number;
    attendanceRate: number | null;
    passRate: number | null;
    byType: TrainingTypeFigures[];
    drills: { held: number; measured: number; withinClock: number; byOperatorType: DrillClockFigures[]; exerciseMinutes?: number };
  };
  evaluations: { count: number; averageScore: number | null; byType: { type: EvaluationType; count: number; averageScore: number | null }[] };
  actions: {
    /** the moment open and overdue refer to: the end of the period, or now when earlier */
    asOf: string;
    open: number;
    overdue: number;
    /** created in the period */
    created: number;
    /** done in the period */
    done: number;
  };
  /** internal version only: figures about records the client does not see */
  internal?: {
    /** communications sent or received in the period that are not shown to the client */
    communicationsNotVisible: number;
    /** evaluations dated in the period still in draft */
    evaluationDrafts: number;
    /** open improvement actions (as of `actions.asOf`) not shown to the client */
    actionsNotVisible: number;
  };
  /** internal version only: per member of staff */
  workload?: WorkloadRow[];
  /**
   * Time spent (issue 18): the minutes of the entries dated in the period, per client and per incident (entries
   * without an incident count in their client's total only); the internal version also per member of staff. Time on
   * exercise incidents is left out here (it counts in the drill section). Absent from reports stored before it.
   */
  time?: TimeFigures & {
    byClient: (TimeFigures & { clientId: string; name: string })[];
    byIncident: (TimeFigures & { incidentId: string; reference: string; clientId: string })[];
    /** internal version only */
    byConsultant?: (TimeFigures & { userId: string; name: string })[];
  };
}

/**
 * The service report's figures month by month (GET /api/reports/service/trends): for each calendar month the period
 * touches (cut to the period), the same figures as that month's service report — one request and one transaction for
 * a year of trends instead of a report per month. Every figure is computed exactly as the report computes it.
 */
export interface ServiceTrendMonth {
  /** YYYY-MM */
  month: string;
  from: string;
  to: string;
  incidents: { opened: number; closed: number };
  responseTimes: { acknowledge: ReportDuration; resolve: ReportDuration; approximate?: true };
  /** regulatory obligations due in the month, all rules together */
  obligations: ObligationTally;
  /** SLA clocks due in the month, all rules together */
  sla: ObligationTally;
}

export interface ServiceReportTrends {
  version: ReportVersion;
  period: { from: string; to: string };
  allClients: boolean;
  clients: ReportClient[];
  months: ServiceTrendMonth[];
}

/** A stored monthly report (the `reports` resource); `data` (the figures) on show only. */
export interface ReportRecord {
  id: string;
  /** YYYY-MM */
  period: string;
  from: string;
  to: string;
  /** the clients covered; empty: every client of the firm */
  clientIds: string[];
  lang: Locale;
  version: ReportVersion;
  fileName: string;
  size: number;
  sha256: string;
  generatedById: string | null;
  generatedByName: string | null;
  generatedAt: string;
  data?: ServiceReport;
}
