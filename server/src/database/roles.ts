/** Database role and database names. docker/init-roles.sh creates the same roles for docker-compose. */
export const OWNER_ROLE = 'incident_owner';
export const APP_ROLE = 'incident_app';
export const AUTH_ROLE = 'incident_auth';
/**
 * The role a request takes (SET LOCAL ROLE, in app_enter_scope()) when its scope is every client of a firm: the
 * app role is its member WITH INHERIT FALSE, and it holds the app role's privileges (migration 1767300000000). Only a
 * session of APP_ROLE takes it (app_scope_role() names both roles as written here).
 */
export const APP_ALL_ROLE = 'incident_app_all';
export const DATABASE_NAME = 'incident_desk';
