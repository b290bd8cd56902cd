# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M7. The primary lost and started again (its container killed; Swarm starts it on its node, with
# its volume) while a bot sends 200,000 accounts: the writers wait and resume, every account is
# stored once and answered, and the standby follows the primary again and has them.

standby_has() {
  [[ "$(psql_standby "SELECT coalesce(max(user_count), 0) FROM raid WHERE internal_id = '$1'" 2> /dev/null)" == "$2" ]]
}
primary_started=$SECONDS
ingest_killing primary-lost "swarm3-primary-$(uuid)" 200000 5000000 postgres
ingest_survived multinode.primary primary-lost "$ingest_raid" 200000
log "ingest stored and answered $((SECONDS - primary_started)) s after it began"
expect_within multinode.primary.standby-follows "the standby streams from the primary again and has the raid" \
  wait_until 120 standby_has "$ingest_raid" 200000
expect_within multinode.primary.converged "the stack converged: every writer and reader ready" wait_until 300 converged_everywhere
log "converged $((SECONDS - primary_started)) s after the ingest began"
