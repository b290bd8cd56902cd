# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# The Docker Engine: what the test may do to it (MILK_TEST_DOCKER), making one answer where it is
# allowed to, and the marks by which 'clean' later knows what is its own to undo.

# What the test may do to this machine's Docker (MILK_TEST_DOCKER): unset, it uses an engine that
# answers, is in no swarm and runs no container (it joins it to a swarm of its own and leaves it
# again); 'use' also an engine that is a swarm manager or runs other containers (the stack is
# named milktest); 'install' also installs Debian's docker.io and starts dockerd as root where no
# engine answers (what .ci/run sets); 'skip' never touches Docker.
check_docker_permission() {
  case "$docker_permission" in
    '' | use | install | skip) ;;
    *)
      log "MILK_TEST_DOCKER is '$docker_permission'; set use, install or skip, or leave it unset"
      exit 2
      ;;
  esac
}

apt_install() {
  [[ "$docker_permission" == install && $EUID -eq 0 ]] && command -v apt-get > /dev/null || return 1
  if [[ ! -f "$state/apt-updated" ]]; then
    apt-get update -qq > /dev/null 2>&1 || return 1
    touch "$state/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null 2>&1
}

# host_network: the docker0 bridge if there is one, and every iptables rule and chain of the filter
# and nat tables, a line each, prefixed with its table.
host_network() {
  local table
  if [[ -e /sys/class/net/docker0 ]]; then echo docker0; fi
  if command -v iptables > /dev/null; then
    for table in filter nat; do iptables -t "$table" -S 2> /dev/null | sed "s/^/$table /"; done
  fi
}
dockerd_running() { grep -qx dockerd /proc/[0-9]*/comm 2> /dev/null; }

start_dockerd() {
  log "starting dockerd (stopped again by 'clean')"
  # The bridge and firewall rules dockerd makes outlive it: what the host had before, for 'clean'
  # to remove only what was added (kept from an earlier run that never cleaned up).
  if ! [[ -f "$state/host-network-before" ]]; then
    host_network > "$state/host-network-before"
  fi
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

# An engine that answers and is the test's to use (started here when allowed), in no swarm of the
# test's yet: the multi-node test (multinode.sh) runs its nodes on it, in swarms of their own.
ensure_engine_answers() {
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
}

# An engine that answers, in a swarm it manages (a swarm of the test's own when it was in none).
ensure_engine() {
  ensure_engine_answers
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


# Unused volumes with Docker's generated names: the anonymous ones.
anonymous_volumes() {
  docker volume ls --quiet --filter dangling=true | grep -E '^[0-9a-f]{64}$' | sort || true
}
