import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { RequestMeta } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Session, type SessionEndReason } from './session.entity';
import { END_SESSION, END_SESSIONS_OF, REVOKE_FAMILY, REVOKE_TOKENS_OF, TOUCH_SESSION } from './auth.queries';

/** The longest user agent kept with a session. */
const USER_AGENT_MAX = 400;

/**
 * Sessions (migration 1765320000000): a sign-in starts one, its refresh tokens are its family, its access tokens carry
 * its id, and every request finds it live in the statement that enters the user's scope. Ending one ends its refresh
 * tokens too, and its access tokens stop working on the next request.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a session for the user, in a transaction scoped to their firm; its id. */
  async start(em: EntityManager, firmId: string, userId: string, meta: RequestMeta): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await em.getRepository(Session).insert({
      firmId,
      id,
      userId,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: this.refreshExpiry(now),
      endedAt: null,
      endedReason: null,
      userAgent: meta.userAgent ? meta.userAgent.slice(0, USER_AGENT_MAX) : null,
      ip: meta.ip,
    });
    return id;
  }

  /** A refresh: the session was used now, and lives as long as the refresh token it is given. */
  async touch(em: EntityManager, firmId: string, id: string, meta: RequestMeta): Promise<void> {
    const now = new Date();
    await em.query(TOUCH_SESSION, [
      firmId,
      id,
      now,
      this.refreshExpiry(now),
      meta.ip,
    ]);
  }

  /** When a refresh token issued now expires. */
  refreshExpiry(now = new Date()): Date {
    return new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
  }

  /** Ends one session (if it is still live) and revokes its refresh tokens. */
  async end(firmId: string, id: string, reason: SessionEndReason, em: EntityManager = this.db.em): Promise<void> {
    await em.query(
      END_SESSION,
      [firmId, id, reason],
    );
    await em.query(REVOKE_FAMILY, [firmId, id]);
  }

  /**
   * Ends every live session of a user (a new password) and revokes their refresh tokens; `except`: one session that
   * goes on (the caller's, when they change their own password).
   */
  async endAllOf(firmId: string, userId: string, reason: SessionEndReason, em: EntityManager = this.db.em, except?: string): Promise<void> {
    const keep = except ?? '00000000-0000-0000-0000-000000000000';
    await em.query(
      END_SESSIONS_OF,
      [firmId, userId, reason, keep],
    );
    await em.query(REVOKE_TOKENS_OF, [firmId, userId, keep]);
  }
}
