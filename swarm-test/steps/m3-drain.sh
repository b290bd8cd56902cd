# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M3. A node drained (docker node update --availability drain node-3) while a client on node-1
# reads the raid in a loop (bots/reader.sh, as a reverse proxy would): node-3's tasks move to the
# other two, kafka-3 (pinned there) waits, no read fails; back to active, kafka-3 returns.

# No container of the stack left on NODE, as its own engine sees it.
no_container_on() {
  [[ -z "$(on_node "$1" ps --quiet --filter "label=com.docker.stack.namespace=$STACK")" ]]
}
# At least: a start-first update under way runs an old task beside its new one.
reads_and_writes_without() {
  (($(running reads "$1") >= 3 && $(running writes "$1") >= 2))
}
kafka_3_waits() { (($(running kafka-3) == 0)); }
log "before the drain, node-3 runs: $(docker node ps node-3 --filter desired-state=running --format '{{.Name}}' | sed 's/\.[0-9a-z]*$//' | tr '\n' ' ')"
start_bot drain "$MILK_IMAGE" "bash /bots/reader.sh /raid/$raid_public_id" --constraint node.hostname==node-1 --no-healthcheck
sleep 15
drain_started=$SECONDS
docker node update --availability drain node-3 > /dev/null
expect_within multinode.drain.moved "node-3 drained: no container of the stack left there" wait_until 300 no_container_on node-3
expect_within multinode.drain.replaced "at least 3 reads and 2 writes running and healthy again, on node-1 and node-2" \
  wait_until 300 reads_and_writes_without node-3
drain_recovery=$((SECONDS - drain_started))
log "drained in $drain_recovery s; where each task runs now:"
print_placement
expect_within multinode.drain.kafka-3 "kafka-3, pinned to node-3, waits (no task runs) while node-3 is drained" \
  wait_until 60 kafka_3_waits
sleep 10
read -r drain_ok drain_failed < <(reader_counts drain)
log "  reader during the drain: ok=$drain_ok failed=$drain_failed"
expect_between multinode.drain.reads-served "reads served during the drain" "$drain_ok" 101 ""
expect multinode.drain.no-failed-read "reads failed during the drain" "$drain_failed" 0
docker service rm "${STACK}-bot-drain" > /dev/null
active_started=$SECONDS
docker node update --availability active node-3 > /dev/null
expect_within multinode.drain.back "node-3 active again: kafka-3 runs there, the stack converged" \
  wait_until 300 converged_everywhere
log "kafka-3 back in $((SECONDS - active_started)) s"
