import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('tasks')
export class Task {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') phase: string;
  @Column('text', { nullable: true }) key: string | null;
  @Column('text', { nullable: true }) section: string | null;
  @Column('text') title: string;
  @Column('text', { name: 'title_en', nullable: true }) titleEn: string | null;
  @Column('text') description: string;
  @Column('text', { name: 'description_en', nullable: true }) descriptionEn: string | null;
  @Column('boolean') required: boolean;
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId: string | null;
  /** the response team's role it goes to by default (from the playbook): assigned when the team names one */
  @Column('text', { name: 'team_role', nullable: true }) teamRole: string | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt: Date | null;
  @Column('text') status: string;
  @Column('int') position: number;
  @Column('uuid', { name: 'done_by_id', nullable: true }) doneById: string | null;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
