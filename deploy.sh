#!/usr/bin/env bash
# Builds, deploys and operates Milk as a Docker Swarm stack (docker-compose.example.yml).
# Settings come from the environment, or from .env beside this script (see .env.example).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -f "$here/.env" ]]; then
  set -a
  # shellcheck source=/dev/null
  source "$here/.env"
  set +a
fi
STACK="${MILK_STACK:-milk}"
export MILK_IMAGE="${MILK_IMAGE:-milk:latest}"
STACK_FILE="${MILK_STACK_FILE:-$here/docker-compose.example.yml}"

usage() {
  cat <<USAGE
Usage: ./deploy.sh COMMAND [ARGS]

  build                    build the image \$MILK_IMAGE (now: $MILK_IMAGE)
  secrets                  create the Docker secrets the stack needs, if missing
                           (values from MILK_DB_PASSWORD / MILK_READS_PASSWORD, else random)
  deploy                   deploy or update the stack '$STACK' (a rolling update, new tasks first)
  scale writes|reads N     run N replicas of one role
  status                   services, replicas and tasks of the stack
  logs writes|reads        follow one role's logs
  rollback writes|reads    return one role to its previous version
  rm                       remove the stack (volumes and secrets are kept)
  -h, --help               this help

Environment: MILK_STACK (stack name, default milk), MILK_IMAGE (default milk:latest),
MILK_PUBLIC_PORT (published port of reads, default 8080), MILK_STACK_FILE.
USAGE
}

# Prints each command before running it, so what happened can be repeated by hand.
run() {
  printf '+ %s\n' "$*" >&2
  "$@"
}

die() {
  printf 'deploy.sh: %s\n' "$*" >&2
  exit 2
}

role_service() {
  case "${1:-}" in
    writes | reads) printf '%s_%s' "$STACK" "$1" ;;
    *) die "name a role: writes or reads (got '${1:-}')" ;;
  esac
}

require_swarm() {
  local state
  state="$(docker info --format '{{.Swarm.LocalNodeState}}' 2> /dev/null || true)"
  [[ "$state" == "active" ]] || die "this Docker engine is not in a swarm; run: docker swarm init"
}

create_secret() {
  local name="$1" value="$2"
  if docker secret inspect "$name" > /dev/null 2>&1; then
    printf 'secret %s exists, kept\n' "$name" >&2
    return
  fi
  if [[ -z "$value" ]]; then
    value="$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32)"
  fi
  printf '+ docker secret create %s -\n' "$name" >&2
  printf '%s' "$value" | docker secret create "$name" - > /dev/null
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
  build)
    run docker build --tag "$MILK_IMAGE" "$here"
    ;;
  secrets)
    require_swarm
    create_secret milk_db_password "${MILK_DB_PASSWORD:-}"
    create_secret milk_reads_password "${MILK_READS_PASSWORD:-}"
    ;;
  deploy)
    require_swarm
    run docker stack config --compose-file "$STACK_FILE" > /dev/null
    run docker stack deploy --compose-file "$STACK_FILE" --with-registry-auth --prune "$STACK"
    ;;
  scale)
    [[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || die "usage: ./deploy.sh scale writes|reads N"
    service="$(role_service "$1")"
    run docker service scale "$service=$2"
    ;;
  status)
    run docker stack services "$STACK"
    run docker stack ps --filter desired-state=running "$STACK"
    ;;
  logs)
    service="$(role_service "${1:-}")"
    run docker service logs --follow --tail 200 "$service"
    ;;
  rollback)
    service="$(role_service "${1:-}")"
    run docker service rollback "$service"
    ;;
  rm)
    run docker stack rm "$STACK"
    ;;
  -h | --help | help)
    usage
    ;;
  "")
    usage >&2
    exit 2
    ;;
  *)
    usage >&2
    die "unknown command '$command'"
    ;;
esac
