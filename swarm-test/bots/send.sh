#!/usr/bin/env bash
# send.sh TOPIC FILE: sends FILE's records (headers<TAB>key<TAB>value, made by lib/records.sh) to
# TOPIC, acknowledged by every replica, as a bot's producer would. KAFKA_BOOTSTRAP: the brokers it
# first asks (default kafka:9092); SEND_INTERVAL: seconds between two records (none unless set).
set -euo pipefail
export KAFKA_HEAP_OPTS=-Xmx256m
records() {
  if [[ -z "${SEND_INTERVAL:-}" ]]; then
    cat "$1"
  else
    while IFS= read -r line; do
      printf '%s\n' "$line"
      sleep "$SEND_INTERVAL"
    done < "$1"
  fi
}
records "$2" | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "${KAFKA_BOOTSTRAP:-kafka:9092}" \
  --topic "$1" --property parse.headers=true --property parse.key=true \
  --producer-property max.request.size=4194304 --producer-property acks=all > /dev/null
