#!/usr/bin/env bash
# replies.sh TOPIC COUNT TRIES: Milk's replies to this bot on TOPIC (headers<TAB>key<TAB>value:
# addressed to swarm-bot, answering a request by rpc-in-reply-to, as Beemo's client reads them),
# once COUNT have come; asks up to TRIES times, 5 s each.
set -euo pipefail
export KAFKA_HEAP_OPTS=-Xmx256m
for _ in $(seq "$3"); do
  /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic "$1" --from-beginning --timeout-ms 5000 \
    --property print.headers=true --property print.key=true 2> /dev/null \
    | grep -a 'target-services:swarm-bot' | grep -a 'rpc-in-reply-to:' > /tmp/replies || true
  if [[ "$(wc -l < /tmp/replies)" -ge "$2" ]]; then
    cat /tmp/replies
    exit 0
  fi
done
echo "only $(wc -l < /tmp/replies) of $2 replies on $1" >&2
exit 1
