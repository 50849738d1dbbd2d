import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TrainingParticipant } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    trainings_client_date: 'btree (firm_id, client_id, date DESC, id DESC)',
    trainings_due: "btree (firm_id, next_due_at) WHERE ((status = 'completed'::text) AND (next_due_at IS NOT NULL))",
    trainings_firm_date: 'btree (firm_id, date DESC, id DESC)',
    trainings_series: 'btree (firm_id, client_id, type, date)',
  },
  foreignKeys: {
    trainings_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    trainings_firm_id_created_by_id_fkey: '(firm_id, created_by_id) REFERENCES users(firm_id, id)',
  },
  defaults: {
    assessed_count: '0',
    attended_count: '0',
    created_at: 'now()',
    participant_count: '0',
    participants: "'[]'::jsonb",
    passed_count: '0',
    status: "'planned'::text",
    updated_at: 'now()',
  },
})
@Entity('trainings')
export class Training {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') type: string;
  @Column('text') title: string;
  @Column('text', { name: 'legal_basis', nullable: true }) legalBasis: string | null;
  /** YYYY-MM-DD (TypeORM hands `date` columns over as strings) */
  @Column('date') date: string;
  @Column('int', { name: 'duration_minutes', nullable: true }) durationMinutes: number | null;
  @Column('text', { name: 'delivery_mode', nullable: true }) deliveryMode: string | null;
  @Column('text', { nullable: true }) trainer: string | null;
  @Column('text', { nullable: true }) objectives: string | null;
  @Column('text', { nullable: true }) scenario: string | null;
  @Column('text') status: string;
  @Column('jsonb') participants: TrainingParticipant[];
  @Column('int', { name: 'pass_mark', nullable: true }) passMark: number | null;
  @Column('int', { name: 'participant_count' }) participantCount: number;
  @Column('int', { name: 'attended_count' }) attendedCount: number;
  @Column('int', { name: 'assessed_count' }) assessedCount: number;
  @Column('int', { name: 'passed_count' }) passedCount: number;
  @Column('int', { name: 'recurrence_months', nullable: true }) recurrenceMonths: number | null;
  @Column('date', { name: 'next_due_at', nullable: true }) nextDueAt: string | null;
  @Column('int', { name: 'detect_minutes', nullable: true }) detectMinutes: number | null;
  @Column('int', { name: 'escalate_minutes', nullable: true }) escalateMinutes: number | null;
  @Column('int', { name: 'report_minutes', nullable: true }) reportMinutes: number | null;
  /** the exercise incident the drill runs (POST /api/trainings/{id}/exercise), until it is reset */
  @Column('uuid', { name: 'exercise_incident_id', nullable: true }) exerciseIncidentId: string | null;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
