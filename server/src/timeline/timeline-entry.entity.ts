import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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
