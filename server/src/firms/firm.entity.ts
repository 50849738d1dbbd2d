import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('firms')
export class Firm {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') slug: string;
  @Column('text') locale: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('jsonb', { name: 'sla_policy' }) slaPolicy: Record<string, unknown>;
  /** two-factor sign-in required of all staff (migration 1766900000000) */
  @Column('boolean', { name: 'mfa_required' }) mfaRequired: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
