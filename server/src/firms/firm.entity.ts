import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The platform's own row of `firms` (migration 1766800000000): the home of the operators, owner of no customer data. */
export const PLATFORM_FIRM_ID = 'f0000000-0000-4000-8000-000000000000';

@Entity('firms')
export class Firm {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') slug: string;
  @Column('text') locale: string;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('jsonb', { name: 'sla_policy' }) slaPolicy: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** `customer`, or `platform` (the one row operators belong to) */
  @Column('text') kind: string;
  @Column('text', { name: 'credit_code', nullable: true }) creditCode: string | null;
  @Column('timestamptz', { name: 'suspended_at', nullable: true }) suspendedAt: Date | null;
}
