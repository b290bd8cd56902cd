# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M4. A node lost hard: node-3's machine (its container, engine and tasks) killed while a client on
# node-1 reads in a loop. Swarm marks it down and starts its reads and writes elsewhere; kafka-3
# waits for its node; the node started again rejoins and the stack converges.

# Swarm does not move running tasks back to a node that returns: a forced update places reads
# again, where node-3, the emptiest, takes some, so it holds one when it is lost.
reads_on() {
  [[ "$(update_state reads)" == completed && " $(placement reads) " == *" $1 "* ]] && converged_everywhere
}
rejoined() { [[ "$(docker node inspect "$1" --format '{{.Status.State}}')" == ready ]] && converged_everywhere; }
docker service update --quiet --detach --force "${STACK}_reads" > /dev/null
expect_within multinode.lost.rebalanced "a reads replica on node-3 again (a forced update, completed)" \
  wait_until 600 reads_on node-3
log "before the loss, node-3 runs: $(docker node ps node-3 --filter desired-state=running --format '{{.Name}}' | sed 's/\.[0-9a-z]*$//' | tr '\n' ' ')"
start_bot killed "$MILK_IMAGE" "bash /bots/reader.sh /raid/$raid_public_id" --constraint node.hostname==node-1 --no-healthcheck
sleep 15
lost_started=$SECONDS
host_docker kill milk-node-3 > /dev/null
node_down() { [[ "$(docker node inspect node-3 --format '{{.Status.State}}')" == down ]]; }
expect_within multinode.lost.down "Swarm marks node-3 down" wait_until 120 node_down
log "node-3 down after $((SECONDS - lost_started)) s"
expect_within multinode.lost.rescheduled "at least 3 reads and 2 writes running and healthy again, none on node-3" \
  wait_until 300 reads_and_writes_without node-3
lost_recovery=$((SECONDS - lost_started))
log "rescheduled in $lost_recovery s after the kill; where each task runs now:"
print_placement
sleep 10
read -r lost_ok lost_failed < <(reader_counts killed)
log "  reader while node-3 was lost: ok=$lost_ok failed=$lost_failed"
docker service rm "${STACK}-bot-killed" > /dev/null
expect_between multinode.lost.reads-served "reads served while node-3 was lost" "$lost_ok" 101 ""
record multinode.lost.failed-reads "reads failed while node-3 was lost (a reader with no timeout of its own)" \
  "$lost_failed" "a figure, not a bound" true
back_started=$SECONDS
host_docker start milk-node-3 > /dev/null
expect_within multinode.lost.rejoined "node-3 started again: it rejoins, kafka-3 runs there, the stack converged" \
  wait_until 600 rejoined node-3
log "node-3 back in $((SECONDS - back_started)) s"
