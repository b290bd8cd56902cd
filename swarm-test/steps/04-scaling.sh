# shellcheck shell=bash disable=SC2154,SC2016 # run.sh (and earlier steps) set the lower-case globals; jq programs are in single quotes (SC2016)
# 4. ./deploy.sh scale reads 5 and writes 3: the new replicas healthy and serving; the raid topic's
# one partition held by one writer while two idle, the archive topic's six spread two by two; a
# batch sent twice after the rebalance stored once.

# settled GROUP PARTITIONS: the consumer group's members come to hold PARTITIONS (sorted counts).
settled() {
  local deadline=$((SECONDS + $(patience 120)))
  until [[ "$(assigned "$1")" == "$2" ]]; do
    ((SECONDS < deadline)) || {
      log "  group $1 members' partitions: '$(assigned "$1")', expected '$2'"
      return 1
    }
    sleep 2
  done
}

deploy scale reads 5 > /dev/null 2>&1 &
deploy scale writes 3 > /dev/null 2>&1 &
wait
# As an operator keeps a scale across later deploys.
export MILK_READS_REPLICAS=5 MILK_WRITES_REPLICAS=3
expect_within scaling.converged "scaled to reads 5 and writes 3, every new replica healthy" \
  services_converged "$(patience 300)"
expect scaling.reads-serve "statuses of the raid from each of the reads replicas" \
  "$(reads_statuses "/raid/$raid_public_id")" "$(repeated 5 200)"
expect_within scaling.raid-partition "writers beyond the raid topic's one partition idle: 3 members, one assigned" \
  settled milk-writes.raid-management "0 0 1"
expect_within scaling.archive-partitions "the archive topic's 6 partitions spread over the 3 writers, 2 each" \
  settled milk-writes.message-archives "2 2 2"

scaling_raid="swarm-raid-$(uuid)"
records rescaled.tsv '
  line($ids[0]; "batch-insert-raid-users"; {request: {raidId: $raid, guildId: $guild, users: accounts(5000; 1000)}}),
  line($ids[1]; "batch-insert-raid-users"; {request: {raidId: $raid, guildId: $guild, users: accounts(5000; 1000)}})' \
  --arg raid "$scaling_raid"
run_bot rescaled "$KAFKA_IMAGE" "bash /bots/send.sh raid-management /records/rescaled.tsv" > /dev/null
for _ in $(seq "$(patience 60)"); do
  [[ "$(psql_milk "SELECT count(*) FROM raid WHERE internal_id = '$scaling_raid'")" == 1 ]] && break
  sleep 1
done
sleep 3
expect scaling.batch-twice-stored-once "after the rebalance, a batch of 1,000 sent twice (counted / stored)" \
  "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id)
    FROM raid r WHERE internal_id = '$scaling_raid'")" 1000/1000
