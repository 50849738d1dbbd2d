/** The incident API's records: defined in the shared package, where the server's mappers use them too. */
export type { GradingRecord, IncidentRecord, ObligationRecord, PhaseProgress, TaskRecord, TeamMember, TimelineRecord } from '@incident-desk/shared';
