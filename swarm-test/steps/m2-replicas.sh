# shellcheck shell=bash disable=SC2154 # multinode.sh and earlier steps set the lower-case globals
# M2. The standby on node-2 follows the primary on node-1 by streaming replication: the raid step 02
# published (stored once) is in it too, and the reads replicas on other nodes than the primary's serve it.

expect multinode.standby.recovery "postgres-standby in recovery (a standby)" "$(psql_standby 'SELECT pg_is_in_recovery()')" t
expect multinode.standby.streaming "the primary's replication connections streaming (as milk_replication)" \
  "$(psql_milk "SELECT string_agg(state || ' as ' || usename, ',') FROM pg_stat_replication")" "streaming as milk_replication"
expect multinode.raid-once "rows of the raid step 02 published, on the primary" \
  "$(psql_milk "SELECT count(*) FROM raid WHERE public_id = '$raid_public_id'")" 1
standby_has_raid() { [[ "$(psql_standby "SELECT count(*) FROM raid WHERE public_id = '$raid_public_id'")" == 1 ]]; }
expect_within multinode.standby.raid "the raid and its 1,000 accounts reach the standby" wait_until 30 standby_has_raid
expect multinode.standby.accounts "the raid's accounts on the standby (counted / stored)" \
  "$(psql_standby "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id)
    FROM raid r WHERE public_id = '$raid_public_id'")" 1000/1000
log "replication lag: $(psql_milk "SELECT coalesce(replay_lag::text, 'none') FROM pg_stat_replication")"
expect_match multinode.reads-elsewhere "nodes other than the primary's (node-1) with a reads replica serving the raid" \
  "$(placement reads | tr ' ' '\n' | grep -v '^node-1$' | sort -u | tr '\n' ' ' | sed 's/ $//')" '^node-[23]'
