import { HttpError } from 'react-admin';
import type { ApiError } from '@incident-desk/shared';
import { getAccessToken, refreshSession } from '../session';

/** The file name of a Content-Disposition header (RFC 5987 `filename*` first). */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Fetches a file with the session's token (refreshed once on a 401) — a GET, or the request `init` describes (the firm
 * export's POST) — and saves it under the name the server gives (Content-Disposition). Answers the name and the type;
 * throws an HttpError with the server's message otherwise.
 */
export async function downloadWithToken(url: string, fallbackName: string, init: RequestInit = {}): Promise<{ name: string; type: string }> {
  const get = () => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${getAccessToken() ?? ''}` } });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) {
    let body: ApiError | undefined;
    try {
      body = (await res.json()) as ApiError;
    } catch {
      body = undefined;
    }
    throw new HttpError(body?.message || res.statusText || 'ra.notification.http_error', res.status, body);
  }
  return saveResponse(res, fallbackName);
}

/** Saves a response's bytes as a download under the name its Content-Disposition gives (else `fallback`). */
export async function saveResponse(res: Response, fallback: string): Promise<{ name: string; type: string }> {
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('Content-Disposition'), fallback);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { name, type: blob.type };
}
