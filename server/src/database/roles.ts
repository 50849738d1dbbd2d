/** Database role and database names. docker/init-roles.sh creates the same roles for docker-compose. */
export const OWNER_ROLE = 'incident_owner';
export const APP_ROLE = 'incident_app';
export const AUTH_ROLE = 'incident_auth';
export const DATABASE_NAME = 'incident_desk';
