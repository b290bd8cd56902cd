#!/usr/bin/env bash
# Milk on a swarm of three nodes on one machine: three Docker Engines, each in a container of the
# host's engine (standins/node, lib/nodes.sh), joined as one swarm of three managers; the stack
# deployed with three KRaft Kafka nodes (ops/kafka-cluster.yml) and a PostgreSQL standby
# (ops/postgres-standby.yml), its stateful services pinned by node labels; then what it proves.
#
#   swarm-test/multinode.sh          the whole test: images, nodes, stack, checks, clean-up
#   swarm-test/multinode.sh images   the images, built once on the host's engine (kept until 'clean')
#   swarm-test/multinode.sh nodes    images, the three nodes, their swarm and labels, the images
#                                    loaded into each (kept until 'clean')
#   swarm-test/multinode.sh stack    the stack and its checks on the nodes; removes the stack
#   swarm-test/multinode.sh clean    remove the nodes (their volumes hold all they had), the images,
#                                    and dockerd if the test started it
#
# Exit status: 0 passed, 1 failed, 77 skipped (no Docker engine can run here; the reason is printed).
# Assertions are printed and kept as JSON lines as by run.sh (MILK_SWARM_TEST_RESULTS, default
# results.jsonl in the state folder); MILK_TEST_DOCKER and MILK_TEST_TIME_SCALE as for run.sh.
# MILK_MULTINODE_ACCOUNTS: the accounts sent while a broker is lost (1,000,000 unless set; .ci/run
# sends 200,000). README, "More than one node", has what it proves, its figures and its time.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
state="${MILK_SWARM_TEST_STATE:-/tmp/milk-swarm-multinode}"
bases=local
export MILK_STACK=milk3
export MILK_STACK_OVERRIDE="$root/ops/kafka-cluster.yml:$root/ops/postgres-standby.yml:$here/multinode.override.yml"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"
# shellcheck source=lib/nodes.sh
source "$here/lib/nodes.sh"
# shellcheck source=lib/multinode-stack.sh
source "$here/lib/multinode-stack.sh"

MULTINODE_ACCOUNTS="${MILK_MULTINODE_ACCOUNTS:-1000000}"
if ! [[ "$MULTINODE_ACCOUNTS" =~ ^[0-9]+$ ]] || ((MULTINODE_ACCOUNTS < 10000 || MULTINODE_ACCOUNTS > 2000000 || MULTINODE_ACCOUNTS % 10000)); then
  log "MILK_MULTINODE_ACCOUNTS is '$MULTINODE_ACCOUNTS'; set a multiple of 10,000 from 10,000 to 2,000,000"
  exit 2
fi

# phase NAME COMMAND...: runs COMMAND and says how long it took.
phase() {
  local name="$1" started=$SECONDS
  shift
  "$@"
  log "phase $name: $((SECONDS - started)) s"
  printf '%s %d\n' "$name" "$((SECONDS - started))" >> "$state/phases"
}

images() {
  ensure_engine_answers
  build_images
  build_node_image
}

nodes() {
  start_nodes
  form_swarm
  label_nodes
  log "swarm of three: $(manager node ls --format '{{.Hostname}} {{.ManagerStatus}} {{.Availability}}' | sort | tr '\n' ',' | sed 's/,$//')"
}

load() { load_images "$MILK_IMAGE" "$POSTGRES_IMAGE" "$KAFKA_IMAGE" "$EDGE_IMAGE"; }

stack() {
  export DOCKER_HOST
  DOCKER_HOST="$(node_socket node-1)"
  trap remove_multinode_stack EXIT
  local started=$SECONDS
  mkdir -p "$(dirname "$results")"
  : > "$results"
  remove_multinode_stack
  multinode_secrets
  log "deploying the stack '$STACK' on three nodes (./deploy.sh deploy, with ${MILK_STACK_OVERRIDE//:/, })"
  deploy deploy > "$state/deploy.log" 2>&1 || fail "./deploy.sh deploy: $(tail -n 5 "$state/deploy.log")"
  expect_within multinode.converged "the stack converges on three nodes: every replica running, every health check passing" \
    wait_until 900 converged_everywhere
  log "where each task runs:"
  print_placement
  # shellcheck source=steps/m1-placement.sh
  source "$here/steps/m1-placement.sh"
  # shellcheck source=steps/02-raid-and-archive.sh
  source "$here/steps/02-raid-and-archive.sh"
  # shellcheck source=steps/m2-replicas.sh
  source "$here/steps/m2-replicas.sh"
  # shellcheck source=steps/m3-drain.sh
  source "$here/steps/m3-drain.sh"
  # shellcheck source=steps/m4-node-lost.sh
  source "$here/steps/m4-node-lost.sh"
  # shellcheck source=steps/m5-broker-lost.sh
  source "$here/steps/m5-broker-lost.sh"
  # shellcheck source=steps/m6-standby-lost.sh
  source "$here/steps/m6-standby-lost.sh"
  # shellcheck source=steps/m7-primary-lost.sh
  source "$here/steps/m7-primary-lost.sh"
  log "PASSED in $((SECONDS - started)) s: $(wc -l < "$results") assertions, each printed above and kept in $results"
}

have_nodes() { manager info > /dev/null 2>&1; }

case "${1:-all}" in
  images) phase images images ;;
  nodes)
    phase images images
    phase nodes nodes
    phase load load
    ;;
  stack)
    have_nodes || skip "no nodes answer (run 'swarm-test/multinode.sh nodes' first)"
    stack
    ;;
  clean)
    remove_nodes
    if [[ -f "$state/claimed" ]]; then clean; fi
    ;;
  all)
    trap 'remove_nodes; if [[ -f "$state/claimed" ]]; then clean; fi' EXIT
    phase images images
    phase nodes nodes
    phase load load
    (stack)
    ;;
  *)
    sed -n '2,19p' "$0" >&2
    exit 2
    ;;
esac
