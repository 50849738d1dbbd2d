import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    assignments_client: 'btree (firm_id, client_id)',
    assignments_firm_id_consultant_id_client_id_key: 'UNIQUE btree (firm_id, consultant_id, client_id)',
  },
  foreignKeys: {
    assignments_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id) ON DELETE CASCADE',
    assignments_firm_id_consultant_id_fkey: '(firm_id, consultant_id) REFERENCES users(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { created_at: 'now()' },
})
@Entity('assignments')
export class Assignment {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'consultant_id' }) consultantId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
