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

export const preloadRoleDashboard = (role: Role | undefined) => {
  const load = role && (ROLE_DASHBOARDS as Partial<Record<Role, () => Promise<unknown>>>)[role];
  if (load) void load().catch(() => undefined);
};
