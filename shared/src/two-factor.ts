/**
 * Who must sign in with two factors (issue 20): every operator (the SaaS provider's staff), and the firm's staff —
 * managers and consultants — when the firm requires it (firm settings, `mfaRequired`). Client admins may turn it on for
 * themselves; a firm's requirement does not reach them. The server's sign-in and the admin's screens both ask this.
 */
export const MFA_STAFF_ROLES: readonly string[] = ['manager', 'consultant'];

export function mfaRequiredFor(role: string, firmRequiresMfa: boolean): boolean {
  if (role === 'operator') return true;
  return firmRequiresMfa && MFA_STAFF_ROLES.includes(role);
}

/** What two-factor sign-in answers besides a session: the codes shown once, after an enable. */
export interface MfaStatus {
  enabled: boolean;
  /** required of this user (operator, or staff of a firm that requires it): cannot be turned off */
  required: boolean;
  /** unused recovery codes left */
  recoveryCodesLeft: number;
}

export interface MfaSetup {
  /** base32, for typing into an authenticator app by hand */
  secret: string;
  otpauthUrl: string;
  /** the otpauth address as a QR code (PNG data URL) */
  qr: string;
}
