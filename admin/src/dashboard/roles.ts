import type { Role } from '@incident-desk/shared';

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
 * Loads the role's dashboard chunk and, where it has one, runs its `prefetchFirstScreen` (the manager's: the service
 * reports, under the dashboard's query keys), so that its data is on its way before the app is drawn.
 */
export const preloadRoleDashboard = (role: Role | undefined, timeZone: string) => {
  const load = role && (ROLE_DASHBOARDS as Partial<Record<Role, () => Promise<{ prefetchFirstScreen?: (timeZone: string) => void }>>>)[role];
  if (load) void load().then((m) => m.prefetchFirstScreen?.(timeZone)).catch(() => undefined);
};

/** The dashboard is the first screen: the app opened at its root, or at the sign-in page (which leads to it). */
export const firstScreenIsDashboard = () => {
  const hash = window.location.hash;
  return hash === '' || hash === '#/' || hash.startsWith('#/login');
};
