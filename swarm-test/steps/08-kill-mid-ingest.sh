# shellcheck shell=bash disable=SC2154,SC2016 # run.sh (and earlier steps) set the lower-case globals; jq programs are in single quotes (SC2016)
# 8. docker kill of the writer holding the raid partition while 1,000,000 accounts come in, 10,000
# a record: Swarm replaces it, the partition moves on, and every account is stored exactly once.

# The writer that holds the raid topic's partition: its container, found by its address in the
# consumer group.
raid_writer() {
  local address id
  address="$(kafka_tool kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --members \
    --group milk-writes.raid-management 2> /dev/null | awk 'NF >= 5 && $NF == "1" { print $3 }' | tr -d '/' | head -n 1)"
  for id in $(containers writes); do
    docker inspect "$id" --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' | grep -qw "$address" \
      && printf '%s' "$id" && return
  done
  return 1
}
stored_accounts() { psql_milk "SELECT coalesce(max(user_count), 0) FROM raid WHERE internal_id = '$1'"; }

ingest_raid="swarm-kill-$(uuid)"
accounts=1000000
records ingest.tsv 'range(0; 100) as $r
  | line($ids[$r]; "batch-insert-raid-users"; {request: {raidId: $raid, guildId: $guild, users: accounts(2000000 + $r * 10000; 10000)}})' \
  --arg raid "$ingest_raid"
start_bot ingest "$KAFKA_IMAGE" "bash /bots/send.sh raid-management /records/ingest.tsv"
for _ in $(seq "$(patience 300)"); do
  stored="$(stored_accounts "$ingest_raid")"
  ((stored > 0)) && break
  sleep 0.5
done
writer="$(raid_writer)" || fail "no writer holds the raid partition"
log "killing writes task $writer with $stored of $accounts accounts stored"
docker kill "$writer" > /dev/null
expect_between kill.under-way "accounts stored when the writer was killed" "$stored" 1 $((accounts - 1))
expect_within kill.replaced "Swarm replaces the killed writer: 3 healthy writes replicas again" \
  services_converged "$(patience 300)"
deadline=$((SECONDS + $(patience 600)))
until (($(stored_accounts "$ingest_raid" || echo 0) >= accounts)) || ((SECONDS > deadline)); do
  sleep 2
done
docker service rm "${STACK}-bot-ingest" > /dev/null 2>&1 || true
expect kill.stored-once "the raid's accounts (counted / stored / distinct)" \
  "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id) || '/' ||
    (SELECT count(DISTINCT user_id) FROM raid_user u WHERE u.raid_id = r.id) FROM raid r WHERE internal_id = '$ingest_raid'")" \
  "$accounts/$accounts/$accounts"
rm -f "$state/records/ingest.tsv"
