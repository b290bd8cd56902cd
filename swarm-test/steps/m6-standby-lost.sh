# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M6. The standby lost and started again (its container killed; Swarm starts it on its node, with
# its volume) while a client on node-1 reads the archive in a loop: every reads replica turns to
# the primary, no answer is a 500, and each reads the standby again once it is back
# (milk_reads_standby_read, on each replica's management port).

# reader_failures BOT STATUS: how many of BOT's reads failed with STATUS.
reader_failures() {
  docker service logs --raw "${STACK}-bot-$1" 2> /dev/null | grep -a -c -x "FAILED $2" || true
}

expect_within multinode.standby.read "every reads replica reads the standby" \
  wait_until 120 every_replica milk_reads_standby_read 1.0
start_bot standby-reader "$MILK_IMAGE" "bash /bots/reader.sh /archive/$archive_public_id" \
  --constraint node.hostname==node-1 --no-healthcheck
sleep 10
standby_started=$SECONDS
kill_task postgres-standby
expect_within multinode.standby.primary "every reads replica reads the primary, the standby gone" \
  wait_until 60 every_replica milk_reads_standby_read 0.0
expect_within multinode.standby.back "the standby started again and read by every reads replica" \
  wait_until 300 every_replica milk_reads_standby_read 1.0
log "the standby read again $((SECONDS - standby_started)) s after the kill"
sleep 5
read -r standby_ok standby_failed < <(reader_counts standby-reader)
standby_500="$(reader_failures standby-reader 500)"
docker service rm "${STACK}-bot-standby-reader" > /dev/null
log "  reader while the standby was lost: ok=$standby_ok failed=$standby_failed"
expect_between multinode.standby.reads-served "reads served while the standby was lost and back" "$standby_ok" 101 ""
expect multinode.standby.no-500 "reads answered 500 while the standby was lost" "$standby_500" 0
record multinode.standby.failed-reads "reads not answered 200 (a query the kill cut off answers 503)" \
  "$standby_failed" "a figure, not a bound" true
