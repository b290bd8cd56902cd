# shellcheck shell=bash disable=SC2154,SC2016 # run.sh (and earlier steps) set the lower-case globals; jq programs are in single quotes (SC2016)
# The Kafka records bots send, built here with jq into files the bots read (mounted at /records):
# one record a line, "headers<TAB>key<TAB>value", as kafka-console-producer.sh reads them with
# parse.headers and parse.key. The headers are Beemo's generation 2 (latte), each with its own
# message-id; the values are the JSON of docs/events.md.

GUILD=81384788765712384

# The jq functions the values are built with.
# accounts(from; count): raid users with ids 1300000000XXXXXXXXX, joined 100 to a millisecond.
RECORDS_JQ='
def accounts($from; $count): [range($from; $from + $count) | {
  id: ("1300000000" + ("000000000" + tostring)[-9:]), name: "bot \(.)", avatarHash: null,
  createdAtMillis: 1700000000000, joinedAtMillis: (1763899000000 + ((. / 100) | floor))}];
def line($messageId; $key; $value):
  "source-service:swarm-bot,source-instance:swarm-bot-1,target-services:milk,target-instances:,message-id:\($messageId)\t\($key)\t\($value | tojson)";
'

uuid() { cat /proc/sys/kernel/random/uuid; }

# records FILE JQ-PROGRAM [jq options]: writes FILE (under $state/records, the bots' /records) from
# JQ-PROGRAM, which emits lines with line(); $ids holds 200 fresh message ids, $guild the guild.
records() {
  local file="$1" program="$2" ids
  shift 2
  mapfile -t ids < <(for _ in $(seq 200); do uuid; done)
  mkdir -p "$state/records"
  jq -nr --arg guild "$GUILD" "$@" "$RECORDS_JQ \$ARGS.positional as \$ids | $program" --args "${ids[@]}" \
    > "$state/records/$file"
}
