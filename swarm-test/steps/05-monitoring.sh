# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# 5. Prometheus with ops/prometheus.yml and ops/alerts.yml as they are, on the stack's network (as
# ops/monitoring.yml runs it), finds every task of each role through Swarm's DNS and scrapes it,
# and loads every alert rule.

prometheus() { docker ps --filter "label=com.docker.swarm.service.name=${STACK}-prometheus" --format '{{.ID}}' | head -n 1; }
# promql QUERY: one instant query's values, asked of the stack's Prometheus with its own promtool.
promql() {
  docker exec "$(prometheus)" promtool query instant http://127.0.0.1:9090 "$1" 2> /dev/null \
    | sed -n 's/.* => \([0-9.]*\) @.*/\1/p'
}
# scraped QUERY VALUE: the query comes to answer VALUE.
scraped() {
  for _ in $(seq "$(patience 60)"); do
    [[ "$(promql "$1")" == "$2" ]] && return
    sleep 2
  done
  log "  $1: expected $2, got '$(promql "$1")'"
  return 1
}
# rules: Prometheus's rules API (wget in the official image, bash's /dev/tcp in the stand-in), as
# "Milk's rule names, health ok" counts: "6 6" when six rules load and each evaluates fine.
rules() {
  local answer
  answer="$(docker exec "$(prometheus)" sh -c 'wget -qO- http://127.0.0.1:9090/api/v1/rules 2> /dev/null || bash -c "exec 3<>/dev/tcp/127.0.0.1/9090
    printf \"GET /api/v1/rules HTTP/1.0\r\n\r\n\" >&3; cat <&3"' 2> /dev/null | sed -n '/^{/,$p' || true)"
  jq -r '[.data.groups[].rules[] | select(.name | startswith("Milk"))] | "\(map(.name) | unique | length) \(map(select(.health == "ok")) | length)"' \
    <<< "$answer" 2> /dev/null || echo "no answer"
}
rules_healthy() {
  for _ in $(seq "$(patience 30)"); do
    [[ "$(rules)" == "$1 $1" ]] && return
    sleep 2
  done
  log "  Milk's rules (names, evaluated ok): $(rules)"
  return 1
}

docker service create --quiet --detach --no-resolve-image --name "${STACK}-prometheus" --network "${STACK}_milk" \
  --endpoint-mode dnsrr --mount "type=bind,source=$root/ops,destination=/etc/prometheus,readonly" \
  "$PROMETHEUS_IMAGE" --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus > /dev/null
expect_within monitoring.writers "Prometheus (ops/prometheus.yml) finds and scrapes all 3 writers through tasks.writes" \
  scraped 'count(up{job="milk-writes"} == 1)' 3
expect_within monitoring.readers "and all 5 readers through tasks.reads" scraped 'count(up{job="milk-reads"} == 1)' 5
expect_within monitoring.readiness "every task reports itself ready (milk_readiness), by role: 8" \
  scraped 'count(milk_readiness{role=~"writes|reads"} == 1)' 8
expect_within monitoring.raid-lag "the raid topic's lag comes from the one writer holding its partition" \
  scraped 'count(kafka_consumer_fetch_manager_records_lag{job="milk-writes", topic="raid-management"})' 1
expect_within monitoring.alert-rules "the 6 alert rules (ops/alerts.yml) are loaded, each evaluated without error" \
  rules_healthy 6
docker service rm "${STACK}-prometheus" > /dev/null
