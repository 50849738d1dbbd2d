import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TrainingParticipant } from '@incident-desk/shared';

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
