import { useEffect, useState } from 'react';
import { API_URL } from '../dataProvider';
import { getAccessToken, getStoredUser, storeUser } from '../session';

/** Fired after the logo changed (the settings page), so that the header shows the new one. */
export const LOGO_CHANGED = 'incident-desk:logo-changed';

/** The settings page changed the logo (its SHA-256, null when removed): kept with the session's user, then shown. */
export const logoChanged = (sha256: string | null) => {
  const user = getStoredUser();
  if (user) storeUser({ ...user, firmLogo: sha256 });
  window.dispatchEvent(new Event(LOGO_CHANGED));
};

/**
 * The firm's logo in the app bar (`data-testid="firm-logo"`), when it has one (the session's user says so: `firmLogo`,
 * as the sign-in, a refresh or the settings page left it; a firm without one is not asked, which would answer 404 on
 * every page load): GET /api/firm-settings/logo with the session's token (an <img src> could not send it), shown from a
 * blob URL.
 */
export const FirmLogo = () => {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    const load = async () => {
      if (!getStoredUser()?.firmLogo) {
        if (url) URL.revokeObjectURL(url);
        url = null;
        if (live) setSrc(null);
        return;
      }
      try {
        const res = await fetch(`${API_URL}/firm-settings/logo`, { headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` } });
        // the body is read whatever the status: an unread one keeps the request open in Chromium (never "network idle")
        const body = await res.blob();
        const next = res.ok ? URL.createObjectURL(body) : null;
        if (url) URL.revokeObjectURL(url);
        url = next;
        if (live) setSrc(next);
      } catch {
        // no logo: the header without it
      }
    };
    void load();
    window.addEventListener(LOGO_CHANGED, load);
    return () => {
      live = false;
      window.removeEventListener(LOGO_CHANGED, load);
      if (url) URL.revokeObjectURL(url);
    };
  }, []);
  return src ? <img src={src} alt="" data-testid="firm-logo" style={{ maxHeight: 32, maxWidth: 120, marginRight: 8, objectFit: 'contain' }} /> : null;
};
