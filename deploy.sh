#!/usr/bin/env bash
# Builds, deploys and operates Milk as a Docker Swarm stack (docker-compose.example.yml).
# Settings come from the environment, or from .env beside this script (see .env.example).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Settings from .env fill in what the environment does not set, as Docker Compose reads it.
if [[ -f "$here/.env" ]]; then
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]}"
    [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]] && value="${BASH_REMATCH[1]}"
    [[ -v "$name" ]] || export "$name=$value"
  done < "$here/.env"
fi
STACK="${MILK_STACK:-milk}"
export MILK_IMAGE="${MILK_IMAGE:-milk:latest}"
STACK_FILE="${MILK_STACK_FILE:-$here/docker-compose.example.yml}"
# Optional stack files whose settings override the first, in order, separated by ':'
# (ops/kafka-cluster.yml, ops/postgres-standby.yml, swarm-test/stack.override.yml).
STACK_OVERRIDE="${MILK_STACK_OVERRIDE:-}"
# Prometheus and Grafana beside Milk (ops/monitoring.yml): true or false.
MONITORING="${MILK_MONITORING:-false}"
[[ "$MONITORING" == true || "$MONITORING" == false ]] || { echo "deploy.sh: MILK_MONITORING must be true or false" >&2; exit 2; }

usage() {
  cat <<USAGE
Usage: ./deploy.sh COMMAND [ARGS]

  build                    build the image \$MILK_IMAGE (now: $MILK_IMAGE); BUILD_IMAGE and
                           RUNTIME_IMAGE, when set, replace the Dockerfile's base images
  secrets                  create the Docker secrets the stack needs, if missing
                           (values from MILK_DB_PASSWORD / MILK_READS_PASSWORD, else random)
  deploy                   deploy or update the stack '$STACK' (a rolling update, new tasks first)
  wait [SECONDS]           wait until every service runs all its replicas, each healthy
                           (default 300 s); exits 1 with the services' state when they do not
  scale writes|reads N     run N replicas of one role
  status                   services, replicas and tasks of the stack
  logs writes|reads        follow one role's logs
  rollback writes|reads    return one role to its previous version
  rm                       remove the stack (volumes and secrets are kept)
  -h, --help               this help

Environment: MILK_STACK (stack name, default milk), MILK_IMAGE (default milk:latest),
MILK_WRITES_REPLICAS, MILK_READS_REPLICAS (replicas a deploy sets; default 2 and 3),
POSTGRES_IMAGE, KAFKA_IMAGE, EDGE_IMAGE (the official ones by default), MILK_PUBLIC_PORT (the port
the edge publishes on every node, default 8080), MILK_STACK_FILE, MILK_STACK_OVERRIDE (more stack files over the first, separated by ':'),
MILK_MONITORING=true (deploy and secrets add Prometheus and Grafana: ops/monitoring.yml; Grafana's
admin password from MILK_GRAFANA_PASSWORD, else random; its port MILK_GRAFANA_PORT, default 3000).
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

# create_secret NAME VALUE [show]: a random value when VALUE is empty, printed once when 'show'
# (a password someone types, such as Grafana's).
create_secret() {
  local name="$1" value="$2" show="${3:-}"
  if docker secret inspect "$name" > /dev/null 2>&1; then
    printf 'secret %s exists, kept\n' "$name" >&2
    return
  fi
  if [[ -z "$value" ]]; then
    # 24 random bytes as hex; no pipe that ends early (under pipefail a SIGPIPE would stop the script).
    value="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    [[ "$show" == show ]] && printf '%s: %s (shown once; kept as the Docker secret %s)\n' "$name" "$value" "$name" >&2
  fi
  printf '+ docker secret create %s -\n' "$name" >&2
  printf '%s' "$value" | docker secret create "$name" - > /dev/null
}

# Converged: every service runs as many tasks as it wants, and every container of the stack on
# this node with a health check reports healthy (Swarm counts a task running before its check passes).
converged() {
  local line services
  services="$(docker stack services "$STACK" --format '{{.Replicas}}' 2> /dev/null)" || return 1
  [[ -n "$services" ]] || return 1
  while read -r line; do
    [[ "$line" =~ ^([0-9]+)/([0-9]+) && "${BASH_REMATCH[1]}" == "${BASH_REMATCH[2]}" ]] || return 1
  done <<< "$services"
  ! docker ps --filter "label=com.docker.stack.namespace=$STACK" --format '{{.Status}}' \
    | grep -qE 'health: starting|unhealthy'
}

wait_converged() {
  local deadline=$((SECONDS + $1))
  until converged; do
    if ((SECONDS >= deadline)); then
      docker stack services "$STACK" >&2 || true
      docker stack ps --no-trunc --filter desired-state=running "$STACK" >&2 || true
      die "the stack '$STACK' did not converge within $1 s"
    fi
    sleep 2
  done
  printf 'stack %s converged: every replica running and healthy\n' "$STACK" >&2
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
  build)
    build_args=()
    [[ -n "${BUILD_IMAGE:-}" ]] && build_args+=(--build-arg "BUILD_IMAGE=$BUILD_IMAGE")
    [[ -n "${RUNTIME_IMAGE:-}" ]] && build_args+=(--build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE")
    run docker build "${build_args[@]}" --tag "$MILK_IMAGE" "$here"
    ;;
  secrets)
    require_swarm
    create_secret milk_db_password "${MILK_DB_PASSWORD:-}"
    create_secret milk_reads_password "${MILK_READS_PASSWORD:-}"
    if [[ "$MONITORING" == true ]]; then
      create_secret milk_grafana_password "${MILK_GRAFANA_PASSWORD:-}" show
    fi
    ;;
  deploy)
    require_swarm
    files=(--compose-file "$STACK_FILE")
    if [[ -n "$STACK_OVERRIDE" ]]; then
      IFS=: read -ra overrides <<< "$STACK_OVERRIDE"
      for override in "${overrides[@]}"; do files+=(--compose-file "$override"); done
    fi
    if [[ "$MONITORING" == true ]]; then
      files+=(--compose-file "$here/ops/monitoring.yml")
      MILK_OPS_VERSION="$(cat "$here"/ops/prometheus.yml "$here"/ops/alerts.yml "$here"/ops/grafana/milk.json \
        "$here"/ops/grafana/provisioning/*.yml | sha256sum | cut -c 1-12)"
      export MILK_OPS_VERSION
    fi
    MILK_EDGE_VERSION="$(sha256sum < "$here/ops/edge/nginx.conf" | cut -c 1-12)"
    export MILK_EDGE_VERSION
    run docker stack config "${files[@]}" > /dev/null
    run docker stack deploy "${files[@]}" --with-registry-auth --prune "$STACK"
    ;;
  wait)
    [[ $# -le 1 && "${1:-300}" =~ ^[0-9]+$ ]] || die "usage: ./deploy.sh wait [SECONDS]"
    wait_converged "${1:-300}"
    ;;
  scale)
    [[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || die "usage: ./deploy.sh scale writes|reads N"
    service="$(role_service "$1")"
    run docker service scale "$service=$2"
    variable="MILK_${1^^}_REPLICAS"
    if [[ "${!variable:-}" != "$2" ]]; then
      printf 'note: a later ./deploy.sh deploy returns %s to %s replicas; set %s=%s to keep this scale\n' \
        "$1" "${!variable:-the stack file default of}" "$variable" "$2" >&2
    fi
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
