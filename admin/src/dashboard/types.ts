/**
 * The few fields of the list endpoints' JSON that the dashboards read (server/src/incidents, obligations, tasks).
 * Shared has no record types for these resources; communications, actions and trainings come from the shared package.
 */
import type { Grade, IncidentStatus, LocalText, ObligationRule, ObligationStatus, TaskStatus, WorkPhase } from '@incident-desk/shared';

export interface DashIncident {
  id: string;
  clientId: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  grade: Grade | null;
  leadId: string | null;
  detectedAt: string;
  /** nearest due time of a pending (possibly overdue) obligation */
  nearestDueAt: string | null;
}

export interface DashObligation {
  id: string;
  incidentId: string;
  clientId: string;
  rule: ObligationRule;
  authority: LocalText;
  dueAt: string;
  status: ObligationStatus;
}

export interface DashTask {
  id: string;
  incidentId: string;
  clientId: string;
  phase: WorkPhase;
  title: string;
  titleEn: string | null;
  dueAt: string | null;
  status: TaskStatus;
}
