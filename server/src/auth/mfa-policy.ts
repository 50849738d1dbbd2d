import type { Role } from '@incident-desk/shared';

/** The account sign-in asks about: its role, and whether its firm requires two-factor sign-in of all staff. */
export interface MfaSubject {
  role: Role;
  /** the firm's setting (issue 20, firm settings); absent until that setting exists */
  firmRequiresMfa?: boolean;
}

/**
 * Whether this account must sign in with a second factor (issue 20): the one place that decides it. Two-factor sign-in
 * (TOTP) is built by h20-mfa; until it lands nothing can be asked for, so this answers false for everyone. Their
 * change: `true` for `role === 'operator'` (operators must use it) and for staff of a firm that requires it
 * (`firmRequiresMfa && role !== 'client_admin'`), then sign-in answers `mfa_required` for such an account without a
 * code. The note /work/notes/h20-ops-to-mfa.md says so.
 */
export function isMfaRequired(account: MfaSubject): boolean {
  void account;
  return false;
}
