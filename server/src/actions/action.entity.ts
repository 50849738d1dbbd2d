import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An improvement action (API resource `actions`). */
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
  @Column('uuid', { name: 'created_by_id', nullable: true }) createdById: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
