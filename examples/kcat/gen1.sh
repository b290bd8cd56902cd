#!/usr/bin/env bash
# Logs a raid with kcat on generation 1 of Beemo's broker wire (water, the original Milk's): a
# request carries request-id and its sender's source-cluster; Milk answers on <key>-response with
# the same request-id. KAFKA_BROKERS, MILK_URL, MILK_RAID_TOPIC, GUILD_ID, RAID_ID and
# SOURCE_CLUSTER (3) may be set; the defaults fit the demo.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=log-raid.sh
source "$(dirname "$0")/log-raid.sh"
cluster=${SOURCE_CLUSTER:-3}

send_request() {
  local key=$1 id since
  id=$(new_id)
  since=$(since_millis)
  printf '%s\n' "$2" | kcat -P -b "$brokers" -t "$topic" -k "$key" \
    -H client-id=kcat -H target-clusters= -H "request-id=$id" -H "source-cluster=$cluster" || return
  await_reply "$key-response" "request-id=$id" "$since"
}

log_raid
