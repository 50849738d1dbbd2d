import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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
