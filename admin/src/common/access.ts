import { useGetList } from 'react-admin';
import { canAccess, type Action, type Resource, type Role } from '@incident-desk/shared';
import { getStoredUser } from '../session';

/**
 * The signed-in user's role and rights, read synchronously: the same shared rule as authProvider.canAccess (which
 * react-admin's useCanAccess calls through an asynchronous query). Busy pages use these, so that a button or a request
 * does not wait a render for its right, and a page does not render again when each right arrives.
 */
export const useRole = (): Role | null => getStoredUser()?.role ?? null;

export const useAccess = (resource: Resource, action: Action): boolean => canAccess(getStoredUser()?.role, resource, action);

/** Firm staff (managers and consultants), as opposed to client admins. */
export const useIsStaff = (): boolean => {
  const role = useRole();
  return role === 'manager' || role === 'consultant';
};

/**
 * The staff a record can be given to (a lead, a task's assignee): a manager chooses any active manager or consultant; a
 * consultant, who cannot list users, themselves.
 */
export const useStaffChoices = (): { id: string; name: string }[] => {
  const canListUsers = useAccess('users', 'list');
  const me = getStoredUser();
  const { data } = useGetList<{ id: string; name: string }>(
    'users',
    { filter: { role: ['manager', 'consultant'], active: true }, sort: { field: 'name', order: 'ASC' }, pagination: { page: 1, perPage: 200 } },
    { enabled: canListUsers },
  );
  return canListUsers ? (data ?? []) : me ? [{ id: me.id, name: me.name }] : [];
};
