import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

@DeclaresTable({
  indexes: { refresh_tokens_family: 'btree (firm_id, family_id)' },
  foreignKeys: {
    refresh_tokens_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE',
    refresh_tokens_session: '(firm_id, family_id) REFERENCES sessions(firm_id, id) ON DELETE CASCADE',
  },
  defaults: { created_at: 'now()' },
})
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
