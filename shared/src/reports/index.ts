/**
 * Service reports — the figures a firm shows its clients and its board, for a period and a set of clients.
 * Pure parts shared by the server (which aggregates in SQL), the admin (which shows them) and the tests:
 * the report's JSON shape, the statistics and their definitions, calendar helpers in the firm's time zone,
 * the report's tables (one definition for the screen, the CSV and the PDF) and their zh-CN / en labels.
 *
 * Definitions (stated once, here, and printed with every report):
 * - Period: the calendar dates `from`..`to` inclusive in the firm's time zone, i.e. the instants
 *   [from 00:00, to + 1 day 00:00) there. Months are calendar months in the firm's time zone.
 * - Incidents opened: detected in the period (any status, dismissed ones included and also counted apart).
 *   Closed: status closed with closedAt in the period. Open at the end: detected before the end of the period and
 *   not closed or dismissed before it.
 * - Time to acknowledge: acknowledgedAt − reportedAt; to contain: containedAt − detectedAt; to resolve:
 *   resolvedAt − detectedAt; in hours, over the incidents opened in the period that have the timestamp.
 * - Median and p90: the continuous percentile (PostgreSQL `percentile_cont`, Excel `PERCENTILE.INC`): sort the n
 *   values, h = (n − 1)·p, interpolate linearly between the values at floor(h) and ceil(h). Rounded to 0.01 h.
 * - Obligations: those due in the period (not the ones that no longer apply), by their state now: met on time,
 *   met late, missed (not met and past due) or pending (not met, not yet due). On-time rate (and SLA compliance) =
 *   met on time / (met on time + met late + missed); pending ones are not decided yet.
 * - Communications: sent (outbound) or received (inbound) in the period, by audience.
 * - Trainings: completed, dated in the period. Attendance rate = attended / participants; pass rate = passed /
 *   attended participants with a pass result. Drills (emergency drills, tabletop exercises) compare their measured
 *   report time with the PRC reporting clock of the client's operator type (CII 60 min, state organ 120, other 240).
 * - Evaluations: final, dated in the period, the latest final version of each evaluation; average overall score
 *   (0–100) by type.
 * - Improvement actions as of the end of the period (or now, when that is earlier): open = created by then, not
 *   cancelled and not done by then; overdue = open and due before then.
 * - Rates are fractions rounded to 4 decimals in the JSON and shown as percentages (2 decimals) in tables.
 * - The client version (what a client admin gets, and what staff hand to a client) counts only what the client may
 *   see (client-visible communications that were sent or received, final evaluations shared with the client, actions
 *   shown to the client) and has neither the internal figures nor the consultant workload.
 */
export * from './types';
export * from './statistics';
export * from './time-zone';
export * from './validation';
export * from './labels';
export * from './formatting';
export * from './shape';
