import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

export type AccountTokenPurpose = 'invite' | 'reset';

/**
 * A one-time link about an account (migration 1766700000000): an invitation (72 h) or a password reset (30 min). Only
 * the SHA-256 of its secret is kept.
 */
@DeclaresTable({
  indexes: { account_tokens_live: 'btree (firm_id, user_id, purpose) WHERE ((used_at IS NULL) AND (revoked_at IS NULL))' },
  foreignKeys: { account_tokens_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE' },
  defaults: { created_at: 'now()' },
})
@Entity('account_tokens')
export class AccountToken {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') purpose: AccountTokenPurpose;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
