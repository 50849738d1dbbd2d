import type { LoginResponse, MfaSetup, SessionUser } from '@incident-desk/shared';
import { rememberProfileLocale } from './i18n/locale';

/**
 * Tokens and the signed-in user, kept in localStorage under keys of our own
 * (react-admin's store is reset on logout, these are cleared explicitly).
 */
const KEYS = {
  accessToken: 'incidentDesk.accessToken',
  refreshToken: 'incidentDesk.refreshToken',
  user: 'incidentDesk.user',
} as const;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const read = (key: string): string | null => {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
};

export const getAccessToken = () => read(KEYS.accessToken);
/** Signed in on this device (tokens kept): the app itself loads rather than the sign-in page. */
export const hasSession = () => !!(read(KEYS.accessToken) || read(KEYS.refreshToken));
export const getRefreshToken = () => read(KEYS.refreshToken);

let parsed: { raw: string; user: SessionUser | null } | null = null;

/** The signed-in user as stored at sign-in (parsed once per stored value: pages read it on every render). */
export const getStoredUser = (): SessionUser | null => {
  const raw = read(KEYS.user);
  if (!raw) return null;
  if (parsed?.raw !== raw) {
    let user: SessionUser | null = null;
    try {
      user = JSON.parse(raw) as SessionUser;
    } catch {
      user = null;
    }
    parsed = { raw, user };
  }
  return parsed.user;
};

export const storeSession = (session: LoginResponse) => {
  window.localStorage.setItem(KEYS.accessToken, session.accessToken);
  window.localStorage.setItem(KEYS.refreshToken, session.refreshToken);
  if (session.user) window.localStorage.setItem(KEYS.user, JSON.stringify(session.user));
};

export const clearSession = () => {
  Object.values(KEYS).forEach(key => window.localStorage.removeItem(key));
};

/** The firm's IANA time zone: every date and time of the UI is shown in it. */
export const getFirmTimeZone = (): string => getStoredUser()?.timeZone || DEFAULT_TIME_ZONE;

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for a new pair (rotation). Concurrent callers share one request,
 * since the server revokes the whole family when a refresh token is used twice.
 */
export const refreshSession = (): Promise<boolean> => {
  if (refreshing) return refreshing;
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing = fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async response => {
      if (!response.ok) {
        clearSession();
        return false;
      }
      storeSession((await response.json()) as LoginResponse);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
};

export const storeUser = (user: SessionUser) => {
  window.localStorage.setItem(KEYS.user, JSON.stringify(user));
};

/** A refused sign-in: `key` is an `app.login.*` message key, `firms` the firms to choose from (`firm_required`). */
export class SignInError extends Error {
  constructor(
    key: string,
    readonly firms?: string,
    /** mfa_setup_required: the secret to add to an authenticator app (text and QR code) */
    readonly mfaSetup?: MfaSetup,
  ) {
    super(key);
  }
}

/** Recovery codes handed out by a sign-in that set two-factor up: shown once by the app (RecoveryCodesDialog). */
const RECOVERY_CODES = 'incident-desk.recovery-codes';
export const keepRecoveryCodes = (codes: string[]) => sessionStorage.setItem(RECOVERY_CODES, JSON.stringify(codes));
export const hasRecoveryCodes = () => sessionStorage.getItem(RECOVERY_CODES) !== null;
export function takeRecoveryCodes(): string[] | null {
  const raw = sessionStorage.getItem(RECOVERY_CODES);
  sessionStorage.removeItem(RECOVERY_CODES);
  try {
    const codes = raw ? (JSON.parse(raw) as unknown) : null;
    return Array.isArray(codes) ? codes.map(String) : null;
  } catch {
    return null;
  }
}

/** What the sign-in form sends: `firm` (a firm's code) only once the server has asked for it. */
export interface Credentials {
  email: string;
  password: string;
  firm?: string;
  /** two-factor sign-in: the authenticator app's code, or a recovery code */
  code?: string;
}

/**
 * POST /api/auth/login and keeps the session. Fails with a SignInError: `app.login.bad_credentials`,
 * `app.login.throttled`, `app.login.http_error`, or `app.login.firm_required` with the firms to choose from (the
 * address signs in to several firms and the password fits more than one: the server answers 409 naming them).
 * (react-admin's authProvider.login and the sign-in page shown before the app has loaded both sign in here.)
 */
export async function signIn({ email, password, firm, code }: Credentials): Promise<SessionUser> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email: email.trim(), password, ...(firm?.trim() ? { firm: firm.trim() } : {}), ...(code?.trim() ? { code: code.trim() } : {}) }),
    });
  } catch {
    throw new SignInError('app.login.http_error');
  }
  if (response.status === 401) {
    // two-factor sign-in: a code is wanted, was wrong, or the account must set it up first
    const body = (await response.json().catch(() => null)) as { code?: string; mfaSetup?: MfaSetup } | null;
    if (body?.code === 'mfa_required') throw new SignInError('app.login.mfa_required');
    if (body?.code === 'invalid_mfa_code') throw new SignInError('app.login.invalid_mfa_code');
    if (body?.code === 'mfa_setup_required' && body.mfaSetup) throw new SignInError('app.login.mfa_setup_required', undefined, body.mfaSetup);
    throw new SignInError('app.login.bad_credentials');
  }
  if (response.status === 400) throw new SignInError('app.login.bad_credentials');
  if (response.status === 429) throw new SignInError('app.login.throttled');
  if (response.status === 409) {
    const body = (await response.json().catch(() => null)) as { code?: string; firms?: { slug: string; name: string }[] } | null;
    if (body?.code === 'firm_required' && Array.isArray(body.firms)) {
      throw new SignInError('app.login.firm_required', body.firms.map((f) => `${f.name} (${f.slug})`).join(', '));
    }
  }
  if (!response.ok) throw new SignInError('app.login.http_error');
  const session = (await response.json()) as LoginResponse;
  storeSession(session);
  if (session.recoveryCodes?.length) keepRecoveryCodes(session.recoveryCodes);
  rememberProfileLocale(session.user.locale);
  return session.user;
}
