import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, Role } from '@incident-desk/shared';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: { users_email: 'btree (email)', users_firm_id_email_key: 'UNIQUE btree (firm_id, email)' },
  foreignKeys: {
    users_firm_id_client_id_fkey: '(firm_id, client_id) REFERENCES clients(firm_id, id)',
    users_firm_id_fkey: '(firm_id) REFERENCES firms(id)',
  },
  defaults: { active: 'true', created_at: 'now()', locale: "'zh-CN'::text", password_set_at: 'now()', updated_at: 'now()' },
})
@Entity('users')
export class User {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'client_id', nullable: true }) clientId: string | null;
  @Column('text') locale: Locale;
  @Column('boolean') active: boolean;
  /** null until an invited person sets theirs (migration 1766700000000) */
  @Column('text', { name: 'password_hash', select: false, nullable: true }) passwordHash: string | null;
  /** when the password was last set; null: the invitation is pending */
  @Column('timestamptz', { name: 'password_set_at', nullable: true }) passwordSetAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
