#!/usr/bin/env bash
# Run once by the primary's image when it initialises its data directory
# (/docker-entrypoint-initdb.d, official image and stand-in alike): the role the standby replicates
# as, with the password of the Docker secret milk_replication_password, allowed to connect for
# replication from the stack's network. On a primary that already has data, run the same by hand:
#   CREATE ROLE milk_replication WITH REPLICATION LOGIN PASSWORD '...';
#   a line 'host replication milk_replication all scram-sha-256' in pg_hba.conf, then SELECT pg_reload_conf();
set -eo pipefail
# The password reaches psql through its environment (\getenv), never its arguments (ps shows those).
MILK_REPLICATION_PASSWORD="$(< /run/secrets/milk_replication_password)"
export MILK_REPLICATION_PASSWORD
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -q <<'SQL'
\getenv password MILK_REPLICATION_PASSWORD
CREATE ROLE milk_replication WITH REPLICATION LOGIN PASSWORD :'password';
SQL
unset MILK_REPLICATION_PASSWORD
echo 'host replication milk_replication all scram-sha-256' >> "$PGDATA/pg_hba.conf"
