# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M5. One Kafka broker lost hard (its container killed on its node), the leader of the raid
# topic's partition, while a bot sends MILK_MULTINODE_ACCOUNTS accounts (1,000,000 unless set),
# 10,000 a record: the two left hold every write (min.insync.replicas=2), every account is stored
# once, Milk's replies keep coming; Swarm starts the broker again on its node and it catches up.

raid_leader() {
  kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --describe --topic raid-management \
    2> /dev/null | grep -oE 'Leader: [0-9]+' | head -n 1 | cut -d ' ' -f 2 || true
}
caught_up() { [[ "$(running "$1")" == 1 ]] && in_sync; }

# Killed before every replica is in sync (kafka-3 back from the node lost), one would be left.
expect_within multinode.broker.in-sync "every partition on its three replicas before the kill" wait_until 300 in_sync
leader="$(raid_leader)"
[[ "$leader" =~ ^[1-3]$ ]] || fail "no leader of raid-management's partition: '$leader'"
broker="$([[ "$leader" == 1 ]] && echo kafka || echo "kafka-$leader")"
broker_started=$SECONDS
ingest_killing broker-lost "swarm3-broker-$(uuid)" "$MULTINODE_ACCOUNTS" 3000000 "$broker"
log "$broker is node $leader, the leader of the raid topic's partition"
ingest_survived multinode.broker broker-lost "$ingest_raid" "$MULTINODE_ACCOUNTS"
log "ingest stored and answered $((SECONDS - broker_started)) s after it began"
expect_within multinode.broker.caught-up "$broker started again by Swarm on its node; no partition under-replicated" \
  wait_until 300 caught_up "$broker"
log "$broker back and caught up $((SECONDS - broker_started)) s after the ingest began"
