import type { LoginResponse, SessionUser } from '@incident-desk/shared';

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
export const getRefreshToken = () => read(KEYS.refreshToken);

export const getStoredUser = (): SessionUser | null => {
  const raw = read(KEYS.user);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SessionUser;
  } catch {
    return null;
  }
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
