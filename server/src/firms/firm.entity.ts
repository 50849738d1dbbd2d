import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** The platform's own row of `firms` (migration 1766800000000): the home of the operators, owner of no customer data. */
export const PLATFORM_FIRM_ID = 'f0000000-0000-4000-8000-000000000000';

@DeclaresTable({
  indexes: { firms_slug_key: 'UNIQUE btree (slug)', firms_credit_code: 'UNIQUE btree (credit_code)' },
  defaults: {
    created_at: 'now()',
    kind: "'customer'::text",
    locale: "'zh-CN'::text",
    mfa_required: 'false',
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
  /** two-factor sign-in required of all staff (migration 1766900000000) */
  @Column('boolean', { name: 'mfa_required' }) mfaRequired: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** `customer`, or `platform` (the one row operators belong to) */
  @Column('text') kind: string;
  @Column('text', { name: 'credit_code', nullable: true }) creditCode: string | null;
  @Column('timestamptz', { name: 'suspended_at', nullable: true }) suspendedAt: Date | null;
}
