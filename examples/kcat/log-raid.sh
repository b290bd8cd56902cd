# shellcheck shell=bash
# What gen1.sh and gen2.sh share: the settings (the defaults fit the demo), reading Milk's reply,
# and a raid's three requests. Each script defines send_request KEY VALUE in its generation: it
# sends one request and prints the value of Milk's reply. The fields are in docs/events.md.

brokers=${KAFKA_BROKERS:-localhost:9092}
milk_url=${MILK_URL:-http://localhost:8080}
topic=${MILK_RAID_TOPIC:-raid-management}
guild=${GUILD_ID:-81384788765712384}
raid=${RAID_ID:-kcat-$(date +%s)-$$}

new_id() {
  cat /proc/sys/kernel/random/uuid 2> /dev/null || uuidgen
}

# Now in epoch milliseconds, less 5 s for clocks that differ: replies are looked for from then on.
since_millis() {
  echo $(( $(date +%s) * 1000 - 5000 ))
}

# Prints the value of the first record keyed KEY whose headers hold NAME=VALUE, written since
# SINCE (epoch ms), reading every partition to its end until it comes (30 s at most).
await_reply() {
  local key=$1 header=$2 since=$3 reply
  for _ in $(seq 1 60); do
    reply=$(kcat -C -b "$brokers" -t "$topic" -o "s@$since" -e -q -f '%k\t%h\t%s\n' |
      awk -F '\t' -v key="$key" -v header="$header" \
        '!found && $1 == key && index("," $2 ",", "," header ",") { print $3; found = 1 }')
    if [[ -n $reply ]]; then
      printf '%s\n' "$reply"
      return
    fi
    sleep 0.5
  done
  echo "no reply on $key within 30 s: is Milk running and reading $topic?" >&2
  return 1
}

# Sends one request in the envelope and prints "KEY: <Milk's reply>"; fails when Milk refused it.
ask() {
  local key=$1 reply
  reply=$(send_request "$key" "{\"request\":$2,\"response\":null}") || return
  if [[ $reply != *'"acknowledged":true'* ]]; then
    echo "Milk refused $key: $reply" >&2
    return 1
  fi
  echo "$key: $reply"
}

# Creates the raid, adds three accounts (ids as strings), concludes it, and prints its page.
log_raid() {
  local ids="\"raidId\":\"$raid\",\"guildId\":\"$guild\"" users=() created
  for i in 1 2 3; do
    users+=("{\"id\":\"110000000000000000$i\",\"name\":\"spam-bot-$i\",\"avatarHash\":null,\"createdAtMillis\":1700000000000,\"joinedAtMillis\":176389920${i}000}")
  done
  created=$(ask create-raid "{$ids}")
  echo "$created"
  ask batch-insert-raid-users "{$ids,\"users\":[$(IFS=,; echo "${users[*]}")]}"
  ask conclude-raid "{$ids,\"concludedAtMillis\":$(date +%s)000}"
  echo "$milk_url/raid/$(sed -n 's/.*"publicId":"\([^"]*\)".*/\1/p' <<< "$created")"
}
