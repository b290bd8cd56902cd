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
# Not run by .ci/run: on a 2-core machine it takes 12 minutes from nothing (4 to build the images,
# 7 for the stack); README, "More than one node", has the figures.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
state="${MILK_SWARM_TEST_STATE:-/tmp/milk-swarm-multinode}"
results="${MILK_SWARM_TEST_RESULTS:-$state/results.jsonl}"
bases=local
docker_permission="${MILK_TEST_DOCKER:-}"
time_scale="${MILK_TEST_TIME_SCALE:-1}"
SKIPPED=77

export MILK_STACK=milk3
export MILK_STACK_OVERRIDE="$root/ops/kafka-cluster.yml:$root/ops/postgres-standby.yml:$here/multinode.override.yml"
export MILK_PUBLIC_PORT=0
export MILK_IMAGE=milk-test/milk:1
export POSTGRES_IMAGE=milk-test/postgres:15 KAFKA_IMAGE=milk-test/kafka:4.1.0 PROMETHEUS_IMAGE=milk-test/prometheus:2
export EDGE_IMAGE=milk-test/nginx:1 BUILD_IMAGE=milk-test/jdk:25 RUNTIME_IMAGE=milk-test/jre:25
STACK="$MILK_STACK"

# shellcheck source=lib/report.sh
source "$here/lib/report.sh"
# shellcheck source=lib/engine.sh
source "$here/lib/engine.sh"
# shellcheck source=lib/images.sh
source "$here/lib/images.sh"
# shellcheck source=lib/stack.sh
source "$here/lib/stack.sh"
# shellcheck source=lib/records.sh
source "$here/lib/records.sh"
# shellcheck source=lib/bots.sh
source "$here/lib/bots.sh"
# shellcheck source=lib/clean.sh
source "$here/lib/clean.sh"
# shellcheck source=lib/nodes.sh
source "$here/lib/nodes.sh"
# shellcheck source=lib/multinode-stack.sh
source "$here/lib/multinode-stack.sh"

if ! [[ "$time_scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v f="$time_scale" 'BEGIN { exit !(f >= 1 && f <= 100) }'; then
  log "MILK_TEST_TIME_SCALE is '$time_scale'; set a number from 1 to 100"
  exit 2
fi
check_docker_permission

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
  rm -f "$state/known-issues"
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
  if [[ -s "$state/known-issues" ]]; then
    fail "after $((SECONDS - started)) s, $(wc -l < "$results") assertions: these did not hold: $(tr '\n' ' ' < "$state/known-issues")"
  fi
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
