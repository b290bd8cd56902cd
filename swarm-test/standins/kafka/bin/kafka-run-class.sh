#!/usr/bin/env bash
# Runs a class of /opt/kafka/libs, as the distribution's script of the same name does.
set -euo pipefail
main="$1"
shift
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} \
  "-Dlog4j2.configurationFile=${KAFKA_LOG4J_CONFIG:-/opt/kafka/config/tools-log4j2.yaml}" \
  -cp '/opt/kafka/libs/*' "$main" "$@"
