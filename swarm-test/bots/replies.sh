#!/usr/bin/env bash
# replies.sh TOPIC COUNT TRIES [IDS]: Milk's replies to this bot on TOPIC (headers<TAB>key<TAB>value:
# addressed to swarm-bot, answering a request by rpc-in-reply-to, as Beemo's client reads them),
# once COUNT requests have one; asks up to TRIES times, 5 s each. IDS: a file of request ids, one a line:
# only the replies to those count and are printed. KAFKA_BOOTSTRAP as for send.sh;
# REPLY_TIMES=true puts each reply's time first (CreateTime:milliseconds<TAB>).
set -euo pipefail
export KAFKA_HEAP_OPTS=-Xmx256m
# The requests the replies so far answer, a request answered twice (its batch delivered again
# after a failure) counted once.
answered() { grep -ao 'rpc-in-reply-to:[^,[:space:]]*' /tmp/replies | sort -u | wc -l; }
for _ in $(seq "$3"); do
  /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9092}" --topic "$1" \
    --from-beginning --timeout-ms 5000 --property print.headers=true --property print.key=true \
    --property print.timestamp="${REPLY_TIMES:-false}" 2> /dev/null \
    | grep -a 'target-services:swarm-bot' | grep -a 'rpc-in-reply-to:' \
    | if [[ -n "${4:-}" ]]; then grep -a -F -f <(sed 's/^/rpc-in-reply-to:/' "$4"); else cat; fi > /tmp/replies || true
  if [[ "$(answered)" -ge "$2" ]]; then
    cat /tmp/replies
    exit 0
  fi
done
echo "only $(answered) of $2 requests answered on $1" >&2
exit 1
