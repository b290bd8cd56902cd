#!/usr/bin/env bash
# Milk's Swarm end-to-end test: builds every image it needs on this machine, deploys
# docker-compose.example.yml with deploy.sh on a real Docker Engine in swarm mode, proves what the
# README promises of the deployment, and leaves the engine as it found it.
#
#   swarm-test/run.sh           the whole test: engine, images, stack, checks, clean-up
#   swarm-test/run.sh engine    only make sure an engine in swarm mode answers (kept until 'clean')
#   swarm-test/run.sh images    engine and images (kept until 'clean'; ImageTest uses them)
#   swarm-test/run.sh stack     the stack and its checks, on images already built; removes the stack
#   swarm-test/run.sh clean     remove what earlier steps made: images, secrets, swarm, dockerd
#
# Exit status: 0 passed, 1 failed, 77 skipped (no Docker engine can run here; the reason is printed).
# Every wait is what an idle two-core machine needs, with room, times MILK_TEST_TIME_SCALE (1).
# Base images: local stand-ins of the official ones (Debian from debootstrap, this machine's JDK 25)
# unless MILK_SWARM_TEST_BASES=official, where the engine can pull the official images.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
state="${MILK_SWARM_TEST_STATE:-/tmp/milk-swarm-test}"
bases="${MILK_SWARM_TEST_BASES:-local}"
SKIPPED=77

export MILK_STACK=milktest
export MILK_STACK_OVERRIDE="$here/stack.override.yml"
export MILK_PUBLIC_PORT=0
export MILK_IMAGE=milk-test/milk:1
if [[ "$bases" == official ]]; then
  export POSTGRES_IMAGE=postgres:15-alpine KAFKA_IMAGE=apache/kafka:4.1.0 PROMETHEUS_IMAGE=prom/prometheus:v3.5.0
  export EDGE_IMAGE=nginx:1.27-alpine
else
  export POSTGRES_IMAGE=milk-test/postgres:15 KAFKA_IMAGE=milk-test/kafka:4.1.0 PROMETHEUS_IMAGE=milk-test/prometheus:2
  export EDGE_IMAGE=milk-test/nginx:1 BUILD_IMAGE=milk-test/jdk:25 RUNTIME_IMAGE=milk-test/jre:25
fi
STACK="$MILK_STACK"

log() { printf '[swarm-test %4d s] %s\n' "$SECONDS" "$*" >&2; }
skip() {
  log "SKIPPED: $*"
  exit "$SKIPPED"
}
# What the stack's tasks saw, for a failure to show: tasks that are not running and why, and the
# last lines of each service's log.
diagnose() {
  docker stack ps "$STACK" > /dev/null 2>&1 || return 0
  log "tasks not running (name, state, error):"
  docker stack ps --no-trunc "$STACK" --format '{{.Name}} {{.CurrentState}} {{.Error}}' 2> /dev/null \
    | grep -v ' Running ' | head -n 15 | sed 's/^/    /' >&2 || true
  local service
  for service in $(docker stack services "$STACK" --format '{{.Name}}' 2> /dev/null); do
    log "the last lines of $service's log:"
    docker service logs --raw --tail 8 "$service" 2>&1 | cut -c 1-300 | sed 's/^/    /' >&2 || true
  done
}
fail() {
  diagnose
  log "FAILED: $*"
  exit 1
}

# patience SECONDS: SECONDS, scaled by MILK_TEST_TIME_SCALE (a number from 1 to 100, 1 unless set).
time_scale="${MILK_TEST_TIME_SCALE:-1}"
if ! [[ "$time_scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v f="$time_scale" 'BEGIN { exit !(f >= 1 && f <= 100) }'; then
  log "MILK_TEST_TIME_SCALE is '$time_scale'; set a number from 1 to 100"
  exit 2
fi
patience() { awk -v n="$1" -v f="$time_scale" 'BEGIN { printf "%d", n * f + 0.5 }'; }
# check WHAT COMMAND...: runs COMMAND; the test fails naming WHAT unless it succeeds.
check() {
  local what="$1"
  shift
  if "$@"; then log "ok: $what"; else fail "$what"; fi
}
equals() {
  [[ "$1" == "$2" ]] || {
    log "  expected '$2', got '$1'"
    return 1
  }
}
deploy() { "$root/deploy.sh" "$@"; }

# ---- the engine -------------------------------------------------------------------------------

# What the test may do to this machine's Docker (MILK_TEST_DOCKER): unset, it uses an engine that
# answers, is in no swarm and runs no container (it joins it to a swarm of its own and leaves it
# again); 'use' also an engine that is a swarm manager or runs other containers (the stack is
# named milktest); 'install' also installs Debian's docker.io and starts dockerd as root where no
# engine answers (what .ci/run sets); 'skip' never touches Docker.
docker_permission="${MILK_TEST_DOCKER:-}"
case "$docker_permission" in
  '' | use | install | skip) ;;
  *)
    log "MILK_TEST_DOCKER is '$docker_permission'; set use, install or skip, or leave it unset"
    exit 2
    ;;
esac

apt_install() {
  [[ "$docker_permission" == install && $EUID -eq 0 ]] && command -v apt-get > /dev/null || return 1
  if [[ ! -f "$state/apt-updated" ]]; then
    apt-get update -qq > /dev/null 2>&1 || return 1
    touch "$state/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null 2>&1
}

start_dockerd() {
  log "starting dockerd (stopped again by 'clean')"
  dockerd > "$state/dockerd.log" 2>&1 &
  echo $! > "$state/dockerd.pid"
  for _ in $(seq 60); do
    docker info > /dev/null 2>&1 && break
    kill -0 "$(< "$state/dockerd.pid")" 2> /dev/null || break
    sleep 1
  done
}

# skip_unless_told WHAT PERMISSION: the test is skipped, saying why and how to let it run.
skip_unless_told() {
  skip "$1; MILK_TEST_DOCKER=$2 ./mvnw verify lets the Docker tests do it ($3)"
}

# The dockerd this test started, still running (a pid file a crashed run left may name another process).
own_dockerd() {
  [[ -f "$state/dockerd.pid" && "$(cat "/proc/$(< "$state/dockerd.pid")/comm" 2> /dev/null)" == dockerd ]]
}
# The swarm this test initialised, still the engine's (one the user made since is not).
own_swarm() {
  [[ -f "$state/swarm-initialised" ]] \
    && [[ "$(< "$state/swarm-initialised")" == "$(docker info --format '{{.Swarm.NodeID}}' 2> /dev/null)" ]]
}
# From here on the engine is the test's to change, and 'clean' undoes what it did; before, nothing
# is written and 'clean' touches nothing.
claim_engine() {
  mkdir -p "$state"
  touch "$state/claimed"
}

ensure_engine() {
  [[ "$docker_permission" != skip ]] || skip "MILK_TEST_DOCKER=skip"
  if ! docker info > /dev/null 2>&1; then
    [[ "$docker_permission" == install ]] || skip_unless_told "no Docker engine answers" install \
      "install Debian's docker.io if it is missing, and start dockerd as root until the tests end"
    claim_engine
    if ! command -v dockerd > /dev/null; then
      log "no Docker engine answers: installing Debian's docker.io"
      apt_install docker.io || skip "no Docker engine answers, and docker.io cannot be installed here (root and apt-get are needed)"
    fi
    [[ $EUID -eq 0 ]] || skip "no Docker engine answers, and only root can start dockerd"
    start_dockerd
    # A known failure of Debian's dockerd 20.10: a swarm left in a hurry (an earlier run stopped
    # mid-way) leaves a network without address pools in its store, and dockerd then panics in
    # reservePools at every start. The store is moved aside, not deleted, and named in the log.
    local store=/var/lib/docker/network/files/local-kv.db
    if ! docker info > /dev/null 2>&1 && grep -q 'reservePools' "$state/dockerd.log" && [[ -f "$store" ]]; then
      mv "$store" "$store.milk-swarm-test-$(date +%s)"
      log "dockerd panicked on its network store (reservePools): moved it aside to $store.milk-swarm-test-*, retrying"
      start_dockerd
    fi
    docker info > /dev/null 2>&1 || {
      local reason
      reason="$(grep -m 1 -iE 'level=(fatal|error)' "$state/dockerd.log" | cut -c 1-300 || true)"
      rm -f "$state/dockerd.pid"
      skip "dockerd cannot start here: ${reason:-see $state/dockerd.log}"
    }
  fi
  if [[ -z "$docker_permission" ]] && ! own_dockerd && ! own_swarm; then
    local swarm containers
    swarm="$(docker info --format '{{.Swarm.LocalNodeState}}')"
    containers="$(docker ps --all --quiet | wc -l)"
    [[ "$swarm" == inactive ]] || skip_unless_told "this Docker engine is part of a swarm ($swarm)" use \
      "deploy a stack named $STACK on it, and remove it after"
    (( containers == 0 )) || skip_unless_told "this Docker engine holds $containers containers of its own" use \
      "join it to a swarm of the test's own, deploy a stack named $STACK, and leave both after"
  fi
  claim_engine
  # Anonymous volumes (of images' VOLUMEs, in one-shot services) that appear from now on are this
  # test's; named ones never are.
  [[ -f "$state/volumes-before" ]] || anonymous_volumes > "$state/volumes-before"
  if [[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" == inactive ]]; then
    log "docker swarm init (left again by 'clean')"
    docker network inspect docker_gwbridge > /dev/null 2>&1 || touch "$state/gwbridge-made"
    docker swarm init --advertise-addr 127.0.0.1 > /dev/null || skip "docker swarm init failed on this engine"
    docker info --format '{{.Swarm.NodeID}}' > "$state/swarm-initialised"
  fi
  [[ "$(docker info --format '{{.Swarm.ControlAvailable}}')" == true ]] \
    || skip "this engine is a swarm worker; the test needs a manager"
}

# ---- images -----------------------------------------------------------------------------------

have_image() { docker image inspect "$1" > /dev/null 2>&1; }
made_image() { printf '%s\n' "$1" >> "$state/images"; }

# build TAG CONTEXT [docker build options]: builds unless present; recorded for 'clean'.
build() {
  local tag="$1" context="$2"
  shift 2
  have_image "$tag" && return
  log "building $tag"
  docker build --quiet --tag "$tag" "$@" "$context" > /dev/null 2> "$state/build.log" \
    || fail "building $tag: $(grep -v -i deprecat "$state/build.log" | tail -n 5)"
  made_image "$tag"
}

java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -x "$candidate/bin/jlink" ]] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25' \
      && printf '%s' "$candidate" && return
  done
  return 1
}

build_standins() {
  local jdk context
  jdk="$(java_home)" || fail "a JDK 25 is needed for the stand-in images (set JAVA_HOME)"
  if ! have_image milk-test/debian:bookworm; then
    command -v debootstrap > /dev/null || apt_install debootstrap \
      || skip "debootstrap is needed for the local base images (MILK_TEST_DOCKER=install installs it as root; or run with MILK_SWARM_TEST_BASES=official)"
    log "debootstrap: a Debian bookworm root file system"
    rm -rf "$state/rootfs"
    debootstrap --variant=minbase bookworm "$state/rootfs" http://deb.debian.org/debian > "$state/debootstrap.log" 2>&1 \
      || fail "debootstrap: $(tail -n 3 "$state/debootstrap.log")"
    rm -rf "$state/rootfs"/var/cache/apt/archives/*.deb "$state/rootfs"/var/lib/apt/lists/*
    tar -C "$state/rootfs" -c . | docker import - milk-test/debian:bookworm > /dev/null
    made_image milk-test/debian:bookworm
    rm -rf "$state/rootfs"
  fi
  context="$state/context"
  if ! have_image milk-test/jdk:25; then
    rm -rf "$context" && mkdir -p "$context"
    cp "$here/standins/jdk/Dockerfile" "$context/"
    cp -rL "$jdk" "$context/jdk"
    build milk-test/jdk:25 "$context" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  fi
  if ! have_image milk-test/jre:25; then
    rm -rf "$context" && mkdir -p "$context"
    cp "$here/standins/jre/Dockerfile" "$context/"
    # The modules of Temurin's JRE that Milk and Kafka use; the JDK's tools stay out.
    "$jdk/bin/jlink" --output "$context/jre" --strip-debug --no-man-pages --no-header-files \
      --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.localedata,jdk.charsets,jdk.httpserver,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.attach
    build milk-test/jre:25 "$context" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  fi
  build milk-test/postgres:15 "$here/standins/postgres" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  build milk-test/prometheus:2 "$here/standins/prometheus" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  build milk-test/nginx:1 "$here/standins/nginx" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  if ! have_image milk-test/kafka:4.1.0; then
    rm -rf "$context" && mkdir -p "$context"
    cp -r "$here/standins/kafka/." "$context/"
    JAVA_HOME="$jdk" "$root/mvnw" -q -B -ntp -f "$context/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$context/libs" > "$state/build.log" 2>&1 \
      || fail "the Kafka jars could not be fetched: $(tail -n 5 "$state/build.log")"
    build milk-test/kafka:4.1.0 "$context" --build-arg JRE_IMAGE=milk-test/jre:25
  fi
  rm -rf "$context"
}

build_images() {
  # Build stages leave untagged images behind: those that appear from now on are this test's too.
  [[ -f "$state/dangling-before" ]] || docker images --quiet --filter dangling=true | sort > "$state/dangling-before"
  if [[ "$bases" == official ]]; then
    if ! docker pull --quiet postgres:15-alpine > /dev/null || ! docker pull --quiet apache/kafka:4.1.0 > /dev/null \
      || ! docker pull --quiet "$PROMETHEUS_IMAGE" > /dev/null || ! docker pull --quiet "$EDGE_IMAGE" > /dev/null; then
      skip "the official images cannot be pulled here (run without MILK_SWARM_TEST_BASES=official)"
    fi
  else
    build_standins
  fi
  # Milk's image is built every time, never taken as found: one left by an earlier run of another
  # checkout would test other code (Docker's layer cache makes a rebuild of the same code quick).
  log "building $MILK_IMAGE from the project's Dockerfile (./deploy.sh build)"
  have_image "$MILK_IMAGE" || made_image "$MILK_IMAGE"
  deploy build > "$state/build.log" 2>&1 || fail "./deploy.sh build: $(tail -n 20 "$state/build.log")"
  # A new tag for the rolling update, and one that can never become ready, for the rollback.
  docker rmi milk-test/milk:2 milk-test/milk:never-ready > /dev/null 2>&1 || true
  printf 'FROM %s\nLABEL dev.milk.swarm-test=second\n' "$MILK_IMAGE" | build milk-test/milk:2 -
  printf 'FROM %s\nHEALTHCHECK --interval=2s --timeout=2s --retries=1 CMD ["false"]\n' \
    "$MILK_IMAGE" | build milk-test/milk:never-ready -
}

# ---- the stack ----------------------------------------------------------------------------------

containers() { docker ps --filter "label=com.docker.swarm.service.name=${STACK}_$1" --format '{{.ID}}'; }
psql_milk() { docker exec "$(containers postgres | head -n 1)" psql -U milk -d milk -tAq -c "$1"; }
kafka_tool() {
  local tool="$1"
  shift
  docker exec "$(containers kafka | head -n 1)" "/opt/kafka/bin/$tool" "$@"
}

# run_bot NAME SCRIPT: runs SCRIPT with bash in a container of the Kafka image on the stack's
# network, as a bot's process would be, waits for it to end and prints its output. A bot that fails
# shows its output and its task's error.
run_bot() {
  start_bot "$1" "$KAFKA_IMAGE" "$2"
  finish_bot "$1"
}
# start_bot NAME IMAGE SCRIPT: starts SCRIPT with bash in a container of IMAGE on the stack's network.
start_bot() {
  docker service create --quiet --detach --no-resolve-image --name "${STACK}-bot-$1" --network "${STACK}_milk" \
    --restart-condition none --entrypoint bash "$2" -c "$3" > /dev/null
}
# finish_bot NAME: waits for bot NAME to end, prints its output and removes it; fails unless it succeeded.
finish_bot() {
  local service="${STACK}-bot-$1" status="" output task
  for _ in $(seq "$(patience 600)"); do
    status="$(docker service ps "$service" --format '{{.CurrentState}}' | head -n 1)"
    [[ "$status" == Complete* || "$status" == Failed* || "$status" == Rejected* ]] && break
    sleep 1
  done
  output="$(docker service logs --raw "$service" 2> /dev/null || true)"
  task="$(docker service ps --no-trunc "$service" --format '{{.CurrentState}}: {{.Error}}' | head -n 1)"
  docker service rm "$service" > /dev/null
  if [[ "$status" != Complete* ]]; then
    log "bot $1's task: $task; its output ends:"
    tail -n 30 <<< "$output" | cut -c 1-300 | sed 's/^/    /' >&2
    fail "bot $1 ended as '$status'"
  fi
  printf '%s\n' "$output"
}

# The functions a bot script starts with: latte (generation 2) headers on every record, replies
# awaited by key and rpc-in-reply-to, as Beemo's own client reads them.
bot_prelude() {
  sed "s/@REPLY_TRIES@/$(patience 60)/" << 'BOT'
set -euo pipefail
export KAFKA_HEAP_OPTS=-Xmx256m
uuid() { cat /proc/sys/kernel/random/uuid; }
# send TOPIC < lines of "message-id<TAB>key<TAB>value"
send() {
  awk -F '\t' '{ printf "source-service:swarm-bot,source-instance:swarm-bot-1,target-services:milk,target-instances:,message-id:%s\t%s\t%s\n", $1, $2, $3 }' \
    | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server kafka:9092 --topic "$1" \
        --property parse.headers=true --property parse.key=true --producer-property max.request.size=4194304 \
        --producer-property acks=all > /dev/null
}
# replies TOPIC COUNT: the replies to this bot on TOPIC, once COUNT have come (headers<TAB>key<TAB>value)
replies() {
  for _ in $(seq @REPLY_TRIES@); do
    /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic "$1" --from-beginning --timeout-ms 5000 \
      --property print.headers=true --property print.key=true 2> /dev/null \
      | grep -a 'target-services:swarm-bot' | grep -a 'rpc-in-reply-to:' > /tmp/replies || true
    [[ "$(wc -l < /tmp/replies)" -ge "$2" ]] && cat /tmp/replies && return
  done
  echo "only $(wc -l < /tmp/replies) of $2 replies on $1" >&2
  return 1
}
# accounts FROM COUNT: raid users as JSON, ids 1300000000XXXXXXXXX (%.0f: awk's %d stops at 2^31)
accounts() {
  awk -v from="$1" -v count="$2" 'BEGIN { for (i = from; i < from + count; i++)
    printf "%s{\"id\":\"1300000000%09d\",\"name\":\"bot %d\",\"avatarHash\":null,\"createdAtMillis\":1700000000000,\"joinedAtMillis\":%.0f}",
      (i > from ? "," : ""), i, i, 1763899000000 + int(i / 100) }'
}
BOT
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
# reads_each PATH: asks every reads replica directly (reads publish no port: inside each task);
# prints "task status" per replica.
reads_each() {
  local id
  for id in $(containers reads); do
    printf '%s %s\n' "$id" "$(http10_status 8080 "$1" "$id")"
  done
}
every_replica_serves() {
  local path="$1" expected="$2" lines
  lines="$(reads_each "$path")"
  if [[ "$(wc -l <<< "$lines")" -ne "$expected" ]] || grep -qv ' 200$' <<< "$lines"; then
    log "  $path per replica (task, status): $(tr '\n' ';' <<< "$lines")"
    return 1
  fi
}

services_converged() { deploy wait "${1:-300}" > /dev/null 2> "$state/wait.log" || { cat "$state/wait.log" >&2; return 1; }; }

replicas() { docker service ls --filter "name=${STACK}_$1" --format '{{.Replicas}}'; }

prove_converged() {
  check "the stack converges: every replica running and healthy (the image's HEALTHCHECK on readiness)" \
    services_converged "$(patience 420)"
  check "postgres 1/1" equals "$(replicas postgres)" 1/1
  check "kafka 1/1" equals "$(replicas kafka)" 1/1
  check "writes 2/2" equals "$(replicas writes)" 2/2
  check "reads 3/3" equals "$(replicas reads)" 3/3
  check "every migration applied exactly once, by two writers starting together" equals \
    "$(psql_milk "SELECT count(*) FILTER (WHERE script = 'V1__raid.sql') || '/' || bool_and(success) || '/' ||
      (SELECT count(*) FROM (SELECT script FROM flyway_schema_history GROUP BY script HAVING count(*) > 1) twice)
      FROM flyway_schema_history")" "1/true/0"
  check "reads connect as milk_reads" test "$(psql_milk "SELECT count(*) FROM pg_stat_activity WHERE usename = 'milk_reads'")" -ge 3
  check "milk_reads can only read" equals "$(psql_milk "SELECT bool_or(has_table_privilege('milk_reads', c.oid,
    'INSERT,UPDATE,DELETE,TRUNCATE')) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'")" f
  check "reads take their password from the Docker secret milk_reads_password" equals \
    "$(docker service inspect "${STACK}_reads" --format '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}} {{range .Spec.TaskTemplate.ContainerSpec.Env}}{{if eq . "MILK_DATABASE_PASSWORD_FILE=/run/secrets/milk_reads_password"}}file{{end}}{{end}}')" \
    "milk_reads_password file"
}

raid_public_id=""
archive_public_id=""
prove_raid_and_archive_reach_every_replica() {
  local out
  out="$(run_bot publish "$(bot_prelude)
raid=swarm-raid-\$(uuid); archive=swarm-archive-\$(uuid)
{ printf '%s\tcreate-raid\t{\"request\":{\"raidId\":\"%s\",\"guildId\":\"81384788765712384\"}}\n' \$(uuid) \$raid
  printf '%s\tbatch-insert-raid-users\t{\"request\":{\"raidId\":\"%s\",\"guildId\":\"81384788765712384\",\"users\":[%s]}}\n' \$(uuid) \$raid \"\$(accounts 0 1000)\"
  printf '%s\tconclude-raid\t{\"request\":{\"raidId\":\"%s\",\"guildId\":\"81384788765712384\",\"concludedAtMillis\":1763899600000}}\n' \$(uuid) \$raid
} | send raid-management
{ printf '%s\t%s\t{\"type\":\"archive.created\",\"archiveId\":\"%s\",\"guildId\":\"81384788765712384\",\"channelId\":\"1\",\"channelName\":\"general\",\"reason\":\"swarm test\",\"createdBy\":\"2\",\"createdAtMillis\":1763899000000}\n' \$(uuid) \$archive \$archive
  printf '%s\t%s\t{\"type\":\"archive.messages\",\"archiveId\":\"%s\",\"messages\":[{\"id\":\"1320000000000000001\",\"authorId\":\"3\",\"authorName\":\"moderator\",\"content\":\"archived in the swarm\",\"createdAtMillis\":1763899100000}]}\n' \$(uuid) \$archive \$archive
  printf '%s\t%s\t{\"type\":\"archive.sealed\",\"archiveId\":\"%s\",\"sealedAtMillis\":1763899200000}\n' \$(uuid) \$archive \$archive
} | send message-archives
replies raid-management 3 | grep -ao 'conclude-raid.response.*' | grep -ao '\"publicId\":\"[^\"]*' | sed 's/.*\"/raid /'
replies message-archives 1 | grep -ao '\"publicId\":\"[^\"]*' | sed 's/.*\"/archive /'
")"
  raid_public_id="$(awk '$1 == "raid" { print $2 }' <<< "$out")"
  archive_public_id="$(awk '$1 == "archive" { print $2 }' <<< "$out")"
  check "a bot on the stack's network gets Milk's replies with the public ids" test -n "$raid_public_id" -a -n "$archive_public_id"
  check "every reads replica, asked directly, serves the raid" every_replica_serves "/raid/$raid_public_id" 3
  check "every reads replica serves the archive" every_replica_serves "/archive/$archive_public_id" 3
  check "the raid holds its 1,000 accounts" equals \
    "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id) FROM raid r WHERE public_id = '$raid_public_id'")" 1000/1000
}

edge_port() { docker port "$(containers edge | head -n 1)" 8080/tcp | head -n 1 | sed 's/.*://'; }
through_edge() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$(edge_port)$1"; }

# The stack's services that publish a port, by name.
published_services() {
  local services
  mapfile -t services < <(docker service ls --quiet --filter "label=com.docker.stack.namespace=$STACK")
  docker service inspect "${services[@]}" --format '{{.Spec.Name}}{{with .Spec.EndpointSpec}}{{range .Ports}} {{.PublishedPort}}{{end}}{{end}}' \
    | awk 'NF > 1 { print $1 }' | sort | tr '\n' ' '
}

# A visitor on the stack's network asking the edge for PATH, from its own address, in a loop for
# SECONDS (or COUNT times): each request names another address in X-Forwarded-For, as a visitor
# trying to escape the limit would. Prints "status retry-after" per answer, counted.
visitor() {
  local path="$1" seconds="$2" count="$3" pause="$4"
  cat << VISITOR
answer() {
  local i=0 status ra line
  while ((SECONDS < $seconds && i < $count)); do
    i=\$((i + 1)); status=none; ra=
    if exec 3<> /dev/tcp/edge/8080; then
      printf 'GET %s HTTP/1.0\r\nHost: milk\r\nX-Forwarded-For: 203.0.113.%d\r\n\r\n' '$path' \$((i % 250)) >&3
      read -r _ status _ <&3 || status=none
      while read -r line <&3; do
        line=\${line%\$'\r'}
        [[ -z \$line ]] && break
        [[ \${line,,} == retry-after:* ]] && ra=\${line#*: }
      done
      exec 3<&-
    fi
    echo "\$status \$ra"
    sleep $pause
  done
}
{ answer & answer & wait; } | sort | uniq -c
VISITOR
}
limited() { grep -qE '^ *[0-9]+ 429 [0-9]+$' <<< "$1" && grep -qE '^ *[0-9]+ 200 *$' <<< "$1"; }
served_only() { [[ "$(grep -cv '^ *[0-9]* 200 *$' <<< "$1")" -eq 0 && "$(awk '{ n += $1 } END { print n }' <<< "$1")" -eq "$2" ]]; }

# The edge owns the public port; the management port is never published; the rate limit is on
# per visitor, whatever a visitor writes in X-Forwarded-For.
prove_edge() {
  local id
  check "through the edge (nginx on the public port), the raid is served" equals \
    "$(through_edge "/raid/$raid_public_id")" 200
  check "and the archive" equals "$(through_edge "/archive/$archive_public_id")" 200
  check "and to an HTTP/1.0 client that names no Host" equals "$(http10_status "$(edge_port)" "/raid/$raid_public_id")" 200
  check "no management route through the public port (/actuator/prometheus: 404)" equals \
    "$(through_edge /actuator/prometheus)" 404
  check "nothing but the edge publishes a port" equals "$(published_services)" "${STACK}_edge "
  id="$(containers reads | head -n 1)"
  check "a reads task answers health on its management port (8081)" equals \
    "$(http10_status 8081 /actuator/health/readiness "$id")" 200
  check "and no management route on its public port (8080)" equals "$(http10_status 8080 /actuator/prometheus "$id")" 404
  # One visitor asks as fast as it can for 15 s while another asks 60 times, 4 a second, meanwhile.
  local hurried calm
  start_bot hurried "$MILK_IMAGE" "$(visitor "/raid/$raid_public_id" 15 100000 0)"
  start_bot calm "$MILK_IMAGE" "$(visitor "/raid/$raid_public_id" 60 30 0.5)"
  hurried="$(finish_bot hurried)"
  calm="$(finish_bot calm)"
  log "  a visitor asking as fast as it can for 15 s, naming 250 addresses (count, status, Retry-After): $(tr -s ' \n' ' ' <<< "$hurried")"
  log "  meanwhile another visitor, 4 a second: $(tr -s ' \n' ' ' <<< "$calm")"
  check "the rate limit is on per visitor: the hurried one gets its burst, then 429 with Retry-After" limited "$hurried"
  check "while the other visitor is served every time" served_only "$calm" 60
}

# assigned GROUP: the number of partitions of each member of a consumer group, sorted, one line.
assigned() {
  kafka_tool kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --members --group "$1" 2> /dev/null \
    | awk 'NF >= 5 && $NF ~ /^[0-9]+$/ { print $NF }' | sort -n | tr '\n' ' ' | sed 's/ $//'
}
settled() {
  local deadline=$((SECONDS + $(patience 120)))
  until [[ "$(assigned "$1")" == "$2" ]]; do
    ((SECONDS < deadline)) || {
      log "  group $1 members' partitions: '$(assigned "$1")', expected '$2'"
      return 1
    }
    sleep 2
  done
}

prove_scaling() {
  deploy scale reads 5 > /dev/null 2>&1 &
  deploy scale writes 3 > /dev/null 2>&1 &
  wait
  # As an operator keeps a scale across later deploys.
  export MILK_READS_REPLICAS=5 MILK_WRITES_REPLICAS=3
  check "scaled to reads 5 and writes 3, every new replica healthy" services_converged "$(patience 300)"
  check "all five reads replicas serve" every_replica_serves "/raid/$raid_public_id" 5
  check "writers beyond the raid topic's one partition idle: 3 members, one assigned" \
    settled milk-writes.raid-management "0 0 1"
  check "the archive topic's 6 partitions spread over the 3 writers" settled milk-writes.message-archives "2 2 2"
  local out
  out="$(run_bot rescaled "$(bot_prelude)
raid=swarm-raid-\$(uuid); batch=\"\$(accounts 5000 1000)\"
{ printf '%s\tbatch-insert-raid-users\t{\"request\":{\"raidId\":\"%s\",\"guildId\":\"81384788765712384\",\"users\":[%s]}}\n' \$(uuid) \$raid \"\$batch\"
  printf '%s\tbatch-insert-raid-users\t{\"request\":{\"raidId\":\"%s\",\"guildId\":\"81384788765712384\",\"users\":[%s]}}\n' \$(uuid) \$raid \"\$batch\"
} | send raid-management
echo \"raid \$raid\"
")"
  local raid
  raid="$(awk '$1 == "raid" { print $2 }' <<< "$out")"
  for _ in $(seq "$(patience 60)"); do
    [[ "$(psql_milk "SELECT count(*) FROM raid WHERE internal_id = '$raid'")" == 1 ]] && break
    sleep 1
  done
  sleep 3
  check "after the rebalance, a batch sent twice is stored once" equals \
    "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id) FROM raid r WHERE internal_id = '$raid'")" 1000/1000
}

# promql QUERY: one instant query's values, asked of the stack's Prometheus with its own promtool.
promql() {
  docker exec "$(docker ps --filter "label=com.docker.swarm.service.name=${STACK}-prometheus" --format '{{.ID}}' | head -n 1)" \
    promtool query instant http://127.0.0.1:9090 "$1" 2> /dev/null | sed -n 's/.* => \([0-9.]*\) @.*/\1/p'
}
scraped() {
  for _ in $(seq "$(patience 60)"); do
    [[ "$(promql "$1")" == "$2" ]] && return
    sleep 2
  done
  log "  $1: expected $2, got '$(promql "$1")'"
  return 1
}

# rules_healthy COUNT: Prometheus's rules API lists COUNT of Milk's rules, each evaluated fine
# (wget in the official image, bash's /dev/tcp in the stand-in).
rules_healthy() {
  local rules
  for _ in $(seq "$(patience 30)"); do
    rules="$(docker exec "$(docker ps --filter "label=com.docker.swarm.service.name=${STACK}-prometheus" --format '{{.ID}}' | head -n 1)" \
      sh -c 'wget -qO- http://127.0.0.1:9090/api/v1/rules 2> /dev/null || bash -c "exec 3<>/dev/tcp/127.0.0.1/9090
        printf \"GET /api/v1/rules HTTP/1.0\r\n\r\n\" >&3; cat <&3"' 2> /dev/null || true)"
    [[ "$(grep -o '"name":"Milk[A-Za-z]*"' <<< "$rules" | sort -u | wc -l)" -eq "$1" \
      && "$(grep -o '"health":"ok"' <<< "$rules" | wc -l)" -ge "$1" ]] && return
    sleep 2
  done
  log "  rules: $(cut -c 1-300 <<< "$rules")"
  return 1
}

# Prometheus with ops/prometheus.yml and ops/alerts.yml as they are, on the stack's network (as
# ops/monitoring.yml runs it): it must find every task of each role through Swarm's DNS.
prove_monitoring() {
  docker service create --quiet --detach --no-resolve-image --name "${STACK}-prometheus" --network "${STACK}_milk" \
    --endpoint-mode dnsrr --mount "type=bind,source=$root/ops,destination=/etc/prometheus,readonly" \
    "$PROMETHEUS_IMAGE" --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus > /dev/null
  check "Prometheus (ops/prometheus.yml) finds and scrapes all 3 writers through tasks.writes" \
    scraped 'count(up{job="milk-writes"} == 1)' 3
  check "and all 5 readers through tasks.reads" scraped 'count(up{job="milk-reads"} == 1)' 5
  check "every task reports itself ready (milk_readiness), by role" \
    scraped 'count(milk_readiness{role=~"writes|reads"} == 1)' 8
  check "the raid topic's lag comes from the writer holding its partition" \
    scraped 'count(kafka_consumer_fetch_manager_records_lag{job="milk-writes", topic="raid-management"})' 1
  check "the 6 alert rules (ops/alerts.yml) are loaded, each evaluated without error" rules_healthy 6
  docker service rm "${STACK}-prometheus" > /dev/null
}

# A client on the stack's network reads the raid in a loop, as a reverse proxy in front of the
# reads service would: it resolves the service's name (DNS round-robin) and, when a replica
# refuses the connection or drops it unanswered, asks the next one. Any answer but 200 is a failure.
start_reader() {
  docker service create --quiet --detach --no-resolve-image --name "${STACK}-reader" --network "${STACK}_milk" \
    --restart-condition none --entrypoint bash "$MILK_IMAGE" -c "
ok=0; failed=0; turn=0
while true; do
  mapfile -t replicas < <(getent ahostsv4 reads | awk '{ print \$1 }' | sort -u)
  status=none
  for ((i = 0; i < \${#replicas[@]}; i++)); do
    address=\${replicas[(turn + i) % \${#replicas[@]}]}
    if exec 3<> /dev/tcp/\$address/8080; then
      printf 'GET /raid/$raid_public_id HTTP/1.0\r\n\r\n' >&3
      status=\$(head -n 1 <&3 | awk '{ print \$2 }')
      exec 3<&-
      [[ -n \$status ]] && break
    fi
    status=none
  done 2> /dev/null
  turn=\$((turn + 1))
  if [[ \$status == 200 ]]; then ok=\$((ok + 1)); else failed=\$((failed + 1)); echo \"FAILED \$status\"; fi
  ((turn % 20 == 0)) && echo \"reads ok=\$ok failed=\$failed\"
  sleep 0.05
done" > /dev/null
}
stop_reader() {
  local summary
  summary="$(docker service logs --raw "${STACK}-reader" 2> /dev/null | grep -a -E '^(reads|FAILED)' || true)"
  docker service rm "${STACK}-reader" > /dev/null
  grep -a '^reads' <<< "$summary" | tail -n 1
  grep -a '^FAILED' <<< "$summary" | sort | uniq -c | sed 's/^/  /' >&2 || true
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

prove_rolling_update() {
  local reads_before writes_before
  reads_before="$(update_started reads)"
  writes_before="$(update_started writes)"
  start_reader
  sleep 10
  MILK_IMAGE=milk-test/milk:2 deploy deploy > /dev/null 2>&1
  check "the rolling update of reads completes" update_ends_as reads completed 600 "$reads_before"
  check "the rolling update of writes completes" update_ends_as writes completed 600 "$writes_before"
  check "every replica converged on the new tag" services_converged "$(patience 300)"
  check "every reads replica runs milk-test/milk:2" equals "$(running_images reads)" milk-test/milk:2
  check "every writes replica runs milk-test/milk:2" equals "$(running_images writes)" milk-test/milk:2
  sleep 5
  local summary
  summary="$(stop_reader)"
  log "  reader during the update: $summary"
  [[ "$summary" =~ ok=([0-9]+)\ failed=([0-9]+) ]] || fail "the reader printed no summary"
  check "zero failed reads during the rolling update (${BASH_REMATCH[1]} served)" test "${BASH_REMATCH[2]}" -eq 0 -a "${BASH_REMATCH[1]}" -gt 100
}

prove_rollback() {
  local reads_before writes_before
  reads_before="$(update_started reads)"
  writes_before="$(update_started writes)"
  MILK_IMAGE=milk-test/milk:never-ready deploy deploy > /dev/null 2>&1
  check "an update to an image that never becomes ready is rolled back by Swarm (reads)" \
    update_ends_as reads rollback_completed 600 "$reads_before"
  check "... and writes" update_ends_as writes rollback_completed 600 "$writes_before"
  check "the stack converges again on the previous image" services_converged "$(patience 300)"
  check "reads run milk-test/milk:2 again" equals "$(running_images reads)" milk-test/milk:2
  check "writes run milk-test/milk:2 again" equals "$(running_images writes)" milk-test/milk:2
  check "every reads replica serves after the rollback" every_replica_serves "/raid/$raid_public_id" 5
}

# The writer that holds the raid topic's partition: its address, from the consumer group.
raid_writer() {
  local address id
  address="$(kafka_tool kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --members \
    --group milk-writes.raid-management 2> /dev/null | awk 'NF >= 5 && $NF == "1" { print $3 }' | tr -d '/' | head -n 1)"
  for id in $(containers writes); do
    docker inspect "$id" --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' | grep -qw "$address" \
      && printf '%s' "$id" && return
  done
  return 1
}

prove_kill_mid_ingest() {
  local raid=swarm-kill-$RANDOM$RANDOM accounts=1000000 writer stored
  docker service create --quiet --detach --no-resolve-image --name "${STACK}-bot-ingest" --network "${STACK}_milk" \
    --restart-condition none --entrypoint bash "$KAFKA_IMAGE" -c "$(bot_prelude)
for ((r = 0; r < 100; r++)); do
  printf '%s\tbatch-insert-raid-users\t{\"request\":{\"raidId\":\"$raid\",\"guildId\":\"81384788765712384\",\"users\":[%s]}}\n' \
    \$(uuid) \"\$(accounts \$((2000000 + r * 10000)) 10000)\"
done | send raid-management" > /dev/null
  for _ in $(seq "$(patience 300)"); do
    stored="$(psql_milk "SELECT coalesce(max(user_count), 0) FROM raid WHERE internal_id = '$raid'")"
    ((stored > 0)) && break
    sleep 0.5
  done
  writer="$(raid_writer)" || fail "no writer holds the raid partition"
  log "killing writes task $writer with $stored of $accounts accounts stored"
  docker kill "$writer" > /dev/null
  check "the ingest was under way when the writer was killed" test "$stored" -gt 0 -a "$stored" -lt "$accounts"
  check "Swarm replaces the killed writer: 3 healthy writes replicas again" services_converged "$(patience 300)"
  local deadline=$((SECONDS + $(patience 600)))
  until [[ "$(psql_milk "SELECT coalesce(max(user_count), 0) FROM raid WHERE internal_id = '$raid'")" -ge $accounts ]] \
    || ((SECONDS > deadline)); do
    sleep 2
  done
  docker service rm "${STACK}-bot-ingest" > /dev/null 2>&1 || true
  check "every account of the 1,000,000 stored exactly once" equals \
    "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id) || '/' ||
      (SELECT count(DISTINCT user_id) FROM raid_user u WHERE u.raid_id = r.id) FROM raid r WHERE internal_id = '$raid'")" \
    "$accounts/$accounts/$accounts"
}

prove_image_facts() {
  check "the image runs as a non-root user" test "$(docker run --rm --entrypoint id "$MILK_IMAGE" -u)" -ne 0
  check "the image carries no embedded PostgreSQL and no Kafka broker (standalone run only)" \
    test -z "$(docker run --rm --entrypoint bash "$MILK_IMAGE" -c \
      'ls /app/lib | grep -E "^(embedded-postgres|kafka_2\.13|kafka-server-[0-9]|kafka-raft|milk-standalone)" || true')"
  log "layers of $MILK_IMAGE (size, instruction):"
  docker history --format '{{.Size}}\t{{.CreatedBy}}' "$MILK_IMAGE" | cut -c 1-110 | sed 's/^/    /' >&2
  log "$(docker image inspect "$MILK_IMAGE" --format '{{.Size}}' | awk '{ printf "image size: %.0f MB", $1 / 1e6 }')"
}

secrets_made() {
  local name
  for name in milk_db_password milk_reads_password; do
    docker secret inspect "$name" > /dev/null 2>&1 || printf '%s\n' "$name" >> "$state/secrets"
  done
  deploy secrets > /dev/null 2>&1
}

remove_stack() {
  docker service rm "${STACK}-reader" "${STACK}-bot-ingest" "${STACK}-prometheus" > /dev/null 2>&1 || true
  docker stack rm "$STACK" > /dev/null 2>&1 || true
  for _ in $(seq 90); do
    [[ -z "$(docker ps -a --filter "label=com.docker.stack.namespace=$STACK" --format '{{.ID}}')" ]] \
      && [[ -z "$(docker network ls --filter "label=com.docker.stack.namespace=$STACK" --format '{{.ID}}')" ]] && break
    sleep 1
  done
  docker volume rm "${STACK}_postgres-data" "${STACK}_kafka-data" > /dev/null 2>&1 || true
}

stack() {
  trap remove_stack EXIT
  local started=$SECONDS
  secrets_made
  log "deploying the stack '$STACK' (./deploy.sh deploy, with $(basename "$MILK_STACK_OVERRIDE"))"
  deploy deploy > "$state/deploy.log" 2>&1 || fail "./deploy.sh deploy: $(tail -n 5 "$state/deploy.log")"
  prove_converged
  prove_raid_and_archive_reach_every_replica
  prove_edge
  prove_scaling
  prove_monitoring
  prove_rolling_update
  prove_rollback
  prove_kill_mid_ingest
  prove_image_facts
  log "PASSED in $((SECONDS - started)) s"
}

# Unused volumes with Docker's generated names: the anonymous ones.
anonymous_volumes() {
  docker volume ls --quiet --filter dangling=true | grep -E '^[0-9a-f]{64}$' | sort || true
}

clean() {
  remove_stack
  if [[ -f "$state/secrets" ]]; then
    xargs -r docker secret rm < "$state/secrets" > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/images" ]]; then
    tac "$state/images" | xargs -r docker rmi --force > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/dangling-before" ]]; then
    comm -13 "$state/dangling-before" <(docker images --quiet --filter dangling=true | sort) \
      | xargs -r docker rmi --force > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/volumes-before" ]]; then
    comm -13 "$state/volumes-before" <(anonymous_volumes) | xargs -r docker volume rm > /dev/null 2>&1 || true
  fi
  if own_swarm; then
    docker swarm leave --force > /dev/null 2>&1 || true
    [[ -f "$state/gwbridge-made" ]] && { docker network rm docker_gwbridge > /dev/null 2>&1 || true; }
  fi
  if own_dockerd; then
    kill "$(< "$state/dockerd.pid")" 2> /dev/null || true
    for _ in $(seq 30); do kill -0 "$(< "$state/dockerd.pid")" 2> /dev/null || break; sleep 1; done
  fi
  rm -rf "$state"
}

case "${1:-all}" in
  engine) ensure_engine ;;
  images)
    ensure_engine
    build_images
    printf 'images: milk=%s postgres=%s kafka=%s\n' "$MILK_IMAGE" "$POSTGRES_IMAGE" "$KAFKA_IMAGE"
    ;;
  stack)
    docker info > /dev/null 2>&1 || skip "no Docker engine answers (run 'swarm-test/run.sh images' first)"
    have_image "$MILK_IMAGE" || fail "no image $MILK_IMAGE (run 'swarm-test/run.sh images' first)"
    stack
    ;;
  clean)
    if [[ -f "$state/claimed" ]]; then clean; fi
    ;;
  all)
    trap 'if [[ -f "$state/claimed" ]]; then clean; fi' EXIT
    ensure_engine
    build_images
    (stack)
    ;;
  *)
    sed -n '2,15p' "$0" >&2
    exit 2
    ;;
esac
