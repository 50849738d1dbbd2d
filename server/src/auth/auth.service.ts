import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LoginResponse, SessionUser } from '@incident-desk/shared';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AppError } from '../common/errors';
import { isUuid } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import type { RequestMeta, RequestScope } from '../tenancy/scope';
import { JWT_ALGORITHM, JWT_ISSUER } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { dummyPasswordHash, verifyPassword } from './password';
import { RefreshToken } from './refresh-token.entity';

const invalid = () => new AppError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'invalid email or password');
const invalidRefresh = () => new AppError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'invalid refresh token');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function sessionUser(s: RequestScope): SessionUser {
  return {
    id: s.userId,
    email: s.email,
    name: s.name,
    role: s.role,
    firmId: s.firmId,
    clientId: s.clientId,
    locale: s.locale,
    firmName: s.firmName,
    timeZone: s.timeZone,
  };
}

/**
 * Sign-in, refresh and sign-out. Refresh tokens are `firmId.tokenId.secret`; only the secret's SHA-256 is
 * stored. Each refresh uses up its token and issues the next one of the same family; presenting a used token
 * again means it was stolen, so the whole family is revoked.
 */
@Injectable()
export class AuthService {
  readonly throttle = new LoginThrottle();

  constructor(
    private readonly db: TenantDb,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, meta: RequestMeta): Promise<LoginResponse> {
    const address = meta.ip ?? 'unknown';
    const wait = this.throttle.retryAfter(email, address);
    if (wait > 0) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_attempts', 'too many failed sign-ins; try again later', undefined, {
        retryAfterSeconds: wait,
      });
    }
    const found = await this.db.runUnscoped(meta, async (em) => {
      const rows: { firm_id: string; id: string; password_hash: string; active: boolean }[] = await em.query(
        'select * from auth_login_lookup($1)',
        [email.trim()],
      );
      return rows.length === 1 ? rows[0] : null;
    });
    const ok = found
      ? await verifyPassword(password, found.password_hash)
      : (await verifyPassword(password, await dummyPasswordHash(this.config.scryptLog2N)), false);
    if (!found || !ok || !found.active) {
      this.throttle.fail(email, address);
      throw invalid();
    }
    this.throttle.succeed(email, address);
    return this.db.runAs(found.firm_id, found.id, meta, async (scope) => {
      const refreshToken = await this.issueRefresh(this.db.em, scope, randomUUID());
      await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'login' });
      return { accessToken: await this.sign(scope), refreshToken, user: sessionUser(scope) };
    });
  }

  async refresh(token: string, meta: RequestMeta): Promise<LoginResponse> {
    const parsed = parseRefresh(token);
    if (!parsed) throw invalidRefresh();
    const { firmId, id, secret } = parsed;
    const outcome = await this.db.runUnscoped(
      meta,
      async (em) => {
        const row = await em.getRepository(RefreshToken).findOneBy({ firmId, id });
        if (!row || !safeEqual(row.tokenHash, sha256(secret))) return { error: true as const };
        if (row.usedAt || row.revokedAt) {
          // reuse of a spent token: end every session of this family, and commit that
          await em.query('update refresh_tokens set revoked_at = now() where firm_id = $1 and family_id = $2 and revoked_at is null', [
            firmId,
            row.familyId,
          ]);
          return { error: true as const };
        }
        if (row.expiresAt.getTime() <= Date.now()) return { error: true as const };
        const used = await em.query('update refresh_tokens set used_at = now() where firm_id = $1 and id = $2 and used_at is null returning id', [
          firmId,
          id,
        ]);
        // a concurrent refresh got there first
        if (used.length === 0 || (Array.isArray(used[0]) && used[0].length === 0)) return { error: true as const };
        const scope = await this.db.enterAs(firmId, row.userId);
        if (!scope) return { error: true as const };
        const refreshToken = await this.issueRefresh(em, scope, row.familyId);
        return { error: false as const, value: { accessToken: await this.sign(scope), refreshToken, user: sessionUser(scope) } };
      },
      firmId,
    );
    if (outcome.error) throw invalidRefresh();
    return outcome.value;
  }

  /** Ends the session family of the given refresh token (if it is the caller's). */
  async logout(token: string | undefined): Promise<void> {
    const scope = this.db.scope;
    const parsed = token ? parseRefresh(token) : null;
    if (parsed && parsed.firmId === scope.firmId) {
      const row = await this.db.repo(RefreshToken).findOneBy({ firmId: scope.firmId, id: parsed.id });
      if (row && row.userId === scope.userId && safeEqual(row.tokenHash, sha256(parsed.secret))) {
        await this.db.em.query(
          'update refresh_tokens set revoked_at = now() where firm_id = $1 and family_id = $2 and revoked_at is null',
          [scope.firmId, row.familyId],
        );
      }
    }
    await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'logout' });
  }

  me(): SessionUser {
    return sessionUser(this.db.scope);
  }

  private sign(scope: RequestScope): Promise<string> {
    return this.jwt.signAsync(
      { sub: scope.userId, fid: scope.firmId, typ: 'access' },
      { algorithm: JWT_ALGORITHM, expiresIn: this.config.accessTokenTtlSeconds, issuer: JWT_ISSUER, secret: this.config.jwtSecret },
    );
  }

  private async issueRefresh(em: EntityManager, scope: RequestScope, familyId: string): Promise<string> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await em.getRepository(RefreshToken).insert({
      firmId: scope.firmId,
      id,
      userId: scope.userId,
      familyId,
      tokenHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return `${scope.firmId}.${id}.${secret}`;
  }
}

function parseRefresh(token: string): { firmId: string; id: string; secret: string } | null {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || !isUuid(parts[0]) || !isUuid(parts[1]) || !parts[2]) return null;
  return { firmId: parts[0], id: parts[1], secret: parts[2] };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
