import { mfaRequiredFor, type Role } from '@incident-desk/shared';

/** The account sign-in asks about: its role, and whether its firm requires two-factor sign-in of all staff. */
export interface MfaSubject {
  role: Role;
  /** the firm's setting (firm settings `mfaRequired`) */
  firmRequiresMfa?: boolean;
}

/**
 * Whether this account must sign in with a second factor (issue 20): the one place the server decides it (h20-ops
 * named it; /work/notes/h20-ops-to-mfa.md). True for every operator (`role === 'operator'`, the SaaS provider's
 * staff: the role h20-ops adds) and for managers and consultants of a firm that requires it — the shared rule
 * `mfaRequiredFor` (shared/src/two-factor.ts), which the admin reads too. Sign-in (MfaService.signInGate) answers
 * `mfa_required`, or `mfa_setup_required` for such an account without two-factor yet; disable refuses it.
 */
export function isMfaRequired(account: MfaSubject): boolean {
  return mfaRequiredFor(account.role, account.firmRequiresMfa ?? false);
}
