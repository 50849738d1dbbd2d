import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** An improvement action (API resource `actions`). */
@DeclaresTable({
  indexes: {
    improvement_actions_client: 'btree (firm_id, client_id, due_at)',
    improvement_actions_due: 'btree (firm_id, status, due_at)',
    improvement_actions_evaluation: 'btree (firm_id, evaluation_id) WHERE (evaluation_id IS NOT NULL)',
    improvement_actions_incident: 'btree (firm_id, incident_id) WHERE (incident_id IS NOT NULL)',
  },
  foreignKeys: {
    improvement_actions_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    improvement_actions_firm_id_created_by_id_fkey: '(firm_id, created_by_id) REFERENCES users(firm_id, id)',
    improvement_actions_firm_id_done_by_id_fkey: '(firm_id, done_by_id) REFERENCES users(firm_id, id)',
    improvement_actions_firm_id_evaluation_id_fkey: '(firm_id, evaluation_id) REFERENCES evaluations(firm_id, id)',
    improvement_actions_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id)',
    improvement_actions_firm_id_owner_id_fkey: '(firm_id, owner_id) REFERENCES users(firm_id, id)',
  },
  defaults: {
    client_visible: 'false',
    created_at: 'now()',
    evaluation_shared: 'false',
    description: "''::text",
    status: "'open'::text",
    updated_at: 'now()',
  },
})
@Entity('improvement_actions')
export class ImprovementAction {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('uuid', { name: 'owner_id', nullable: true }) ownerId: string | null;
  @Column('text', { name: 'owner_name', nullable: true }) ownerName: string | null;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('text') status: string;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt: Date | null;
  @Column('uuid', { name: 'done_by_id', nullable: true }) doneById: string | null;
  @Column('uuid', { name: 'evaluation_id', nullable: true }) evaluationId: string | null;
  @Column('uuid', { name: 'incident_id', nullable: true }) incidentId: string | null;
  @Column('boolean', { name: 'client_visible' }) clientVisible: boolean;
  /** its evaluation is final and shared with the client: kept by the database (migration 1767400000000): never written, nor loaded; CLIENT_VISIBLE reads it in SQL */
  @Column({ type: 'boolean', name: 'evaluation_shared', select: false, insert: false, update: false }) evaluationShared?: boolean;
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
