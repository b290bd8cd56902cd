# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# Reaching the deployed stack: its containers, PostgreSQL and Kafka inside them, the reads
# replicas one by one, Swarm's view of the services and of their updates.

deploy() { "$root/deploy.sh" "$@"; }

containers() { docker ps --filter "label=com.docker.swarm.service.name=${STACK}_$1" --format '{{.ID}}'; }
psql_milk() { docker exec "$(containers postgres | head -n 1)" psql -U milk -d milk -tAq -c "$1"; }
kafka_tool() {
  local tool="$1"
  shift
  docker exec "$(containers kafka | head -n 1)" "/opt/kafka/bin/$tool" "$@"
}

# http10_status PORT PATH [CONTAINER]: the status an HTTP/1.0 GET of PATH, naming no Host, gets from
# 127.0.0.1:PORT (bash's /dev/tcp), asked from inside CONTAINER when one is named.
http10_status() {
  local get="exec 3<> /dev/tcp/127.0.0.1/$1 && printf 'GET %s HTTP/1.0\r\n\r\n' '$2' >&3 && head -n 1 <&3 | awk '{ print \$2 }'"
  if [[ -n "${3:-}" ]]; then
    docker exec "$3" timeout 10 bash -c "$get"
  else
    timeout 10 bash -c "$get"
  fi 2> /dev/null || echo none
}

# reads_statuses PATH: the status each reads replica gives PATH, asked directly (reads publish no
# port: from inside each task), sorted, on one line: "200 200 200" when three serve it.
reads_statuses() {
  local id
  for id in $(containers reads); do
    http10_status 8080 "$1" "$id"
  done | sort | tr '\n' ' ' | sed 's/ $//'
}
# repeated N WORD: WORD N times, on one line.
repeated() { for _ in $(seq "$1"); do printf '%s\n' "$2"; done | tr '\n' ' ' | sed 's/ $//'; }

services_converged() { deploy wait "${1:-300}" > /dev/null 2> "$state/wait.log" || { cat "$state/wait.log" >&2; return 1; }; }
replicas() { docker service ls --filter "name=${STACK}_$1" --format '{{.Replicas}}'; }

# assigned GROUP: the number of partitions of each member of a consumer group, sorted, one line.
assigned() {
  kafka_tool kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --members --group "$1" 2> /dev/null \
    | awk 'NF >= 5 && $NF ~ /^[0-9]+$/ { print $NF }' | sort -n | tr '\n' ' ' | sed 's/ $//'
}

update_started() { docker service inspect "${STACK}_$1" --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}'; }
update_state() { docker service inspect "${STACK}_$1" --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}'; }
running_images() {
  docker service ps "${STACK}_$1" --filter desired-state=running --format '{{.Image}}' | sort -u | tr '\n' ' ' | sed 's/ $//'
}
# update_ends_as SERVICE STATE SECONDS BEFORE: the update started after BEFORE (an earlier update's
# start time) ends in STATE.
update_ends_as() {
  local service="$1" expected="$2" deadline=$((SECONDS + $(patience "$3"))) before="$4" state=""
  while ((SECONDS < deadline)); do
    state="$(update_state "$service")"
    [[ "$(update_started "$service")" != "$before" && "$state" == "$expected" ]] && return
    sleep 2
  done
  log "  ${STACK}_$service update state: '$state', expected '$expected'"
  return 1
}

secrets_made() {
  local name
  for name in milk_db_password milk_reads_password; do
    docker secret inspect "$name" > /dev/null 2>&1 || printf '%s\n' "$name" >> "$state/secrets"
  done
  deploy secrets > /dev/null 2>&1
}

remove_stack() {
  # The test's own services beside the stack (a failed step may leave one): its bots and its Prometheus.
  local bot
  for bot in publish hurried calm rescaled reader ingest; do
    docker service rm "${STACK}-bot-$bot" > /dev/null 2>&1 || true
  done
  docker service rm "${STACK}-prometheus" > /dev/null 2>&1 || true
  docker stack rm "$STACK" > /dev/null 2>&1 || true
  for _ in $(seq 90); do
    [[ -z "$(docker ps -a --filter "label=com.docker.stack.namespace=$STACK" --format '{{.ID}}')" ]] \
      && [[ -z "$(docker network ls --filter "label=com.docker.stack.namespace=$STACK" --format '{{.ID}}')" ]] && break
    sleep 1
  done
  docker volume rm "${STACK}_postgres-data" "${STACK}_kafka-data" > /dev/null 2>&1 || true
}
