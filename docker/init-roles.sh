#!/bin/sh
# Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d), with the passwords from .env.
# The owner runs migrations; the app role serves requests (not owner, not superuser, no BYPASSRLS);
# the auth role owns the few security-definer functions used before a request has a scope.
set -eu
: "${OWNER_DB_PASSWORD:?set OWNER_DB_PASSWORD in .env}"
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$OWNER_DB_PASSWORD" -v app_pw="$APP_DB_PASSWORD" <<'SQL'
create role incident_owner login password :'owner_pw';
create role incident_app login nosuperuser nocreatedb nocreaterole nobypassrls password :'app_pw';
create role incident_auth nologin nosuperuser nobypassrls;
grant incident_auth to incident_owner;
-- Citus propagates the scope's SET LOCAL to its workers only with this; PostgreSQL without Citus keeps it as a placeholder
alter role incident_app set citus.propagate_set_commands = 'local';
create database incident_desk owner incident_owner;
SQL
