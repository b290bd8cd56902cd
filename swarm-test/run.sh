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
# Each assertion is printed as it is made (PASS or FAIL, what was checked, the figure seen, the
# figure expected) and kept as a JSON line in MILK_SWARM_TEST_RESULTS (default: results.jsonl in
# the state folder, removed by 'clean'). Every wait is what an idle two-core machine needs, with
# room, times MILK_TEST_TIME_SCALE (1).
# Base images: local stand-ins of the official ones (Debian from debootstrap, this machine's JDK 25)
# unless MILK_SWARM_TEST_BASES=official, where the engine can pull the official images.
#
# The code: lib/ (the engine, the images, reaching the stack, bots, records, reporting, clean-up),
# steps/ (what is proven, one file per step, run in order), bots/ (the scripts bots run on the
# stack's network).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
state="${MILK_SWARM_TEST_STATE:-/tmp/milk-swarm-test}"
bases="${MILK_SWARM_TEST_BASES:-local}"
export MILK_STACK=milktest
export MILK_STACK_OVERRIDE="$here/stack.override.yml"
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

# The stack and what it proves, step by step; the stack is removed whatever happens.
stack() {
  trap remove_stack EXIT
  local started=$SECONDS
  mkdir -p "$(dirname "$results")"
  : > "$results"
  # A run cut short (killed before its trap ran) leaves the stack's volumes behind: a database
  # initialised with that run's passwords, which this run's secrets would not open.
  remove_stack
  secrets_made
  log "deploying the stack '$STACK' (./deploy.sh deploy, with $(basename "$MILK_STACK_OVERRIDE"))"
  deploy deploy > "$state/deploy.log" 2>&1 || fail "./deploy.sh deploy: $(tail -n 5 "$state/deploy.log")"
  # shellcheck source=steps/01-converged.sh
  source "$here/steps/01-converged.sh"
  # shellcheck source=steps/02-raid-and-archive.sh
  source "$here/steps/02-raid-and-archive.sh"
  # shellcheck source=steps/03-edge.sh
  source "$here/steps/03-edge.sh"
  # shellcheck source=steps/04-scaling.sh
  source "$here/steps/04-scaling.sh"
  # shellcheck source=steps/05-monitoring.sh
  source "$here/steps/05-monitoring.sh"
  # shellcheck source=steps/06-rolling-update.sh
  source "$here/steps/06-rolling-update.sh"
  # shellcheck source=steps/07-rollback.sh
  source "$here/steps/07-rollback.sh"
  # shellcheck source=steps/08-kill-mid-ingest.sh
  source "$here/steps/08-kill-mid-ingest.sh"
  # shellcheck source=steps/09-image-facts.sh
  source "$here/steps/09-image-facts.sh"
  log "PASSED in $((SECONDS - started)) s: $(wc -l < "$results") assertions, each printed above and kept in $results"
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
    sed -n '2,21p' "$0" >&2
    exit 2
    ;;
esac
