import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: {
    audit_logs_created: 'btree (firm_id, created_at)',
    audit_logs_entity: 'btree (firm_id, entity, entity_id)',
    audit_logs_firm_id_seq_key: 'UNIQUE btree (firm_id, seq)',
  },
  foreignKeys: { audit_logs_firm_id_fkey: '(firm_id) REFERENCES firms(id)' },
  defaults: { changes: "'{}'::jsonb" },
})
@Entity('audit_logs')
export class AuditLog {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('bigint') seq: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole: string | null;
  @Column('uuid', { name: 'client_id', nullable: true }) clientId: string | null;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('text') action: string;
  @Column('jsonb') changes: Record<string, { before: unknown; after: unknown }>;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
}
