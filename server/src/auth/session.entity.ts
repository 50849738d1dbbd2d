import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DeclaresTable } from '../database/table-shape';

/** Why a session ended (migration 1765320000000). */
export type SessionEndReason = 'logout' | 'refresh_reuse' | 'password_changed' | 'revoked';

/**
 * A session: what a sign-in starts. Its refresh tokens are its family; its access tokens carry its id (`sid`), and
 * every request finds it live (app_enter_scope) or is refused.
 */
@DeclaresTable({
  indexes: { sessions_user: 'btree (firm_id, user_id, last_used_at DESC)' },
  foreignKeys: { sessions_firm_id_user_id_fkey: '(firm_id, user_id) REFERENCES users(firm_id, id) ON DELETE CASCADE' },
  defaults: { created_at: 'now()', last_used_at: 'now()' },
})
@Entity('sessions')
export class Session {
  @PrimaryColumn('uuid', { name: 'firm_id' }) firmId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** sign-in and each refresh; not every request */
  @Column('timestamptz', { name: 'last_used_at' }) lastUsedAt: Date;
  /** when its last refresh token expires */
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('text', { name: 'ended_reason', nullable: true }) endedReason: SessionEndReason | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column('text', { nullable: true }) ip: string | null;
}
