/**
 * Shapes of the incident API's JSON as the server sends them (server/src/incidents, tasks, timeline, obligations,
 * gradings): the server's mappers return them and the admin reads them.
 */
import type { GradingInputs } from './grading';
import type { Grade, IncidentCategory, IncidentNature, IncidentStatus, TaskStatus, TeamRole, TimelineKind, TimelineVisibility, WorkPhase } from './incident';
import type { ObligationAudience, ObligationRule, ObligationStatus, WaiverBasis } from './obligations';
import type { LocalText } from './playbook';

export interface TeamMember {
  userId?: string | null;
  name: string;
  role: TeamRole;
  /** firm staff only (the portal gets name and role) */
  contact?: string | null;
}

export type PhaseProgress = Record<WorkPhase, { done: number; total: number; requiredOpen: number }>;

/** GET /api/incidents/:id — client admins get it without gradeRationale, reportedById, playbookId and team contacts. */
export interface IncidentRecord {
  id: string;
  clientId: string;
  /** the firm incident this one is a child of (firm staff only; never shown to a client admin) */
  parentId?: string | null;
  /** an exercise: a drill run through the real workflow (marked everywhere; left out of the service report's figures) */
  exercise: boolean;
  /** the drill an exercise runs */
  trainingId: string | null;
  reference: string;
  title: string;
  description: string;
  category: IncidentCategory | null;
  nature: IncidentNature | null;
  grade: Grade | null;
  gradeRationale?: string | null;
  status: IncidentStatus;
  playbookId?: string | null;
  affectedSystems: string[];
  dataCategories: string[];
  personalInfoInvolved: boolean;
  sensitivePersonalInfoInvolved: boolean;
  euPersonalData: boolean;
  highRiskToIndividuals: boolean;
  peopleAffected: number | null;
  recordsAffected: number | null;
  businessImpact: string | null;
  leadId: string | null;
  team: TeamMember[];
  reportedById?: string | null;
  detectedAt: string;
  reportedAt: string;
  acknowledgedAt: string | null;
  confirmedAt: string | null;
  containedAt: string | null;
  recoveredAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** nearest due time of a pending (possibly overdue) obligation */
  nearestDueAt: string | null;
  progress: PhaseProgress | null;
}

export interface TaskRecord {
  id: string;
  incidentId: string;
  clientId: string;
  phase: WorkPhase;
  key: string | null;
  section: string | null;
  title: string;
  titleEn: string | null;
  description: string;
  descriptionEn: string | null;
  required: boolean;
  assigneeId: string | null;
  /** the response team's role it goes to by default (from the playbook) */
  teamRole: TeamRole | null;
  dueAt: string | null;
  status: TaskStatus;
  position: number;
  doneById: string | null;
  doneAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineRecord {
  id: string;
  incidentId: string;
  clientId: string;
  kind: TimelineKind;
  visibility: TimelineVisibility;
  body: string;
  data: Record<string, unknown>;
  authorId: string | null;
  authorName: string | null;
  occurredAt: string;
  createdAt: string;
}

export interface ObligationRecord {
  id: string;
  incidentId: string;
  clientId: string;
  rule: ObligationRule;
  audience: ObligationAudience;
  authority: LocalText;
  source: string;
  startsAt: string;
  dueAt: string;
  status: ObligationStatus;
  fulfilledAt: string | null;
  fulfilledById: string | null;
  fulfilmentNote: string | null;
  communicationId: string | null;
  /** a problem with the due time (a year missing from the working-day calendar), or null */
  warning: LocalText | null;
  /** a waived obligation: the law's basis, the reason, who and when */
  waiverBasis: WaiverBasis | null;
  waiverReason: string | null;
  waivedById: string | null;
  waivedAt: string | null;
  /** a summary-report obligation: the kept incident report (an attachment on the incident) it is linked to */
  reportAttachmentId: string | null;
}

export interface GradingRecord {
  id: string;
  incidentId: string;
  clientId: string;
  inputs: GradingInputs;
  suggestedGrade: Grade;
  chosenGrade: Grade;
  matchedRules: { id: string; grade: Grade; source: string; text: LocalText }[];
  rationale: string;
  gradedById: string | null;
  gradedAt: string;
}

/** One affected client of a firm incident, as the viewer may see it. */
export interface FirmIncidentChild {
  incidentId: string;
  clientId: string;
  clientName: string;
  reference: string;
  status: IncidentStatus;
  /** whether the child still moves with the parent (same status, not removed) */
  withParent: boolean;
  /** removed from the firm incident (dismissed with a reason) */
  removed: boolean;
  nearestDueAt: string | null;
}

/** A firm incident: a breach at the firm itself, one child incident per affected client. Firm staff only. */
export interface FirmIncidentRecord {
  id: string;
  scope: 'firm';
  reference: string;
  title: string;
  description: string;
  category: IncidentCategory | null;
  nature: IncidentNature | null;
  status: IncidentStatus;
  playbookId: string | null;
  affectedSystems: string[];
  dataCategories: string[];
  personalInfoInvolved: boolean;
  sensitivePersonalInfoInvolved: boolean;
  leadId: string | null;
  team: TeamMember[];
  detectedAt: string;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** the children the viewer may see */
  children: FirmIncidentChild[];
  /** how many other clients are affected (children the viewer may not see) */
  hiddenChildren: number;
  /** the breach's grade (every child still with it graded from the same inputs), null until graded */
  grade: Grade | null;
  gradeRationale: string | null;
}

/**
 * A playbook task of a firm incident: its children's tasks of that key taken together (the children the viewer may
 * see and still with the parent). Done on the parent, it is done on every one of them.
 */
export interface FirmIncidentTask {
  key: string;
  phase: WorkPhase;
  title: string;
  titleEn: string | null;
  required: boolean;
  /** children whose task is done or not applicable, of `total` */
  done: number;
  total: number;
}

/** What was done to a firm incident as a whole (its own timeline, newest first). */
export interface FirmIncidentEventRecord {
  id: string;
  kind: 'created' | 'transition' | 'grading' | 'clients_added' | 'client_removed' | 'client_update' | 'notices' | 'task';
  body: string;
  data: Record<string, unknown>;
  authorId: string | null;
  authorName: string | null;
  occurredAt: string;
}
