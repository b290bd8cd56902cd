# shellcheck shell=bash disable=SC2154 # multinode.sh sets the lower-case globals
# The multi-node test's machines: three privileged containers on the host's engine, each running
# its own Docker Engine (standins/node), on a bridge network of their own, joined as one swarm of
# three managers. The test reaches each node's engine through a socket in a host folder.
# Each thing made here is listed in $state for 'clean': the node containers, their volumes, the network.

NODES=(node-1 node-2 node-3)
NODE_NETWORK=milk-multinode
NODE_IMAGE=milk-test/node:1

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

start_nodes() {
  local node
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
    docker run --detach --privileged --name "milk-$node" --hostname "$node" --network "$NODE_NETWORK" \
      --volume "milk-$node-docker:/var/lib/docker" --volume "$state/nodes/$node:/run/milk-node" \
      --volume "$here/bots:$here/bots:ro" --volume "$state/records:$state/records:ro" \
      "$NODE_IMAGE" > /dev/null
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
  rm -f "$state/containers" "$state/volumes" "$state/networks"
}
