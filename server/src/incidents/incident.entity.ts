import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';
import type { TeamMember } from '@incident-desk/shared';


@DeclaresTable({
  indexes: {
    incidents_client_created: 'btree (firm_id, client_id, created_at DESC, id DESC)',
    incidents_firm_created: 'btree (firm_id, created_at DESC, id DESC)',
    incidents_firm_id_reference_key: 'UNIQUE btree (firm_id, reference)',
    incidents_firm_status: 'btree (firm_id, status)',
    incidents_open_created: "btree (firm_id, created_at DESC, id DESC) INCLUDE (client_id) WHERE (status = ANY (ARRAY['reported'::text, 'triage'::text, 'responding'::text, 'recovering'::text, 'investigating'::text, 'follow_up'::text]))",
    incidents_parent: 'btree (firm_id, parent_id) WHERE (parent_id IS NOT NULL)',
    incidents_report_closed: 'btree (firm_id, client_id, closed_at) INCLUDE (status) WHERE (closed_at IS NOT NULL)',
    incidents_report_detected: 'btree (firm_id, client_id, detected_at) INCLUDE (status, grade, category, nature, lead_id, reported_at, acknowledged_at, contained_at, resolved_at, closed_at)',
    incidents_report_open: 'btree (firm_id, client_id, detected_at) WHERE (closed_at IS NULL)',
    incidents_training: 'btree (firm_id, training_id) WHERE (training_id IS NOT NULL)',
  },
  foreignKeys: {
    incidents_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    incidents_firm_id_lead_id_fkey: '(firm_id, lead_id) REFERENCES users(firm_id, id)',
    incidents_firm_id_playbook_id_fkey: '(firm_id, playbook_id) REFERENCES playbooks(firm_id, id)',
    incidents_parent: '(firm_id, parent_id) REFERENCES firm_incidents(firm_id, id)',
    incidents_training: '(firm_id, training_id) REFERENCES trainings(firm_id, id)',
  },
  defaults: {
    affected_systems: "'[]'::jsonb",
    created_at: 'now()',
    data_categories: "'[]'::jsonb",
    description: "''::text",
    eu_personal_data: 'false',
    exercise: 'false',
    high_risk_to_individuals: 'false',
    personal_info_involved: 'false',
    sensitive_personal_info_involved: 'false',
    team: "'[]'::jsonb",
    updated_at: 'now()',
  },
})
@Entity('incidents')
export class Incident {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  /** the firm incident this one is the child of (a breach at the firm affecting this client), or null */
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  /** when it was removed from its firm incident (then dismissed, with a reason) */
  @Column('timestamptz', { name: 'parent_removed_at', nullable: true }) parentRemovedAt: Date | null;
  /** an exercise: a drill run through the real workflow (its training); left out of the service report's figures */
  @Column('boolean') exercise: boolean;
  @Column('uuid', { name: 'training_id', nullable: true }) trainingId: string | null;
  @Column('text') reference: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { nullable: true }) nature: string | null;
  @Column('text', { nullable: true }) grade: string | null;
  @Column('text', { name: 'grade_rationale', nullable: true }) gradeRationale: string | null;
  @Column('text') status: string;
  @Column('uuid', { name: 'playbook_id', nullable: true }) playbookId: string | null;
  @Column('jsonb', { name: 'affected_systems' }) affectedSystems: string[];
  @Column('jsonb', { name: 'data_categories' }) dataCategories: string[];
  @Column('boolean', { name: 'personal_info_involved' }) personalInfoInvolved: boolean;
  @Column('boolean', { name: 'sensitive_personal_info_involved' }) sensitivePersonalInfoInvolved: boolean;
  @Column('boolean', { name: 'eu_personal_data' }) euPersonalData: boolean;
  @Column('boolean', { name: 'high_risk_to_individuals' }) highRiskToIndividuals: boolean;
  @Column('int', { name: 'people_affected', nullable: true }) peopleAffected: number | null;
  @Column('bigint', { name: 'records_affected', nullable: true }) recordsAffected: string | null;
  @Column('text', { name: 'business_impact', nullable: true }) businessImpact: string | null;
  @Column('uuid', { name: 'lead_id', nullable: true }) leadId: string | null;
  @Column('jsonb') team: TeamMember[];
  @Column('uuid', { name: 'reported_by_id', nullable: true }) reportedById: string | null;
  @Column('timestamptz', { name: 'detected_at' }) detectedAt: Date;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { name: 'contained_at', nullable: true }) containedAt: Date | null;
  @Column('timestamptz', { name: 'recovered_at', nullable: true }) recoveredAt: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /**
   * Kept by the database from the incident's tasks and obligations (migration 1765100000000), never written by TypeORM:
   * task counts per phase, `{phase: [done or not applicable, total, required still open]}`, and the nearest due date
   * of its pending obligations.
   */
  @Column({ type: 'jsonb', nullable: true, insert: false, update: false }) progress: Record<string, [number, number, number]> | null;
  @Column({ type: 'timestamptz', name: 'nearest_due_at', nullable: true, insert: false, update: false }) nearestDueAt: Date | null;
}

@DeclaresTable({
  indexes: { gradings_incident: 'btree (firm_id, incident_id, graded_at)' },
  foreignKeys: {
    gradings_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { matched_rules: "'[]'::jsonb", rationale: "''::text" },
})
@Entity('gradings')
export class Grading {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('jsonb') inputs: Record<string, any>;
  @Column('text', { name: 'suggested_grade' }) suggestedGrade: string;
  @Column('text', { name: 'chosen_grade' }) chosenGrade: string;
  @Column('jsonb', { name: 'matched_rules' }) matchedRules: any[];
  @Column('text') rationale: string;
  @Column('uuid', { name: 'graded_by_id', nullable: true }) gradedById: string | null;
  @Column('timestamptz', { name: 'graded_at' }) gradedAt: Date;
}

/**
 * A firm incident (issue 18): a breach at the firm itself, with no client, and one child incident per affected client
 * (`Incident.parentId`). Client admins never see it (row-level security: migration 1765900000000).
 */
@DeclaresTable({
  indexes: {
    firm_incidents_firm_created: 'btree (firm_id, created_at DESC, id DESC)',
    firm_incidents_firm_id_reference_key: 'UNIQUE btree (firm_id, reference)',
  },
  foreignKeys: { firm_incidents_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: {
    affected_systems: "'[]'::jsonb",
    child_count: '0',
    child_client_ids: "'{}'::uuid[]",
    created_at: 'now()',
    data_categories: "'[]'::jsonb",
    description: "''::text",
    personal_info_involved: 'false',
    sensitive_personal_info_involved: 'false',
    team: "'[]'::jsonb",
    updated_at: 'now()',
  },
})
@Entity('firm_incidents')
export class FirmIncident {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { nullable: true }) nature: string | null;
  @Column('text') status: string;
  @Column('uuid', { name: 'playbook_id', nullable: true }) playbookId: string | null;
  @Column('jsonb', { name: 'affected_systems' }) affectedSystems: string[];
  @Column('jsonb', { name: 'data_categories' }) dataCategories: string[];
  @Column('boolean', { name: 'personal_info_involved' }) personalInfoInvolved: boolean;
  @Column('boolean', { name: 'sensitive_personal_info_involved' }) sensitivePersonalInfoInvolved: boolean;
  @Column('uuid', { name: 'lead_id', nullable: true }) leadId: string | null;
  @Column('jsonb') team: TeamMember[];
  /** every child it has had (removed ones too), kept under the parent's row lock */
  @Column('int', { name: 'child_count' }) childCount: number;
  /** the clients of its children (removed ones too), kept by the database (migration 1767400000000): never written, nor loaded; consultantSees() reads it in SQL */
  @Column({ type: 'uuid', name: 'child_client_ids', array: true, select: false, insert: false, update: false }) childClientIds?: string[];
  /** the breach's grade: every child still with it graded from the same inputs (FirmIncidentsService.grade) */
  @Column('text', { nullable: true }) grade: string | null;
  @Column('text', { name: 'grade_rationale', nullable: true }) gradeRationale: string | null;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @Column('timestamptz', { name: 'detected_at' }) detectedAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * What was done to a firm incident as a whole (migration 1766400100000): opened, moved, graded, clients added and
 * removed, updates posted, notices drafted, playbook tasks done for every client at once. The firm's, never a client's.
 */
@DeclaresTable({
  indexes: { firm_incident_events_parent: 'btree (firm_id, firm_incident_id, occurred_at DESC, id DESC)' },
  foreignKeys: {
    firm_incident_events_firm_id_fkey: '(firm_id) REFERENCES firms(id)',
    firm_incident_events_parent: '(firm_id, firm_incident_id) REFERENCES firm_incidents(firm_id, id)',
  },
  defaults: { body: "''::text", created_at: 'now()', data: "'{}'::jsonb" },
})
@Entity('firm_incident_events')
export class FirmIncidentEvent {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'firm_incident_id' }) firmIncidentId: string;
  @Column('text') kind: string;
  @Column('text') body: string;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('uuid', { name: 'author_id', nullable: true }) authorId: string | null;
  @Column('text', { name: 'author_name', nullable: true }) authorName: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
