#!/usr/bin/env bash
# Logs a raid with kcat on generation 2 of Beemo's broker wire (latte RPC, as milk-client): a
# request carries message-id and its sender's service and instance; Milk answers on
# <key>.response with rpc-in-reply-to naming it, addressed to that instance, and
# rpc-response-status (0 when accepted). KAFKA_BROKERS, MILK_URL, MILK_RAID_TOPIC, GUILD_ID and
# RAID_ID may be set; the defaults fit the demo.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=log-raid.sh
source "$(dirname "$0")/log-raid.sh"
instance=kcat-$(new_id)

send_request() {
  local key=$1 id since
  id=$(new_id)
  since=$(since_millis)
  printf '%s\n' "$2" | kcat -P -b "$brokers" -t "$topic" -k "$key" -H source-service=kcat \
    -H "source-instance=$instance" -H target-services=milk -H target-instances= -H "message-id=$id" || return
  await_reply "$key.response" "rpc-in-reply-to=$id" "$since"
}

log_raid
