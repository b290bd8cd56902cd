# shellcheck shell=bash source-path=SCRIPTDIR/.. disable=SC2034,SC2154 # its globals are read by the libraries and steps; here, state and bases are the sourcing script's
# What run.sh and multinode.sh share, sourced once they set here, root, state, bases, MILK_STACK and
# MILK_STACK_OVERRIDE: the images' names, every library, and the settings checked.
results="${MILK_SWARM_TEST_RESULTS:-$state/results.jsonl}"
docker_permission="${MILK_TEST_DOCKER:-}"
time_scale="${MILK_TEST_TIME_SCALE:-1}"
SKIPPED=77

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

if ! [[ "$time_scale" =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v f="$time_scale" 'BEGIN { exit !(f >= 1 && f <= 100) }'; then
  log "MILK_TEST_TIME_SCALE is '$time_scale'; set a number from 1 to 100"
  exit 2
fi
check_docker_permission
