# shellcheck shell=bash
# M1. On three nodes: each stateful service on the node its label names, the stateless ones spread,
# three Kafka brokers in one cluster keeping every topic on all three, the overlay network carrying
# a task's connection to another node's task by service name.

expect multinode.placement.kafka "the nodes of kafka, kafka-2, kafka-3 (labels milk.kafka=1..3)" \
  "$(placement kafka) $(placement kafka-2) $(placement kafka-3)" "node-1 node-2 node-3"
expect multinode.placement.postgres "the nodes of postgres and postgres-standby (label milk.postgres)" \
  "$(placement postgres) $(placement postgres-standby)" "node-1 node-2"
expect multinode.placement.spread "nodes running the stack's tasks" \
  "$(docker stack ps "$STACK" --filter desired-state=running --format '{{.Node}}' | sort -u | tr '\n' ' ' | sed 's/ $//')" \
  "node-1 node-2 node-3"
expect_between multinode.placement.reads "nodes the three reads replicas run on" \
  "$(placement reads | tr ' ' '\n' | sort -u | wc -l)" 2 3
expect multinode.kafka.brokers "brokers in the Kafka cluster, as a client sees it" \
  "$(kafka_tool kafka-broker-api-versions.sh --bootstrap-server localhost:9092 2> /dev/null | grep -oE '^kafka(-[23])?:9092 \(id: [0-9]' | sort | tr '\n' ',')" \
  "kafka-2:9092 (id: 2,kafka-3:9092 (id: 3,kafka:9092 (id: 1,"
# Replication factor and in-sync replicas of Milk's topic (made by the writers, with the brokers'
# default) and of Kafka's own offsets topic.
describe_topic() {
  kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --describe --topic "$1" 2> /dev/null \
    | awk '/ReplicationFactor:/ { for (i = 1; i <= NF; i++) if ($i == "ReplicationFactor:") rf = $(i + 1) }
           /Isr:/ { for (i = 1; i <= NF; i++) if ($i == "Isr:") { n = split($(i + 1), isr, ","); if (n < min || min == "") min = n } }
           END { printf "replication factor %s, in sync at least %s", rf, min }'
}
expect multinode.kafka.raid-topic "raid-management's replicas" "$(describe_topic raid-management)" \
  "replication factor 3, in sync at least 3"
expect multinode.kafka.offsets-topic "__consumer_offsets' replicas" "$(describe_topic __consumer_offsets)" \
  "replication factor 3, in sync at least 3"
expect multinode.kafka.min-insync "raid-management's min.insync.replicas" \
  "$(kafka_class kafka.admin.ConfigCommand --bootstrap-server localhost:9092 --entity-type topics \
    --entity-name raid-management --describe --all 2> /dev/null | grep -oE 'min\.insync\.replicas=[0-9]+' | head -n 1)" \
  "min.insync.replicas=2"
# Across the overlay: kafka-2's task (node-2) connects to kafka-3 (node-3) by its service name.
expect multinode.overlay "a TCP connection from kafka-2's task on node-2 to kafka-3:9092 on node-3, by name" \
  "$(in_task kafka-2 timeout 10 bash -c 'exec 3<> /dev/tcp/kafka-3/9092 && echo connected' 2>&1 || true)" connected
# A writer that cannot make its topics yet (fewer than three brokers registered: replication
# factor 3) tries again until it can; its consumers never ask a broker to make one. Had a broker
# made one (one partition), the writer would have raised it to Milk's count, moving keys.
expect multinode.kafka.topics-made-by-milk "writers that found a topic with another partition count than Milk's" \
  "$(docker service logs --raw "${STACK}_writes" 2> /dev/null | grep -c 'exists but has a different partition count' || true)" 0
expect multinode.kafka.archive-partitions "message-archives' partitions (MILK_WRITES_ARCHIVE_PARTITIONS)" \
  "$(kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --describe --topic message-archives 2> /dev/null \
    | grep -oE 'PartitionCount: [0-9]+')" "PartitionCount: 6"
