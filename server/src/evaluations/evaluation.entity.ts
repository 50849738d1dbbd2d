import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EvaluationCriterion, TemplateCriterion } from '@incident-desk/shared';

/** numeric → number (pg returns numeric as text) */
const numeric = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};

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
