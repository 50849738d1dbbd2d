import type { Role, SessionUser } from '@incident-desk/shared';

/**
 * Each role's dashboard, a chunk of its own: a user loads their own role's only. main.tsx starts loading it as soon as
 * the role is known (a stored session, or the sign-in's answer); Dashboard.tsx shows it.
 */
export const ROLE_DASHBOARDS = {
  manager: () => import('./ManagerDashboard'),
  consultant: () => import('./ConsultantDashboard'),
  client_admin: () => import('./ClientDashboard'),
} satisfies Partial<Record<Role, () => Promise<unknown>>>;

/**
 * Loads the role's dashboard chunk, and asks for what it shows first (firstScreen.ts, under its cards' query keys);
 * answers once those answers are in.
 * Called while the password is typed (no user yet: the data's module only) and with the sign-in's answer: that module
 * is in by then, so the requests leave before the app's first render, not after the dashboard's chunk has come in
 * (which waits behind that render).
 */
export const preloadRoleDashboard = (user: Pick<SessionUser, 'id' | 'role'> | null | undefined, timeZone: string): Promise<unknown> => {
  const load = user && (ROLE_DASHBOARDS as Partial<Record<Role, () => Promise<unknown>>>)[user.role];
  if (load) void load().catch(() => undefined);
  // answers once the answers are in (or could not be asked for: the dashboard then asks for itself)
  return import('./firstScreen').then((m) => m.prefetchFirstScreen(user, timeZone)).catch(() => undefined);
};

/** The dashboard is the first screen: the app opened at its root, or at the sign-in page (which leads to it). */
export const firstScreenIsDashboard = () => {
  const hash = window.location.hash;
  return hash === '' || hash === '#/' || hash.startsWith('#/login');
};
