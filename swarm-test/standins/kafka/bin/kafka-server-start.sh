#!/usr/bin/env bash
# The broker logs at INFO to standard output (log4j2.yaml); the tools only warn (tools-log4j2.yaml).
KAFKA_LOG4J_CONFIG=/opt/kafka/config/log4j2.yaml exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
