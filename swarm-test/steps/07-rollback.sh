# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# 7. An update to an image that never becomes ready is rolled back by Swarm on its own, for both
# roles, and the stack serves on the previous image.

reads_before="$(update_started reads)"
writes_before="$(update_started writes)"
MILK_IMAGE=milk-test/milk:never-ready deploy deploy > /dev/null 2>&1
expect_within rollback.reads "an update to an image that never becomes ready is rolled back by Swarm (reads)" \
  update_ends_as reads rollback_completed 600 "$reads_before"
expect_within rollback.writes "... and writes" update_ends_as writes rollback_completed 600 "$writes_before"
expect_within rollback.converged "the stack converges again on the previous image" services_converged "$(patience 300)"
expect rollback.reads-image "the images reads replicas run" "$(running_images reads)" milk-test/milk:2
expect rollback.writes-image "the images writes replicas run" "$(running_images writes)" milk-test/milk:2
expect rollback.reads-serve "statuses of the raid from each reads replica after the rollback" \
  "$(reads_statuses "/raid/$raid_public_id")" "$(repeated 5 200)"
