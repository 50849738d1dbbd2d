import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: { timeline_incident: 'btree (firm_id, incident_id, occurred_at)' },
  foreignKeys: {
    timeline_entries_firm_id_incident_id_fkey: '(firm_id, incident_id) REFERENCES incidents(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { body: "''::text", created_at: 'now()', data: "'{}'::jsonb" },
})
@Entity('timeline_entries')
export class TimelineEntry {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'incident_id' }) incidentId: string;
  @Column('uuid', { name: 'client_id' }) clientId: string;
  @Column('text') kind: string;
  @Column('text') visibility: 'internal' | 'client';
  @Column('text') body: string;
  @Column('jsonb') data: Record<string, any>;
  @Column('uuid', { name: 'author_id', nullable: true }) authorId: string | null;
  @Column('text', { name: 'author_name', nullable: true }) authorName: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
