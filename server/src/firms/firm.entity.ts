import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: { firms_slug_key: 'UNIQUE btree (slug)' },
  defaults: {
    created_at: 'now()',
    locale: "'zh-CN'::text",
    sla_policy: "'{}'::jsonb",
    time_zone: "'Asia/Shanghai'::text",
  },
})
@Entity('firms')
export class Firm {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') slug: string;
  @Column('text') locale: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('jsonb', { name: 'sla_policy' }) slaPolicy: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
