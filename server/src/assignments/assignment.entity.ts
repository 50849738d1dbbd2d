import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    assignments_client: 'btree (firm_id, client_id)',
    assignments_firm_id_consultant_id_client_id_key: 'UNIQUE btree (firm_id, consultant_id, client_id)',
    assignments_one_primary: 'UNIQUE btree (firm_id, client_id) WHERE is_primary',
  },
  foreignKeys: {
    assignments_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id) ON DELETE CASCADE',
    assignments_firm_id_consultant_id_fkey: '(firm_id, consultant_id) REFERENCES users(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { created_at: 'now()', is_primary: 'false' },
})
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
