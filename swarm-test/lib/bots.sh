# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# Bots: one-shot services on the stack's network, as a bot's or a visitor's process would be. They
# run the scripts of swarm-test/bots (mounted at /bots) on the records lib/records.sh wrote
# (mounted at /records).

# start_bot NAME IMAGE COMMAND [OPTIONS]: starts COMMAND (bash, running scripts of /bots) in a
# container of IMAGE; OPTIONS are more of docker service create's (a placement constraint).
start_bot() {
  local name="$1" image="$2" command="$3"
  shift 3
  mkdir -p "$state/records"
  docker service create --quiet --detach --no-resolve-image --name "${STACK}-bot-$name" --network "${STACK}_milk" \
    --restart-condition none "$@" --mount "type=bind,source=$here/bots,destination=/bots,readonly" \
    --mount "type=bind,source=$state/records,destination=/records,readonly" \
    --entrypoint bash "$image" -c "$command" > /dev/null
}

# finish_bot NAME: waits for bot NAME to end, prints its output and removes it; fails unless it succeeded.
finish_bot() {
  local service="${STACK}-bot-$1" status="" output task
  for _ in $(seq "$(patience 600)"); do
    status="$(docker service ps "$service" --format '{{.CurrentState}}' | head -n 1)"
    [[ "$status" == Complete* || "$status" == Failed* || "$status" == Rejected* ]] && break
    sleep 1
  done
  output="$(docker service logs --raw "$service" 2> /dev/null || true)"
  task="$(docker service ps --no-trunc "$service" --format '{{.CurrentState}}: {{.Error}}' | head -n 1)"
  docker service rm "$service" > /dev/null
  if [[ "$status" != Complete* ]]; then
    log "bot $1's task: $task; its output ends:"
    tail -n 30 <<< "$output" | cut -c 1-300 | sed 's/^/    /' >&2
    fail "bot $1 ended as '$status'"
  fi
  printf '%s\n' "$output"
}

# run_bot NAME IMAGE COMMAND: start_bot, then finish_bot.
run_bot() {
  start_bot "$@"
  finish_bot "$1"
}

