# shellcheck shell=bash disable=SC2154 # multinode.sh sets the lower-case globals
# The stack on three nodes: reaching its tasks wherever Swarm put them, and what it proves. The
# docker commands of lib/stack.sh and lib/bots.sh go to the manager (DOCKER_HOST); a task's
# container is reached on its own node's engine.

# tasks SERVICE: "node container" of each running task of the stack's SERVICE, one a line.
tasks() {
  local node
  for node in "${NODES[@]}"; do
    on_node "$node" ps --filter "label=com.docker.swarm.service.name=${STACK}_$1" --format "$node {{.ID}}" 2> /dev/null || true
  done
}
# in_task SERVICE COMMAND...: COMMAND in the first running task of SERVICE.
in_task() {
  local service="$1" node id
  shift
  read -r node id < <(tasks "$service" | head -n 1) || { log "no running task of $service"; return 1; }
  on_node "$node" exec "$id" "$@"
}
psql_milk() { in_task postgres psql -U milk -d milk -tAq -c "$1"; }
psql_standby() { in_task postgres-standby psql -U milk -d milk -tAq -c "$1"; }
kafka_tool() {
  local tool="$1"
  shift
  in_task kafka "/opt/kafka/bin/$tool" "$@"
}
kafka_class() { in_task kafka /opt/kafka/bin/kafka-run-class.sh "$@"; }

# reads_statuses PATH: the status each reads replica gives PATH, asked inside each task, sorted.
reads_statuses() {
  local node id
  while read -r node id; do
    on_node "$node" exec "$id" timeout 10 bash -c \
      "exec 3<> /dev/tcp/127.0.0.1/8080 && printf 'GET %s HTTP/1.0\r\n\r\n' '$1' >&3 && head -n 1 <&3 | awk '{ print \$2 }'" \
      2> /dev/null || echo none
  done < <(tasks reads) | sort | tr '\n' ' ' | sed 's/ $//'
}

# placement SERVICE: the nodes SERVICE's running tasks are on, sorted, on one line.
placement() {
  docker service ps "${STACK}_$1" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' \
    | awk '$2 == "Running" { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//'
}
print_placement() {
  local service
  for service in $(docker stack services "$STACK" --format '{{.Name}}' | sort); do
    log "  ${service#"${STACK}_"}: $(placement "${service#"${STACK}_"}")"
  done
}

# Converged on every node: each service runs all its replicas, and no container of the stack on
# any node is still starting or unhealthy by its health check.
converged_everywhere() {
  local node
  services_converged 5 2> /dev/null || return 1
  for node in "${NODES[@]}"; do
    ! on_node "$node" ps --filter "label=com.docker.stack.namespace=$STACK" --format '{{.Status}}' \
      | grep -qE 'health: starting|unhealthy' || return 1
  done
}
wait_until() {
  local deadline=$((SECONDS + $(patience "$1")))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 2
  done
}

multinode_secrets() {
  secrets_made
  if ! docker secret inspect milk_replication_password > /dev/null 2>&1; then
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' | docker secret create milk_replication_password - > /dev/null
    printf 'milk_replication_password\n' >> "$state/secrets"
  fi
}

remove_multinode_stack() {
  local node
  # A run cut short may leave a node drained or stopped.
  for node in "${NODES[@]}"; do
    if [[ "$(host_docker container inspect "milk-$node" --format '{{.State.Running}}' 2> /dev/null)" == false ]]; then
      host_docker start "milk-$node" > /dev/null
      wait_until 60 on_node "$node" info > /dev/null 2>&1 || true
    fi
    docker node update --availability active "$node" > /dev/null 2>&1 || true
  done
  remove_stack
  docker service rm "${STACK}-bot-drain" "${STACK}-bot-killed" > /dev/null 2>&1 || true
  # A volume is removed once no container of the stack on its node holds it.
  for _ in $(seq 90); do
    [[ -z "$(for node in "${NODES[@]}"; do
      on_node "$node" ps -a --quiet --filter "label=com.docker.stack.namespace=$STACK" 2> /dev/null
    done)" ]] && break
    sleep 1
  done
  for node in "${NODES[@]}"; do
    on_node "$node" volume rm "${STACK}_postgres-data" "${STACK}_postgres-standby-data" "${STACK}_kafka-data" \
      "${STACK}_kafka-2-data" "${STACK}_kafka-3-data" > /dev/null 2>&1 || true
  done
}

# known_issue ID WHAT ACTUAL EXPECTED: an assertion that does not stop the test (what follows is still
# worth proving), but fails it at the end.
known_issue() {
  if [[ "$3" == "$4" ]]; then
    record "$1" "$2" "$3" "$4" true
  else
    record "$1" "$2" "$3" "$4" false
    printf '%s\n' "$1" >> "$state/known-issues"
  fi
}
