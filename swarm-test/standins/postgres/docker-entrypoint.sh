#!/usr/bin/env bash
# Initialises an empty data directory the way the official image does, then runs the server:
# a first, local-only start to create the user and database, then the real one.
set -euo pipefail

if [[ "${1:-}" == postgres || "${1:-}" == -* ]]; then
  [[ "${1:-}" == postgres ]] && shift
  if [[ -n "${POSTGRES_PASSWORD_FILE:-}" ]]; then
    POSTGRES_PASSWORD="$(< "$POSTGRES_PASSWORD_FILE")"
  fi
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    if [[ -z "${POSTGRES_PASSWORD:-}" && "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]]; then
      echo "Error: the database is uninitialized and the superuser password is not specified." >&2
      echo "       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust." >&2
      exit 1
    fi
    chmod 700 "$PGDATA"
    password=()
    pwfile="$(mktemp)"
    if [[ -n "${POSTGRES_PASSWORD:-}" ]]; then
      printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
      password=(--pwfile="$pwfile")
    fi
    # shellcheck disable=SC2086
    initdb --username="$user" "${password[@]}" ${POSTGRES_INITDB_ARGS:-} > /dev/null
    rm -f "$pwfile"
    printf 'host all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    if [[ "$database" != postgres ]]; then
      psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -q \
        -c "CREATE DATABASE \"$database\""
    fi
    for script in /docker-entrypoint-initdb.d/*; do
      case "$script" in
        *.sh) bash "$script" ;;
        *.sql) psql -v ON_ERROR_STOP=1 --username "$user" --dbname "$database" -q -f "$script" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "PostgreSQL init process complete; ready for start up."
  fi
  exec postgres -c listen_addresses='*' "$@"
fi
exec "$@"
