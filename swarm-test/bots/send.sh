#!/usr/bin/env bash
# send.sh TOPIC FILE: sends FILE's records (headers<TAB>key<TAB>value, made by lib/records.sh) to
# TOPIC, acknowledged by every replica, as a bot's producer would.
set -euo pipefail
export KAFKA_HEAP_OPTS=-Xmx256m
/opt/kafka/bin/kafka-console-producer.sh --bootstrap-server kafka:9092 --topic "$1" \
  --property parse.headers=true --property parse.key=true --producer-property max.request.size=4194304 \
  --producer-property acks=all < "$2" > /dev/null
