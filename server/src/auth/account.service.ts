import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ACCOUNT_LINK_PATH, ACCOUNT_LINK_TTL_SECONDS, accountMail, PASSWORD_PROBLEM_MESSAGES, passwordProblem,
  type AccountMailKind, type Locale, type SessionRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AppError, badInput, conflict, fieldError, notFound } from '../common/errors';
import { isUuid } from '../common/list-query';
import { JobQueue, JobRunner } from '../jobs/job-queue';
import { NotificationsService } from '../notifications/notifications.service';
import { FORGOT_PASSWORD_QUEUE } from '../notifications/queues';
import type { RequestMeta } from '../tenancy/scope';
import { TenantDb } from '../tenancy/tenant-db.service';
import { canonicalEmail } from '../users/email';
import type { AccountTokenPurpose } from './account-token.entity';
import { safeEqual, sha256 } from './auth.service';
import { hashPassword, verifyPassword } from './password';
import {
  ACCOUNT_LOOKUP, FIRM_NAME, INSERT_TOKEN, LOCK_OWN_SESSION, LOCK_TOKEN, OWN_SESSIONS, PASSWORD_HASH_FOR_UPDATE, PENDING_INVITEE, RECENT_RESET, RESET_TARGET, REVOKE_INVITATIONS, REVOKE_LINKS_OF, REVOKE_PURPOSE_OF, REVOKE_RESETS_OF, SET_PASSWORD, USE_TOKEN,
} from './account.queries';
import { SessionsService } from './sessions.service';

/** A link's token: `firm.id.secret` (the firm first, so that the public routes enter its scope before reading it). */
function parseToken(token: string): { firmId: string; id: string; secret: string } | null {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || !isUuid(parts[0]) || !isUuid(parts[1]) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2])) return null;
  return { firmId: parts[0], id: parts[1], secret: parts[2] };
}

const invalidToken = () =>
  new AppError(HttpStatus.BAD_REQUEST, 'validation_failed', 'token: is invalid, used, revoked or expired', [
    { field: 'token', message: 'is invalid, used, revoked or expired' },
  ]);

/** The password rule of shared/ (passwords.ts) as a 400 naming the field. */
export function checkPassword(password: string, email: string | null, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw badInput([{ field, message: PASSWORD_PROBLEM_MESSAGES[problem] }]);
}

/**
 * A one-time link for a person (the account-link mechanism: invitations and resets here, and the operator's first
 * link from the command line, cli/operator-create.ts): earlier live links of the same purpose stop working; only the
 * secret's SHA-256 is stored. Runs in the person's firm's scope, through `query`. The token: `firm.id.secret`.
 */
export async function issueAccountLink(
  query: (text: string, values: unknown[]) => Promise<unknown>,
  person: { firmId: string; id: string },
  purpose: AccountTokenPurpose,
  createdBy: string | null,
): Promise<string> {
  await query(REVOKE_PURPOSE_OF, [person.firmId, person.id, purpose]);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await query(INSERT_TOKEN, [person.firmId, id, person.id, purpose, sha256(secret), ACCOUNT_LINK_TTL_SECONDS[purpose], createdBy]);
  return `${person.firmId}.${id}.${secret}`;
}

/** A forgot-password job: the accounts of the address that may get a link (ids only; none for an unknown address). */
interface ForgotJob {
  accounts: { firmId: string; userId: string }[];
}

/** A person as an e-mail about their account needs them. */
interface Person {
  firmId: string;
  id: string;
  email: string;
  name: string;
  locale: Locale;
  clientId: string | null;
}

/** At most one reset e-mail per account in this many seconds, however often someone asks. */
const RESET_MAIL_INTERVAL_SECONDS = 60;

/**
 * A person's account (issue 20): invitations (a manager invites, the person sets their own password from a one-time
 * link, 72 h; resend, revoke), password resets (forgot-password mails a one-time link, 30 min; the reset ends every
 * session), changing one's own password, and one's own sessions. E-mails go through the notification engine's outbox
 * (NotificationsService.sendEmail): written in the change's transaction, sent by a job after it commits.
 *
 * Forgot-password answers the same, in the same time class, for every address: the request looks the address up
 * (one index lookup through a definer function, found or not) and enqueues one job holding the ids it found (maybe
 * none); the job mails the links. Nothing the request does depends on what it found.
 */
@Injectable()
export class AccountService implements OnModuleInit {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly runner: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.runner.register({ queue: FORGOT_PASSWORD_QUEUE, handle: (job) => this.mailResets(job.data as ForgotJob) });
  }

  // ---- invitations (a manager's request)

  /**
   * Invites a user just created in this request: a one-time link by e-mail. Whether an e-mail was queued. The inviter
   * the e-mail names: the caller, unless given (a firm's first manager is invited by the platform).
   */
  async invite(person: Person, inviter: string = this.db.scope.name): Promise<boolean> {
    const token = await this.issue(person, 'invite');
    return this.mail('account_invite', person, token, inviter);
  }

  async resendInvitation(id: string): Promise<{ emailSent: boolean; expiresAt: string }> {
    this.access.require('users', 'create');
    const person = await this.pendingInvitee(id);
    const token = await this.issue(person, 'invite');
    const emailSent = await this.mail('account_invite', person, token, this.db.scope.name);
    await this.audit.record({ entity: 'users', entityId: id, clientId: person.clientId, action: 'invitation_resent' });
    return { emailSent, expiresAt: new Date(Date.now() + ACCOUNT_LINK_TTL_SECONDS.invite * 1000).toISOString() };
  }

  async revokeInvitation(id: string): Promise<{ revoked: number }> {
    this.access.require('users', 'create');
    const person = await this.pendingInvitee(id);
    const revoked = await this.db.rows(
      REVOKE_INVITATIONS,
      [person.firmId, id],
    );
    await this.audit.record({ entity: 'users', entityId: id, clientId: person.clientId, action: 'invitation_revoked' });
    return { revoked: revoked.length };
  }

  /** The user, locked, whose invitation is still pending (409 once they have set a password). */
  private async pendingInvitee(id: string): Promise<Person> {
    if (!isUuid(id)) throw notFound('user');
    const scope = this.db.scope;
    const [u] = await this.db.rows<Person & { pending: boolean }>(
      PENDING_INVITEE,
      [scope.firmId, id],
    );
    if (!u) throw notFound('user');
    if (!u.pending) throw conflict('this user has accepted their invitation already', { invitationPending: false });
    return u;
  }

  // ---- the links (public routes)

  /** Sets the invited person's first password from their link. */
  acceptInvite(token: string, password: string, meta: RequestMeta): Promise<{ ok: true; email: string }> {
    return this.useLink('invite', token, password, meta);
  }

  /** Sets a new password from a reset link, and ends every session of the user. */
  resetPassword(token: string, password: string, meta: RequestMeta): Promise<{ ok: true; email: string }> {
    return this.useLink('reset', token, password, meta);
  }

  private async useLink(purpose: AccountTokenPurpose, token: string, password: string, meta: RequestMeta): Promise<{ ok: true; email: string }> {
    const parsed = parseToken(token);
    if (!parsed) throw invalidToken();
    const { firmId, id, secret } = parsed;
    return this.db.runUnscoped(
      meta,
      async () => {
        // the token locked: of two uses at once, one sets the password, the other finds it used
        const [t] = await this.db.rows<{ userId: string; tokenHash: string; purpose: string; live: boolean }>(
          LOCK_TOKEN,
          [firmId, id],
        );
        if (!t || t.purpose !== purpose || !t.live || !safeEqual(t.tokenHash, sha256(secret))) throw invalidToken();
        // the user's own scope (their row is visible, client admins' included); a deactivated user enters none
        const scope = await this.db.enterAs(firmId, t.userId);
        if (!scope) throw invalidToken();
        checkPassword(password, scope.email);
        const hash = await hashPassword(password, this.config.scryptLog2N);
        await this.db.rows(SET_PASSWORD, [
          firmId,
          t.userId,
          hash,
        ]);
        await this.db.rows(USE_TOKEN, [firmId, id]);
        // every other link of the user stops working, and every session ends
        await this.db.rows(
          REVOKE_LINKS_OF,
          [firmId, t.userId],
        );
        await this.sessions.endAllOf(firmId, t.userId, 'password_changed');
        await this.audit.record({
          entity: 'users',
          entityId: t.userId,
          clientId: scope.clientId,
          action: purpose === 'invite' ? 'invitation_accepted' : 'password_reset',
        });
        return { ok: true as const, email: scope.email };
      },
      firmId,
    );
  }

  /** Forgot-password: one lookup and one job, whatever the address (see the class). */
  async forgotPassword(email: string, meta: RequestMeta): Promise<void> {
    const address = canonicalEmail(email);
    await this.db.runUnscoped(meta, async () => {
      const rows = await this.db.rows<{ firmId: string; userId: string }>(
        ACCOUNT_LOOKUP,
        [address],
      );
      await this.jobs.send(FORGOT_PASSWORD_QUEUE, { accounts: rows } satisfies ForgotJob, { retryLimit: 2, expireInSeconds: 60 });
    });
  }

  /** The forgot-password job: a reset link to each account, each in its own firm's transaction. */
  async mailResets(job: ForgotJob): Promise<void> {
    for (const a of job?.accounts ?? []) {
      await this.db.runUnscoped(
        { requestId: `job:forgot-password:${a.userId}`, ip: null },
        async () => {
          const scope = await this.db.enterAs(a.firmId, a.userId);
          if (!scope) return;
          const [recent] = await this.db.rows(
            RECENT_RESET,
            [a.firmId, a.userId, RESET_MAIL_INTERVAL_SECONDS],
          );
          if (recent) return;
          const person: Person = { firmId: a.firmId, id: a.userId, email: scope.email, name: scope.name, locale: scope.locale as Locale, clientId: scope.clientId };
          const token = await this.issue(person, 'reset');
          await this.mail('account_reset', person, token, null);
          await this.audit.record({ entity: 'users', entityId: a.userId, clientId: scope.clientId, action: 'password_reset_requested' });
        },
        a.firmId,
      );
    }
  }

  /** A manager sends a user a reset link (instead of typing a password for them). */
  async sendResetLink(id: string): Promise<{ emailSent: boolean }> {
    this.access.require('users', 'reset_password');
    if (!isUuid(id)) throw notFound('user');
    const scope = this.db.scope;
    const [u] = await this.db.rows<Person & { pending: boolean; active: boolean }>(
      RESET_TARGET,
      [scope.firmId, id],
    );
    if (!u) throw notFound('user');
    if (u.pending) throw conflict('this user has not accepted their invitation: resend it instead', { invitationPending: true });
    if (!u.active) throw conflict('this user is deactivated', { active: false });
    const token = await this.issue(u, 'reset');
    const emailSent = await this.mail('account_reset', u, token, null);
    await this.audit.record({ entity: 'users', entityId: id, clientId: u.clientId, action: 'password_reset_requested' });
    return { emailSent };
  }

  // ---- the caller's own account

  /** Changes the caller's password, knowing the current one; their other sessions end, this one goes on. */
  async changePassword(current: string, next: string, sessionId: string | undefined): Promise<{ ok: true }> {
    const scope = this.db.scope;
    const [u] = await this.db.rows<{ hash: string | null }>(
      PASSWORD_HASH_FOR_UPDATE,
      [scope.firmId, scope.userId],
    );
    if (!u?.hash || !(await verifyPassword(current, u.hash))) throw fieldError('currentPassword', 'is not your current password');
    checkPassword(next, scope.email, 'newPassword');
    if (await verifyPassword(next, u.hash)) throw fieldError('newPassword', 'must differ from the current password');
    await this.db.rows(SET_PASSWORD, [
      scope.firmId,
      scope.userId,
      await hashPassword(next, this.config.scryptLog2N),
    ]);
    await this.sessions.endAllOf(scope.firmId, scope.userId, 'password_changed', this.db.em, sessionId);
    await this.db.rows(
      REVOKE_RESETS_OF,
      [scope.firmId, scope.userId],
    );
    await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'password_changed' });
    return { ok: true };
  }

  /** The caller's live sessions, the most recently used first. */
  async listSessions(current: string | undefined): Promise<SessionRecord[]> {
    const scope = this.access.require('sessions', 'list');
    const rows = await this.db.rows<{ id: string; device: string | null; ip: string | null; createdAt: Date; lastUsedAt: Date; expiresAt: Date }>(
      OWN_SESSIONS,
      [scope.firmId, scope.userId],
    );
    return rows.map((r) => ({
      id: r.id,
      device: r.device,
      ip: r.ip,
      createdAt: new Date(r.createdAt).toISOString(),
      lastUsedAt: new Date(r.lastUsedAt).toISOString(),
      expiresAt: new Date(r.expiresAt).toISOString(),
      current: r.id === current,
    }));
  }

  /** Ends one of the caller's own sessions (another's, or one already ended: 404). */
  async endSession(id: string): Promise<void> {
    const scope = this.access.require('sessions', 'delete');
    if (!isUuid(id)) throw notFound('session');
    const [s] = await this.db.rows(
      LOCK_OWN_SESSION,
      [scope.firmId, id, scope.userId],
    );
    if (!s) throw notFound('session');
    await this.sessions.end(scope.firmId, id, 'revoked');
    await this.audit.record({ entity: 'users', entityId: scope.userId, clientId: scope.clientId, action: 'session_ended', changes: { sessionId: { before: id, after: null } } });
  }

  // ---- links and their e-mails

  /** A new link for the person (earlier live links of the same purpose stop working); its token. */
  private issue(person: Person, purpose: AccountTokenPurpose): Promise<string> {
    const scope = this.db.scope;
    return issueAccountLink((text, values) => this.db.rows(text, values), person, purpose, scope.userId === person.id ? null : scope.userId);
  }

  private async mail(kind: AccountMailKind, person: Person, token: string, inviter: string | null): Promise<boolean> {
    const [firm] = await this.db.rows<{ name: string }>(FIRM_NAME, [person.firmId]);
    const link = `${this.config.publicUrl}${ACCOUNT_LINK_PATH[kind]}?token=${encodeURIComponent(token)}`;
    const content = accountMail(kind, person.locale, { name: person.name, firm: firm?.name ?? '', inviter, link });
    return this.notifications.sendEmail({ firmId: person.firmId, kind, userId: person.id, to: person.email, locale: person.locale, content });
  }
}
