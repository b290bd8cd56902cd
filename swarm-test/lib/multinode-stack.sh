# shellcheck shell=bash disable=SC2154,SC2016,SC2034 # multinode.sh and the steps share the lower-case globals; jq programs are in single quotes (SC2016)
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

# in_each_reads_task SCRIPT: what SCRIPT (bash, 10 s at most) prints in each reads replica's task,
# "none" where it fails.
in_each_reads_task() {
  local node id
  while read -r node id; do
    on_node "$node" exec "$id" timeout 10 bash -c "$1" 2> /dev/null || echo none
  done < <(tasks reads)
}
# reads_statuses PATH: the status each reads replica gives PATH, asked inside each task, sorted.
reads_statuses() {
  in_each_reads_task "exec 3<> /dev/tcp/127.0.0.1/8080 && printf 'GET %s HTTP/1.0\r\n\r\n' '$1' >&3 && head -n 1 <&3 | awk '{ print \$2 }'" \
    | sort | tr '\n' ' ' | sed 's/ $//'
}
# reads_gauge NAME: the value of the gauge NAME (Prometheus' name) on each reads replica, one a
# line, read on its management port.
reads_gauge() {
  in_each_reads_task "exec 3<> /dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/prometheus HTTP/1.0\r\n\r\n' >&3 && grep -a '^$1[{ ]' <&3 | awk '{ print \$NF }'"
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
  docker service rm "${STACK}-bot-drain" "${STACK}-bot-killed" "${STACK}-bot-broker-lost" "${STACK}-bot-standby-reader" \
    "${STACK}-bot-primary-lost" "${STACK}-bot-replies-broker-lost" "${STACK}-bot-replies-primary-lost" \
    > /dev/null 2>&1 || true
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

# reader_counts BOT: "ok failed" of a reader bot so far: its last summary, and every FAILED line.
reader_counts() {
  local output ok failed
  output="$(docker service logs --raw "${STACK}-bot-$1" 2> /dev/null | grep -a -E '^(reads|FAILED)' || true)"
  if ! grep -q -a '^reads' <<< "$output"; then
    log "reader $1 printed no summary; its task: $(docker service ps --no-trunc "${STACK}-bot-$1" --format '{{.Node}} {{.CurrentState}} {{.Error}}' | head -n 1)"
  fi
  ok="$(grep -a '^reads' <<< "$output" | tail -n 1 | sed -E 's/.*ok=([0-9]+).*/\1/' || true)"
  failed="$(grep -a -c '^FAILED' <<< "$output" || true)"
  grep -a '^FAILED' <<< "$output" | sort | uniq -c | sed 's/^/    /' >&2 || true
  printf '%s %s\n' "${ok:-0}" "${failed:-0}"
}
# running SERVICE [NODE]: SERVICE's tasks that Swarm wants running and that run (healthy, for a
# service with a health check), on any node but NODE.
running() {
  docker service ps "${STACK}_$1" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' \
    | awk -v node="${2:-}" '$2 == "Running" && $1 != node' | wc -l
}
# Every broker, for a bot that must go on when one of them is lost.
ALL_BROKERS=kafka:9092,kafka-2:9092,kafka-3:9092

# kill_task SERVICE: its first running task's container killed (SIGKILL) on its node, as when its
# process dies; Swarm starts a new task by the service's restart policy.
kill_task() {
  local node id
  read -r node id < <(tasks "$1" | head -n 1) || fail "no running task of $1 to kill"
  on_node "$node" kill "$id" > /dev/null || fail "docker kill of $1's task ${id:0:12} on $node"
  log "killed $1's task (container ${id:0:12} on $node)"
}

# every_replica NAME VALUE: each reads replica's gauge NAME is VALUE.
every_replica() {
  local values
  values="$(reads_gauge "$1")"
  [[ -n "$values" ]] && ! grep -qvx "$2" <<< "$values"
}

stored_accounts() {
  psql_milk "SELECT coalesce(max(user_count), 0) FROM raid WHERE internal_id = '$1'" 2> /dev/null || echo 0
}
# accounts_once RAID: "counted/stored/distinct" accounts of RAID.
accounts_once() {
  psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id) || '/' ||
    (SELECT count(DISTINCT user_id) FROM raid_user u WHERE u.raid_id = r.id) FROM raid r WHERE internal_id = '$1'"
}
# await_stored RAID COUNT SECONDS [POLL]: waits until COUNT accounts of RAID are stored, asking
# every POLL seconds (2).
await_stored() {
  local deadline=$((SECONDS + $(patience "$3")))
  until (($(stored_accounts "$1") >= $2)); do
    ((SECONDS < deadline)) || return 1
    sleep "${4:-2}"
  done
}
# ingest_records FILE RAID ACCOUNTS FIRST: FILE (and FILE.ids, its request ids) with ACCOUNTS
# accounts of RAID, 10,000 a record, their ids from FIRST.
ingest_records() {
  records "$1" 'range(0; $n) as $r
    | line($ids[$r]; "batch-insert-raid-users"; {request: {raidId: $raid, guildId: $guild, users: accounts($first + $r * 10000; 10000)}})' \
    --arg raid "$2" --argjson n "$(($3 / 10000))" --argjson first "$4"
  grep -o 'message-id:[^[:space:]]*' "$state/records/$1" | cut -d : -f 2 > "$state/records/$1.ids"
}
# ingest_killing NAME RAID ACCOUNTS FIRST SERVICE: a bot sends ACCOUNTS accounts of RAID (NAME.tsv,
# ids from FIRST), a record every half second so the ingest outlasts what follows, to every broker;
# once the first are stored, SERVICE's task is killed. Sets ingest_raid, stored_at_kill and
# killed_at (epoch milliseconds once the kill returned: a reply after it was surely sent after the kill).
ingest_killing() {
  ingest_raid="$2"
  ingest_records "$1.tsv" "$2" "$3" "$4"
  start_bot "$1" "$KAFKA_IMAGE" "bash /bots/send.sh raid-management /records/$1.tsv" \
    --env "KAFKA_BOOTSTRAP=$ALL_BROKERS" --env SEND_INTERVAL=0.5
  await_stored "$2" 1 300 0.2 || fail "no account of $1 stored"
  stored_at_kill="$(stored_accounts "$2")"
  kill_task "$5"
  killed_at="$(date +%s%3N)"
  log "$5 killed with $stored_at_kill of $3 accounts stored"
}
# ingest_survived ID NAME RAID ACCOUNTS: what an ingest_killing proves once it ends: under way at
# the kill, every account stored once, every record answered, replies sent after the kill.
ingest_survived() {
  local id="$1" name="$2" raid="$3" accounts="$4" replies
  expect_between "$id.under-way" "accounts stored at the kill" "$stored_at_kill" 1 $((accounts - 1))
  expect_within "$id.all-stored" "all $accounts accounts stored" await_stored "$raid" "$accounts" 900
  docker service rm "${STACK}-bot-$name" > /dev/null 2>&1 || true
  expect "$id.stored-once" "the raid's accounts (counted / stored / distinct)" "$(accounts_once "$raid")" \
    "$accounts/$accounts/$accounts"
  replies="$(replies_to "$name.tsv")"
  expect "$id.answered" "records of the ingest answered by Milk" "$(answered "$replies")" "$((accounts / 10000))"
  expect_between "$id.replies-after" "replies Milk sent after the kill" "$(replies_after "$replies" "$killed_at")" 1 ""
  record "$id.first-reply" "seconds from the kill to Milk's first reply sent after it" \
    "$(first_reply_after "$replies" "$killed_at")" "a figure" true
  rm -f "$state/records/$name.tsv" "$state/records/$name.tsv.ids"
}
# replies_to FILE: Milk's replies to FILE's requests (once each has one), each with its time first.
replies_to() {
  run_bot "replies-${1%.tsv}" "$KAFKA_IMAGE" \
    "bash /bots/replies.sh raid-management $(wc -l < "$state/records/$1.ids") $(patience 60) /records/$1.ids" \
    --env "KAFKA_BOOTSTRAP=$ALL_BROKERS" --env REPLY_TIMES=true
}
# answered REPLIES: how many requests REPLIES answer, each counted once.
answered() { grep -ao 'rpc-in-reply-to:[^,[:space:]]*' <<< "$1" | sort -u | wc -l; }
# first_reply_after REPLIES MILLIS: seconds from MILLIS to the first reply sent after it ("none").
first_reply_after() {
  grep -ao '^CreateTime:[0-9]*' <<< "$1" | cut -d : -f 2 \
    | awk -v t="$2" '$1 > t { if (!m || $1 < m) m = $1 } END { if (m) printf "%.1f", (m - t) / 1000; else print "none" }'
}
# replies_after REPLIES MILLIS: how many of REPLIES were sent after MILLIS.
replies_after() { grep -ao '^CreateTime:[0-9]*' <<< "$1" | cut -d : -f 2 | awk -v t="$2" '$1 > t' | wc -l; }
# Every partition of every topic on all its replicas, as the broker of service kafka says.
in_sync() {
  local under
  under="$(kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --describe \
    --under-replicated-partitions 2> /dev/null)" || return 1
  [[ -z "$under" ]]
}
