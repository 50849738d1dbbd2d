#!/bin/sh
# Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d), with the passwords from .env.
# The owner runs migrations; the app role serves requests (not owner, not superuser, no BYPASSRLS);
# the auth role owns the few security-definer functions used before a request has a scope; the app role takes
# incident_app_all (SET LOCAL ROLE) for a scope of every client of a firm.
set -eu
: "${OWNER_DB_PASSWORD:?set OWNER_DB_PASSWORD in .env}"
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$OWNER_DB_PASSWORD" -v app_pw="$APP_DB_PASSWORD" <<'SQL'
create role incident_owner login password :'owner_pw';
create role incident_app login nosuperuser nocreatedb nocreaterole nobypassrls password :'app_pw';
create role incident_auth nologin nosuperuser nobypassrls;
grant incident_auth to incident_owner;
-- the scope of every client of a firm (migration 1767300000000): the app role may SET ROLE to it, inheriting nothing
create role incident_app_all nologin nosuperuser nocreatedb nocreaterole nobypassrls;
grant incident_app_all to incident_app with inherit false, set true;
-- Citus propagates the scope's SET LOCAL to its workers only with this; PostgreSQL without Citus keeps it as a placeholder
alter role incident_app set citus.propagate_set_commands = 'local';
create database incident_desk owner incident_owner;
SQL
