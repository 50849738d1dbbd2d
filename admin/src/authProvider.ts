import { HttpError, type AuthProvider } from 'react-admin';
import { canAccess, type LoginResponse, type SessionUser } from '@incident-desk/shared';
import { API_URL, httpClient } from './dataProvider';
import { i18nProvider, rememberProfileLocale } from './i18n';
import { clearSession, getAccessToken, getRefreshToken, getStoredUser, storeSession, storeUser } from './session';

export const authProvider: AuthProvider = {
  async login(params: { username?: string; email?: string; password: string; firm?: string }) {
    const email = (params.email ?? params.username ?? '').trim();
    const firm = params.firm?.trim();
    let response: Response;
    try {
      response = await fetch(`${API_URL}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email, password: params.password, ...(firm ? { firm } : {}) }),
      });
    } catch {
      throw new Error('ra.notification.http_error');
    }
    if (response.status === 401 || response.status === 400) throw new Error('app.login.bad_credentials');
    if (response.status === 429) throw new Error('app.login.throttled');
    if (response.status === 409) {
      // the address signs in to several firms and the password fits more than one: name them, ask for the code
      const body = (await response.json().catch(() => null)) as { code?: string; firms?: { slug: string; name: string }[] } | null;
      if (body?.code === 'firm_required' && Array.isArray(body.firms)) {
        const firms = body.firms.map((f) => `${f.name} (${f.slug})`).join(', ');
        throw new Error(i18nProvider.translate('app.login.firm_required', { firms }));
      }
    }
    if (!response.ok) throw new Error('ra.notification.http_error');
    const session = (await response.json()) as LoginResponse;
    storeSession(session);
    rememberProfileLocale(session.user.locale);
  },

  async logout() {
    const refreshToken = getRefreshToken();
    const accessToken = getAccessToken();
    if (refreshToken) {
      try {
        await fetch(`${API_URL}/auth/logout`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
          },
          body: JSON.stringify({ refreshToken }),
        });
      } catch {
        // the session ends on this side whatever the server says
      }
    }
    clearSession();
  },

  async checkAuth() {
    if (!getAccessToken() && !getRefreshToken()) {
      // never signed in: go to the login page without an error notification
      throw { message: false };
    }
    if (!getStoredUser()) {
      // tokens without a user: fetch it (the httpClient refreshes the access token if needed)
      const { json } = await httpClient(`${API_URL}/auth/me`);
      storeUser(json as SessionUser);
    }
  },

  async checkError(error: HttpError | { status?: number }) {
    const status = error?.status;
    if (status === 401) {
      // the httpClient already tried to refresh the session: it is over
      clearSession();
      throw { message: 'ra.notification.logged_out' };
    }
    // 403 and everything else: stay signed in, the page shows the error
  },

  async getIdentity() {
    const user = getStoredUser();
    if (!user) throw new Error('ra.auth.auth_check_error');
    return { ...user, fullName: user.name };
  },

  async getPermissions() {
    return getStoredUser()?.role ?? null;
  },

  async canAccess({ resource, action }) {
    return canAccess(getStoredUser()?.role, resource, action);
  },
};
