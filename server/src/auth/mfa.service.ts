import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as QRCode from 'qrcode';
import type { MfaSetup, MfaStatus, Role } from '@incident-desk/shared';
import { AuditService } from '../audit/audit.service';
import { AppError, fieldError, type ErrorCode } from '../common/errors';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TenantDb } from '../tenancy/tenant-db.service';
import { LOGIN_THROTTLE, type LoginThrottle } from './login-throttle';
import { isMfaRequired } from './mfa-policy';
import * as Q from './mfa.queries';
import {
  base32Encode, decryptSecret, encryptSecret, matchTotp, mfaKeyOf, newRecoveryCodes, newTotpSecret, normalRecoveryCode, otpauthUrl, recoveryCodeHash,
} from './totp';

/** The clock two-factor codes are checked against (milliseconds since the epoch): tests give a fixed one. */
export const MFA_CLOCK = Symbol('MFA_CLOCK');
export type MfaClock = () => number;

interface MfaState {
  role: Role;
  firmRequires: boolean;
  secretEnc: string | null;
  enabledAt: Date | null;
  lastStep: string | null;
}

/** What a sign-in whose password fitted still needs: nothing, a code, a setup (a firm that requires it), or it failed. */
export type SignInGate =
  | { kind: 'ok'; recoveryCodes?: string[] }
  | { kind: 'code_required' }
  | { kind: 'setup_required'; setup: MfaSetup }
  | { kind: 'invalid_code' };

const conflict = (code: ErrorCode, message: string) => new AppError(HttpStatus.CONFLICT, code, message);

/**
 * Two-factor sign-in (TOTP, RFC 6238; totp.ts). A user sets up a secret (shown once as text and QR code), enables it with
 * a first code and gets ten recovery codes, shown once; from then on sign-in needs a code: a TOTP within one step of
 * the server's clock, of a step later than the last one accepted, or an unused recovery code. The secret is stored
 * encrypted (AES-256-GCM, bound to the account) and never shown again once enabled; recovery codes are stored as keyed
 * hashes. Every use is one conditional UPDATE, so of parallel requests with one code exactly one wins.
 *
 * Required (isMfaRequired, mfa-policy.ts) of operators, and of managers and consultants of a firm that
 * requires it: such a user without two-factor is answered `mfa_setup_required` at sign-in with a secret to set up, and
 * signs in by giving their password again with its first code (which enables it and returns the recovery codes).
 */
@Injectable()
export class MfaService {
  private readonly key: Buffer;

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MFA_CLOCK) private readonly clock: MfaClock,
    @Inject(LOGIN_THROTTLE) private readonly throttle: LoginThrottle,
  ) {
    this.key = mfaKeyOf(config);
  }

  async status(): Promise<MfaStatus> {
    const s = this.db.scope;
    const [row] = await this.db.rows<{ role: string; firmRequires: boolean; enabledAt: Date | null; codesLeft: number }>(Q.MFA_STATUS, [s.firmId, s.userId]);
    return { enabled: !!row?.enabledAt, required: isMfaRequired({ role: s.role, firmRequiresMfa: !!row?.firmRequires }), recoveryCodesLeft: row?.enabledAt ? row.codesLeft : 0 };
  }

  /** A new secret for the caller (replacing one set up but not enabled); 409 once two-factor is enabled. */
  async setup(): Promise<MfaSetup> {
    const s = this.db.scope;
    const setup = await this.newSetup(s.firmId, s.userId, s.email);
    if (!setup) throw conflict('mfa_already_enabled', 'two-factor sign-in is already enabled; disable it first');
    return setup;
  }

  /** Enables the secret set up with its first code: the recovery codes, shown this once. */
  async enable(code: string, ip: string | null): Promise<{ recoveryCodes: string[] }> {
    const s = this.db.scope;
    return this.counted(s.email, ip, async () => {
      const state = await this.state(s.firmId, s.userId);
      if (state.enabledAt) throw conflict('mfa_already_enabled', 'two-factor sign-in is already enabled');
      if (!state.secretEnc) throw conflict('mfa_not_set_up', 'set two-factor sign-in up first (POST /api/auth/mfa/setup)');
      const recoveryCodes = await this.enableWith(s.firmId, s.userId, state.secretEnc, code);
      if (!recoveryCodes) throw fieldError('code', 'does not match the authenticator app’s current code');
      await this.audit.record({ entity: 'users', entityId: s.userId, clientId: s.clientId, action: 'mfa_enable' });
      return { recoveryCodes };
    });
  }

  /** Turns two-factor sign-in off with a current code (or a recovery code); refused while it is required. */
  async disable(code: string, ip: string | null): Promise<void> {
    const s = this.db.scope;
    await this.counted(s.email, ip, async () => {
      const state = await this.state(s.firmId, s.userId);
      if (!state.enabledAt || !state.secretEnc) throw conflict('mfa_not_enabled', 'two-factor sign-in is not enabled');
      if (isMfaRequired({ role: state.role, firmRequiresMfa: state.firmRequires })) throw conflict('mfa_required', 'two-factor sign-in is required for your account and cannot be turned off');
      if (!(await this.useCode(s.firmId, s.userId, state, code))) throw fieldError('code', 'does not match a current code or an unused recovery code');
      await this.db.rows(Q.MFA_DELETE_CODES, [s.firmId, s.userId]);
      await this.db.rows(Q.MFA_DELETE, [s.firmId, s.userId]);
      await this.audit.record({ entity: 'users', entityId: s.userId, clientId: s.clientId, action: 'mfa_disable' });
    });
  }

  /**
   * The second factor of a sign-in whose password fitted, in the transaction that then starts the session (entered as
   * the user, without a session yet). A gate other than `ok` writes nothing but a setup's pending secret.
   */
  async signInGate(firmId: string, userId: string, email: string, code: string | undefined): Promise<SignInGate> {
    const state = await this.state(firmId, userId);
    if (state.enabledAt && state.secretEnc) {
      if (code === undefined) return { kind: 'code_required' };
      return (await this.useCode(firmId, userId, state, code)) ? { kind: 'ok' } : { kind: 'invalid_code' };
    }
    if (!isMfaRequired({ role: state.role, firmRequiresMfa: state.firmRequires })) return { kind: 'ok' };
    // required but not enabled: the first code of the secret set up at an earlier sign-in enables it
    if (code !== undefined && state.secretEnc) {
      const recoveryCodes = await this.enableWith(firmId, userId, state.secretEnc, code);
      return recoveryCodes ? { kind: 'ok', recoveryCodes } : { kind: 'invalid_code' };
    }
    if (code !== undefined) return { kind: 'invalid_code' };
    // the pending secret again (the person may have scanned it already), or a new one
    const setup = state.secretEnc ? await this.setupOf(email, decryptSecret(this.key, state.secretEnc, `${firmId}/${userId}`)) : await this.newSetup(firmId, userId, email);
    return setup ? { kind: 'setup_required', setup } : { kind: 'invalid_code' };
  }

  private async state(firmId: string, userId: string): Promise<MfaState> {
    const [row] = await this.db.rows<MfaState>(Q.MFA_STATE_FOR_UPDATE, [firmId, userId]);
    if (!row) throw new AppError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'unknown user');
    return row;
  }

  private async newSetup(firmId: string, userId: string, email: string): Promise<MfaSetup | null> {
    const secret = newTotpSecret();
    const rows = await this.db.rows(Q.MFA_SET_UP, [firmId, userId, encryptSecret(this.key, secret, `${firmId}/${userId}`)]);
    return rows.length ? this.setupOf(email, secret) : null;
  }

  private async setupOf(email: string, secret: Buffer): Promise<MfaSetup> {
    const text = base32Encode(secret);
    const url = otpauthUrl(text, email);
    return { secret: text, otpauthUrl: url, qr: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 }) };
  }

  /** The pending secret enabled when the code fits (one winner of parallel enables): its new recovery codes, or null. */
  private async enableWith(firmId: string, userId: string, secretEnc: string, code: string): Promise<string[] | null> {
    const step = matchTotp(decryptSecret(this.key, secretEnc, `${firmId}/${userId}`), code.trim(), this.clock(), null);
    if (step === null) return null;
    const won = await this.db.rows(Q.MFA_ENABLE, [firmId, userId, step]);
    if (!won.length) throw conflict('mfa_already_enabled', 'two-factor sign-in is already enabled');
    const codes = newRecoveryCodes();
    await this.db.rows(Q.MFA_DELETE_CODES, [firmId, userId]);
    await this.db.rows(Q.MFA_INSERT_CODES, [firmId, userId, codes.map(() => randomUUID()), codes.map((c) => recoveryCodeHash(this.key, normalRecoveryCode(c)!))]);
    return codes;
  }

  /** A TOTP of a step not used before, or an unused recovery code: used up now. */
  private async useCode(firmId: string, userId: string, state: MfaState, code: string): Promise<boolean> {
    const given = code.trim();
    if (/^\d{6}$/.test(given)) {
      const last = state.lastStep === null ? null : Number(state.lastStep);
      const step = matchTotp(decryptSecret(this.key, state.secretEnc!, `${firmId}/${userId}`), given, this.clock(), last);
      if (step === null) return false;
      return (await this.db.rows(Q.MFA_USE_STEP, [firmId, userId, step])).length > 0;
    }
    const normal = normalRecoveryCode(given);
    if (!normal) return false;
    return (await this.db.rows(Q.MFA_USE_RECOVERY, [firmId, userId, recoveryCodeHash(this.key, normal)])).length > 0;
  }

  /**
   * A code typed by a signed-in user (enable, disable) is a try of the sign-in throttle too: counted before it is
   * checked, given back when it fits — so a stolen session cannot guess codes faster than a sign-in could.
   */
  private async counted<T>(email: string, ip: string | null, fn: () => Promise<T>): Promise<T> {
    const address = ip ?? 'unknown';
    const wait = await this.throttle.take(email, address);
    if (wait > 0) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_attempts', 'too many failed codes; try again later', undefined, { retryAfterSeconds: wait });
    }
    try {
      const value = await fn();
      await this.throttle.notCounted(email, address);
      return value;
    } catch (e) {
      // only a code that does not fit counts
      if (!(e instanceof AppError && e.code === 'validation_failed')) await this.throttle.notCounted(email, address);
      throw e;
    }
  }
}
