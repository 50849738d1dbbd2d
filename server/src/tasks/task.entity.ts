import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    tasks_incident: 'btree (firm_id, incident_id, phase, "position")',
    tasks_report_done: 'btree (firm_id, client_id, done_at) INCLUDE (status, done_by_id) WHERE (done_at IS NOT NULL)',
    tasks_unassigned_role: 'btree (firm_id, incident_id, team_role) WHERE ((assignee_id IS NULL) AND (team_role IS NOT NULL))',
  },
  foreignKeys: {
    tasks_firm_id_assignee_id_fkey: '(firm_id, assignee_id) REFERENCES users(firm_id, id)',
    tasks_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
  },
  defaults: {
    created_at: 'now()',
    description: "''::text",
    position: '0',
    required: 'false',
    status: "'todo'::text",
    updated_at: 'now()',
  },
})
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
