import type { Role } from './enums';

/**
 * The incident: its classes, grades, lifecycle and the pure gate that decides whether it may move on.
 * Values are API values (snake_case); labels are in labels.ts.
 */

/** GB/T 20986-2023 (信息安全技术 网络安全事件分类分级指南) event classes. */
export const INCIDENT_CATEGORIES = [
  'malware',
  'network_attack',
  'data_security',
  'information_content_security',
  'equipment_facility_failure',
  'violation_of_operating_rules',
  'security_hazard',
  'abnormal_behaviour',
  'force_majeure',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** The procedure's three natures (内部攻击 / 外部攻击 / 系统漏洞) plus human error and unknown. */
export const INCIDENT_NATURES = ['internal_attack', 'external_attack', 'system_vulnerability', 'human_error', 'unknown'] as const;
export type IncidentNature = (typeof INCIDENT_NATURES)[number];

/** 特别重大 / 重大 / 较大 / 一般 — most severe first. */
export const GRADES = ['especially_major', 'major', 'relatively_major', 'general'] as const;
export type Grade = (typeof GRADES)[number];

/** 0 = most severe (especially_major), 3 = general; -1 for a value that is not a grade. */
export function gradeRank(g: Grade): number {
  return GRADES.indexOf(g);
}

/** Is `g` at least as severe as `min`? False when no grade is set. */
export function gradeAtLeast(g: Grade | null | undefined, min: Grade): boolean {
  if (g == null) return false;
  const r = gradeRank(g);
  return r >= 0 && r <= gradeRank(min);
}

export const INCIDENT_STATUSES = ['reported', 'triage', 'responding', 'recovering', 'investigating', 'follow_up', 'closed', 'dismissed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An incident is open until it is closed or dismissed (the `open` list filter, dashboards). */
export const OPEN_INCIDENT_STATUSES = ['reported', 'triage', 'responding', 'recovering', 'investigating', 'follow_up'] as const satisfies readonly IncidentStatus[];

/** The statuses that carry playbook tasks (in lifecycle order). */
export const WORK_PHASES = ['triage', 'responding', 'recovering', 'investigating', 'follow_up'] as const;
export type WorkPhase = (typeof WORK_PHASES)[number];

export function isWorkPhase(s: string): s is WorkPhase {
  return (WORK_PHASES as readonly string[]).includes(s);
}

export const TASK_STATUSES = ['todo', 'doing', 'done', 'not_applicable'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TEAM_ROLES = ['lead', 'it', 'legal', 'pr', 'client_contact'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TIMELINE_VISIBILITIES = ['internal', 'client'] as const;
export type TimelineVisibility = (typeof TIMELINE_VISIBILITIES)[number];

export const TIMELINE_KINDS = ['note', 'comment', 'transition', 'grading', 'task', 'team', 'obligation', 'created', 'updated', 'communication', 'action', 'attachment', 'acknowledged'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Forward moves, plus the reopening moves out of closed and dismissed. */
export const TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  reported: ['triage'],
  triage: ['responding', 'dismissed'],
  responding: ['recovering'],
  recovering: ['investigating'],
  investigating: ['follow_up'],
  follow_up: ['closed'],
  closed: ['responding', 'investigating', 'follow_up'],
  dismissed: ['triage'],
};

/** The statuses `from` may move to (a copy: safe to modify). */
export function allowedTransitions(from: IncidentStatus): IncidentStatus[] {
  return [...(TRANSITIONS[from] ?? [])];
}

/** A move out of closed or dismissed (that is allowed) is a reopening. */
export function isReopen(from: IncidentStatus, to: IncidentStatus): boolean {
  return (from === 'closed' || from === 'dismissed') && allowedTransitions(from).includes(to);
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'not_allowed' | 'reason_required' | 'open_required_tasks'; allowed?: IncidentStatus[]; openTasks?: string[] };

/** The minimal shape of a task the gate looks at. */
export interface GateTask {
  id: string;
  phase: string;
  required: boolean;
  status: string;
}

/** A task still to do (the dashboard's and "my work"'s open tasks); the others are settled (isTaskSettled). */
export const OPEN_TASK_STATUSES = ['todo', 'doing'] as const satisfies readonly TaskStatus[];

/** A required task counts as done when it is done or not applicable. */
export function isTaskSettled(status: string): boolean {
  return status === 'done' || status === 'not_applicable';
}

/** Ids of the required tasks of `phase` that are neither done nor not applicable. */
export function openRequiredTasks(tasks: GateTask[], phase: string): string[] {
  return tasks.filter((t) => t.phase === phase && t.required && !isTaskSettled(t.status)).map((t) => t.id);
}

/**
 * Who may move an incident on while required tasks of its phase are open (an override, with a reason): a manager, or
 * the incident's lead consultant. The server decides with it; the admin shows the override to exactly these users.
 */
export function canOverrideGate(user: { id: string; role: Role }, incident: { leadId: string | null }): boolean {
  return user.role === 'manager' || (!!incident.leadId && incident.leadId === user.id);
}

const hasText = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

/**
 * Pure gate: is the move allowed, does it need a reason, are the current phase's required tasks done (or
 * overridden with a reason by the lead or a manager)? A required task counts as done when its status is done or
 * not_applicable. Leaving triage to dismissed does not need the tasks. Reopening needs a reason. An override
 * needs canOverride=true and a non-empty reason; without canOverride the open tasks block.
 */
export function checkTransition(input: {
  from: IncidentStatus;
  to: IncidentStatus;
  reason?: string | null;
  override?: boolean;
  canOverride: boolean;
  tasks: GateTask[];
}): TransitionCheck {
  const { from, to, reason, override, canOverride, tasks } = input;
  const allowed = allowedTransitions(from);
  if (!allowed.includes(to)) return { ok: false, reason: 'not_allowed', allowed };
  if (isReopen(from, to)) return hasText(reason) ? { ok: true } : { ok: false, reason: 'reason_required' };
  if (!isWorkPhase(from) || (from === 'triage' && to === 'dismissed')) return { ok: true };
  const openTasks = openRequiredTasks(tasks, from);
  if (openTasks.length === 0) return { ok: true };
  if (!override || !canOverride) return { ok: false, reason: 'open_required_tasks', openTasks };
  if (!hasText(reason)) return { ok: false, reason: 'reason_required', openTasks };
  return { ok: true };
}

export type IncidentTimestampField = 'acknowledgedAt' | 'confirmedAt' | 'containedAt' | 'recoveredAt' | 'resolvedAt' | 'closedAt';

/** Which incident timestamp entering a status stamps. */
export const STATUS_TIMESTAMP: Partial<Record<IncidentStatus, IncidentTimestampField>> = {
  triage: 'acknowledgedAt',
  responding: 'confirmedAt',
  recovering: 'containedAt',
  investigating: 'recoveredAt',
  follow_up: 'resolvedAt',
  closed: 'closedAt',
  dismissed: 'closedAt',
};

/** 'INC-2026-0042': the sequence has at least 4 digits, more when needed. */
export function formatReference(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`invalid reference year: ${year}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`invalid reference sequence: ${seq}`);
  return `INC-${year}-${String(seq).padStart(4, '0')}`;
}

/** 'FIRM-2026-0001': a firm incident's reference (a breach at the firm itself; its own numbers per firm and year). */
export function formatFirmReference(year: number, seq: number): string {
  return `FIRM-${formatReference(year, seq).slice('INC-'.length)}`;
}

/** 'EX-2026-0001': an exercise incident's reference (a drill run through the real workflow; its own numbers). */
export function formatExerciseReference(year: number, seq: number): string {
  return `EX-${formatReference(year, seq).slice('INC-'.length)}`;
}

/** The inverse of formatReference, or null when `ref` is not a reference. */
export function parseReference(ref: string): { year: number; seq: number } | null {
  const m = /^INC-(\d{4})-(\d{4,})$/.exec(typeof ref === 'string' ? ref : '');
  if (!m) return null;
  const seq = Number(m[2]);
  const year = Number(m[1]);
  if (!Number.isSafeInteger(seq) || seq < 1 || formatReference(year, seq) !== ref) return null; // canonical only
  return { year, seq };
}
