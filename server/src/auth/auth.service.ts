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
import { LOGIN_THROTTLE, type LoginThrottle } from './login-throttle';
import { SessionsService } from './sessions.service';
import { MfaService, type SignInGate } from './mfa.service';
import { canonicalEmail } from '../users/email';
import { dummyPasswordHash, verifyPassword } from './password';
import { RefreshToken } from './refresh-token.entity';
import { LOGIN_ACCOUNT, LOGIN_DIRECTORY, USE_REFRESH_TOKEN } from './auth.queries';
import { LOGO_META } from '../firms/firm-settings.queries';

const invalid = () => new AppError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'invalid email or password');
const invalidRefresh = () => new AppError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'invalid refresh token');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A row of auth_login_directory(): one account of an address, with its firm (migration 1765800000000). */
interface Listed {
  firm_id: string;
  id: string;
  firm_slug: string;
  firm_name: string;
}
/** The account, read by its firm (auth_login_account()). */
/** password_hash null: invited, no password yet */
type Account = Listed & { password_hash: string | null; active: boolean };

/** The signed-in user as the API shows them; `firmLogo` is read in the caller's transaction, scope entered (LOGO_META). */
export async function sessionUser(s: RequestScope, query: (sql: string, params: unknown[]) => Promise<{ sha256: string }[]>): Promise<SessionUser> {
  const [logo] = await query(LOGO_META, [s.firmId]);
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
    firmLogo: logo?.sha256 ?? null,
  };
}

/**
 * Sign-in, refresh and sign-out. A sign-in starts a session (SessionsService); its access tokens carry the session's id
 * and its refresh tokens are its family. Refresh tokens are `firmId.tokenId.secret`; only the secret's SHA-256 is
 * stored. Each refresh uses up its token and issues the next one of the same family; presenting a used token again
 * means it was stolen, so the session ends (its tokens with it, its access tokens on their next request).
 *
 * An address may hold accounts in several firms: sign-in tries the password against each (or against a dummy hash when
 * there is none, so that the time taken does not tell whether the address exists), signs in to the one it fits, and
 * when it fits several answers 409 `firm_required` with their firms — which only someone who knows the password sees —
 * for the client to ask again with `firm`.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDb,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    @Inject(LOGIN_THROTTLE) readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, firm: string | undefined, meta: RequestMeta, code?: string): Promise<LoginResponse> {
    const address = meta.ip ?? 'unknown';
    const account = canonicalEmail(email);
    const wait = await this.throttle.take(account, address);
    if (wait > 0) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_attempts', 'too many failed sign-ins; try again later', undefined, {
        retryAfterSeconds: wait,
      });
    }
    // the firms of the address from the login directory (a reference table under Citus), then each account by its
    // firm: sign-in reads one firm's users per account, never every firm's by e-mail
    const slug = firm?.trim().toLowerCase();
    const candidates: Account[] = await this.db.runUnscoped(meta, async (em) => {
      const listed: Listed[] = await em.query(LOGIN_DIRECTORY, [account]);
      const out: Account[] = [];
      for (const l of listed) {
        if (slug !== undefined && l.firm_slug !== slug) continue;
        const [a]: { password_hash: string | null; active: boolean }[] = await em.query(LOGIN_ACCOUNT, [l.firm_id, l.id, account]);
        if (a) out.push({ ...l, ...a });
      }
      return out;
    });
    let matches: Account[] = [];
    if (candidates.length === 0) await verifyPassword(password, await dummyPasswordHash(this.config.scryptLog2N));
    else {
      // an invited person has no password yet: the dummy hash's work, and no match. The dummy hash is made once per
      // process, when first wanted: asked for on every sign-in, the first one after a start paid a second scrypt
      const fits = await Promise.all(
        candidates.map(async (a) => {
          if (a.password_hash !== null) return verifyPassword(password, a.password_hash);
          await verifyPassword(password, await dummyPasswordHash(this.config.scryptLog2N));
          return false;
        }),
      );
      matches = candidates.filter((a, i) => fits[i] && a.active);
    }
    if (matches.length === 0) throw invalid();
    if (matches.length > 1) {
      // the password fitted: not a guess, but the account's earlier failures (wrong codes among them) keep counting
      await this.throttle.notCounted(account, address);
      throw new AppError(HttpStatus.CONFLICT, 'firm_required', 'this address signs in to several firms: choose one', undefined, {
        firms: matches.map((a) => ({ slug: a.firm_slug, name: a.firm_name })),
      });
    }
    const { firm_id: firmId, id: userId } = matches[0];
    // the second factor, in the transaction that starts the session: a code is used up only by a sign-in that happens
    const outcome = await this.db.runUnscoped(
      meta,
      async (em): Promise<{ gate: Exclude<SignInGate, { kind: 'ok' }> } | { gate: null; value: LoginResponse }> => {
        // the user's own scope (no session yet) to read their second factor, client admins included
        if (!(await this.db.enterAs(firmId, userId))) throw invalid();
        const gate = await this.mfa.signInGate(firmId, userId, account, code);
        if (gate.kind !== 'ok') return { gate };
        const sessionId = await this.sessions.start(em, firmId, userId, meta);
        const scope = await this.db.enterAs(firmId, userId, sessionId);
        if (!scope) throw invalid();
        const refreshToken = await this.issueRefresh(em, scope, sessionId);
        if (gate.recoveryCodes) await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'mfa_enable' });
        await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'login' });
        const value: LoginResponse = { accessToken: await this.sign(scope, sessionId), refreshToken, user: await sessionUser(scope, (q, p) => em.query(q, p)) };
        return { gate: null, value: gate.recoveryCodes ? { ...value, recoveryCodes: gate.recoveryCodes } : value };
      },
      firmId,
    );
    if (outcome.gate === null) {
      await this.throttle.succeeded(account, address);
      return outcome.value;
    }
    const { gate } = outcome;
    // a wrong code is a failed try and stays counted; a sign-in that only lacks its code is not a guess
    if (gate.kind === 'invalid_code') throw new AppError(HttpStatus.UNAUTHORIZED, 'invalid_mfa_code', 'the two-factor code is wrong or was used already');
    await this.throttle.notCounted(account, address);
    if (gate.kind === 'code_required') {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'mfa_required', 'two-factor sign-in: give the code of your authenticator app (or a recovery code) as `code`');
    }
    throw new AppError(HttpStatus.UNAUTHORIZED, 'mfa_setup_required', 'your account must sign in with two factors: add this secret to an authenticator app and sign in again with its code', undefined, {
      mfaSetup: gate.setup,
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
          // reuse of a spent token: end its session, and commit that
          await this.sessions.end(firmId, row.familyId, 'refresh_reuse', em);
          return { error: true as const };
        }
        if (row.expiresAt.getTime() <= Date.now()) return { error: true as const };
        const used = await em.query(USE_REFRESH_TOKEN, [
          firmId,
          id,
        ]);
        // a concurrent refresh got there first
        if (used.length === 0 || (Array.isArray(used[0]) && used[0].length === 0)) return { error: true as const };
        // the session (the token's family) must be live, and the user active
        const scope = await this.db.enterAs(firmId, row.userId, row.familyId);
        if (!scope) return { error: true as const };
        await this.sessions.touch(em, firmId, row.familyId, meta);
        const refreshToken = await this.issueRefresh(em, scope, row.familyId);
        return {
          error: false as const,
          value: { accessToken: await this.sign(scope, row.familyId), refreshToken, user: await sessionUser(scope, (q, p) => em.query(q, p)) },
        };
      },
      firmId,
    );
    if (outcome.error) throw invalidRefresh();
    return outcome.value;
  }

  /**
   * Ends the caller's session (the access token's): its refresh tokens are revoked and its access tokens refused from
   * the next request on. A refresh token of another of the caller's sessions, when given, ends that one too.
   */
  async logout(sessionId: string, token: string | undefined): Promise<void> {
    const scope = this.db.scope;
    await this.sessions.end(scope.firmId, sessionId, 'logout');
    const parsed = token ? parseRefresh(token) : null;
    if (parsed && parsed.firmId === scope.firmId) {
      const row = await this.db.repo(RefreshToken).findOneBy({ firmId: scope.firmId, id: parsed.id });
      if (row && row.userId === scope.userId && row.familyId !== sessionId && safeEqual(row.tokenHash, sha256(parsed.secret))) {
        await this.sessions.end(scope.firmId, row.familyId, 'logout');
      }
    }
    await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'logout' });
  }

  me(): Promise<SessionUser> {
    return sessionUser(this.db.scope, (q, p) => this.db.rows(q, p));
  }

  private sign(scope: RequestScope, sessionId: string): Promise<string> {
    return this.jwt.signAsync(
      { sub: scope.userId, fid: scope.firmId, sid: sessionId, typ: 'access' },
      { algorithm: JWT_ALGORITHM, expiresIn: this.config.accessTokenTtlSeconds, issuer: JWT_ISSUER, secret: this.config.jwtSecret },
    );
  }

  private async issueRefresh(em: EntityManager, scope: RequestScope, sessionId: string): Promise<string> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await em.getRepository(RefreshToken).insert({
      firmId: scope.firmId,
      id,
      userId: scope.userId,
      familyId: sessionId,
      tokenHash: sha256(secret),
      expiresAt: this.sessions.refreshExpiry(),
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

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
