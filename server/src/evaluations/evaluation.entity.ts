import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EvaluationCriterion, TemplateCriterion } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

/** numeric → number (pg returns numeric as text) */
const numeric = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};

@DeclaresTable({
  indexes: {
    evaluations_client_date: 'btree (firm_id, client_id, date DESC, id DESC)',
    evaluations_firm_date: 'btree (firm_id, date DESC, id DESC)',
    evaluations_firm_id_previous_version_id_key: 'UNIQUE btree (firm_id, previous_version_id)',
    evaluations_firm_id_series_id_version_key: 'UNIQUE btree (firm_id, series_id, version)',
    evaluations_incident: 'btree (firm_id, incident_id) WHERE (incident_id IS NOT NULL)',
    evaluations_series: 'btree (firm_id, series_id, version)',
    evaluations_training: 'btree (firm_id, training_id) WHERE (training_id IS NOT NULL)',
  },
  foreignKeys: {
    evaluations_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    evaluations_firm_id_created_by_id_fkey: '(firm_id, created_by_id) REFERENCES users(firm_id, id)',
    evaluations_firm_id_evaluator_id_fkey: '(firm_id, evaluator_id) REFERENCES users(firm_id, id)',
    evaluations_firm_id_finalized_by_id_fkey: '(firm_id, finalized_by_id) REFERENCES users(firm_id, id)',
    evaluations_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id)',
    evaluations_firm_id_previous_version_id_fkey: '(firm_id, previous_version_id) REFERENCES evaluations(firm_id, id)',
    evaluations_training_fk: '(firm_id, training_id) REFERENCES trainings(firm_id, id)',
  },
  defaults: {
    created_at: 'now()',
    criteria: "'[]'::jsonb",
    findings: "''::text",
    recommendations: "''::text",
    shared_with_client: 'false',
    updated_at: 'now()',
  },
})
@Entity('evaluations')
export class Evaluation {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('uuid', { name: 'series_id' }) seriesId: string;
  @Column('int') version: number;
  @Column('uuid', { name: 'previous_version_id', nullable: true }) previousVersionId: string | null;
  @Column('text') type: string;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('uuid', { name: 'training_id', nullable: true }) trainingId: string | null;
  @Column('uuid', { name: 'evaluator_id' }) evaluatorId: string;
  /** YYYY-MM-DD */
  @Column('date') date: string;
  @Column('int', { name: 'scale_max' }) scaleMax: number;
  @Column('jsonb') criteria: EvaluationCriterion[];
  @Column('numeric', { name: 'overall_score', nullable: true, precision: 5, scale: 2, transformer: numeric }) overallScore: number | null;
  @Column('text', { name: 'risk_level', nullable: true }) riskLevel: string | null;
  @Column('text') findings: string;
  @Column('text') recommendations: string;
  @Column('text') status: string;
  @Column('boolean', { name: 'shared_with_client' }) sharedWithClient: boolean;
  @Column('timestamptz', { name: 'finalized_at', nullable: true }) finalizedAt: Date | null;
  @Column('uuid', { name: 'finalized_by_id', nullable: true }) finalizedById: string | null;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@DeclaresTable({
  indexes: { evaluation_templates_firm_id_type_key: 'UNIQUE btree (firm_id, type)' },
  foreignKeys: { evaluation_templates_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: { created_at: 'now()', updated_at: 'now()' },
})
@Entity('evaluation_templates')
export class EvaluationTemplate {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') type: string;
  @Column('int', { name: 'scale_max' }) scaleMax: number;
  @Column('jsonb') criteria: TemplateCriterion[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
