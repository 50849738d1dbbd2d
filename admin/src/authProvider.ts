import { HttpError, type AuthProvider } from 'react-admin';
import { canAccess, type SessionUser } from '@incident-desk/shared';
import { API_URL, httpClient } from './dataProvider';
import { clearSession, getAccessToken, getRefreshToken, getStoredUser, signIn, storeUser, type Credentials } from './session';

export const authProvider: AuthProvider = {
  async login(params: Credentials) {
    await signIn(params);
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
