# shellcheck shell=bash disable=SC2154 # multinode.sh sets the lower-case globals
# The multi-node test's machines: three containers on the host's engine, each running
# its own Docker Engine (standins/node), on a bridge network of their own, joined as one swarm of
# three managers. The test reaches each node's engine through a socket in a host folder.
# Each thing made here is listed in $state for 'clean': the node containers, their volumes, the network.

NODES=(node-1 node-2 node-3)
NODE_NETWORK=milk-multinode
NODE_IMAGE=milk-test/node:1

# The host's engine, which runs the nodes, whatever DOCKER_HOST names later (the stack's steps
# export the manager's).
host_engine="${DOCKER_HOST:-}"
host_docker() {
  if [[ -n "$host_engine" ]]; then
    DOCKER_HOST="$host_engine" docker "$@"
  else
    env -u DOCKER_HOST docker "$@"
  fi
}

node_socket() { printf 'unix://%s/nodes/%s/docker.sock' "$state" "$1"; }
# on_node NODE docker-arguments...: the docker command, run against NODE's engine.
on_node() {
  local node="$1"
  shift
  DOCKER_HOST="$(node_socket "$node")" docker "$@"
}
# The manager the test deploys through (any of the three would do).
manager() { on_node node-1 "$@"; }

build_node_image() {
  build "$NODE_IMAGE" "$here/standins/node" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
}

# How a node's container may run its own engine. Privileged where the host's engine can grant every
# capability. Where it cannot (a host that is itself a container without CAP_SYS_RESOURCE, as the
# machines this test was written on), every capability it has, no seccomp or AppArmor profile, all
# devices, and the host's cgroup v1 hierarchies bound in, each node's containers under a cgroup of
# its own (dockerd --cgroup-parent; 'clean' removes them).
node_options() {
  if docker run --rm --privileged milk-test/debian:bookworm true > /dev/null 2>&1; then
    NODE_OPTIONS=(--privileged)
  elif [[ -d /sys/fs/cgroup/memory && ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
    NODE_OPTIONS=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined
      --security-opt apparmor=unconfined --security-opt systempaths=unconfined
      --device-cgroup-rule 'a *:* rwm' --volume /sys/fs/cgroup:/sys/fs/cgroup)
    touch "$state/node-cgroups"
  else
    skip "the host's engine cannot start privileged containers here, and its cgroups are not v1 (the one other way this test knows)"
  fi
}

start_nodes() {
  local node
  node_options
  if ! docker network inspect "$NODE_NETWORK" > /dev/null 2>&1; then
    docker network create "$NODE_NETWORK" > /dev/null
    printf '%s\n' "$NODE_NETWORK" >> "$state/networks"
  fi
  mkdir -p "$state/records"
  for node in "${NODES[@]}"; do
    docker container inspect "milk-$node" > /dev/null 2>&1 && continue
    mkdir -p "$state/nodes/$node"
    printf '%s\n' "milk-$node" >> "$state/containers"
    printf '%s\n' "milk-$node-docker" >> "$state/volumes"
    # The bots' scripts and records are bind-mounted into their tasks from the node they run on:
    # every node sees them at the host's paths.
    docker run --detach --name "milk-$node" --hostname "$node" --network "$NODE_NETWORK" \
      --volume "milk-$node-docker:/var/lib/docker" --volume "$state/nodes/$node:/run/milk-node" \
      --volume "$here/bots:$here/bots:ro" --volume "$state/records:$state/records:ro" "${NODE_OPTIONS[@]}" \
      "$NODE_IMAGE" --cgroup-parent "/milk-$node" > /dev/null \
      || fail "$node's container did not start"
  done
  for node in "${NODES[@]}"; do
    for _ in $(seq "$(patience 60)"); do
      on_node "$node" info > /dev/null 2>&1 && break
      sleep 1
    done
    on_node "$node" info > /dev/null 2>&1 \
      || fail "$node's engine does not answer: $(docker logs --tail 5 "milk-$node" 2>&1)"
  done
}

node_address() { docker container inspect "milk-$1" --format "{{(index .NetworkSettings.Networks \"$NODE_NETWORK\").IPAddress}}"; }

# Three managers: the raft keeps a majority when any one node is lost, which one manager and two
# workers would not (losing the manager would stop every change to the swarm). Managers run tasks too.
form_swarm() {
  local node token
  if [[ "$(manager info --format '{{.Swarm.LocalNodeState}}')" != active ]]; then
    manager swarm init --advertise-addr "$(node_address node-1)" > /dev/null
  fi
  token="$(manager swarm join-token --quiet manager)"
  for node in "${NODES[@]:1}"; do
    [[ "$(on_node "$node" info --format '{{.Swarm.LocalNodeState}}')" == active ]] && continue
    on_node "$node" swarm join --advertise-addr "$(node_address "$node")" --token "$token" \
      "$(node_address node-1):2377" > /dev/null
  done
}

# The stateful services' places, as an operator labels them (README, "Three nodes").
label_nodes() {
  manager node update --label-add milk.kafka=1 --label-add milk.postgres=primary node-1 > /dev/null
  manager node update --label-add milk.kafka=2 --label-add milk.postgres=standby node-2 > /dev/null
  manager node update --label-add milk.kafka=3 node-3 > /dev/null
}

# load_images IMAGE...: saved once from the host's engine, loaded into every node's.
load_images() {
  local node
  docker save --output "$state/images.tar" "$@"
  for node in "${NODES[@]}"; do
    on_node "$node" load --quiet --input "$state/images.tar" > /dev/null
  done
  rm -f "$state/images.tar"
}

remove_nodes() {
  if [[ -f "$state/containers" ]]; then
    xargs -r docker rm --force --volumes < "$state/containers" > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/volumes" ]]; then
    xargs -r docker volume rm --force < "$state/volumes" > /dev/null 2>&1 || true
  fi
  if [[ -f "$state/networks" ]]; then
    xargs -r docker network rm < "$state/networks" > /dev/null 2>&1 || true
  fi
  # The nodes' containers' cgroups, left behind on a host whose hierarchies the nodes shared.
  if [[ -f "$state/node-cgroups" ]]; then
    find /sys/fs/cgroup/*/milk-node-* -depth -type d -exec rmdir {} + 2> /dev/null || true
  fi
  rm -f "$state/containers" "$state/volumes" "$state/networks" "$state/node-cgroups"
}
