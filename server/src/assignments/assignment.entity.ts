import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('assignments')
export class Assignment {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'consultant_id' }) consultantId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  /** the client's primary consultant (at most one per client: assignments_one_primary), who owns the client's reports */
  @Column('boolean', { name: 'is_primary', default: false }) primary: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
