import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** A user's TOTP secret, encrypted by the app (migration 1766900000000). `enabledAt` null: set up, not confirmed. */
@DeclaresTable({
  foreignKeys: { user_mfa_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE' },
  defaults: { created_at: 'now()' },
})
@Entity('user_mfa')
export class UserMfa {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'secret_enc', select: false }) secretEnc: string;
  @Column('timestamptz', { name: 'enabled_at', nullable: true }) enabledAt: Date | null;
  /** the last RFC 6238 time step accepted (a code is never accepted twice) */
  @Column('bigint', { name: 'last_step', nullable: true }) lastStep: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One recovery code (its keyed hash), used once. */
@DeclaresTable({
  indexes: { mfa_recovery_codes_hash: 'UNIQUE btree (firm_id, user_id, code_hash)' },
  foreignKeys: { mfa_recovery_codes_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE' },
  defaults: { created_at: 'now()' },
})
@Entity('mfa_recovery_codes')
export class MfaRecoveryCode {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'code_hash' }) codeHash: string;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
